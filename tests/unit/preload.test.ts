// tests/electron/preload.test.ts checks every method; tests/electron/built-main.test.ts the built bundle.
import { describe, expect, it, vi } from 'vitest';

const exposeInMainWorld = vi.fn();
vi.mock('electron', () => ({ contextBridge: { exposeInMainWorld }, ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() } }));

describe('the preload bridge', () => {
  it('exposes only nq57Host, and no Electron object in it', async () => {
    await import('../../electron/preload/index');
    expect(exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, api] = exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    expect(key).toBe('nq57Host');
    for (const [name, value] of Object.entries(api)) expect(typeof value, name).toBe('function');
  });
});
