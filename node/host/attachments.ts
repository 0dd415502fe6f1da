// Evidence files (scans of decisions, photos, documents) live outside the database image, in
// `<file>.attachments/` beside it, so that saving after an edit stays fast however much evidence a file
// holds. The store is content-addressed: a blob is named by its SHA-256 (`<sha[0..2]>/<sha>`), so the
// same scan attached twice is stored once, and any change to a blob is detected when it is read.
import { chmod, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { text } from '../../shared/i18n/text';
import { writeFileAtomic } from './atomic';
import { errnoOf, fsFailure, HostError } from './errors';
import { ALLOWED_LABELS, classify, extensionOf, typeOfContent } from './file-types';
import { formatSize, quote } from './format';
import { hashFile, sha256Hex } from './hash';
import { safeFileName } from './safe-name';

export interface AttachmentInfo {
  readonly sha256: string;
  /** The name to show and to give a copy: the source's name, made safe. */
  readonly name: string;
  readonly mediaType: string;
  readonly size: number;
}

export const DEFAULT_MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

export const attachmentStoreOf = (filePath: string): string => `${filePath}.attachments`;

const SHA256 = /^[0-9a-f]{64}$/;
export const isSha256 = (s: string): boolean => SHA256.test(s);

export function blobPathOf(store: string, sha256: string): string {
  if (!isSha256(sha256)) {
    // The id comes from a database a user may have edited; it must never become a path outside the store.
    throw new HostError('bad-attachment-id', text(`Mã tệp đính kèm không hợp lệ: ${quote(sha256)}.`, `Invalid attachment id: ${quote(sha256)}.`));
  }
  return join(store, sha256.slice(0, 2), sha256);
}

const short = (sha256: string): string => `${sha256.slice(0, 12)}…`;

/** Checks the file against the type allow-list and the size limit, then stores it (once per content). */
export async function addAttachment(
  store: string,
  source: string | { name: string; bytes: Uint8Array },
  { maxBytes = DEFAULT_MAX_ATTACHMENT_BYTES }: { maxBytes?: number } = {},
): Promise<AttachmentInfo> {
  const name = safeFileName(typeof source === 'string' ? basename(source) : source.name);
  const bytes = typeof source === 'string' ? await readSource(source, name, maxBytes) : source.bytes;
  if (bytes.length > maxBytes) throw tooLarge(name, bytes.length, maxBytes);

  const verdict = classify(name, bytes);
  if (!verdict.ok) throw notAllowed(name, verdict.reason, verdict.expected?.label);

  const sha256 = sha256Hex(bytes);
  const blob = blobPathOf(store, sha256);
  // Stored already: keep it if intact (deduplication); a damaged copy is replaced by these good bytes.
  const intact = await hashFile(blob).then((d) => d.sha256 === sha256, () => false);
  if (!intact) {
    try {
      await mkdir(join(store, sha256.slice(0, 2)), { recursive: true });
    } catch (error) {
      throw fsFailure('write-failed', text('Không tạo được thư mục tệp đính kèm', 'Could not create the attachments folder'), store, error);
    }
    await writeFileAtomic(blob, bytes);
  }
  return { sha256, name, mediaType: verdict.type.mediaType, size: bytes.length };
}

// The size is checked before reading, so a 4 GB video picked by mistake is refused without loading it.
async function readSource(path: string, name: string, maxBytes: number): Promise<Uint8Array> {
  const readFailed = (error: unknown) => fsFailure('read-failed', text('Không đọc được tệp', 'Could not read'), path, error);
  const info = await stat(path).catch((error: unknown) => {
    throw readFailed(error);
  });
  if (!info.isFile()) {
    throw new HostError('read-failed', text(`${quote(path)} không phải là một tệp.`, `${quote(path)} is not a file.`));
  }
  if (info.size > maxBytes) throw tooLarge(name, info.size, maxBytes);
  return readFile(path).catch((error: unknown) => {
    throw readFailed(error);
  });
}

function tooLarge(name: string, size: number, maxBytes: number): HostError {
  const s = formatSize(size);
  const limit = formatSize(maxBytes);
  return new HostError(
    'too-large',
    text(
      `Tệp ${quote(name)} quá lớn (${s.vi}); giới hạn cho mỗi tệp đính kèm là ${limit.vi}.`,
      `${quote(name)} is too large (${s.en}); the limit for each attachment is ${limit.en}.`,
    ),
  );
}

function notAllowed(name: string, reason: 'program' | 'extension' | 'content' | 'macros', expected: string | undefined): HostError {
  const allowed = text(` Chỉ nhận các loại: ${ALLOWED_LABELS}.`, ` Allowed types: ${ALLOWED_LABELS}.`);
  const why = {
    program: text(`Tệp ${quote(name)} là một chương trình (tệp thực thi), không được đính kèm.`, `${quote(name)} is a program (an executable) and cannot be attached.`),
    extension: text(
      `Tệp ${quote(name)} không thuộc loại được phép đính kèm (.${extensionOf(name) || '?'}).`,
      `${quote(name)} is not a type that can be attached (.${extensionOf(name) || '?'}).`,
    ),
    content: text(
      `Tệp ${quote(name)} có đuôi .${extensionOf(name)} nhưng nội dung không phải là ${expected} (tệp bị hỏng hoặc bị đổi tên).`,
      `${quote(name)} is named .${extensionOf(name)} but its content is not ${expected} (the file is damaged or was renamed).`,
    ),
    macros: text(
      `Tệp ${quote(name)} chứa macro, không được đính kèm. Hãy lưu lại tệp không có macro rồi đính kèm.`,
      `${quote(name)} contains macros and cannot be attached. Save it without macros, then attach it.`,
    ),
  }[reason];
  return new HostError('type-not-allowed', text(why.vi + allowed.vi, why.en + allowed.en));
}

/** The blob's bytes, after checking that they still hash to its name. */
export async function readAttachment(store: string, sha256: string): Promise<Buffer> {
  const blob = blobPathOf(store, sha256);
  let bytes: Buffer;
  try {
    bytes = await readFile(blob);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') throw missing(store, sha256);
    throw fsFailure('read-failed', text('Không đọc được tệp đính kèm', 'Could not read the attachment'), blob, error);
  }
  if (sha256Hex(bytes) !== sha256) throw corrupt(store, sha256);
  return bytes;
}

const missing = (store: string, sha256: string): HostError =>
  new HostError(
    'attachment-missing',
    text(`Thiếu tệp đính kèm ${short(sha256)} trong thư mục ${quote(store)}.`, `The attachment ${short(sha256)} is missing from ${quote(store)}.`),
  );

const corrupt = (store: string, sha256: string): HostError =>
  new HostError(
    'attachment-corrupt',
    text(
      `Tệp đính kèm ${short(sha256)} trong thư mục ${quote(store)} đã bị hỏng hoặc bị sửa (nội dung không khớp mã SHA-256).`,
      `The attachment ${short(sha256)} in ${quote(store)} is damaged or was modified (its content does not match its SHA-256).`,
    ),
  );

export interface StoreCheck<T> {
  readonly missing: T[];
  readonly corrupt: T[];
  readonly ok: number;
}

/**
 * The check on open: every attachment the file refers to is present and intact. Entries pass through
 * unchanged (give them names and the report can name the files). A wrong size is enough to call a blob
 * corrupt; otherwise it is hashed.
 */
export async function verifyStore<T extends { readonly sha256: string; readonly size: number }>(
  store: string,
  expected: readonly T[],
): Promise<StoreCheck<T>> {
  const result = { missing: [] as T[], corrupt: [] as T[], ok: 0 };
  const seen = new Set<string>();
  for (const entry of expected) {
    if (seen.has(entry.sha256)) continue;
    seen.add(entry.sha256);
    if (!isSha256(entry.sha256)) {
      result.corrupt.push(entry);
      continue;
    }
    const blob = blobPathOf(store, entry.sha256);
    const size = await stat(blob).then((s) => s.size, () => undefined);
    if (size === undefined) result.missing.push(entry);
    else if (size === entry.size && (await hashFile(blob).then((d) => d.sha256, () => '')) === entry.sha256) result.ok += 1;
    else result.corrupt.push(entry);
  }
  return result;
}

/** Folders holding copies handed to viewers by this process, removed by removeOpenableCopies(). */
const copyFolders = new Set<string>();

/**
 * A copy of the attachment in a fresh temporary folder, named for the viewer the OS will pick: the
 * given name made safe, with an extension that matches the content (a name stored as "x.pdf.exe" can
 * never become a program). The copy is read-only: edits belong in a new attachment, not in a temp file.
 */
export async function openableCopy(store: string, sha256: string, name: string): Promise<string> {
  const bytes = await readAttachment(store, sha256);
  const type = typeOfContent(bytes);
  if (!type) throw notAllowed(safeFileName(name), 'extension', undefined);
  let fileName = safeFileName(name);
  if (!type.extensions.includes(extensionOf(fileName))) fileName = `${fileName}.${type.extensions[0]}`;
  try {
    const folder = await mkdtemp(join(tmpdir(), 'nq57-open-'));
    copyFolders.add(folder);
    const path = join(folder, fileName);
    await writeFileAtomic(path, bytes);
    await chmod(path, 0o444);
    return path;
  } catch (error) {
    throw fsFailure('write-failed', text('Không tạo được bản sao để mở', 'Could not make a copy to open'), fileName, error);
  }
}

/** Removes the copies made for viewers (call when the app quits; a viewer may still hold one open on Windows). */
export async function removeOpenableCopies(): Promise<void> {
  for (const folder of copyFolders) {
    await rm(folder, { recursive: true, force: true }).catch(() => undefined);
    copyFolders.delete(folder);
  }
}
