// The built bundles, not the sources: out/main/index.js is loaded in plain Node with a stub `electron`
// injected by hooking Module._load (a NODE_PATH shim cannot work: node_modules/electron is found first).
// This catches what unit tests cannot: a dependency the bundler left external that a packaged app will
// not have, an asset (the demo CSV) that was not emitted, a preload that requires more than `electron`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DemoFile, HostInfo, OpenedFile } from '../../shared/host/contract';
import { fakeElectron, FakeBrowserWindow, type FakeElectron } from './fake-electron';
import { demoCsvPath, evaluationBytes, expectBilingual, failureOf, projectRoot, valueOf } from './helpers';

const require = createRequire(import.meta.url);
const mainBundle = join(projectRoot, 'out/main/index.js');
const preloadBundle = join(projectRoot, 'out/preload/index.js');

// Written out here rather than imported, so that a channel dropped from the sources fails this test.
const CHANNELS = [
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
  'setDocumentState',
  'getLanguage',
  'setLanguage',
  'reportSaved',
].map((m) => `nq57:${m}`);

/** Everything the bundles are built from. */
const SOURCES = ['electron', 'node', 'shared', 'demo/dien-bien.csv', 'electron.vite.config.ts', 'package.json'];

function newestMtime(path: string): number {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

const builtAt = (bundle: string): number => statSync(bundle, { throwIfNoEntry: false })?.mtimeMs ?? 0;

function ensureBuilt(): void {
  const sources = Math.max(...SOURCES.map((s) => newestMtime(join(projectRoot, s))));
  const fresh = () => builtAt(mainBundle) >= sources && builtAt(preloadBundle) >= sources;
  if (fresh()) return;
  const run = spawnSync(process.execPath, [join(projectRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: projectRoot,
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  });
  // main and preload are built before the renderer: a renderer that does not build yet is the
  // renderer tests' business, not a reason to skip checking the main process.
  if (!fresh()) throw new Error(`electron-vite build did not produce fresh bundles (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
}

type ModuleLoad = (request: string, parent: { filename?: string } | null, isMain: boolean) => unknown;

/** Loads a CommonJS bundle with `electron` replaced; returns the modules the bundle itself required. */
function loadWithElectron(bundle: string, electron: unknown): string[] {
  const Module = require('node:module') as { _load: ModuleLoad };
  const original = Module._load;
  const required: string[] = [];
  Module._load = function (request, parent, isMain) {
    if (parent?.filename === bundle) required.push(request);
    if (request === 'electron') return electron;
    return original.call(this, request, parent, isMain);
  };
  try {
    delete require.cache[bundle];
    require(bundle);
  } finally {
    Module._load = original;
  }
  return required;
}

const isBuiltin = (name: string): boolean => name.startsWith('node:') || builtinModules.includes(name);

describe('the built main process', () => {
  let root: string;
  let fake: FakeElectron;
  let required: string[];

  beforeAll(async () => {
    ensureBuilt();
    root = mkdtempSync(join(tmpdir(), 'nq57-built-main-'));
    mkdirSync(join(root, 'userData'));
    fake = fakeElectron({ userData: join(root, 'userData'), documents: root, version: '9.9.9' });
    required = loadWithElectron(mainBundle, fake.electron);
    await vi.waitFor(() => expect(FakeBrowserWindow.all).toHaveLength(1));
    await vi.waitFor(() => expect(fake.menus.length).toBeGreaterThan(0));
  }, 240_000);

  afterAll(async () => {
    if (fake?.handlers.has('nq57:close')) await fake.invoke('nq57:close');
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('registers every nq57:* channel, and nothing else', () => {
    expect([...fake.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('needs at run time only Node, Electron and the app’s declared dependencies', () => {
    const { dependencies } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const external = required.filter((r) => !isBuiltin(r) && r !== 'electron');
    for (const name of external) expect(Object.keys(dependencies), `the bundle requires ${name}`).toContain(name.split('/')[0]);
    expect(required).toContain('electron');
  });

  it('opens one hardened, sandboxed window on the built renderer with the built preload', () => {
    const window = fake.mainWindow();
    expect(window.loadedUrl).toBe(pathToFileURL(join(projectRoot, 'out/renderer/index.html')).href);
    expect(window.options['webPreferences']).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: join(projectRoot, 'out/preload/index.js'),
    });
    expect(fake.electron.app.sandboxEnabled).toBe(true);
    expect(fake.session.permissionCheckHandler?.({}, 'geolocation')).toBe(false);
  });

  it('answers info from the bundle', async () => {
    expect(valueOf<HostInfo>(await fake.invoke('nq57:info'))).toEqual({ kind: 'electron', appVersion: '9.9.9', startWith: { kind: 'demo' } });
  });

  it('builds the demo on a fresh userData from the CSV shipped with the bundle, then opens it', async () => {
    const demoPath = join(root, 'userData', 'dien-bien-demo.nq57');
    const build = valueOf<DemoFile>(await fake.invoke('nq57:openDemo'));
    expect(build).toEqual({ kind: 'build', path: demoPath, csv: readFileSync(demoCsvPath, 'utf8') });
    expect(readdirSync(join(projectRoot, 'out/main/chunks')).some((f) => /^dien-bien-.*\.csv$/.test(f))).toBe(true);

    valueOf<OpenedFile>(await fake.invoke('nq57:create', await evaluationBytes(), demoPath));
    valueOf(await fake.invoke('nq57:close'));
    const existing = valueOf<DemoFile>(await fake.invoke('nq57:openDemo'));
    expect(existing.kind).toBe('existing');
  });

  it('refuses a stranger frame and an invalid payload from the bundle too', async () => {
    const main = fake.mainWindow().webContents.mainFrame;
    expectBilingual(failureOf(await fake.invokeFrom({ ...main, parent: main }, 'nq57:info')), 'forbidden-sender');
    expectBilingual(failureOf(await fake.invoke('nq57:open', 'relative.nq57')), 'invalid-request');
  });

  it('prints a document to PDF from the bundle, in a hidden window without JavaScript, closed afterwards', async () => {
    const pdf = valueOf<Uint8Array>(await fake.invoke('nq57:printPdf', '<!DOCTYPE html><p>Danh sách đề nghị khen thưởng</p>'));
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const print = FakeBrowserWindow.all.at(-1)!;
    expect(print).not.toBe(fake.mainWindow());
    expect(print.options['webPreferences']).toMatchObject({ javascript: false, sandbox: true, nodeIntegration: false, offscreen: true });
    expect(print.webContents.printed[0]!.html).toContain('<p>Danh sách đề nghị khen thưởng</p>');
    expect(print.isDestroyed()).toBe(true);
  });

  it('sets the Vietnamese menu', () => {
    expect(fake.menu().map((m) => m.label)).toEqual(['Tệp', 'Sửa', 'Xem', 'Trợ giúp']);
  });
});

describe('the built preload', () => {
  it('requires only electron and exposes only nq57Host, calling nq57:* channels', async () => {
    ensureBuilt();
    const exposed: [string, Record<string, unknown>][] = [];
    const invoked: unknown[][] = [];
    const required = loadWithElectron(preloadBundle, {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push([key, api]) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => {
          invoked.push(args);
          return { ok: true, value: 'vi' };
        },
        on: () => undefined,
        removeListener: () => undefined,
      },
    });
    expect(required).toEqual(['electron']);
    expect(exposed.map(([key]) => key)).toEqual(['nq57Host']);
    const api = exposed[0]![1];
    const hostMethods = CHANNELS.map((c) => c.slice('nq57:'.length));
    expect(Object.keys(api).sort()).toEqual([...hostMethods, 'onMenu', 'onRequestSave'].sort());
    await expect((api['getLanguage'] as () => Promise<string>)()).resolves.toBe('vi');
    expect(invoked).toEqual([['nq57:getLanguage']]);
  });
});
