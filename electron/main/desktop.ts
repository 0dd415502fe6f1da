// The desktop app put together: hardening, the file host over IPC, menus, the document window. Electron
// is passed in (index.ts passes the real module) so that tests can run all of it with a fake.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Electron from 'electron';
import type { BrowserWindow } from 'electron';
import type { HostInfo } from '../../shared/host/contract';
import { removeOpenableCopies } from '../../node/host';
import { HostService } from '../../node/host-service';
import { MENU_CHANNEL, type Language, type MenuAction } from '../common/ipc';
import { APP_TITLE, DocumentWindow } from './document-window';
import { registerIpc } from './host-ipc';
import { applicationMenuTemplate } from './menu';
import { printHtmlToPdf } from './print-pdf';
import {
  CONTENT_SECURITY_POLICY,
  DEV_SERVER_CONTENT_SECURITY_POLICY,
  isNavigationAllowed,
  webPreferencesWithPreload,
  withContentSecurityPolicy,
} from './security';
import { DEFAULT_LANGUAGE, readLanguage, writeLanguage } from './settings';
import { startWithFromArgv } from './start';
import type { PayloadLimits } from './validate';

export type ElectronMain = Pick<typeof Electron, 'app' | 'BrowserWindow' | 'dialog' | 'ipcMain' | 'Menu' | 'session' | 'shell'>;

export interface DesktopOptions {
  /** The demo's interchange CSV, shipped with the main bundle (see index.ts). */
  readonly demoCsvPath: string;
  /** The folder of the built main bundle (out/main): the preload and the renderer sit beside it. */
  readonly mainDir: string;
  readonly argv?: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Payload limits (tests lower them). */
  readonly limits?: PayloadLimits;
}

export interface Desktop {
  /** Resolves once the window is created and the menu is set. */
  readonly ready: Promise<void>;
  readonly window: () => BrowserWindow | null;
  readonly documentWindow: () => DocumentWindow | null;
  readonly service: HostService;
  readonly entryUrl: string;
  readonly language: () => Language;
}

/** Files the app keeps in its userData folder. */
export const userDataFiles = (userData: string) => ({
  demo: join(userData, 'dien-bien-demo.nq57'),
  recent: join(userData, 'recent-files.json'),
  settings: join(userData, 'settings.json'),
});

const openServices = new Set<HostService>();

/** One 'exit' listener for every service: lock release is synchronous, so it still runs at exit. */
function releaseOnExit(service: HostService): void {
  if (openServices.size === 0) process.once('exit', () => openServices.forEach((s) => void s.close()));
  openServices.add(service);
}

export function startDesktop(electron: ElectronMain, options: DesktopOptions): Desktop {
  const { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } = electron;
  const env = options.env ?? process.env;

  // electron-vite sets ELECTRON_RENDERER_URL only under `electron-vite dev`; a packaged app never
  // honours it, so an environment variable cannot point the app at another page.
  const devServerUrl = app.isPackaged ? undefined : env['ELECTRON_RENDERER_URL'];
  const entryUrl = devServerUrl ?? pathToFileURL(join(options.mainDir, '../renderer/index.html')).href;
  const contentSecurityPolicy = devServerUrl ? DEV_SERVER_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY;

  const files = userDataFiles(app.getPath('userData'));
  const service = new HostService({ demoPath: files.demo, demoCsvPath: options.demoCsvPath, recentPath: files.recent });
  const startWith: HostInfo['startWith'] = startWithFromArgv(options.argv ?? process.argv, app.isPackaged, options.cwd ?? process.cwd());

  let mainWindow: BrowserWindow | null = null;
  let documentWindow: DocumentWindow | null = null;
  let language: Language = DEFAULT_LANGUAGE;

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

  const hardenSession = (): void => {
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    // The <meta> policy in index.html covers file:// pages; the header covers the dev server too.
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, contentSecurityPolicy) });
    });
  };

  const send = (action: MenuAction): void => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(MENU_CHANNEL, action);
  };

  const showAbout = (): void => {
    const vi = language === 'vi';
    const options = {
      type: 'info' as const,
      title: vi ? 'Giới thiệu' : 'About',
      message: APP_TITLE,
      detail: vi
        ? `Phiên bản ${app.getVersion()}\nBộ tiêu chí đánh giá kết quả truyền thông NQ57 — Sở KH&CN tỉnh Điện Biên`
        : `Version ${app.getVersion()}\nCriteria for evaluating NQ57 communication results — Điện Biên Department of Science and Technology`,
    };
    void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
  };

  const setLanguage = async (next: Language): Promise<void> => {
    language = next;
    await writeLanguage(files.settings, next);
    await rebuildMenu();
  };

  // Rebuilds run one after another, so that a slow one cannot put back an older recent list.
  let menuUpdate: Promise<void> = Promise.resolve();
  function rebuildMenu(): Promise<void> {
    menuUpdate = menuUpdate.then(buildMenu, buildMenu);
    return menuUpdate;
  }

  async function buildMenu(): Promise<void> {
    const template = applicationMenuTemplate(
      {
        language,
        recent: await service.recentFiles(),
        hasFile: service.openPath !== null,
        busy: documentWindow?.documentState.busy === true,
        developer: devServerUrl !== undefined,
      },
      {
        send,
        setLanguage: (next) => {
          void setLanguage(next).then(() => send(`language:${next}`));
        },
        showAbout,
      },
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  const documentsFolder = (): string => {
    try {
      return app.getPath('documents');
    } catch {
      return homedir();
    }
  };

  registerIpc(ipcMain, {
    service,
    window: () => mainWindow,
    entryUrl,
    // After a reload (or a renderer crash) the page starts again on the file that is still open.
    info: () => {
      const open = service.openPath;
      return { kind: 'electron', appVersion: app.getVersion(), startWith: open ? { kind: 'file', path: open } : startWith };
    },
    dialog,
    shell,
    documentsFolder,
    language: () => language,
    setLanguage,
    setDocumentState: (state) => {
      const wasBusy = documentWindow?.documentState.busy === true;
      documentWindow?.setState(state);
      if ((state.busy === true) !== wasBusy) void rebuildMenu();
    },
    reportSaved: (ok) => documentWindow?.reportSaved(ok),
    filesChanged: () => void rebuildMenu(),
    printPdf: (html) => printHtmlToPdf({ BrowserWindow, session }, html),
    limits: options.limits,
  });

  const createMainWindow = (): void => {
    const window = new BrowserWindow({
      title: APP_TITLE,
      width: 1366,
      height: 768,
      minWidth: 1024,
      minHeight: 640,
      show: false,
      backgroundColor: '#f5f6f8',
      webPreferences: webPreferencesWithPreload(join(options.mainDir, '../preload/index.js')),
    });
    mainWindow = window;
    documentWindow = new DocumentWindow(window, dialog, () => language);
    window.once('ready-to-show', () => window.show());
    let lastCrashReload = 0;
    window.webContents.on('render-process-gone', (_event, details) => {
      // What the page held in memory is gone; it will report its own state once reloaded.
      documentWindow?.setState({ ...documentWindow.documentState, dirty: false });
      if (details.reason === 'clean-exit' || window.isDestroyed()) return;
      // At most one reload every 10 s, so that a page crashing as it loads cannot loop.
      if (Date.now() - lastCrashReload < 10_000) return;
      lastCrashReload = Date.now();
      window.webContents.reload();
    });
    window.on('closed', () => {
      mainWindow = null;
      documentWindow = null;
      // The window held the file: let go of its lock now, not only when the process ends.
      void service.close().then(rebuildMenu);
    });
    void window.loadURL(entryUrl);
  };

  // Whatever way the app ends, the lock goes (release is synchronous for the 'exit' case) and the copies
  // handed to viewers are removed.
  app.on('will-quit', () => {
    void service.close();
    void removeOpenableCopies();
  });
  releaseOnExit(service);

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  const ready = app.whenReady().then(async () => {
    hardenSession();
    language = await readLanguage(files.settings);
    createMainWindow();
    await rebuildMenu();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
    });
  });

  return { ready, window: () => mainWindow, documentWindow: () => documentWindow, service, entryUrl, language: () => language };
}
