/**
 * sql.js for the engine worker, from the WebAssembly module the worker's entry began compiling at its very
 * start (engine.worker.ts says why), or, when there is none, loaded by sql.js itself.
 *
 * One or the other, never both: sql.js keeps the promise of its first initSqlJs call and hands it back to
 * every later one, so a second call after a failed instantiation would wait for ever. A failure is passed on
 * instead (the worker then answers every request with it).
 */
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import wasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';

const loadItself = (): Promise<SqlJsStatic> => initSqlJs({ locateFile: () => wasmUrl });

function fromModule(wasm: WebAssembly.Module): Promise<SqlJsStatic> {
  return new Promise<SqlJsStatic>((resolve, reject) => {
    initSqlJs({
      // Emscripten's hook: instantiate with its imports and hand the instance back.
      instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) {
        WebAssembly.instantiate(wasm, imports).then((instance) => {
          try {
            done(instance);
          } catch (e) {
            reject(e);
          }
        }, reject);
        return {};
      },
    } as Parameters<typeof initSqlJs>[0]).then(resolve, reject);
  });
}

export function startSqlJs(compiled: Promise<WebAssembly.Module | null>): Promise<SqlJsStatic> {
  return compiled.then((wasm) => (wasm ? fromModule(wasm) : loadItself()));
}
