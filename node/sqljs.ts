/** sql.js for Node hosts (the CLI and tests; the Electron main loads the wasm as a bundled asset instead). */
import { readFileSync } from 'node:fs';
import initSqlJs, { type SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | null = null;

export function loadSqlJs(): Promise<SqlJsStatic> {
  loading ??= (async () => {
    const wasm = readFileSync(require.resolve('sql.js/dist/sql-wasm.wasm'));
    // @types/sql.js wants an ArrayBuffer, not a Node Buffer (environment.md).
    return initSqlJs({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer });
  })();
  return loading;
}
