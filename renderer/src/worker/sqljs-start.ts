/**
 * sql.js, started before the rest of the worker's code is evaluated (engine.worker.ts imports this module
 * first): its WebAssembly is fetched and compiled meanwhile, instead of after the engine's modules.
 */
import initSqlJs from 'sql.js';
import wasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';

export const sqlJs = initSqlJs({ locateFile: () => wasmUrl });
