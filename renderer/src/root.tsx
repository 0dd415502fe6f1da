/** Mounts the app into the page (loaded by main.tsx after the engine worker has been started). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
// After the app's own imports, as before the split: its rules win over the grid's where both apply.
import './styles.css';

export function renderApp(): void {
  const container = document.getElementById('root');
  if (!container) throw new Error('renderer/index.html has no #root element');
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
