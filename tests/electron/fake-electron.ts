// A stand-in for the `electron` module of the main process (the binary cannot run here): it records
// what the app registers (IPC handlers, menus, session handlers, windows) and lets a test play the user
// (dialog answers) and the page (IPC calls from a chosen frame). Used by the unit tests through
// startDesktop and by the built-bundle smoke test through a Module._load hook.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MenuItemConstructorOptions } from 'electron';

export interface FakeFrame {
  url: string;
  processId: number;
  routingId: number;
  parent: FakeFrame | null;
}

type Listener = (...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  readonly mainFrame: FakeFrame = { url: '', processId: 7, routingId: 1, parent: null };
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: unknown) => unknown) | null = null;
  reloads = 0;
  /** The options of each printToPDF call, and what the window showed then. */
  readonly printed: { options: Record<string, unknown>; html: string }[] = [];
  /** The document loaded from a file:// URL (what a print window shows). */
  loadedHtml = '';
  /** Set by a test: the next printToPDF fails with this message. */
  failPrint: string | null = null;

  async printToPDF(options: Record<string, unknown>): Promise<Buffer> {
    if (this.failPrint) throw new Error(this.failPrint);
    this.printed.push({ options, html: this.loadedHtml });
    return Buffer.from(`%PDF-1.7\n% fake print of ${this.loadedHtml.length} characters\n%%EOF\n`, 'latin1');
  }

  reload(): void {
    this.reloads += 1;
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }

  setWindowOpenHandler(handler: (details: unknown) => unknown): void {
    this.windowOpenHandler = handler;
  }
}

export interface CloseEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly all: FakeBrowserWindow[] = [];
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.all.filter((w) => !w.destroyed);
  }

  readonly webContents = new FakeWebContents();
  readonly titles: string[] = [];
  destroyed = false;
  shown = false;
  loadedUrl = '';

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
  }

  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    // A print window's document (electron/main/print-pdf.ts) is read as the window would show it.
    if (url.startsWith('file:') && url.includes('/nq57-print-')) this.webContents.loadedHtml = readFileSync(fileURLToPath(url), 'utf8');
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('closed');
  }

  setTitle(title: string): void {
    this.titles.push(title);
  }

  get title(): string {
    return this.titles.at(-1) ?? '';
  }

  show(): void {
    this.shown = true;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Like the user clicking the close button: 'close' may be prevented, otherwise 'closed' follows. */
  close(): CloseEvent {
    const event: CloseEvent = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    if (this.destroyed) return event;
    this.emit('close', event);
    if (!event.defaultPrevented) {
      this.destroyed = true;
      this.emit('closed');
    }
    return event;
  }
}

export interface DialogScript {
  open: { canceled: boolean; filePaths: string[] }[];
  save: { canceled: boolean; filePath: string }[];
  message: number[];
}

export function fakeElectron(options: { userData: string; documents?: string; isPackaged?: boolean; version?: string }) {
  const handlers = new Map<string, Listener>();
  const appListeners = new Map<string, Listener[]>();
  const menus: MenuItemConstructorOptions[][] = [];
  const script: DialogScript = { open: [], save: [], message: [] };
  const dialogCalls: { kind: 'open' | 'save' | 'message'; options: Record<string, unknown> }[] = [];
  const opened: string[] = [];
  const session = {
    permissionRequestHandler: null as Listener | null,
    permissionCheckHandler: null as Listener | null,
    headersReceived: null as Listener | null,
  };
  /** Sessions asked for with session.fromPartition, with the handlers set on them. */
  const partitions = new Map<string, { permissionRequestHandler: Listener | null; permissionCheckHandler: Listener | null; beforeRequest: Listener | null }>();
  const partitionSession = (name: string) => {
    let p = partitions.get(name);
    if (!p) partitions.set(name, (p = { permissionRequestHandler: null, permissionCheckHandler: null, beforeRequest: null }));
    const record = p;
    return {
      setPermissionRequestHandler(handler: Listener) {
        record.permissionRequestHandler = handler;
      },
      setPermissionCheckHandler(handler: Listener) {
        record.permissionCheckHandler = handler;
      },
      webRequest: {
        onBeforeRequest(handler: Listener) {
          record.beforeRequest = handler;
        },
      },
    };
  };
  const partitionObjects = new Map<string, ReturnType<typeof partitionSession>>();
  FakeBrowserWindow.all.length = 0;

  const lastArg = (args: unknown[]) => args.at(-1) as Record<string, unknown>;

  const electron = {
    app: {
      isPackaged: options.isPackaged ?? true,
      sandboxEnabled: false,
      quitCalls: 0,
      getPath(name: string): string {
        if (name === 'userData') return options.userData;
        if (name === 'documents') return options.documents ?? options.userData;
        throw new Error(`getPath(${name}) is not faked`);
      },
      getVersion: () => options.version ?? '0.1.0',
      enableSandbox() {
        electron.app.sandboxEnabled = true;
      },
      on(event: string, listener: Listener) {
        appListeners.set(event, [...(appListeners.get(event) ?? []), listener]);
        return electron.app;
      },
      whenReady: () => Promise.resolve(),
      quit() {
        electron.app.quitCalls += 1;
      },
    },
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle(channel: string, listener: Listener) {
        if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
        handlers.set(channel, listener);
      },
      on() {
        return electron.ipcMain;
      },
    },
    dialog: {
      async showOpenDialog(...args: unknown[]) {
        dialogCalls.push({ kind: 'open', options: lastArg(args) });
        return script.open.shift() ?? { canceled: true, filePaths: [] };
      },
      async showSaveDialog(...args: unknown[]) {
        dialogCalls.push({ kind: 'save', options: lastArg(args) });
        return script.save.shift() ?? { canceled: true, filePath: '' };
      },
      async showMessageBox(...args: unknown[]) {
        dialogCalls.push({ kind: 'message', options: lastArg(args) });
        return { response: script.message.shift() ?? 0, checkboxChecked: false };
      },
    },
    shell: {
      async openPath(path: string) {
        opened.push(path);
        return '';
      },
    },
    Menu: {
      buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }),
      setApplicationMenu(menu: { template: MenuItemConstructorOptions[] } | null) {
        if (menu) menus.push(menu.template);
      },
    },
    session: {
      fromPartition(name: string) {
        let ses = partitionObjects.get(name);
        if (!ses) partitionObjects.set(name, (ses = partitionSession(name)));
        return ses;
      },
      defaultSession: {
        setPermissionRequestHandler(handler: Listener) {
          session.permissionRequestHandler = handler;
        },
        setPermissionCheckHandler(handler: Listener) {
          session.permissionCheckHandler = handler;
        },
        webRequest: {
          onHeadersReceived(handler: Listener) {
            session.headersReceived = handler;
          },
        },
      },
    },
  };

  const mainWindow = (): FakeBrowserWindow => {
    const window = FakeBrowserWindow.all[0];
    if (!window) throw new Error('no window was created');
    return window;
  };

  /** Calls a handler as the page would: from the main window's main frame unless told otherwise. */
  async function invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    return invokeFrom(mainWindow().webContents.mainFrame, channel, ...args);
  }

  async function invokeFrom(frame: FakeFrame | null, channel: string, ...args: unknown[]): Promise<unknown> {
    return invokeAs({ sender: mainWindow().webContents, senderFrame: frame }, channel, ...args);
  }

  async function invokeAs(event: { sender: unknown; senderFrame: FakeFrame | null }, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event, ...args);
  }

  return {
    electron,
    handlers,
    appListeners,
    menus,
    script,
    dialogCalls,
    opened,
    session,
    partitions,
    mainWindow,
    invoke,
    invokeFrom,
    invokeAs,
    /** The menu currently set. */
    menu: (): MenuItemConstructorOptions[] => {
      const menu = menus.at(-1);
      if (!menu) throw new Error('no menu was set');
      return menu;
    },
    emitApp(event: string, ...args: unknown[]): void {
      for (const listener of appListeners.get(event) ?? []) listener(...args);
    },
  };
}

export type FakeElectron = ReturnType<typeof fakeElectron>;

/** The labels of a menu template, submenus as nested arrays: [["Tệp", ["Mới", …]], …]. */
export function menuLabels(template: readonly MenuItemConstructorOptions[]): unknown[] {
  return template
    .filter((item) => item.type !== 'separator')
    .map((item) => (Array.isArray(item.submenu) ? [item.label, menuLabels(item.submenu)] : item.label));
}

/** Finds an item by its path of labels, e.g. ['Tệp', 'Lưu']. */
export function menuItem(template: readonly MenuItemConstructorOptions[], path: readonly string[]): MenuItemConstructorOptions {
  const [head, ...rest] = path;
  const item = template.find((i) => i.label === head);
  if (!item) throw new Error(`no menu item ${head}`);
  if (rest.length === 0) return item;
  if (!Array.isArray(item.submenu)) throw new Error(`${head} has no submenu`);
  return menuItem(item.submenu, rest);
}

export function click(item: MenuItemConstructorOptions): void {
  item.click?.(undefined as never, undefined, undefined as never);
}
