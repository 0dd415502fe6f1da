/**
 * The host the renderer talks to: Electron's preload bridge when it is there, otherwise the web server of
 * `npm run web`. Both implement the same contract (shared/host/contract.ts).
 */
import type { Host } from '../../../shared/host/contract';
import { createElectronHost } from './electron-host';
import { createWebHost } from './web-host';

export function connectHost(): Host {
  return window.nq57Host ? createElectronHost(window.nq57Host) : createWebHost(window.location.origin);
}
