import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { addAttachment, attachmentStoreOf, verifyStore } from '../../node/host/attachments';
import { sha256Hex } from '../../node/host/hash';
import { pack, unpack } from '../../node/host/pack';
import { filesUnder, hostError, samples, sqliteImage, useTempFolders } from './helpers';

/** A zip with a manifest that describes `members` truthfully (unless `manifest` overrides fields). */
function archive(file: string, members: Record<string, Uint8Array>, manifest: Record<string, unknown> = {}, extra: Zippable = {}): Uint8Array {
  const listed = Object.entries(members).map(([path, bytes]) => ({ path, size: bytes.length, sha256: sha256Hex(bytes) }));
  const json = JSON.stringify({ format: 'nq57-pack', version: 1, createdAt: '2026-11-26T02:00:00.000Z', file, members: listed, ...manifest });
  return zipSync({ 'manifest.json': strToU8(json), ...members, ...extra });
}

/** Rewrites the inflated size a zip's central directory declares for `name`. */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const bytes = Buffer.from(zip);
  const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let p = bytes.readUInt32LE(eocd + 16);
  for (let i = 0; i < bytes.readUInt16LE(eocd + 10); i++) {
    const nameLength = bytes.readUInt16LE(p + 28);
    if (bytes.toString('utf8', p + 46, p + 46 + nameLength) === name) bytes.writeUInt32LE(size, p + 24);
    p += 46 + nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
  return bytes;
}

describe('packing a file with its attachments for another laptop', () => {
  const tempFolder = useTempFolders();

  async function evaluationFileWithAttachments() {
    const folder = tempFolder();
    const filePath = join(folder, 'Hội đồng 2026.nq57');
    const database = await sqliteImage('hoi-dong', 500);
    writeFileSync(filePath, database);
    const store = attachmentStoreOf(filePath);
    const attached = [];
    for (const [name, bytes] of [['bien-ban.pdf', samples.pdf], ['anh.png', samples.png], ['bao-cao.docx', samples.docx]] as const) {
      attached.push(await addAttachment(store, { name, bytes }));
    }
    return { folder, filePath, database, attached, archivePath: join(folder, 'goi.zip') };
  }

  it('round trip: unpacked in another folder, the file and every attachment are byte for byte the same', async () => {
    const { filePath, database, attached, archivePath } = await evaluationFileWithAttachments();
    const shas = attached.map((a) => a.sha256);
    const { manifest } = await pack(filePath, [...shas, shas[0]!], archivePath, { now: new Date('2026-11-26T02:00:00Z') });
    expect(manifest).toMatchObject({ format: 'nq57-pack', version: 1, createdAt: '2026-11-26T02:00:00.000Z', file: 'Hội đồng 2026.nq57' });
    expect(manifest.members).toEqual([
      { path: 'Hội đồng 2026.nq57', size: database.length, sha256: sha256Hex(database) },
      ...attached.map((a) => ({ path: `attachments/${a.sha256}`, size: a.size, sha256: a.sha256 })),
    ]);
    const inZip = unzipSync(readFileSync(archivePath));
    expect(Object.keys(inZip).sort()).toEqual(['Hội đồng 2026.nq57', ...shas.map((s) => `attachments/${s}`), 'manifest.json'].sort());
    expect(JSON.parse(strFromU8(inZip['manifest.json']!))).toEqual(manifest);

    const otherLaptop = join(tempFolder(), 'nhận từ USB');
    const { filePath: unpacked, attachments } = await unpack(archivePath, otherLaptop);
    expect(unpacked).toBe(join(otherLaptop, 'Hội đồng 2026.nq57'));
    expect(attachments).toBe(3);
    expect(readFileSync(unpacked).equals(database)).toBe(true);
    expect(await verifyStore(attachmentStoreOf(unpacked), attached)).toEqual({ missing: [], corrupt: [], ok: 3 });
    expect(filesUnder(otherLaptop)).toEqual(
      ['Hội đồng 2026.nq57', ...shas.map((s) => join('Hội đồng 2026.nq57.attachments', s.slice(0, 2), s))].sort(),
    );
  });

  it('refuses to pack when an attachment is missing or damaged, and leaves no archive', async () => {
    const { folder, filePath, attached, archivePath } = await evaluationFileWithAttachments();
    const missing = sha256Hex(strToU8('never attached'));
    await hostError(pack(filePath, [attached[0]!.sha256, missing], archivePath), 'attachment-missing');
    const pdf = attached[0]!;
    writeFileSync(join(attachmentStoreOf(filePath), pdf.sha256.slice(0, 2), pdf.sha256), 'damaged');
    await hostError(pack(filePath, [pdf.sha256], archivePath), 'attachment-corrupt');
    expect(filesUnder(folder).filter((f) => !f.includes('.attachments'))).toEqual(['Hội đồng 2026.nq57']);
  });

  it('refuses to pack a file that is not a database', async () => {
    const folder = tempFolder();
    writeFileSync(join(folder, 'notes.nq57'), 'plain text');
    await hostError(pack(join(folder, 'notes.nq57'), [], join(folder, 'goi.zip')), 'not-sqlite');
  });

  it('never overwrites an existing file when unpacking, and leaves it untouched', async () => {
    const { filePath, archivePath } = await evaluationFileWithAttachments();
    await pack(filePath, [], archivePath);
    const dest = tempFolder();
    await unpack(archivePath, dest);
    writeFileSync(join(dest, 'Hội đồng 2026.nq57'), 'my own edits');
    const error = await hostError(unpack(archivePath, dest), 'exists');
    expect(error.text.vi).toContain('Đã có tệp “');
    expect(readFileSync(join(dest, 'Hội đồng 2026.nq57'), 'utf8')).toBe('my own edits');
  });

  it('refuses an archive whose member was tampered with, and writes nothing', async () => {
    const { filePath, attached, archivePath } = await evaluationFileWithAttachments();
    await pack(filePath, attached.map((a) => a.sha256), archivePath);
    const members = unzipSync(readFileSync(archivePath));
    const png = `attachments/${attached[1]!.sha256}`;
    members[png] = Uint8Array.from(members[png]!, (b, i) => (i === 12 ? b ^ 0xff : b));
    writeFileSync(archivePath, zipSync(members));
    const dest = tempFolder();
    const error = await hostError(unpack(archivePath, dest), 'archive-corrupt');
    expect(error.text.en).toContain(`the content of “${png}” does not match its SHA-256 in the manifest. Nothing was unpacked.`);
    expect(filesUnder(dest)).toEqual([]);
  });

  it.each(['../evil.nq57', '/tmp/evil.nq57', 'C:/Windows/evil.nq57', 'attachments/../../evil.nq57', '..\\evil.nq57', 'a//b.nq57'])(
    'refuses a member named %j before writing anything',
    async (name) => {
      const folder = tempFolder();
      const dest = join(folder, 'dest');
      mkdirSync(dest);
      const bytes = await sqliteImage('x');
      writeFileSync(join(folder, 'goi.zip'), archive('danh-gia.nq57', { 'danh-gia.nq57': bytes }, {}, { [name]: bytes }));
      const error = await hostError(unpack(join(folder, 'goi.zip'), dest), 'bad-archive');
      expect(error.text.en).toContain(`unsafe member name “${name}”`);
      expect(filesUnder(folder)).toEqual(['goi.zip']);
    },
  );

  it('refuses a manifest whose evaluation file would land outside the folder', async () => {
    const folder = tempFolder();
    const bytes = await sqliteImage('x');
    writeFileSync(join(folder, 'goi.zip'), archive('sub/danh-gia.nq57', { 'sub/danh-gia.nq57': bytes }));
    const error = await hostError(unpack(join(folder, 'goi.zip'), join(folder, 'dest')), 'bad-archive');
    expect(error.text.en).toContain('the evaluation file\'s name “sub/danh-gia.nq57” is unsafe');
  });

  it('refuses a zip bomb: a member that inflates to more than it declares, stopping early', async () => {
    const folder = tempFolder();
    const bomb = new Uint8Array(16 * 1024 * 1024);
    // The manifest and the directory say 1000 bytes; the member really inflates to 16 MB of zeros (16 KB compressed).
    const { 'manifest.json': manifest } = unzipSync(archive('danh-gia.nq57', { 'danh-gia.nq57': bomb.subarray(0, 1000) }));
    const real = zipSync({ 'manifest.json': manifest!, 'danh-gia.nq57': bomb });
    writeFileSync(join(folder, 'bomb.zip'), declareSize(real, 'danh-gia.nq57', 1000));
    const started = performance.now();
    const error = await hostError(unpack(join(folder, 'bomb.zip'), join(folder, 'dest')), 'bad-archive');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error.text.en).toContain('inflates to more than its declared size');
    expect(filesUnder(folder)).toEqual(['bomb.zip']);
  });

  it('refuses an archive declaring more than 2 GB before inflating anything', async () => {
    const folder = tempFolder();
    const bytes = await sqliteImage('x');
    const huge = 3 * 1024 * 1024 * 1024;
    const zip = archive('danh-gia.nq57', { 'danh-gia.nq57': bytes }, {
      members: [{ path: 'danh-gia.nq57', size: huge, sha256: sha256Hex(bytes) }],
    });
    writeFileSync(join(folder, 'huge.zip'), declareSize(zip, 'danh-gia.nq57', huge));
    const error = await hostError(unpack(join(folder, 'huge.zip'), join(folder, 'dest')), 'archive-too-large');
    expect(error.text.en).toContain('holds 3 GB of data, more than the limit of 2 GB');
  });

  it('applies a lower limit when asked', async () => {
    const { filePath, archivePath } = await evaluationFileWithAttachments();
    await pack(filePath, [], archivePath);
    await hostError(unpack(archivePath, tempFolder(), { maxTotalBytes: 1024 }), 'archive-too-large');
  });

  it.each([
    { rule: 'random bytes', bytes: () => new Uint8Array(4096).map((_, i) => (i * 7919) % 251), says: 'it is not a zip file' },
    { rule: 'a zip without a manifest', bytes: () => zipSync({ 'a.txt': strToU8('a') }), says: 'manifest.json is missing' },
    { rule: 'a zip of another program', bytes: () => archive('x.nq57', { 'x.nq57': samples.pdf }, { format: 'other' }), says: 'it was not made by this app' },
    {
      rule: 'a newer format',
      bytes: () => archive('x.nq57', { 'x.nq57': samples.pdf }, { version: 2 }),
      says: 'it was made by a newer version of the app (format 2); update the app',
    },
    {
      rule: 'a member the manifest does not list',
      bytes: () => archive('x.nq57', { 'x.nq57': samples.pdf }, {}, { 'extra.txt': strToU8('x') }),
      says: 'member “extra.txt” is not in the manifest',
    },
    {
      rule: 'a listed member that is absent',
      bytes: () => archive('x.nq57', { 'x.nq57': samples.pdf }, { members: [{ path: 'x.nq57', size: samples.pdf.length, sha256: sha256Hex(samples.pdf) }, { path: `attachments/${sha256Hex(samples.png)}`, size: 16, sha256: sha256Hex(samples.png) }] }),
      says: 'is missing',
    },
  ])('refuses $rule, saying so', async ({ bytes, says }) => {
    const folder = tempFolder();
    writeFileSync(join(folder, 'goi.zip'), bytes());
    const error = await hostError(unpack(join(folder, 'goi.zip'), join(folder, 'dest')), 'bad-archive');
    expect(error.text.en).toContain(says);
    expect(filesUnder(folder)).toEqual(['goi.zip']);
  });
});
