/// <reference lib="webworker" />
/**
 * The engine worker's work, loaded by its entry (engine.worker.ts): messages are {id, method, args} →
 * {id, ok, value | failure}, answered by one EngineSession; byte results are transferred, not copied.
 */
import { FileError } from '../../../shared/file/open';
import { text } from '../../../shared/i18n/text';
import { EngineSession } from './engine-session';
import type { Request, Response } from './protocol';
import { startSqlJs } from './sqljs-start';

declare const self: DedicatedWorkerGlobalScope;

let counter = 0;

/** The worker's message handler. `wasm`: sql.js's WebAssembly, compiled by the entry (null: none). */
export function engineHandler(wasm: Promise<WebAssembly.Module | null>): (event: MessageEvent<Request>) => Promise<void> {
  const session = startSqlJs(wasm).then(
    (SQL) =>
      new EngineSession(SQL, (actor) => ({
        now: () => new Date().toISOString(),
        newId: () => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${++counter}-${Math.random().toString(36).slice(2)}`),
        actor,
        appVersion: import.meta.env.VITE_APP_VERSION ?? '0.1.0',
      })),
  );

  return async (event: MessageEvent<Request>) => {
    const { id, method, args } = event.data;
    let response: Response;
    const transfer: Transferable[] = [];
    try {
      const s = await session;
      const fn = s[method] as (...a: unknown[]) => unknown;
      const value = fn.apply(s, args);
      if (value instanceof Uint8Array) transfer.push(value.buffer);
      else if (value && typeof value === 'object' && 'bytes' in value && (value as { bytes: unknown }).bytes instanceof Uint8Array) {
        transfer.push((value as { bytes: Uint8Array }).bytes.buffer);
      }
      response = { id, ok: true, value };
    } catch (e) {
      const failure =
        e instanceof FileError
          ? { code: e.code, text: e.text }
          : { code: 'internal', text: text(`Lỗi không mong đợi: ${e instanceof Error ? e.message : String(e)}`, `Unexpected error: ${e instanceof Error ? e.message : String(e)}`) };
      response = { id, ok: false, failure };
    }
    self.postMessage(response, transfer);
    // A file just opened: its newest year is scored now, while the page renders, not when it asks.
    if (response.ok && (method === 'open' || method === 'createDemo' || method === 'createEmpty')) {
      setTimeout(() => void session.then((s) => s.warm()), 0);
    }
  };
}
