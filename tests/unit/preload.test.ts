import { beforeEach, describe, expect, it, vi } from 'vitest';

const exposeInMainWorld = vi.fn();
vi.mock('electron', () => ({ contextBridge: { exposeInMainWorld } }));

describe('the preload bridge', () => {
  beforeEach(() => exposeInMainWorld.mockClear());

  it('exposes only nq57Host, carrying the app version', async () => {
    const { version } = (await import('../../package.json')).default;
    await import('../../electron/preload/index');
    expect(exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(exposeInMainWorld).toHaveBeenCalledWith('nq57Host', { version });
  });
});
