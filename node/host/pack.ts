// One archive that carries an evaluation file and the attachments it refers to between laptops (on a
// USB stick, by e-mail). A zip, so it can be inspected with ordinary tools, holding:
//   manifest.json         {format: "nq57-pack", version: 1, createdAt, file, members: [{path, size, sha256}]}
//   <file>                the database bytes
//   attachments/<sha256>  each attachment
// Unpacking trusts nothing in it: names, sizes and hashes are all checked, nothing outside the target
// folder is written, nothing existing is overwritten, and nothing is left behind when a check fails.
import { createHash } from 'node:crypto';
import { mkdir, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Zip, ZipDeflate, ZipPassThrough, strToU8 } from 'fflate';
import { text } from '../../shared/i18n/text';
import { beginAtomicWrite, type AtomicWrite } from './atomic';
import { attachmentStoreOf, blobPathOf, isSha256 } from './attachments';
import { errnoOf, fsFailure, HostError } from './errors';
import { formatSize, quote } from './format';
import { hashFile } from './hash';
import { safeFileName } from './safe-name';
import { assertSqliteFile } from './sqlite-header';
import { badArchive, dataRanges, inflateMember, readZipDirectory, type ZipEntry } from './zip-reader';

export const PACK_FORMAT = 'nq57-pack';
export const PACK_VERSION = 1;
const MANIFEST = 'manifest.json';
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
const MAX_MEMBERS = 200_000;
export const DEFAULT_MAX_UNPACKED_BYTES = 2 * 1024 * 1024 * 1024;

export interface PackMember {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

export interface PackManifest {
  readonly format: typeof PACK_FORMAT;
  readonly version: typeof PACK_VERSION;
  readonly createdAt: string;
  /** The evaluation file's name; its member has this path. */
  readonly file: string;
  readonly members: readonly PackMember[];
}

const CHUNK = 1 << 20;

/**
 * Packs the file at `filePath` and the attachments `shaList` names (from its store beside it) into one
 * archive at `outPath`, replacing any archive there. Each attachment is checked against its hash while
 * it is copied: a damaged store is reported, not carried on to a colleague.
 */
export async function pack(
  filePath: string,
  shaList: readonly string[],
  outPath: string,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ manifest: PackManifest; archiveSize: number }> {
  await assertSqliteFile(filePath);
  const store = attachmentStoreOf(filePath);
  const fileName = safeFileName(basename(filePath));
  const shas = [...new Set(shaList)];
  for (const sha of shas) blobPathOf(store, sha);

  const out = await beginAtomicWrite(outPath);
  try {
    let pending: Uint8Array[] = [];
    let zipError: Error | null = null;
    const zip = new Zip((error, chunk) => {
      if (error) zipError = error;
      else pending.push(chunk);
    });
    // fflate emits synchronously while data is pushed; the output is written out after each push.
    const flush = async (): Promise<void> => {
      if (zipError) throw zipError;
      const chunks = pending;
      pending = [];
      for (const chunk of chunks) await out.write(chunk);
    };

    const members: PackMember[] = [];
    members.push(await addMember(zip, flush, fileName, filePath, true));
    for (const sha of shas) {
      // Attachments are PDF, images and zipped documents: already compressed, so they are stored as is.
      const member = await addMember(zip, flush, `attachments/${sha}`, blobPathOf(store, sha), false, { store, sha });
      members.push(member);
    }
    const manifest: PackManifest = { format: PACK_FORMAT, version: PACK_VERSION, createdAt: now.toISOString(), file: fileName, members };
    const entry = new ZipDeflate(MANIFEST, { level: 6 });
    zip.add(entry);
    entry.push(strToU8(JSON.stringify(manifest, null, 2)), true);
    zip.end();
    await flush();
    await out.commit();
    return { manifest, archiveSize: (await stat(out.path)).size };
  } catch (error) {
    await out.abort();
    throw error instanceof HostError ? error : fsFailure('write-failed', text('Không tạo được gói', 'Could not create the package'), outPath, error);
  }
}

async function addMember(
  zip: Zip,
  flush: () => Promise<void>,
  path: string,
  source: string,
  compress: boolean,
  attachment?: { store: string; sha: string },
): Promise<PackMember> {
  let handle: FileHandle;
  try {
    handle = await open(source, 'r');
  } catch (error) {
    if (attachment && errnoOf(error) === 'ENOENT') {
      throw new HostError(
        'attachment-missing',
        text(
          `Thiếu tệp đính kèm ${attachment.sha.slice(0, 12)}… trong thư mục ${quote(attachment.store)}; chưa tạo gói.`,
          `The attachment ${attachment.sha.slice(0, 12)}… is missing from ${quote(attachment.store)}; no package was made.`,
        ),
      );
    }
    throw fsFailure('read-failed', text('Không đọc được tệp', 'Could not read'), source, error);
  }
  try {
    const entry = compress ? new ZipDeflate(path, { level: 6 }) : new ZipPassThrough(path);
    zip.add(entry);
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(CHUNK);
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      // fflate may keep a reference to the pushed chunk, so each push gets its own copy.
      const chunk = Uint8Array.prototype.slice.call(buffer, 0, bytesRead);
      hash.update(chunk);
      size += bytesRead;
      entry.push(chunk, bytesRead === 0);
      await flush();
      if (bytesRead === 0) break;
    }
    const sha256 = hash.digest('hex');
    if (attachment && sha256 !== attachment.sha) {
      throw new HostError(
        'attachment-corrupt',
        text(
          `Tệp đính kèm ${attachment.sha.slice(0, 12)}… trong thư mục ${quote(attachment.store)} đã bị hỏng hoặc bị sửa; chưa tạo gói.`,
          `The attachment ${attachment.sha.slice(0, 12)}… in ${quote(attachment.store)} is damaged or was modified; no package was made.`,
        ),
      );
    }
    return { path, size, sha256 };
  } finally {
    await handle.close();
  }
}

/**
 * Unpacks an archive made by pack() into `destDir`: the evaluation file under its own name and its
 * attachments into the store beside it. Refuses, with nothing written: an archive that is not ours or is
 * damaged, a member whose name would land outside the folder, a member whose content differs from the
 * manifest, more than `maxTotalBytes` of content, and a file that already exists at the target.
 */
export async function unpack(
  archivePath: string,
  destDir: string,
  { maxTotalBytes = DEFAULT_MAX_UNPACKED_BYTES }: { maxTotalBytes?: number } = {},
): Promise<{ filePath: string; attachments: number }> {
  let handle: FileHandle;
  try {
    handle = await open(archivePath, 'r');
  } catch (error) {
    throw fsFailure('read-failed', text('Không đọc được gói', 'Could not read the package'), archivePath, error);
  }
  let plan: { manifest: PackManifest; entries: Map<string, ZipEntry>; starts: Map<ZipEntry, number> };
  try {
    plan = await readPlan(handle, archivePath, maxTotalBytes);
  } finally {
    await handle.close();
  }
  const { manifest, entries, starts } = plan;

  const filePath = join(destDir, manifest.file);
  if (await exists(filePath)) throw existsError(filePath);
  const store = attachmentStoreOf(filePath);
  const storeExisted = await exists(store);
  const writes: AtomicWrite[] = [];
  let fileWrite: AtomicWrite | undefined;
  try {
    await mkdir(destDir, { recursive: true }).catch((error: unknown) => {
      throw fsFailure('write-failed', text('Không tạo được thư mục', 'Could not create the folder'), destDir, error);
    });
    for (const member of manifest.members) {
      const isFile = member.path === manifest.file;
      const target = isFile ? filePath : blobPathOf(store, member.sha256);
      // An intact copy already in the store (from an earlier unpack) is kept: same name, same bytes.
      if (!isFile && (await hashFile(target).then((d) => d.sha256 === member.sha256, () => false))) continue;
      if (!isFile) await mkdir(join(store, member.sha256.slice(0, 2)), { recursive: true });
      const write = await beginAtomicWrite(target);
      if (isFile) fileWrite = write;
      else writes.push(write);
      const hash = createHash('sha256');
      const entry = entries.get(member.path)!;
      await inflateMember(archivePath, entry, starts.get(entry)!, async (chunk) => {
        hash.update(chunk);
        await write.write(chunk);
      });
      if (hash.digest('hex') !== member.sha256) throw tampered(archivePath, member.path);
    }
    // Attachments first, the file last: once the file appears, everything it refers to is in place.
    for (const write of writes) await write.commit();
    await fileWrite!.commit({ replace: false });
  } catch (error) {
    for (const write of [...writes, ...(fileWrite ? [fileWrite] : [])]) await write.abort();
    if (!storeExisted) await rm(store, { recursive: true, force: true }).catch(() => undefined);
    throw error instanceof HostError ? error : fsFailure('write-failed', text('Không giải nén được gói vào', 'Could not unpack into'), destDir, error);
  }
  return { filePath, attachments: manifest.members.length - 1 };
}

async function readPlan(handle: FileHandle, archivePath: string, maxTotalBytes: number) {
  const bad = (vi: string, en: string) => badArchive(archivePath, text(vi, en));
  const directory = await readZipDirectory(handle, archivePath, MAX_MEMBERS);
  const entries = new Map<string, ZipEntry>();
  for (const entry of directory.entries) {
    if (!isSafeMemberName(entry.name)) {
      throw bad(`có tên mục không an toàn ${quote(entry.name)} (trỏ ra ngoài thư mục)`, `it has an unsafe member name ${quote(entry.name)} (pointing outside the folder)`);
    }
    if (entries.has(entry.name)) throw bad(`mục ${quote(entry.name)} xuất hiện hai lần`, `member ${quote(entry.name)} appears twice`);
    entries.set(entry.name, entry);
  }
  const manifestEntry = entries.get(MANIFEST);
  if (!manifestEntry) throw bad('thiếu danh mục manifest.json', 'manifest.json is missing');
  if (manifestEntry.size > MAX_MANIFEST_BYTES) throw bad('danh mục quá lớn', 'the manifest is too large');
  const starts = await dataRanges(handle, archivePath, directory);

  const chunks: Buffer[] = [];
  await inflateMember(archivePath, manifestEntry, starts.get(manifestEntry)!, async (chunk) => void chunks.push(chunk));
  const manifest = parseManifest(Buffer.concat(chunks).toString('utf8'), archivePath);

  const listed = new Set([MANIFEST, ...manifest.members.map((m) => m.path)]);
  for (const name of entries.keys()) {
    if (!listed.has(name)) throw bad(`mục ${quote(name)} không có trong danh mục`, `member ${quote(name)} is not in the manifest`);
  }
  let total = 0;
  for (const member of manifest.members) {
    const entry = entries.get(member.path);
    if (!entry) throw bad(`thiếu mục ${quote(member.path)}`, `member ${quote(member.path)} is missing`);
    if (entry.size !== member.size) throw bad(`kích thước mục ${quote(member.path)} không khớp danh mục`, `member ${quote(member.path)} does not have the size the manifest gives`);
    total += member.size;
  }
  if (total > maxTotalBytes) {
    const size = formatSize(total);
    const limit = formatSize(maxTotalBytes);
    throw new HostError(
      'archive-too-large',
      text(
        `Gói ${quote(archivePath)} chứa ${size.vi} dữ liệu, vượt giới hạn ${limit.vi}. Không có gì được giải nén.`,
        `${quote(archivePath)} holds ${size.en} of data, more than the limit of ${limit.en}. Nothing was unpacked.`,
      ),
    );
  }
  return { manifest, entries, starts };
}

/** Relative, forward slashes only, no empty, "." or ".." segment, no drive letter, no control character. */
export function isSafeMemberName(name: string): boolean {
  if (name === '' || name.startsWith('/') || name.includes('\\') || /^[a-zA-Z]:/.test(name)) return false;
  if (/[\u0000-\u001f\u007f]/.test(name)) return false;
  return name.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

function parseManifest(json: string, archivePath: string): PackManifest {
  const bad = (vi: string, en: string) => badArchive(archivePath, text(vi, en));
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw badArchive(archivePath, text('danh mục manifest.json không đọc được', 'manifest.json is unreadable'), error);
  }
  const m = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (m.format !== PACK_FORMAT) throw bad('không phải gói của ứng dụng này', 'it was not made by this app');
  if (typeof m.version === 'number' && m.version > PACK_VERSION) {
    throw bad(
      `gói được tạo bởi phiên bản mới hơn của ứng dụng (định dạng ${m.version}); hãy cập nhật ứng dụng`,
      `it was made by a newer version of the app (format ${m.version}); update the app`,
    );
  }
  if (m.version !== PACK_VERSION) throw bad('phiên bản định dạng không hợp lệ', 'its format version is invalid');
  const file = m.file;
  if (typeof file !== 'string' || safeFileName(file) !== file || file === MANIFEST) {
    throw bad(`tên tệp đánh giá không an toàn ${quote(String(file))}`, `the evaluation file's name ${quote(String(file))} is unsafe`);
  }
  if (!Array.isArray(m.members)) throw bad('danh mục không liệt kê các mục', 'the manifest lists no members');
  const members: PackMember[] = [];
  for (const raw of m.members as unknown[]) {
    const member = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const { path, size, sha256 } = member;
    const valid =
      typeof path === 'string' &&
      typeof sha256 === 'string' &&
      isSha256(sha256) &&
      Number.isSafeInteger(size) &&
      (size as number) >= 0 &&
      (path === file || path === `attachments/${sha256}`);
    if (!valid) throw bad(`mục ${quote(String(path))} trong danh mục không hợp lệ`, `the manifest's entry ${quote(String(path))} is invalid`);
    members.push({ path, size: size as number, sha256 });
  }
  if (new Set(members.map((x) => x.path)).size !== members.length) throw bad('danh mục liệt kê một mục hai lần', 'the manifest lists a member twice');
  if (!members.some((x) => x.path === file)) throw bad('gói không chứa tệp đánh giá', 'it holds no evaluation file');
  return { format: PACK_FORMAT, version: PACK_VERSION, createdAt: typeof m.createdAt === 'string' ? m.createdAt : '', file, members };
}

function tampered(archivePath: string, member: string): HostError {
  return new HostError(
    'archive-corrupt',
    text(
      `Gói ${quote(archivePath)} bị hỏng hoặc bị sửa: nội dung mục ${quote(member)} không khớp mã SHA-256 trong danh mục. Không có gì được giải nén.`,
      `${quote(archivePath)} is damaged or was modified: the content of ${quote(member)} does not match its SHA-256 in the manifest. Nothing was unpacked.`,
    ),
  );
}

function existsError(filePath: string): HostError {
  return new HostError(
    'exists',
    text(
      `Đã có tệp ${quote(filePath)}; ứng dụng không ghi đè lên tệp đó. Hãy chọn thư mục khác hoặc đổi tên tệp đang có.`,
      `${quote(filePath)} already exists; it was not overwritten. Choose another folder or rename the existing file.`,
    ),
  );
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
