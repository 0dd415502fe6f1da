// Runs sandboxed: only `electron`'s renderer modules are available, and the bundle must be CommonJS.
// The page gets `window.nq57Host`: the Host contract (shared/host/contract.ts) and the window's few needs,
// each method one `ipcRenderer.invoke` on its own channel. Nothing else crosses: no ipcRenderer, no
// channel names chosen by the page, no Electron event objects.
import { contextBridge, ipcRenderer } from 'electron';
import type { HostFailure } from '../../shared/host/contract';
import {
  channelOf,
  MENU_CHANNEL,
  REQUEST_SAVE_CHANNEL,
  type DesktopBridge,
  type DesktopMethod,
  type HostMethod,
  type IpcResult,
  type MenuAction,
} from '../common/ipc';

/** Calls the main process and turns its result envelope back into a value or a `{code, text}` rejection. */
async function call<T>(method: HostMethod | DesktopMethod, ...args: unknown[]): Promise<T> {
  const result = (await ipcRenderer.invoke(channelOf(method), ...args)) as IpcResult<T>;
  if (result.ok) return result.value;
  const failure: HostFailure = { code: result.failure.code, text: { vi: result.failure.text.vi, en: result.failure.text.en } };
  throw failure;
}

/** Subscribes to one main → page channel; the page's callback never sees the IPC event. */
function listen(channel: string, deliver: (...args: unknown[]) => void): () => void {
  const listener = (_event: unknown, ...args: unknown[]) => deliver(...args);
  ipcRenderer.on(channel, listener);
  return () => {
    ipcRenderer.removeListener(channel, listener);
  };
}

const bridge: DesktopBridge = {
  info: () => call('info'),
  recentFiles: () => call('recentFiles'),
  open: (path) => call('open', path),
  openDemo: () => call('openDemo'),
  create: (bytes, path) => call('create', bytes, path),
  save: (bytes, journaledThrough) => (journaledThrough === undefined ? call('save', bytes) : call('save', bytes, journaledThrough)),
  journal: (record) => call('journal', record),
  pendingChanges: () => call('pendingChanges'),
  saveAs: (bytes) => call('saveAs', bytes),
  close: () => call('close'),
  backups: () => call('backups'),
  restore: (backupPath) => call('restore', backupPath),
  addAttachment: (file) => call('addAttachment', { name: file.name, bytes: file.bytes }),
  openAttachment: (sha256, name) => call('openAttachment', sha256, name),
  verifyAttachments: (expected) => call('verifyAttachments', expected.map((e) => ({ sha256: e.sha256, size: e.size }))),
  pickImportFiles: () => call('pickImportFiles'),
  pickMergeFiles: () => call('pickMergeFiles'),
  copyAttachmentsFrom: (handle, sha256s) => call('copyAttachmentsFrom', handle, [...sha256s]),
  exportFile: (suggestedName, bytes) => call('exportFile', suggestedName, bytes),
  printPdf: (html) => call('printPdf', html),

  onMenu: (callback) => listen(MENU_CHANNEL, (action) => callback(action as MenuAction)),
  setDocumentState: (state) => call('setDocumentState', { name: state.name, dirty: state.dirty, busy: state.busy === true }),
  getLanguage: () => call('getLanguage'),
  setLanguage: (lang) => call('setLanguage', lang),
  onRequestSave: (callback) => listen(REQUEST_SAVE_CHANNEL, () => callback()),
  reportSaved: (ok) => call('reportSaved', ok),
};

contextBridge.exposeInMainWorld('nq57Host', bridge);
