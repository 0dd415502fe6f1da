import { existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import {
  addAttachment,
  attachmentStoreOf,
  openableCopy,
  readAttachment,
  removeOpenableCopies,
  verifyStore,
} from '../../node/host/attachments';
import { sha256Hex } from '../../node/host/hash';
import { safeFileName } from '../../node/host/safe-name';
import { filesUnder, hostError, samples, useTempFolders } from './helpers';

const ALLOWED = 'PDF, PNG, JPG, DOCX, XLSX, ODT, ODS';

describe('the attachments store beside the evaluation file', () => {
  const tempFolder = useTempFolders();
  const newStore = () => attachmentStoreOf(join(tempFolder(), 'danh-gia.nq57'));

  it('is <file>.attachments/, each file stored as <sha[0..2]>/<sha>', async () => {
    const store = newStore();
    expect(basename(store)).toBe('danh-gia.nq57.attachments');
    const info = await addAttachment(store, { name: 'Quyết định 12.pdf', bytes: samples.pdf });
    const sha = sha256Hex(samples.pdf);
    expect(info).toEqual({ sha256: sha, name: 'Quyết định 12.pdf', mediaType: 'application/pdf', size: samples.pdf.length });
    expect(filesUnder(store)).toEqual([join(sha.slice(0, 2), sha)]);
    expect(readFileSync(join(store, sha.slice(0, 2), sha)).equals(samples.pdf)).toBe(true);
  });

  it('stores the same content once, whatever it is called and however often it is added', async () => {
    const store = newStore();
    const a = await addAttachment(store, { name: 'scan.pdf', bytes: samples.pdf });
    const b = await addAttachment(store, { name: 'bản sao của scan.PDF', bytes: samples.pdf });
    const c = await addAttachment(store, { name: 'scan.pdf', bytes: samples.pdf });
    expect(new Set([a.sha256, b.sha256, c.sha256]).size).toBe(1);
    expect(filesUnder(store)).toHaveLength(1);
  });

  it.each([
    { name: 'bien-ban.pdf', bytes: samples.pdf, mediaType: 'application/pdf' },
    { name: 'anh-chup.png', bytes: samples.png, mediaType: 'image/png' },
    { name: 'anh.jpg', bytes: samples.jpg, mediaType: 'image/jpeg' },
    { name: 'ANH.JPEG', bytes: samples.jpg, mediaType: 'image/jpeg' },
    { name: 'bao-cao.docx', bytes: samples.docx, mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
    { name: 'so-lieu.xlsx', bytes: samples.xlsx, mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    { name: 'bao-cao.odt', bytes: samples.odt, mediaType: 'application/vnd.oasis.opendocument.text' },
    { name: 'so-lieu.ods', bytes: samples.ods, mediaType: 'application/vnd.oasis.opendocument.spreadsheet' },
  ])('accepts $name as $mediaType', async ({ name, bytes, mediaType }) => {
    expect(await addAttachment(newStore(), { name, bytes })).toMatchObject({ name, mediaType, size: bytes.length });
  });

  it('takes a file from disk under its own name', async () => {
    const folder = tempFolder();
    writeFileSync(join(folder, 'công văn.png'), samples.png);
    const info = await addAttachment(attachmentStoreOf(join(folder, 'danh-gia.nq57')), join(folder, 'công văn.png'));
    expect(info).toMatchObject({ name: 'công văn.png', mediaType: 'image/png', sha256: sha256Hex(samples.png) });
  });

  it('refuses a program renamed .pdf, naming the file and the allowed types, and stores nothing', async () => {
    const store = newStore();
    const error = await hostError(addAttachment(store, { name: 'quyet-dinh.pdf', bytes: samples.exe }), 'type-not-allowed');
    expect(error.text.vi).toBe(`Tệp “quyet-dinh.pdf” là một chương trình (tệp thực thi), không được đính kèm. Chỉ nhận các loại: ${ALLOWED}.`);
    expect(error.text.en).toBe(`“quyet-dinh.pdf” is a program (an executable) and cannot be attached. Allowed types: ${ALLOWED}.`);
    expect(existsSync(store)).toBe(false);
  });

  it.each([
    { name: 'setup.exe', bytes: samples.exe },
    { name: 'cai-dat.bat', bytes: strToU8('@echo off\r\n') },
    { name: 'script.sh', bytes: strToU8('#!/bin/sh\nrm -rf ~\n') },
    { name: 'anh.png', bytes: strToU8('#!/bin/sh\n') },
  ])('refuses the program $name', async ({ name, bytes }) => {
    const error = await hostError(addAttachment(newStore(), { name, bytes }), 'type-not-allowed');
    expect(error.text.en).toContain('is a program');
  });

  it('refuses a .txt, naming it and the allowed types', async () => {
    const error = await hostError(addAttachment(newStore(), { name: 'ghi-chu.txt', bytes: strToU8('xin chào') }), 'type-not-allowed');
    expect(error.text.vi).toBe(`Tệp “ghi-chu.txt” không thuộc loại được phép đính kèm (.txt). Chỉ nhận các loại: ${ALLOWED}.`);
    expect(error.text.en).toContain(`Allowed types: ${ALLOWED}.`);
  });

  it.each([
    ['a PNG named .pdf', 'anh.pdf', samples.png, 'PDF'],
    ['a PDF named .jpg', 'scan.jpg', samples.pdf, 'JPG'],
    ['a spreadsheet named .docx', 'bao-cao.docx', samples.xlsx, 'DOCX'],
    ['a text document named .ods', 'so-lieu.ods', samples.odt, 'ODS'],
    ['a plain zip named .xlsx', 'so-lieu.xlsx', zipSync({ 'a.txt': strToU8('a') }), 'XLSX'],
    ['a broken zip named .docx', 'bao-cao.docx', samples.docx.subarray(0, 40), 'DOCX'],
  ])('refuses %s: the content does not match the extension', async (_, name, bytes, label) => {
    const error = await hostError(addAttachment(newStore(), { name, bytes }), 'type-not-allowed');
    expect(error.text.en).toContain(`its content is not ${label}`);
  });

  it('refuses an Office document carrying macros', async () => {
    const bytes = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<w/>'), 'xl/vbaProject.bin': new Uint8Array(8) });
    const error = await hostError(addAttachment(newStore(), { name: 'so-lieu.xlsx', bytes }), 'type-not-allowed');
    expect(error.text.en).toContain('contains macros');
  });

  it('refuses a file over the limit, naming the limit', async () => {
    const error = await hostError(addAttachment(newStore(), { name: 'scan.pdf', bytes: new Uint8Array([...samples.pdf, ...new Uint8Array(2048)]) }, { maxBytes: 1024 }), 'too-large');
    expect(error.text.vi).toBe('Tệp “scan.pdf” quá lớn (2,1 KB); giới hạn cho mỗi tệp đính kèm là 1 KB.');
    expect(error.text.en).toBe('“scan.pdf” is too large (2.1 KB); the limit for each attachment is 1 KB.');
  });

  it('refuses a file on disk over the default 25 MB before reading it', async () => {
    const folder = tempFolder();
    const path = join(folder, 'video.pdf');
    writeFileSync(path, samples.pdf);
    truncateSync(path, 25 * 1024 * 1024 + 1);
    const error = await hostError(addAttachment(join(folder, 'store'), path), 'too-large');
    expect(error.text.vi).toContain('giới hạn cho mỗi tệp đính kèm là 25 MB');
    expect(error.text.en).toContain('(25 MB)');
  });

  it('reads a stored file back, checking its hash', async () => {
    const store = newStore();
    const { sha256 } = await addAttachment(store, { name: 'bao-cao.odt', bytes: samples.odt });
    expect((await readAttachment(store, sha256)).equals(samples.odt)).toBe(true);
  });

  it('detects a stored file that was tampered with, on reading and on verifying, and repairs it when added again', async () => {
    const store = newStore();
    const pdf = await addAttachment(store, { name: 'scan.pdf', bytes: samples.pdf });
    const png = await addAttachment(store, { name: 'anh.png', bytes: samples.png });
    const blob = join(store, pdf.sha256.slice(0, 2), pdf.sha256);
    const tampered = Buffer.from(samples.pdf);
    tampered[10] = tampered[10]! ^ 1;
    writeFileSync(blob, tampered);

    const error = await hostError(readAttachment(store, pdf.sha256), 'attachment-corrupt');
    expect(error.text.en).toContain(`The attachment ${pdf.sha256.slice(0, 12)}… in “${store}” is damaged or was modified`);
    expect(await verifyStore(store, [pdf, png])).toEqual({ missing: [], corrupt: [pdf], ok: 1 });

    await addAttachment(store, { name: 'scan.pdf', bytes: samples.pdf });
    expect(await verifyStore(store, [pdf, png])).toEqual({ missing: [], corrupt: [], ok: 2 });
  });

  it('verifying on open reports missing files, damaged files (a changed size too) and counts the good ones', async () => {
    const store = newStore();
    const stored = await Promise.all(
      (['pdf', 'png', 'jpg', 'docx'] as const).map((type) => addAttachment(store, { name: `evidence.${type}`, bytes: samples[type] })),
    );
    const [pdf, png, jpg, docx] = stored as [typeof stored[0], typeof stored[0], typeof stored[0], typeof stored[0]];
    writeFileSync(join(store, png.sha256.slice(0, 2), png.sha256), Buffer.concat([samples.png, Buffer.from('extra')]));
    const neverStored = { sha256: sha256Hex(strToU8('never stored')), size: 12, name: 'lost.pdf' };
    const report = await verifyStore(store, [pdf, png, jpg, docx, neverStored, pdf]);
    expect(report).toEqual({ missing: [neverStored], corrupt: [png], ok: 3 });
    await hostError(readAttachment(store, neverStored.sha256), 'attachment-missing');
  });

  it('never turns an attachment id into a path outside the store', async () => {
    const store = newStore();
    await hostError(readAttachment(store, '../../../etc/passwd'), 'bad-attachment-id');
    expect(await verifyStore(store, [{ sha256: '../x', size: 1 }])).toEqual({ missing: [], corrupt: [{ sha256: '../x', size: 1 }], ok: 0 });
  });
});

describe('a copy to open with the computer’s viewer', () => {
  const tempFolder = useTempFolders();
  afterAll(() => removeOpenableCopies());

  it('has the attachment’s bytes, a safe name, and is read-only', async () => {
    const store = attachmentStoreOf(join(tempFolder(), 'danh-gia.nq57'));
    const { sha256 } = await addAttachment(store, { name: 'scan.pdf', bytes: samples.pdf });
    const path = await openableCopy(store, sha256, '../../Quyết định\u0007 số 12/2026.pdf');
    expect(basename(path)).toBe('2026.pdf');
    expect(readFileSync(path).equals(samples.pdf)).toBe(true);
    expect(statSync(path).mode & 0o222).toBe(0);
    await removeOpenableCopies();
    expect(existsSync(dirname(path))).toBe(false);
  });

  it('gets the extension of its content, so a stored name can never make it a program', async () => {
    const store = attachmentStoreOf(join(tempFolder(), 'danh-gia.nq57'));
    const { sha256 } = await addAttachment(store, { name: 'scan.pdf', bytes: samples.pdf });
    expect(basename(await openableCopy(store, sha256, 'scan.pdf.exe'))).toBe('scan.pdf.exe.pdf');
    expect(basename(await openableCopy(store, sha256, 'ảnh\u202Efdp.exe'))).toBe('ảnhfdp.exe.pdf');
    expect(basename(await openableCopy(store, sha256, 'SCAN.PDF'))).toBe('SCAN.PDF');
  });
});

describe('file names from elsewhere, made safe', () => {
  it.each([
    ['Quyết định 12.pdf', 'Quyết định 12.pdf'],
    ['C:\\Users\\lan\\Desktop\\bien ban.pdf', 'bien ban.pdf'],
    ['/home/lan/../../etc/passwd', 'passwd'],
    ['..', 'tep-dinh-kem'],
    ['.hidden.pdf', 'hidden.pdf'],
    ['báo cáo.pdf. . ', 'báo cáo.pdf'],
    ['a<b>c:d"e|f?g*h.png', 'abcdefgh.png'],
    ['tab\there\u0000.jpg', 'tabhere.jpg'],
    ['CON.pdf', '_CON.pdf'],
    ['Quye\u0302\u0301t đi\u0323nh.pdf', 'Quyết định.pdf'],
    [`${'dài '.repeat(60)}.docx`, `${'dài '.repeat(28)}dài.docx`],
  ])('%j → %j', (name, safe) => {
    expect(safeFileName(name)).toBe(safe);
  });
});
