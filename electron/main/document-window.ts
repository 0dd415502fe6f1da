// The main window as a document window: its title names the file and shows "●" while there are unsaved
// changes, and closing it with unsaved changes asks first. Saving belongs to the page (it holds the
// database), so "Lưu" asks the page to save and closes only when the page reports that it did.
import type { BrowserWindow, Dialog, MessageBoxOptions } from 'electron';
import { REQUEST_SAVE_CHANNEL, type DocumentState, type Language } from '../common/ipc';

export const APP_TITLE = 'Đánh giá truyền thông NQ57';

export function windowTitle(state: DocumentState): string {
  if (state.name === '') return APP_TITLE;
  return `${state.name}${state.dirty ? ' ●' : ''} — ${APP_TITLE}`;
}

/** The buttons, in this order: save, don't save, cancel. */
export function unsavedChangesDialog(language: Language, name: string): MessageBoxOptions {
  const shown = name === '' ? (language === 'vi' ? 'tệp này' : 'this file') : `“${name}”`;
  return language === 'vi'
    ? {
        type: 'warning',
        title: 'Thay đổi chưa được lưu',
        message: `Lưu các thay đổi của ${shown} trước khi đóng?`,
        detail: 'Nếu không lưu, các thay đổi từ lần lưu trước sẽ bị mất.',
        buttons: ['Lưu', 'Không lưu', 'Hủy'],
        defaultId: 0,
        cancelId: 2,
        noLink: true,
      }
    : {
        type: 'warning',
        title: 'Unsaved changes',
        message: `Save the changes to ${shown} before closing?`,
        detail: 'If you don’t save, the changes since the last save will be lost.',
        buttons: ['Save', 'Don’t save', 'Cancel'],
        defaultId: 0,
        cancelId: 2,
        noLink: true,
      };
}

const SAVE = 0;
const DONT_SAVE = 1;

type Closing = 'idle' | 'asking' | 'saving' | 'allowed';

export class DocumentWindow {
  private state: DocumentState = { name: '', dirty: false };
  private closing: Closing = 'idle';

  constructor(
    private readonly window: BrowserWindow,
    private readonly dialog: Pick<Dialog, 'showMessageBox'>,
    private readonly language: () => Language,
  ) {
    window.setTitle(windowTitle(this.state));
    // The page's <title> must not replace the document title.
    window.on('page-title-updated', (event) => event.preventDefault());
    window.on('close', (event) => {
      if (this.closing === 'allowed' || !this.state.dirty) return;
      event.preventDefault();
      // A second click while the question is up changes nothing; one while a save hangs asks again.
      if (this.closing !== 'asking') void this.ask();
    });
  }

  get documentState(): DocumentState {
    return this.state;
  }

  setState(state: DocumentState): void {
    this.state = state;
    if (!this.window.isDestroyed()) this.window.setTitle(windowTitle(state));
  }

  /** The page's answer to a save asked for when closing. */
  reportSaved(ok: boolean): void {
    if (this.closing !== 'saving') return;
    if (ok) this.closeNow();
    else this.closing = 'idle';
  }

  private async ask(): Promise<void> {
    this.closing = 'asking';
    let response: number;
    try {
      ({ response } = await this.dialog.showMessageBox(this.window, unsavedChangesDialog(this.language(), this.state.name)));
    } catch {
      response = -1;
    }
    if (response === SAVE) {
      this.closing = 'saving';
      this.window.webContents.send(REQUEST_SAVE_CHANNEL);
    } else if (response === DONT_SAVE) {
      this.closeNow();
    } else {
      this.closing = 'idle';
    }
  }

  private closeNow(): void {
    this.closing = 'allowed';
    if (!this.window.isDestroyed()) this.window.close();
  }
}
