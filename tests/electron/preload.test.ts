import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DESKTOP_METHODS, HOST_METHODS, MENU_CHANNEL, REQUEST_SAVE_CHANNEL, type DesktopBridge } from '../../electron/common/ipc';

const electron = vi.hoisted(() => {
  const listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  return {
    listeners,
    exposeInMainWorld: vi.fn(),
    invoke: vi.fn(),
    ipcRenderer: {
      invoke: (...args: unknown[]) => electron.invoke(...args),
      on(channel: string, listener: (...args: unknown[]) => void) {
        listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
      },
      removeListener(channel: string, listener: (...args: unknown[]) => void) {
        listeners.set(channel, (listeners.get(channel) ?? []).filter((l) => l !== listener));
      },
    },
    emit(channel: string, ...args: unknown[]) {
      for (const listener of listeners.get(channel) ?? []) listener({ sender: 'the IPC event' }, ...args);
    },
  };
});
vi.mock('electron', () => ({ contextBridge: { exposeInMainWorld: electron.exposeInMainWorld }, ipcRenderer: electron.ipcRenderer }));

async function bridge(): Promise<DesktopBridge> {
  await import('../../electron/preload/index');
  return electron.exposeInMainWorld.mock.calls[0]![1] as DesktopBridge;
}

describe('the preload bridge', () => {
  beforeEach(() => electron.invoke.mockReset());

  it('exposes only nq57Host: the Host contract and the window’s needs, all functions', async () => {
    const exposed = await bridge();
    expect(electron.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(electron.exposeInMainWorld.mock.calls[0]![0]).toBe('nq57Host');
    expect(Object.keys(exposed).sort()).toEqual([...HOST_METHODS, ...DESKTOP_METHODS, 'onMenu', 'onRequestSave'].sort());
    for (const value of Object.values(exposed)) expect(typeof value).toBe('function');
  });

  it('invokes nq57:<method> with the arguments and resolves with the value', async () => {
    const exposed = await bridge();
    electron.invoke.mockResolvedValueOnce({ ok: true, value: { path: '/a.nq57', savedAt: 't', backup: null } });
    const bytes = new Uint8Array([1, 2]);
    await expect(exposed.save(bytes)).resolves.toEqual({ path: '/a.nq57', savedAt: 't', backup: null });
    expect(electron.invoke).toHaveBeenCalledWith('nq57:save', bytes);
    electron.invoke.mockResolvedValueOnce({ ok: true, value: { path: '/a.nq57', savedAt: 't', backup: null } });
    await exposed.save(bytes, 7);
    expect(electron.invoke).toHaveBeenLastCalledWith('nq57:save', bytes, 7);
    electron.invoke.mockResolvedValueOnce({ ok: true, value: 3 });
    await expect(exposed.journal('{"edit":1}')).resolves.toBe(3);
    expect(electron.invoke).toHaveBeenLastCalledWith('nq57:journal', '{"edit":1}');
    electron.invoke.mockResolvedValueOnce({ ok: true, value: null });
    await exposed.open();
    expect(electron.invoke).toHaveBeenLastCalledWith('nq57:open', undefined);
  });

  it('rejects with the {code, text} failure, nothing more', async () => {
    const exposed = await bridge();
    const failure = { code: 'locked', text: { vi: 'Tệp đang được mở', en: 'The file is open' } };
    electron.invoke.mockResolvedValueOnce({ ok: false, failure: { ...failure, stack: 'at secret' } });
    await expect(exposed.open('/a.nq57')).rejects.toEqual(failure);
  });

  it('passes only plain copies of structured arguments', async () => {
    const exposed = await bridge();
    electron.invoke.mockResolvedValue({ ok: true, value: undefined });
    await exposed.setDocumentState({ name: 'a.nq57', dirty: true, extra: 'x' } as never);
    expect(electron.invoke).toHaveBeenLastCalledWith('nq57:setDocumentState', { name: 'a.nq57', dirty: true, busy: false });
    await exposed.setDocumentState({ name: 'a.nq57', dirty: false, busy: true });
    expect(electron.invoke).toHaveBeenLastCalledWith('nq57:setDocumentState', { name: 'a.nq57', dirty: false, busy: true });
    await exposed.verifyAttachments([{ sha256: 'a', size: 1, name: 'x' } as never]);
    expect(electron.invoke).toHaveBeenLastCalledWith('nq57:verifyAttachments', [{ sha256: 'a', size: 1 }]);
  });

  it('delivers menu actions and save requests without the IPC event, until unsubscribed', async () => {
    const exposed = await bridge();
    const actions: unknown[][] = [];
    const stop = exposed.onMenu((...args) => actions.push(args));
    let saves = 0;
    const stopSaves = exposed.onRequestSave(() => (saves += 1));
    electron.emit(MENU_CHANNEL, 'save');
    electron.emit(REQUEST_SAVE_CHANNEL);
    stop();
    stopSaves();
    electron.emit(MENU_CHANNEL, 'open');
    electron.emit(REQUEST_SAVE_CHANNEL);
    expect(actions).toEqual([['save']]);
    expect(saves).toBe(1);
  });
});
