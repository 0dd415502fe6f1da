// The page's view of `window.nq57Host` (renderer/src/env.d.ts) and what the preload exposes
// (electron/common/ipc.ts) are declared apart, because renderer/ may not import electron/. The
// assignments below fail `tsc` the moment they drift; the test itself checks the electron host adapter.
import { describe, expect, it, vi } from 'vitest';
import type { Host } from '../../shared/host/contract';
import type { DesktopBridge } from '../../electron/common/ipc';
import { HOST_METHODS } from '../../electron/common/ipc';
import { createElectronHost, desktopShell } from '../../renderer/src/host/electron-host';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const bridgesMatch: Same<DesktopBridge, NQ57Bridge> = true;
const bridgeIsHost: Same<Pick<DesktopBridge, keyof Host>, Host> = true;

function fakeBridge(): NQ57Bridge {
  const methods = [...HOST_METHODS, 'onMenu', 'setDocumentState', 'getLanguage', 'setLanguage', 'onRequestSave', 'reportSaved'];
  return Object.fromEntries(methods.map((m) => [m, vi.fn(async () => m)])) as unknown as NQ57Bridge;
}

describe('the electron host in the renderer', () => {
  it('has the same type as the preload bridge', () => {
    expect([bridgesMatch, bridgeIsHost]).toEqual([true, true]);
  });

  it('is exactly the Host contract, each method forwarded to the bridge', async () => {
    const bridge = fakeBridge();
    const host = createElectronHost(bridge);
    expect(Object.keys(host).sort()).toEqual([...HOST_METHODS].sort());
    await expect(host.open('/a.nq57')).resolves.toBe('open');
    expect(bridge.open).toHaveBeenCalledWith('/a.nq57');
  });

  it('hands out the window’s needs apart, and nothing in a browser', () => {
    const shell = desktopShell(fakeBridge());
    expect(Object.keys(shell ?? {}).sort()).toEqual(['getLanguage', 'onMenu', 'onRequestSave', 'reportSaved', 'setDocumentState', 'setLanguage']);
    expect(desktopShell(undefined)).toBeNull();
  });
});
