// The IPC vocabulary shared by the main process and the preload: channel names, the result envelope and
// the menu actions. Pure data, no Electron: the sandboxed preload bundles it, the main process imports it.
import type { Host, HostFailure } from '../../shared/host/contract';

/** Every method of the Host contract, each on its own channel `nq57:<method>`. */
export const HOST_METHODS = [
  'info',
  'recentFiles',
  'open',
  'openDemo',
  'create',
  'save',
  'saveAs',
  'journal',
  'pendingChanges',
  'close',
  'backups',
  'restore',
  'addAttachment',
  'openAttachment',
  'verifyAttachments',
  'pickImportFiles',
  'pickMergeFiles',
  'copyAttachmentsFrom',
  'exportFile',
  'printPdf',
] as const satisfies readonly (keyof Host)[];

export type HostMethod = (typeof HOST_METHODS)[number];

/** What the desktop window adds to the contract: title, unsaved state, language, saving before closing. */
export const DESKTOP_METHODS = ['setDocumentState', 'getLanguage', 'setLanguage', 'reportSaved'] as const;

export type DesktopMethod = (typeof DESKTOP_METHODS)[number];

export const channelOf = (method: HostMethod | DesktopMethod): `nq57:${HostMethod | DesktopMethod}` => `nq57:${method}`;

/** Every channel the main process answers (`ipcMain.handle`). */
export const INVOKE_CHANNELS: readonly string[] = [...HOST_METHODS, ...DESKTOP_METHODS].map(channelOf);

/** Channels the main process sends to the page. */
export const MENU_CHANNEL = 'nq57:menu';
export const REQUEST_SAVE_CHANNEL = 'nq57:requestSave';

/**
 * Thrown errors lose everything but their message on the way through `ipcRenderer.invoke`, so handlers
 * return this envelope and the preload turns a failure back into a rejection with `{code, text}`.
 */
export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: HostFailure };

export type Language = 'vi' | 'en';

/**
 * Menu items the page must carry out (it knows whether there are unsaved changes): `open-recent:<path>`
 * opens a recent file, `language:<vi|en>` tells the page the user switched language from the menu.
 */
export type MenuAction =
  | 'new'
  | 'open'
  | `open-recent:${string}`
  | 'save'
  | 'save-as'
  | 'backups'
  | 'import'
  | 'merge'
  | 'export'
  | `language:${Language}`;

export interface DocumentState {
  /** File name without folders, shown in the title bar; empty when no file is open. */
  readonly name: string;
  readonly dirty: boolean;
  /**
   * Long work (an import, a merge) is running on a copy of the file: the menu's New, Open, Open recent,
   * Backups, Import and Merge are greyed until it ends or is cancelled, as the page's own buttons are covered.
   */
  readonly busy?: boolean;
}

/** `window.nq57Host` in the desktop app: the Host contract plus the window's own needs. */
export interface DesktopBridge extends Host {
  /** Calls back with each menu action; returns a function that stops listening. */
  onMenu(callback: (action: MenuAction) => void): () => void;
  /** The title bar and the close prompt follow this. */
  setDocumentState(state: DocumentState): Promise<void>;
  getLanguage(): Promise<Language>;
  /** Keeps the choice for the next start and rebuilds the menus in that language. */
  setLanguage(lang: Language): Promise<void>;
  /** The user chose "Lưu" when closing with unsaved changes: save, then call reportSaved. */
  onRequestSave(callback: () => void): () => void;
  /** Whether the save asked for by onRequestSave succeeded; the window closes only when it did. */
  reportSaved(ok: boolean): Promise<void>;
}
