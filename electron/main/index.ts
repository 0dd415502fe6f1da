import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, Menu, session } from 'electron';
import { applicationMenuTemplate } from './menu';
import {
  CONTENT_SECURITY_POLICY,
  DEV_SERVER_CONTENT_SECURITY_POLICY,
  isNavigationAllowed,
  webPreferencesWithPreload,
  withContentSecurityPolicy,
} from './security';

const APP_TITLE = 'Đánh giá truyền thông NQ57';

// electron-vite sets ELECTRON_RENDERER_URL only under `electron-vite dev`; a packaged app never
// honours it, so an environment variable cannot point the app at another page.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const entryUrl = devServerUrl ?? pathToFileURL(join(__dirname, '../renderer/index.html')).href;
const contentSecurityPolicy = devServerUrl ? DEV_SERVER_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY;

app.enableSandbox();

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url, entryUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isNavigationAllowed(url, entryUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  // The <meta> policy in index.html covers file:// pages; the header covers the dev server too.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, contentSecurityPolicy) });
  });
}

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    title: APP_TITLE,
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    backgroundColor: '#f5f6f8',
    webPreferences: webPreferencesWithPreload(join(__dirname, '../preload/index.js')),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(entryUrl);
  return window;
}

function showAbout(): void {
  const options = {
    type: 'info' as const,
    title: 'Giới thiệu',
    message: APP_TITLE,
    detail: `Phiên bản ${app.getVersion()}\nBộ tiêu chí đánh giá kết quả truyền thông NQ57 — Sở KH&CN tỉnh Điện Biên`,
  };
  const parent = BrowserWindow.getFocusedWindow();
  void (parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options));
}

void app.whenReady().then(() => {
  hardenSession();
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate({ showAbout })));
  createMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
