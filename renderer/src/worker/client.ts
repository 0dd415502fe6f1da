/** The UI's handle on the engine worker: each WorkerApi method as a promise. */
import type { Request, Response, WorkerApi } from './protocol';

type Async<T> = { [K in keyof T]: T[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<R> : never };

export type EngineClient = Async<WorkerApi>;

/** A new engine worker and its client. The app makes one, at its very start (boot.ts). */
export function startEngine(): EngineClient {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  let next = 1;
  worker.onmessage = (event: MessageEvent<Response>) => {
    const r = event.data;
    const p = pending.get(r.id);
    if (!p) return;
    pending.delete(r.id);
    if (r.ok) p.resolve(r.value);
    else p.reject(r.failure);
  };
  return new Proxy({} as EngineClient, {
    get(_target, method: string) {
      return (...args: unknown[]) =>
        new Promise((resolve, reject) => {
          const id = next++;
          pending.set(id, { resolve, reject });
          const transfer = args.filter((a): a is Uint8Array => a instanceof Uint8Array).map((a) => a.buffer);
          worker.postMessage({ id, method: method as keyof WorkerApi, args } satisfies Request, transfer as Transferable[]);
        });
    },
  });
}
