/**
 * The renderer's entry: starts the engine worker at once, then loads the app. The app's code (React, AG Grid)
 * is a separate chunk, imported dynamically, so that the worker loads its script and compiles sql.js while
 * the page parses that chunk, instead of after it (npm run bench:ui, start).
 */
import { prestartEngine } from './worker/client';

prestartEngine();
void import('./root').then(({ renderApp }) => renderApp());
