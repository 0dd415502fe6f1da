import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY, DEV_SERVER_CONTENT_SECURITY_POLICY } from './electron/main/security';

const root = __dirname;
const fromRoot = (path: string): string => resolve(root, path);

// Only under `electron-vite dev`: the dev server needs inline script and style (see security.ts).
function devServerContentSecurityPolicy(): Plugin {
  return {
    name: 'nq57:dev-server-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      if (!html.includes(CONTENT_SECURITY_POLICY)) {
        throw new Error('renderer/index.html does not carry the CSP of electron/main/security.ts');
      }
      return html.replace(CONTENT_SECURITY_POLICY, DEV_SERVER_CONTENT_SECURITY_POLICY);
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: fromRoot('out/main'),
      rolldownOptions: { input: { index: fromRoot('electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: fromRoot('out/preload'),
      rolldownOptions: {
        input: { index: fromRoot('electron/preload/index.ts') },
        // A sandboxed preload cannot be an ES module, whatever package.json's "type" says.
        output: { format: 'cjs' },
      },
    },
  },
  renderer: {
    root: fromRoot('renderer'),
    plugins: [react(), devServerContentSecurityPolicy()],
    build: {
      outDir: fromRoot('out/renderer'),
      // electron-vite leaves bundles unminified; the renderer's 3.4 MB of script took a second to parse on a
      // slow laptop before the first paint (npm run bench:ui, start). Minified it is about a third of that.
      minify: true,
      // The CSP allows no data: URLs, so every asset must be emitted as a file.
      assetsInlineLimit: 0,
      rolldownOptions: { input: { index: fromRoot('renderer/index.html') } },
    },
  },
});
