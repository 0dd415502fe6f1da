/**
 * The engine worker's start (renderer/src/worker/sqljs-start.ts, idle.ts): sql.js made of the WebAssembly
 * module the worker's entry compiled, and the idle wait App puts before the quick integrity check. The
 * worker itself runs in Chromium only (the end-to-end tests, including the fallback when its entry cannot
 * fetch the WebAssembly: tests/e2e/files.test.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSqlJs } from '../../renderer/src/worker/sqljs-start';
import { whenIdle } from '../../renderer/src/idle';

const require = createRequire(import.meta.url);

describe('sql.js from a compiled module', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is a working SQLite: the same module the entry compiled, instantiated, runs SQL', async () => {
    // The browser's build of sql.js, as the worker loads it; its module compiled here as the entry does.
    const module = await WebAssembly.compile(readFileSync(require.resolve('sql.js/dist/sql-wasm-browser.wasm')));
    const instantiate = vi.spyOn(WebAssembly, 'instantiate');
    const SQL = await startSqlJs(Promise.resolve(module));
    // That module, not the WebAssembly fetched and compiled once more.
    expect(instantiate.mock.calls.map((call) => call[0])).toEqual([module]);
    const db = new SQL.Database();
    try {
      db.run('CREATE TABLE t (v TEXT)');
      db.run('INSERT INTO t VALUES (?)', ['Mường Phăng']);
      expect(db.exec('SELECT v, sqlite_version() >= "3" FROM t')[0]?.values).toEqual([['Mường Phăng', 1]]);
    } finally {
      db.close();
    }
  });
});

describe('whenIdle', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('asks the browser for an idle moment no later than the bound, and can be cancelled', () => {
    const asked: { timeout?: number }[] = [];
    const cancelled: number[] = [];
    let pending: (() => void) | null = null;
    vi.stubGlobal('requestIdleCallback', (cb: () => void, options: { timeout?: number }) => {
      asked.push(options);
      pending = cb;
      return 7;
    });
    vi.stubGlobal('cancelIdleCallback', (handle: number) => cancelled.push(handle));
    const work = vi.fn();
    const task = whenIdle(work, 1000);
    expect(asked).toEqual([{ timeout: 1000 }]);
    expect(work).not.toHaveBeenCalled();
    pending!();
    expect(work).toHaveBeenCalledTimes(1);
    task.cancel();
    expect(cancelled).toEqual([7]);
  });

  it('without idle callbacks (Node here, some browsers): the next task, unless cancelled first', () => {
    vi.useFakeTimers();
    expect(typeof (globalThis as { requestIdleCallback?: unknown }).requestIdleCallback).toBe('undefined');
    const done = vi.fn();
    whenIdle(done, 1000);
    const dropped = vi.fn();
    whenIdle(dropped, 1000).cancel();
    expect(done).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(done).toHaveBeenCalledTimes(1);
    expect(dropped).not.toHaveBeenCalled();
  });
});
