// IPC is answered only for our own page: the main frame of our window, showing the renderer we loaded.
// A subframe, another window, or our window after it was somehow navigated elsewhere gets nothing.
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { isNavigationAllowed } from './security';

export function isFromOwnPage(event: IpcMainInvokeEvent, window: BrowserWindow | null, entryUrl: string): boolean {
  if (!window || window.isDestroyed()) return false;
  const contents = window.webContents;
  const frame = event.senderFrame;
  if (!frame || event.sender !== contents) return false;
  const main = contents.mainFrame;
  // Distinct WebFrameMain objects may stand for the same frame: compare what identifies it.
  const isMainFrame = frame.parent === null && frame.processId === main.processId && frame.routingId === main.routingId;
  return isMainFrame && isNavigationAllowed(frame.url, entryUrl);
}
