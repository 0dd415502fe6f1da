import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AttachmentMeta, BackupInfo, DemoFile, HostInfo, OpenedFile, PickedEvaluationFile, SavedFile } from '../../shared/host/contract';
import { HOST_METHODS, DESKTOP_METHODS, INVOKE_CHANNELS } from '../../electron/common/ipc';
import { DEFAULT_LIMITS } from '../../electron/main/validate';
import { attachmentStoreOf, backupFolderOf, lockPathOf, sha256Hex } from '../../node/host';
import { demoCsvPath, evaluationBytes, expectBilingual, failureOf, startFakeDesktop, valueOf, type FakeDesktop } from './helpers';
import { FakeBrowserWindow } from './fake-electron';
import { withPrintPolicy } from '../../electron/main/print-pdf';

// A minimal PDF: the allow-list checks content, not only the name.
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
// A Windows program (MZ header), whatever it is called.
const PROGRAM = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]);

const VIETNAMESE_LETTER = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

let d: FakeDesktop;
afterEach(async () => d.cleanup());

async function openedFile(name = 'ho-so.nq57', province = 'Điện Biên'): Promise<{ path: string; bytes: Uint8Array }> {
  const path = join(d.documents, name);
  const bytes = await evaluationBytes(province);
  writeFileSync(path, bytes);
  valueOf<OpenedFile>(await d.fake.invoke('nq57:open', path));
  return { path, bytes };
}

describe('the IPC host', () => {
  beforeEach(async () => {
    d = await startFakeDesktop();
  });

  it('answers one channel per Host method and per window need, all named nq57:<method>', () => {
    expect([...d.fake.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(INVOKE_CHANNELS).toHaveLength(HOST_METHODS.length + DESKTOP_METHODS.length);
    for (const channel of INVOKE_CHANNELS) expect(channel).toMatch(/^nq57:[a-zA-Z]+$/);
  });

  it('tells the page it runs in Electron, and that a start without a file shows the demo', async () => {
    const info = valueOf<HostInfo>(await d.fake.invoke('nq57:info'));
    expect(info).toEqual({ kind: 'electron', appVersion: '0.1.0', startWith: { kind: 'demo' } });
  });
});

describe('calls that do not come from our own page', () => {
  beforeEach(async () => {
    d = await startFakeDesktop();
  });

  it('are refused from a subframe, another frame, another page or without a frame, and do nothing', async () => {
    const main = d.fake.mainWindow().webContents.mainFrame;
    const path = join(d.documents, 'x.nq57');
    writeFileSync(path, await evaluationBytes());
    const strangers = [
      { ...main, parent: main },
      { ...main, routingId: main.routingId + 1 },
      { ...main, processId: main.processId + 1 },
      { ...main, url: 'https://example.com/' },
      { ...main, url: 'file:///tmp/other.html' },
      null,
    ];
    for (const frame of strangers) {
      const failure = failureOf(await d.fake.invokeFrom(frame, 'nq57:open', path));
      expectBilingual(failure, 'forbidden-sender');
    }
    // Another webContents, even with a frame that looks like ours.
    expectBilingual(failureOf(await d.fake.invokeAs({ sender: {}, senderFrame: main }, 'nq57:open', path)), 'forbidden-sender');
    expect(d.desktop.service.openPath).toBeNull();
    expect(existsSync(lockPathOf(path))).toBe(false);
  });

  it('are refused once the window is gone', async () => {
    const main = d.fake.mainWindow().webContents.mainFrame;
    d.fake.mainWindow().close();
    expectBilingual(failureOf(await d.fake.invokeFrom(main, 'nq57:recentFiles')), 'forbidden-sender');
  });

  it('are answered from the main frame of our page, whatever its hash', async () => {
    const main = d.fake.mainWindow().webContents.mainFrame;
    expect(main.url).toBe('file:///opt/nq57/resources/app.asar/out/renderer/index.html');
    expect(valueOf(await d.fake.invokeFrom({ ...main, url: `${main.url}#/don-vi` }, 'nq57:recentFiles'))).toEqual([]);
  });
});

describe('payloads', () => {
  beforeEach(async () => {
    d = await startFakeDesktop({ limits: { ...DEFAULT_LIMITS, fileBytes: 256 * 1024, attachmentBytes: 1024, exportBytes: 1024 } });
  });

  it('of the wrong type are refused with a bilingual message', async () => {
    const bytes = await evaluationBytes();
    const cases: [string, ...unknown[]][] = [
      ['nq57:open', 42],
      ['nq57:open', { path: '/tmp/a.nq57' }],
      ['nq57:save', 'not bytes'],
      ['nq57:save', [1, 2, 3]],
      ['nq57:save', new Uint16Array(8)],
      ['nq57:save', bytes, -1],
      ['nq57:save', bytes, '3'],
      ['nq57:journal', { edit: 1 }],
      ['nq57:journal', 'x'.repeat(1_000_001)],
      ['nq57:pendingChanges', 'extra'],
      ['nq57:create', bytes, 7],
      ['nq57:create', new TextEncoder().encode('not a database at all')],
      ['nq57:addAttachment', { name: 'a.pdf' }],
      ['nq57:addAttachment', { name: 12, bytes: PDF }],
      ['nq57:addAttachment', null],
      ['nq57:openAttachment', '../../etc/passwd', 'a.pdf'],
      ['nq57:openAttachment', 'A'.repeat(64), 'a.pdf'],
      ['nq57:verifyAttachments', 'all'],
      ['nq57:verifyAttachments', [{ sha256: 'a'.repeat(64), size: -1 }]],
      ['nq57:copyAttachmentsFrom', 'no-such-handle', []],
      ['nq57:exportFile', 'bao-cao.exe', PDF],
      ['nq57:exportFile', 'bao-cao.xlsx', 'bytes'],
      ['nq57:setDocumentState', { name: 'a.nq57', dirty: 'yes' }],
      ['nq57:setDocumentState', { name: 'a.nq57', dirty: false, busy: 'yes' }],
      ['nq57:setDocumentState', 'a.nq57'],
      ['nq57:setLanguage', 'fr'],
      ['nq57:reportSaved', 1],
      ['nq57:info', 'extra'],
      ['nq57:backups', 1, 2],
    ];
    for (const [channel, ...args] of cases) {
      const failure = failureOf(await d.fake.invoke(channel, ...args));
      expectBilingual(failure, 'invalid-request');
      expect(failure.text.vi, channel).toContain('không hợp lệ');
      expect(failure.text.en, channel).toContain('Invalid');
      expect(failure.text.en, channel).not.toMatch(VIETNAMESE_LETTER);
    }
  });

  it('with a relative path, a path containing NUL or a path that is not .nq57 are refused', async () => {
    for (const path of ['ho-so.nq57', './ho-so.nq57', '../ho-so.nq57', `${d.documents}/ho\u0000so.nq57`, `${d.documents}/ho-so.sqlite`, '']) {
      expectBilingual(failureOf(await d.fake.invoke('nq57:open', path)), 'invalid-request');
      expectBilingual(failureOf(await d.fake.invoke('nq57:create', await evaluationBytes(), path)), 'invalid-request');
    }
    const relative = failureOf(await d.fake.invoke('nq57:open', 'ho-so.nq57'));
    expect(relative.text.vi).toContain('không phải đường dẫn tuyệt đối');
    expect(relative.text.en).toContain('not absolute');
    expect(failureOf(await d.fake.invoke('nq57:open', `${d.documents}/a\u0000.nq57`)).text.en).toContain('NUL');
  });

  it('with a backup path outside the open file’s backups folder are refused', async () => {
    const { path } = await openedFile();
    const folder = backupFolderOf(path);
    for (const outside of [
      join(d.documents, 'khac.nq57'),
      `${folder}/../ho-so.nq57`,
      join(dirname(folder), 'other.nq57.backups', 'ho-so.nq57.20260101-000000-000.bak'),
      join(folder, 'sub', 'ho-so.nq57.20260101-000000-000.bak'),
      folder,
      'ho-so.nq57.backups/ho-so.nq57.20260101-000000-000.bak',
    ]) {
      const failure = failureOf(await d.fake.invoke('nq57:restore', outside));
      expectBilingual(failure, 'invalid-request');
    }
    expect(failureOf(await d.fake.invoke('nq57:restore', join(dirname(folder), 'x.bak'))).text.en).toContain('backup folder');
  });

  it('with bytes over the limit are refused before anything is written', async () => {
    const { path } = await openedFile();
    const before = readFileSync(path);
    const big = new Uint8Array(256 * 1024 + 1);
    big.set(before.subarray(0, 16));
    const tooBig = failureOf(await d.fake.invoke('nq57:save', big));
    expectBilingual(tooBig, 'invalid-request');
    expect(tooBig.text.vi).toContain('quá lớn');
    expect(tooBig.text.en).toContain('too large');
    expect(readFileSync(path).equals(before)).toBe(true);
    expectBilingual(failureOf(await d.fake.invoke('nq57:addAttachment', { name: 'a.pdf', bytes: new Uint8Array(1025) })), 'invalid-request');
    expectBilingual(failureOf(await d.fake.invoke('nq57:exportFile', 'a.csv', new Uint8Array(1025))), 'invalid-request');
  });

  it('journal a change and hand it back until a save includes it', async () => {
    await openedFile();
    expect(valueOf<number>(await d.fake.invoke('nq57:journal', '{"edit":1}'))).toBe(1);
    expect(valueOf<number>(await d.fake.invoke('nq57:journal', '{"edit":2}'))).toBe(2);
    valueOf<SavedFile>(await d.fake.invoke('nq57:save', await evaluationBytes('Lai Châu'), 1));
    expect(valueOf<unknown>(await d.fake.invoke('nq57:pendingChanges'))).toEqual([{ seq: 2, record: '{"edit":2}' }]);
  });

  it('accept a Node Buffer, which is what IPC delivers for bytes from another realm', async () => {
    await openedFile();
    const saved = valueOf<SavedFile>(await d.fake.invoke('nq57:save', Buffer.from(await evaluationBytes('Lai Châu'))));
    expect(saved.path).toBe(join(d.documents, 'ho-so.nq57'));
  });
});

describe('a round trip through the handlers', () => {
  beforeEach(async () => {
    d = await startFakeDesktop();
  });

  it('opens, saves and saves as a real evaluation file, moving the lock and keeping attachments', async () => {
    const path = join(d.documents, 'ho-so.nq57');
    const first = await evaluationBytes('Điện Biên');
    writeFileSync(path, first);

    const opened = valueOf<OpenedFile>(await d.fake.invoke('nq57:open', path));
    expect(opened.path).toBe(path);
    expect(opened.name).toBe('ho-so.nq57');
    expect(Buffer.from(opened.bytes).equals(Buffer.from(first))).toBe(true);
    expect(existsSync(lockPathOf(path))).toBe(true);

    const attached = valueOf<AttachmentMeta>(await d.fake.invoke('nq57:addAttachment', { name: 'quyet-dinh.pdf', bytes: PDF }));
    expect(attached).toMatchObject({ sha256: sha256Hex(PDF), name: 'quyet-dinh.pdf', mediaType: 'application/pdf', size: PDF.length });

    const second = await evaluationBytes('Lai Châu');
    const saved = valueOf<SavedFile>(await d.fake.invoke('nq57:save', second));
    expect(saved.path).toBe(path);
    expect(saved.backup).not.toBeNull();
    expect(readFileSync(path).equals(Buffer.from(second))).toBe(true);
    const backups = valueOf<BackupInfo[]>(await d.fake.invoke('nq57:backups'));
    expect(backups.map((b) => b.path)).toEqual([saved.backup]);
    expect(readFileSync(backups[0]!.path).equals(Buffer.from(first))).toBe(true);

    const copyPath = join(d.documents, 'ban-sao');
    d.fake.script.save.push({ canceled: false, filePath: copyPath });
    const third = await evaluationBytes('Sơn La');
    const savedAs = valueOf<SavedFile>(await d.fake.invoke('nq57:saveAs', third));
    // The extension is added when the user typed a name without it.
    expect(savedAs.path).toBe(`${copyPath}.nq57`);
    expect(readFileSync(savedAs.path).equals(Buffer.from(third))).toBe(true);
    expect(readFileSync(path).equals(Buffer.from(second))).toBe(true);
    expect(d.desktop.service.openPath).toBe(savedAs.path);
    expect(existsSync(lockPathOf(path))).toBe(false);
    expect(existsSync(lockPathOf(savedAs.path))).toBe(true);
    const blob = join(attachmentStoreOf(savedAs.path), attached.sha256.slice(0, 2), attached.sha256);
    expect(readFileSync(blob).equals(Buffer.from(PDF))).toBe(true);

    const dialog = d.fake.dialogCalls.find((c) => c.kind === 'save')!;
    expect(dialog.options['title']).toBe('Lưu tệp đánh giá thành');
    expect(dialog.options['defaultPath']).toBe(join(d.documents, 'ho-so (bản sao).nq57'));
    expect(dialog.options['filters']).toEqual([{ name: 'Tệp đánh giá NQ57 (*.nq57)', extensions: ['nq57'] }]);

    const recent = valueOf<string[]>(await d.fake.invoke('nq57:recentFiles'));
    expect(recent).toEqual([savedAs.path, path]);

    valueOf(await d.fake.invoke('nq57:close'));
    expect(existsSync(lockPathOf(savedAs.path))).toBe(false);
  });

  it('restores a backup of the open file', async () => {
    const { path, bytes: first } = await openedFile();
    const saved = valueOf<SavedFile>(await d.fake.invoke('nq57:save', await evaluationBytes('Lai Châu')));
    const restored = valueOf<OpenedFile>(await d.fake.invoke('nq57:restore', saved.backup));
    expect(restored.path).toBe(path);
    expect(Buffer.from(restored.bytes).equals(Buffer.from(first))).toBe(true);
  });

  it('opens the file the user picks in the Vietnamese open dialog, and nothing when cancelled', async () => {
    const path = join(d.documents, 'chon.nq57');
    writeFileSync(path, await evaluationBytes());
    expect(valueOf(await d.fake.invoke('nq57:open'))).toBeNull();
    d.fake.script.open.push({ canceled: false, filePaths: [path] });
    expect(valueOf<OpenedFile>(await d.fake.invoke('nq57:open')).path).toBe(path);
    const [cancelled] = d.fake.dialogCalls;
    expect(cancelled?.options).toMatchObject({ title: 'Mở tệp đánh giá', properties: ['openFile'] });
  });

  it('creates a new file where the user says, refusing to replace one', async () => {
    const bytes = await evaluationBytes();
    d.fake.script.save.push({ canceled: false, filePath: join(d.documents, 'moi.nq57') });
    const created = valueOf<OpenedFile>(await d.fake.invoke('nq57:create', bytes));
    expect(created.path).toBe(join(d.documents, 'moi.nq57'));
    expect(d.fake.dialogCalls[0]?.options['title']).toBe('Tạo tệp đánh giá mới');
    expectBilingual(failureOf(await d.fake.invoke('nq57:create', bytes, created.path)), 'exists');
  });

  it('turns a HostError into {code, text} that survives IPC', async () => {
    const failure = failureOf(await d.fake.invoke('nq57:open', join(d.documents, 'khong-co.nq57')));
    expect(failure.code).toMatch(/read-failed|not-found/);
    expectBilingual(failure, failure.code);
    expect(JSON.parse(JSON.stringify(failure))).toEqual(failure);
    expectBilingual(failureOf(await d.fake.invoke('nq57:save', await evaluationBytes())), 'no-file');
  });
});

describe('the demo', () => {
  beforeEach(async () => {
    d = await startFakeDesktop();
  });

  it('is built by the page on first use from the bundled CSV, then opened as it is', async () => {
    const demoPath = join(d.userData, 'dien-bien-demo.nq57');
    const build = valueOf<DemoFile>(await d.fake.invoke('nq57:openDemo'));
    expect(build).toEqual({ kind: 'build', path: demoPath, csv: readFileSync(demoCsvPath, 'utf8') });

    const bytes = await evaluationBytes();
    valueOf(await d.fake.invoke('nq57:create', bytes, demoPath));
    valueOf(await d.fake.invoke('nq57:close'));
    const existing = valueOf<DemoFile>(await d.fake.invoke('nq57:openDemo'));
    expect(existing.kind).toBe('existing');
    if (existing.kind === 'existing') expect(existing.file.path).toBe(demoPath);
  });
});

describe('opening an attachment', () => {
  beforeEach(async () => {
    d = await startFakeDesktop();
  });

  it('hands the system viewer a read-only temporary copy of an allowed type', async () => {
    const { path } = await openedFile();
    const { sha256 } = valueOf<AttachmentMeta>(await d.fake.invoke('nq57:addAttachment', { name: 'quyet-dinh.pdf', bytes: PDF }));
    valueOf(await d.fake.invoke('nq57:openAttachment', sha256, 'Quyết định số 12.pdf'));
    const [copy] = d.fake.opened;
    expect(copy).toBeDefined();
    expect(basename(copy!)).toBe('Quyết định số 12.pdf');
    expect(copy!.startsWith(tmpdir())).toBe(true);
    expect(copy!.startsWith(attachmentStoreOf(path))).toBe(false);
    expect((await readFile(copy!)).equals(Buffer.from(PDF))).toBe(true);
    expect(statSync(copy!).mode & 0o222).toBe(0);
  });

  it('never hands over a program, whatever its stored name', async () => {
    const { path } = await openedFile();
    const { sha256 } = valueOf<AttachmentMeta>(await d.fake.invoke('nq57:addAttachment', { name: 'a.pdf', bytes: PDF }));
    valueOf(await d.fake.invoke('nq57:openAttachment', sha256, 'setup.exe'));
    expect(basename(d.fake.opened[0]!)).toBe('setup.exe.pdf');

    // A program slipped into the store by hand (the store is a plain folder on a USB stick).
    const sha = sha256Hex(PROGRAM);
    const blob = join(attachmentStoreOf(path), sha.slice(0, 2), sha);
    mkdirSync(dirname(blob), { recursive: true });
    writeFileSync(blob, PROGRAM);
    const refused = failureOf(await d.fake.invoke('nq57:openAttachment', sha, 'bien-ban.pdf'));
    expectBilingual(refused, 'type-not-allowed');
    expect(d.fake.opened).toHaveLength(1);
  });

  it('refuses to store a type that is not on the allow-list', async () => {
    await openedFile();
    expectBilingual(failureOf(await d.fake.invoke('nq57:addAttachment', { name: 'cai-dat.exe', bytes: PROGRAM })), 'type-not-allowed');
    expectBilingual(failureOf(await d.fake.invoke('nq57:addAttachment', { name: 'ghi-chu.txt', bytes: new TextEncoder().encode('x') })), 'type-not-allowed');
  });
});

describe('picking files and exporting', () => {
  beforeEach(async () => {
    d = await startFakeDesktop();
  });

  it('reads the CSV and workbooks the user picks for import', async () => {
    const csv = join(d.documents, 'du-lieu.csv');
    writeFileSync(csv, 'a,b\n1,2\n');
    d.fake.script.open.push({ canceled: false, filePaths: [csv] });
    const picked = valueOf<{ name: string; bytes: Uint8Array }[]>(await d.fake.invoke('nq57:pickImportFiles'));
    expect(picked.map((p) => [p.name, Buffer.from(p.bytes).toString()])).toEqual([['du-lieu.csv', 'a,b\n1,2\n']]);
    expect(d.fake.dialogCalls[0]?.options).toMatchObject({
      title: 'Chọn tệp dữ liệu để nhập',
      filters: [{ name: 'Dữ liệu (CSV, Excel)', extensions: ['csv', 'xlsx'] }],
      properties: ['openFile', 'multiSelections'],
    });
    expect(valueOf(await d.fake.invoke('nq57:pickImportFiles'))).toEqual([]);
  });

  it('gives files picked for merging an opaque handle for their attachments', async () => {
    await openedFile();
    const other = join(d.documents, 'thanh-vien.nq57');
    writeFileSync(other, await evaluationBytes('Lai Châu'));
    const store = attachmentStoreOf(other);
    const sha = sha256Hex(PDF);
    mkdirSync(join(store, sha.slice(0, 2)), { recursive: true });
    writeFileSync(join(store, sha.slice(0, 2), sha), PDF);

    d.fake.script.open.push({ canceled: false, filePaths: [other] });
    const [picked] = valueOf<PickedEvaluationFile[]>(await d.fake.invoke('nq57:pickMergeFiles'));
    expect(picked?.name).toBe('thanh-vien.nq57');
    expect(picked?.handle).not.toContain(other);
    valueOf(await d.fake.invoke('nq57:copyAttachmentsFrom', picked!.handle, [sha]));
    const open = d.desktop.service.openPath!;
    expect(existsSync(join(attachmentStoreOf(open), sha.slice(0, 2), sha))).toBe(true);
    expectBilingual(failureOf(await d.fake.invoke('nq57:copyAttachmentsFrom', other, [sha])), 'invalid-request');
  });

  it('writes an export where the user says, never over an evaluation file', async () => {
    await openedFile();
    d.fake.script.save.push({ canceled: false, filePath: join(d.documents, 'ket-qua') });
    const written = valueOf<string>(await d.fake.invoke('nq57:exportFile', 'ket-qua-2026.csv', new TextEncoder().encode('x;y\n')));
    expect(written).toBe(join(d.documents, 'ket-qua.csv'));
    expect(readFileSync(written, 'utf8')).toBe('x;y\n');
    expect(d.fake.dialogCalls.at(-1)?.options).toMatchObject({
      title: 'Xuất tệp',
      defaultPath: join(d.documents, 'ket-qua-2026.csv'),
      filters: [{ name: 'Tệp CSV (*.csv)', extensions: ['csv'] }],
    });

    d.fake.script.save.push({ canceled: false, filePath: join(d.documents, 'ho-so.nq57') });
    const before = readFileSync(join(d.documents, 'ho-so.nq57'));
    const xlsxName = join(d.documents, 'ho-so.nq57.xlsx');
    expect(valueOf(await d.fake.invoke('nq57:exportFile', 'bang.xlsx', new Uint8Array([1])))).toBe(xlsxName);
    expect(readFileSync(join(d.documents, 'ho-so.nq57')).equals(before)).toBe(true);
    expect(valueOf(await d.fake.invoke('nq57:exportFile', 'bang.xlsx', new Uint8Array([1])))).toBeNull();
  });
});

describe('printing a document to PDF (printPdf)', () => {
  const DOCUMENT =
    '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>Danh sách đề nghị khen thưởng</title>' +
    '<style>@page { size: A4 landscape; margin: 20mm 15mm 20mm 30mm; }</style></head><body><h1>DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG</h1></body></html>\n';

  beforeEach(async () => {
    d = await startFakeDesktop({ limits: { ...DEFAULT_LIMITS, printHtmlChars: 4096 } });
  });

  const printWindows = () => FakeBrowserWindow.all.slice(1);

  it('prints in a hidden, offscreen window without JavaScript, Node or preload, in a session of its own, and closes it', async () => {
    const pdf = valueOf<Uint8Array>(await d.fake.invoke('nq57:printPdf', DOCUMENT));
    expect(new TextDecoder('latin1').decode(pdf.subarray(0, 5))).toBe('%PDF-');
    const [w, ...more] = printWindows();
    expect(more).toEqual([]);
    expect(w!.options).toMatchObject({ show: false });
    const prefs = w!.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      offscreen: true,
      partition: 'nq57-print',
    });
    expect(prefs).not.toHaveProperty('preload');
    expect(prefs['partition']).not.toMatch(/^persist:/);
    // A4, the margins of the document's own @page rule, its background colours.
    const [print] = w!.webContents.printed;
    expect(print!.options).toMatchObject({ pageSize: 'A4', preferCSSPageSize: true, printBackground: true, margins: { top: 0, bottom: 0, left: 0, right: 0 } });
    // The document as sent, with our policy right after the doctype (no quirks mode), so nothing outside it loads.
    expect(print!.html).toBe(
      `<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">` +
        DOCUMENT.slice('<!DOCTYPE html>'.length),
    );
    // Loaded from a private temporary file, which is gone afterwards, as is the window.
    expect(w!.loadedUrl).toMatch(/^file:\/\/.*\/nq57-print-[^/]+\/document\.html$/);
    expect(existsSync(fileURLToPath(w!.loadedUrl))).toBe(false);
    expect(w!.isDestroyed()).toBe(true);
    expect(FakeBrowserWindow.getAllWindows()).toEqual([d.fake.mainWindow()]);
  });

  it('lets the print session load the document and nothing else, and grants no permission', async () => {
    const decide = (url: string) =>
      new Promise<unknown>((done) => {
        d.fake.partitions.get('nq57-print')!.beforeRequest!({ url }, done);
      });
    // While the document loads, its own URL is let through (also spelt another way), nothing else.
    const during: unknown[] = [];
    const original = FakeBrowserWindow.prototype.loadURL;
    const spy = vi.spyOn(FakeBrowserWindow.prototype, 'loadURL').mockImplementation(async function (this: FakeBrowserWindow, url: string) {
      during.push(await decide(url), await decide(url.replace('document.html', 'docum%65nt.html')), await decide(url.replace('document.html', 'other.html')));
      await original.call(this, url);
    });
    try {
      valueOf(await d.fake.invoke('nq57:printPdf', DOCUMENT));
    } finally {
      spy.mockRestore();
    }
    expect(during).toEqual([{ cancel: false }, { cancel: false }, { cancel: true }]);
    const ses = d.fake.partitions.get('nq57-print')!;
    for (const url of ['file:///etc/passwd', 'https://example.com/a.png', 'http://127.0.0.1:1/', 'data:text/html,x', printWindows()[0]!.loadedUrl]) {
      // The document's own URL is allowed only while it is being printed.
      await expect(decide(url)).resolves.toEqual({ cancel: true });
    }
    const asked = new Promise<unknown>((done) => ses.permissionRequestHandler!({}, 'media', done));
    await expect(asked).resolves.toBe(false);
    expect(ses.permissionCheckHandler!({}, 'clipboard-read')).toBe(false);
    // The app's own window keeps the default session.
    expect(d.fake.mainWindow().options['webPreferences']).not.toHaveProperty('partition');
  });

  it('prints a document without a doctype too, the policy first', async () => {
    valueOf(await d.fake.invoke('nq57:printPdf', '<p>Phiếu điểm</p>'));
    expect(printWindows()[0]!.webContents.printed[0]!.html).toMatch(/^<meta http-equiv="Content-Security-Policy" content="default-src 'none';[^"]*"><p>Phiếu điểm<\/p>$/);
  });

  it('refuses what is not a document within the limit, with a bilingual message, opening no window', async () => {
    for (const args of [[42], [new TextEncoder().encode(DOCUMENT)], [''], ['   '], ['x'.repeat(4097)], ['<p>\u0000</p>'], [DOCUMENT, 'extra']]) {
      expectBilingual(failureOf(await d.fake.invoke('nq57:printPdf', ...args)), 'invalid-request');
    }
    expect(printWindows()).toEqual([]);
  });

  it('is refused to a frame that is not our page', async () => {
    const main = d.fake.mainWindow().webContents.mainFrame;
    expectBilingual(failureOf(await d.fake.invokeFrom({ ...main, url: 'https://example.com/' }, 'nq57:printPdf', DOCUMENT)), 'forbidden-sender');
    expect(printWindows()).toEqual([]);
  });

  it('says so when printing fails, and still closes the window and removes the file', async () => {
    const original = FakeBrowserWindow.prototype.loadURL;
    const spy = vi.spyOn(FakeBrowserWindow.prototype, 'loadURL').mockImplementation(async function (this: FakeBrowserWindow, url: string) {
      await original.call(this, url);
      this.webContents.failPrint = 'printing failed: out of memory';
    });
    try {
      const failure = failureOf(await d.fake.invoke('nq57:printPdf', DOCUMENT));
      expectBilingual(failure, 'print-failed');
      expect(failure.text.vi).toContain('printing failed: out of memory');
    } finally {
      spy.mockRestore();
    }
    const [w] = printWindows();
    expect(w!.isDestroyed()).toBe(true);
    expect(existsSync(fileURLToPath(w!.loadedUrl))).toBe(false);
    // The next document prints.
    expect(valueOf<Uint8Array>(await d.fake.invoke('nq57:printPdf', DOCUMENT)).length).toBeGreaterThan(10);
  });

  it('saves the results JSON the results screen exports, with a JSON filter in the dialog', async () => {
    d.fake.script.save.push({ canceled: false, filePath: join(d.documents, 'ket-qua-2026') });
    const written = valueOf<string>(await d.fake.invoke('nq57:exportFile', 'ket-qua-2026.json', new TextEncoder().encode('{}\n')));
    expect(written).toBe(join(d.documents, 'ket-qua-2026.json'));
    expect(readFileSync(written, 'utf8')).toBe('{}\n');
    expect(d.fake.dialogCalls.at(-1)?.options).toMatchObject({ filters: [{ name: 'Dữ liệu JSON (*.json)', extensions: ['json'] }] });
  });

  it('prints documents one at a time, in the order asked', async () => {
    const original = FakeBrowserWindow.prototype.loadURL;
    const open: number[] = [];
    const spy = vi.spyOn(FakeBrowserWindow.prototype, 'loadURL').mockImplementation(async function (this: FakeBrowserWindow, url: string) {
      open.push(printWindows().filter((w) => !w.isDestroyed()).length);
      await new Promise((done) => setTimeout(done, 20));
      await original.call(this, url);
    });
    const docs = [1, 2, 3].map((n) => `<p>${'x'.repeat(n * 10)}</p>`);
    try {
      const results = await Promise.all(docs.map((doc) => d.fake.invoke('nq57:printPdf', doc)));
      expect(results.map((r) => new TextDecoder('latin1').decode(valueOf<Uint8Array>(r)))).toEqual(
        docs.map((doc) => expect.stringContaining(`fake print of ${withPrintPolicy(doc).length} characters`)),
      );
    } finally {
      spy.mockRestore();
    }
    expect(open).toEqual([1, 1, 1]);
  });
});
