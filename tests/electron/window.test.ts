import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MENU_CHANNEL, REQUEST_SAVE_CHANNEL } from '../../electron/common/ipc';
import { CONTENT_SECURITY_POLICY, HARDENED_WEB_PREFERENCES } from '../../electron/main/security';
import { lockPathOf } from '../../node/host';
import { FakeWebContents, click, menuItem, menuLabels } from './fake-electron';
import { evaluationBytes, startFakeDesktop, valueOf, type FakeDesktop } from './helpers';

let d: FakeDesktop;
afterEach(async () => d.cleanup());

const menuSent = (d: FakeDesktop) => d.fake.mainWindow().webContents.sent.filter((m) => m.channel === MENU_CHANNEL).map((m) => m.args[0]);

const VIETNAMESE_MENU = [
  [
    'Tệp',
    ['Mới', 'Mở…', ['Mở gần đây', ['(Chưa có tệp nào)']], 'Lưu', 'Lưu thành…', 'Sao lưu…', 'Nhập dữ liệu…', 'Gộp tệp…', 'Xuất…', 'Thoát'],
  ],
  ['Sửa', ['Hoàn tác', 'Làm lại', 'Cắt', 'Sao chép', 'Dán', 'Chọn tất cả']],
  ['Xem', ['Phóng to', 'Thu nhỏ', 'Cỡ mặc định', ['Ngôn ngữ', ['Tiếng Việt', 'English']]]],
  ['Trợ giúp', ['Giới thiệu']],
];

const ENGLISH_MENU = [
  ['File', ['New', 'Open…', ['Open recent', ['(No files yet)']], 'Save', 'Save as…', 'Backups…', 'Import data…', 'Merge files…', 'Export…', 'Quit']],
  ['Edit', ['Undo', 'Redo', 'Cut', 'Copy', 'Paste', 'Select all']],
  ['View', ['Zoom in', 'Zoom out', 'Actual size', ['Language', ['Tiếng Việt', 'English']]]],
  ['Help', ['About']],
];

describe('the application menu', () => {
  it('is in Vietnamese, without reload or developer tools in the built app', async () => {
    d = await startFakeDesktop();
    expect(menuLabels(d.fake.menu())).toEqual(VIETNAMESE_MENU);
    expect(menuItem(d.fake.menu(), ['Tệp', 'Thoát']).role).toBe('quit');
    expect(menuItem(d.fake.menu(), ['Sửa', 'Hoàn tác']).role).toBe('undo');
    expect(menuItem(d.fake.menu(), ['Xem', 'Phóng to']).role).toBe('zoomIn');
  });

  it('switches to English when the page asks, keeps the choice in userData, and back', async () => {
    d = await startFakeDesktop();
    expect(valueOf(await d.fake.invoke('nq57:getLanguage'))).toBe('vi');
    valueOf(await d.fake.invoke('nq57:setLanguage', 'en'));
    expect(menuLabels(d.fake.menu())).toEqual(ENGLISH_MENU);
    expect(valueOf(await d.fake.invoke('nq57:getLanguage'))).toBe('en');
    expect(JSON.parse(readFileSync(join(d.userData, 'settings.json'), 'utf8'))).toEqual({ language: 'en' });
    valueOf(await d.fake.invoke('nq57:setLanguage', 'vi'));
    expect(menuLabels(d.fake.menu())).toEqual(VIETNAMESE_MENU);
  });

  it('switches language from its own Language submenu and tells the page', async () => {
    d = await startFakeDesktop();
    const english = menuItem(d.fake.menu(), ['Xem', 'Ngôn ngữ', 'English']);
    expect(english.type).toBe('radio');
    expect(english.checked).toBe(false);
    click(english);
    await vi.waitFor(() => expect(menuSent(d)).toEqual(['language:en']));
    expect(menuItem(d.fake.menu(), ['View', 'Language', 'English']).checked).toBe(true);
  });

  it('starts in the language kept from last time, and in Vietnamese when the setting is damaged', async () => {
    d = await startFakeDesktop({ prepare: (userData) => writeFileSync(join(userData, 'settings.json'), '{"language":"en"}') });
    expect(menuLabels(d.fake.menu())).toEqual(ENGLISH_MENU);
    await d.cleanup();
    d = await startFakeDesktop({ prepare: (userData) => writeFileSync(join(userData, 'settings.json'), '{ not json') });
    expect(menuLabels(d.fake.menu())).toEqual(VIETNAMESE_MENU);
  });

  it('asks the page to carry out document commands, enabled once a file is open', async () => {
    d = await startFakeDesktop();
    expect(menuItem(d.fake.menu(), ['Tệp', 'Lưu']).enabled).toBe(false);
    const path = join(d.documents, 'ho-so.nq57');
    writeFileSync(path, await evaluationBytes());
    valueOf(await d.fake.invoke('nq57:open', path));
    await vi.waitFor(() => expect(menuItem(d.fake.menu(), ['Tệp', 'Lưu']).enabled).toBe(true));

    const items: [string, string][] = [
      ['Mới', 'new'],
      ['Mở…', 'open'],
      ['Lưu', 'save'],
      ['Lưu thành…', 'save-as'],
      ['Sao lưu…', 'backups'],
      ['Nhập dữ liệu…', 'import'],
      ['Gộp tệp…', 'merge'],
      ['Xuất…', 'export'],
    ];
    for (const [label] of items) click(menuItem(d.fake.menu(), ['Tệp', label]));
    click(menuItem(d.fake.menu(), ['Tệp', 'Mở gần đây', path]));
    expect(menuSent(d)).toEqual([...items.map(([, action]) => action), `open-recent:${path}`]);
    expect(menuItem(d.fake.menu(), ['Tệp', 'Lưu']).accelerator).toBe('CmdOrCtrl+S');
  });

  it('shows a path with “&” literally in Mở gần đây', async () => {
    d = await startFakeDesktop();
    const path = join(d.documents, 'KH&CN.nq57');
    writeFileSync(path, await evaluationBytes());
    valueOf(await d.fake.invoke('nq57:open', path));
    await vi.waitFor(() => expect(menuItem(d.fake.menu(), ['Tệp', 'Mở gần đây', path.replace('&', '&&')])).toBeDefined());
  });

  it('has Tải lại and the developer tools only under the dev server', async () => {
    d = await startFakeDesktop({ isPackaged: false, env: { ELECTRON_RENDERER_URL: 'http://localhost:5173/' } });
    expect(menuLabels(d.fake.menu())[2]).toEqual(['Xem', ['Tải lại', 'Công cụ phát triển', 'Phóng to', 'Thu nhỏ', 'Cỡ mặc định', ['Ngôn ngữ', ['Tiếng Việt', 'English']]]]);
    expect(d.fake.mainWindow().loadedUrl).toBe('http://localhost:5173/');
  });

  it('ignores the dev server variable in a packaged app', async () => {
    d = await startFakeDesktop({ isPackaged: true, env: { ELECTRON_RENDERER_URL: 'http://evil.example/' } });
    expect(d.fake.mainWindow().loadedUrl).toBe('file:///opt/nq57/resources/app.asar/out/renderer/index.html');
    expect(JSON.stringify(d.fake.menu())).not.toContain('Tải lại');
  });
});

describe('the window title', () => {
  it('names the file and marks unsaved changes with ●', async () => {
    d = await startFakeDesktop();
    const window = d.fake.mainWindow();
    expect(window.title).toBe('Đánh giá truyền thông NQ57');
    valueOf(await d.fake.invoke('nq57:setDocumentState', { name: 'dien-bien-demo.nq57', dirty: true }));
    expect(window.title).toBe('dien-bien-demo.nq57 ● — Đánh giá truyền thông NQ57');
    valueOf(await d.fake.invoke('nq57:setDocumentState', { name: 'dien-bien-demo.nq57', dirty: false }));
    expect(window.title).toBe('dien-bien-demo.nq57 — Đánh giá truyền thông NQ57');
  });

  it('greys New, Open, Import and Merge in the menu while the page runs an import or a merge, and gives them back after', async () => {
    d = await startFakeDesktop();
    const path = join(d.documents, 'ho-so.nq57');
    writeFileSync(path, await evaluationBytes());
    valueOf(await d.fake.invoke('nq57:open', path));
    const enabled = () => ['Mới', 'Mở…', 'Nhập dữ liệu…', 'Gộp tệp…', 'Lưu'].map((label) => menuItem(d.fake.menu(), ['Tệp', label]).enabled !== false);
    await vi.waitFor(() => expect(enabled()).toEqual([true, true, true, true, true]));
    valueOf(await d.fake.invoke('nq57:setDocumentState', { name: 'ho-so.nq57', dirty: false, busy: true }));
    await vi.waitFor(() => expect(enabled()).toEqual([false, false, false, false, true]));
    valueOf(await d.fake.invoke('nq57:setDocumentState', { name: 'ho-so.nq57', dirty: true, busy: false }));
    await vi.waitFor(() => expect(enabled()).toEqual([true, true, true, true, true]));
    expect(d.fake.mainWindow().title).toBe('ho-so.nq57 ● — Đánh giá truyền thông NQ57');
  });

  it('is not replaced by the page’s <title>', async () => {
    d = await startFakeDesktop();
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    d.fake.mainWindow().emit('page-title-updated', event, 'React App');
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('closing the window', () => {
  async function dirtyFile() {
    d = await startFakeDesktop();
    const path = join(d.documents, 'ho-so.nq57');
    writeFileSync(path, await evaluationBytes());
    valueOf(await d.fake.invoke('nq57:open', path));
    valueOf(await d.fake.invoke('nq57:setDocumentState', { name: 'ho-so.nq57', dirty: true }));
    return { window: d.fake.mainWindow(), path };
  }

  it('with nothing unsaved closes at once and releases the file’s lock', async () => {
    d = await startFakeDesktop();
    const path = join(d.documents, 'ho-so.nq57');
    writeFileSync(path, await evaluationBytes());
    valueOf(await d.fake.invoke('nq57:open', path));
    expect(existsSync(lockPathOf(path))).toBe(true);
    const window = d.fake.mainWindow();
    expect(window.close().defaultPrevented).toBe(false);
    expect(window.destroyed).toBe(true);
    expect(d.fake.dialogCalls).toEqual([]);
    expect(existsSync(lockPathOf(path))).toBe(false);
  });

  it('with unsaved changes asks in Vietnamese: Lưu / Không lưu / Hủy', async () => {
    const { window } = await dirtyFile();
    d.fake.script.message.push(2);
    expect(window.close().defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(d.fake.dialogCalls).toHaveLength(1));
    expect(d.fake.dialogCalls[0]?.options).toMatchObject({
      title: 'Thay đổi chưa được lưu',
      message: 'Lưu các thay đổi của “ho-so.nq57” trước khi đóng?',
      buttons: ['Lưu', 'Không lưu', 'Hủy'],
      defaultId: 0,
      cancelId: 2,
    });
  });

  it('on Lưu asks the page to save, and closes when the page reports it saved', async () => {
    const { window, path } = await dirtyFile();
    d.fake.script.message.push(0);
    window.close();
    await vi.waitFor(() => expect(window.webContents.sent.map((m) => m.channel)).toContain(REQUEST_SAVE_CHANNEL));
    expect(window.destroyed).toBe(false);
    valueOf(await d.fake.invoke('nq57:save', await evaluationBytes('Lai Châu')));
    valueOf(await d.fake.invoke('nq57:setDocumentState', { name: 'ho-so.nq57', dirty: false }));
    valueOf(await d.fake.invoke('nq57:reportSaved', true));
    expect(window.destroyed).toBe(true);
    expect(existsSync(lockPathOf(path))).toBe(false);
  });

  it('stays open when the save failed, and asks again on the next close', async () => {
    const { window } = await dirtyFile();
    d.fake.script.message.push(0, 2);
    window.close();
    await vi.waitFor(() => expect(window.webContents.sent.map((m) => m.channel)).toContain(REQUEST_SAVE_CHANNEL));
    valueOf(await d.fake.invoke('nq57:reportSaved', false));
    expect(window.destroyed).toBe(false);
    expect(window.close().defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(d.fake.dialogCalls).toHaveLength(2));
    expect(window.destroyed).toBe(false);
  });

  it('on Không lưu closes without saving; on Hủy stays open', async () => {
    const { window, path } = await dirtyFile();
    const before = readFileSync(path);
    d.fake.script.message.push(2);
    window.close();
    await vi.waitFor(() => expect(d.fake.dialogCalls).toHaveLength(1));
    await Promise.resolve();
    expect(window.destroyed).toBe(false);

    d.fake.script.message.push(1);
    window.close();
    await vi.waitFor(() => expect(window.destroyed).toBe(true));
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(window.webContents.sent.map((m) => m.channel)).not.toContain(REQUEST_SAVE_CHANNEL);
    expect(existsSync(lockPathOf(path))).toBe(false);
  });

  it('ignores a “saved” report nobody asked for', async () => {
    const { window } = await dirtyFile();
    valueOf(await d.fake.invoke('nq57:reportSaved', true));
    expect(window.destroyed).toBe(false);
  });

  it('asks in English when the user chose English', async () => {
    const { window } = await dirtyFile();
    valueOf(await d.fake.invoke('nq57:setLanguage', 'en'));
    d.fake.script.message.push(2);
    window.close();
    await vi.waitFor(() => expect(d.fake.dialogCalls).toHaveLength(1));
    expect(d.fake.dialogCalls[0]?.options['buttons']).toEqual(['Save', 'Don’t save', 'Cancel']);
  });

  it('quits the app with the last window and releases the lock on quit', async () => {
    const { path } = await dirtyFile();
    d.fake.emitApp('will-quit');
    expect(existsSync(lockPathOf(path))).toBe(false);
    d.fake.emitApp('window-all-closed');
    expect(d.fake.electron.app.quitCalls).toBe(process.platform === 'darwin' ? 0 : 1);
  });
});

describe('a renderer crash', () => {
  it('reloads the page once, on the file that is still open, and forgets the lost unsaved state', async () => {
    d = await startFakeDesktop();
    const path = join(d.documents, 'ho-so.nq57');
    writeFileSync(path, await evaluationBytes());
    valueOf(await d.fake.invoke('nq57:open', path));
    valueOf(await d.fake.invoke('nq57:setDocumentState', { name: 'ho-so.nq57', dirty: true }));
    const window = d.fake.mainWindow();
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    expect(window.webContents.reloads).toBe(1);
    expect(window.title).toBe('ho-so.nq57 — Đánh giá truyền thông NQ57');
    expect(valueOf(await d.fake.invoke('nq57:info'))).toMatchObject({ startWith: { kind: 'file', path } });
    // Crashing again straight away does not start a reload loop.
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    expect(window.webContents.reloads).toBe(1);
  });
});

describe('the hardening wired in by the main process', () => {
  it('sandboxes every renderer and opens the window with the hardened preferences and our preload', async () => {
    d = await startFakeDesktop();
    expect(d.fake.electron.app.sandboxEnabled).toBe(true);
    expect(d.fake.mainWindow().options['webPreferences']).toEqual({
      ...HARDENED_WEB_PREFERENCES,
      preload: '/opt/nq57/resources/app.asar/out/preload/index.js',
    });
  });

  it('denies every permission and sends our CSP on every response', async () => {
    d = await startFakeDesktop();
    const answers: boolean[] = [];
    d.fake.session.permissionRequestHandler?.({}, 'media', (granted: boolean) => answers.push(granted));
    expect(answers).toEqual([false]);
    expect(d.fake.session.permissionCheckHandler?.({}, 'notifications')).toBe(false);
    let headers: unknown;
    d.fake.session.headersReceived?.({ responseHeaders: { 'content-security-policy': ['default-src *'] } }, (r: { responseHeaders: unknown }) => (headers = r.responseHeaders));
    expect(headers).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('blocks navigation away, redirects, webviews and window.open in every web contents', async () => {
    d = await startFakeDesktop();
    const contents = new FakeWebContents();
    d.fake.emitApp('web-contents-created', {}, contents);
    const prevented = (event: string, url?: string) => {
      const e = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
      contents.emit(event, e, url);
      return e.defaultPrevented;
    };
    expect(prevented('will-navigate', 'https://example.com/')).toBe(true);
    expect(prevented('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(prevented('will-navigate', 'file:///opt/nq57/resources/app.asar/out/renderer/index.html#/ket-qua')).toBe(false);
    expect(prevented('will-attach-webview')).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });
});
