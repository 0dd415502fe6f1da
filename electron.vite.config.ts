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

/**
 * The app's chunk (renderer/src/root.tsx: React, AG Grid) is imported by main.tsx only once the start file is
 * in the engine worker (boot.ts); these links in index.html have the browser fetch it, the chunks it imports
 * and its styles at once, so that the import then only evaluates what is already there.
 */
function preloadAppChunk(): Plugin {
  return {
    name: 'nq57:preload-app-chunk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk');
        const app = chunks.find((c) => c.facadeModuleId?.replace(/\\/g, '/').endsWith('/renderer/src/root.tsx'));
        if (!app) throw new Error('the build has no chunk for renderer/src/root.tsx');
        const scripts = new Set<string>();
        const styles = new Set<string>();
        const visit = (fileName: string): void => {
          const chunk = chunks.find((c) => c.fileName === fileName);
          if (!chunk || chunk.isEntry || scripts.has(fileName)) return;
          scripts.add(fileName);
          for (const css of chunk.viteMetadata?.importedCss ?? []) styles.add(css);
          chunk.imports.forEach(visit);
        };
        visit(app.fileName);
        return [
          ...[...styles].map((href) => ({ tag: 'link', attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `./${href}` }, injectTo: 'head' as const })),
          ...[...scripts].map((href) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${href}` }, injectTo: 'head' as const })),
        ];
      },
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
    plugins: [react(), devServerContentSecurityPolicy(), preloadAppChunk()],
    build: {
      outDir: fromRoot('out/renderer'),
      // electron-vite leaves bundles unminified; the renderer's 3.4 MB of script took a second to parse on a
      // slow laptop before the first paint (npm run bench:ui, start). Minified it is about a third of that.
      minify: true,
      // The CSP allows no data: URLs, so every asset must be emitted as a file.
      assetsInlineLimit: 0,
      rolldownOptions: { input: { index: fromRoot('renderer/index.html') } },
    },
    // ES modules, so that the engine worker's entry can start sql.js's WebAssembly before it loads the
    // engine's code (renderer/src/worker/engine.worker.ts); a classic worker bundle would be one script.
    worker: { format: 'es' },
  },
});
