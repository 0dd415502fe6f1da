/**
 * sql.js for the engine worker when the WebAssembly module its entry compiled cannot be instantiated
 * (renderer/src/worker/sqljs-start.ts): the start fails, with the reason, and does not wait for ever. A file
 * of its own: sql.js keeps its first initialisation for the whole module instance, so this cannot share one
 * with the successful start (worker-start.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { startSqlJs } from '../../renderer/src/worker/sqljs-start';

/** A valid module that imports a function sql.js does not provide ("x"."y"): instantiating it fails. */
const UNLINKABLE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // \0asm, version 1
  0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type section: one type, () -> ()
  0x02, 0x07, 0x01, 0x01, 0x78, 0x01, 0x79, 0x00, 0x00, // import section: "x"."y", a function of type 0
]);

describe('sql.js from a module that cannot be instantiated', () => {
  it('fails with the reason instead of waiting for ever', async () => {
    const module = await WebAssembly.compile(UNLINKABLE);
    const outcome = await Promise.race([
      startSqlJs(Promise.resolve(module)).then(
        () => 'started',
        (e: unknown) => `failed: ${e instanceof Error ? e.name : String(e)}`,
      ),
      new Promise<string>((resolve) => setTimeout(() => resolve('still waiting after 5 s'), 5000)),
    ]);
    // (A TypeError here: sql.js's imports have no module "x".)
    expect(outcome).toMatch(/^failed: \w*Error$/);
  });
});
