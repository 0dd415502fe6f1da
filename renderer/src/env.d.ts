/// <reference types="vite/client" />
import type { Host } from '../../shared/host/contract';

declare global {
  type NQ57Language = 'vi' | 'en';

  /**
   * What the desktop menu asks the page to do (the page knows whether there are unsaved changes).
   * `open-recent:<path>` opens that recent file; `language:<vi|en>` says the user switched language in the menu.
   */
  type NQ57MenuAction =
    | 'new'
    | 'open'
    | `open-recent:${string}`
    | 'save'
    | 'save-as'
    | 'backups'
    | 'import'
    | 'merge'
    | 'export'
    | `language:${NQ57Language}`;

  /**
   * `window.nq57Host` in the desktop app (electron/preload): the Host contract plus the window's needs.
   * Must match electron/common/ipc.ts `DesktopBridge` (tests/electron/bridge-type.test.ts checks it).
   */
  interface NQ57Bridge extends Host {
    /** Calls back with each menu action; returns a function that stops listening. */
    onMenu(callback: (action: NQ57MenuAction) => void): () => void;
    /** The title bar ("name ● — …") and the close prompt follow this: call it on open, save and every change of dirty state. */
    setDocumentState(state: { readonly name: string; readonly dirty: boolean; readonly busy?: boolean }): Promise<void>;
    getLanguage(): Promise<NQ57Language>;
    /** Keeps the choice for the next start and rebuilds the menus in that language. */
    setLanguage(lang: NQ57Language): Promise<void>;
    /** The user chose "Lưu" when closing with unsaved changes: save, then call reportSaved. */
    onRequestSave(callback: () => void): () => void;
    /** Whether that save succeeded; the window closes only when it did. */
    reportSaved(ok: boolean): Promise<void>;
  }

  interface Window {
    /** Set by the desktop app's preload; absent when the renderer runs in a plain browser. */
    readonly nq57Host?: NQ57Bridge;
  }
}

export {};
