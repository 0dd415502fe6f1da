/// <reference lib="webworker" />
/**
 * The engine worker's entry: sql.js and the scoring engine off the UI thread, so typing never stalls.
 *
 * Kept to a few lines on purpose. Before the worker can open a file it needs its engine's code (engine-
 * main.ts and what it imports: hundreds of KB of script to fetch, compile and evaluate) and sql.js's
 * WebAssembly (690 KB to fetch and compile). Begun here, the second is compiled on the browser's
 * background threads while the first is fetched and compiled, instead of only once the engine's code had
 * been evaluated (npm run bench:ui, start). Messages that arrive meanwhile wait, in order.
 */
import wasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import type { Request, Response } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

// Null where this cannot be done (fetch has no file:// pages, the desktop app's; not tried there, it would log
// an error): sql.js then loads its WebAssembly itself.
const wasm: Promise<WebAssembly.Module | null> =
  self.location.protocol === 'file:' ? Promise.resolve(null) : (async () => WebAssembly.compileStreaming(fetch(wasmUrl)))().catch(() => null);
const handler = import('./engine-main').then((m) => m.engineHandler(wasm));

// If the engine's code cannot be loaded, every request is answered with that failure (not left waiting).
self.onmessage = (event: MessageEvent<Request>) =>
  void handler.then(
    (handle) => handle(event),
    (e: unknown) => {
      const why = e instanceof Error ? e.message : String(e);
      const failure = { code: 'internal', text: { vi: `Không tải được bộ máy tính điểm: ${why}`, en: `The scoring engine could not be loaded: ${why}` } };
      self.postMessage({ id: event.data.id, ok: false, failure } satisfies Response);
    },
  );
