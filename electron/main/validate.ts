// Run-time checks of every IPC payload. The page is not trusted to respect the TypeScript types: a
// compromised renderer can send anything through the bridge, so each argument is checked here before
// it reaches the disk, and a refusal is a HostError the page can show in Vietnamese and English.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { types } from 'node:util';
import { text, type Text } from '../../shared/i18n/text';
import { DEFAULT_MAX_ATTACHMENT_BYTES, HostError } from '../../node/host';
import { formatSize, quote } from '../../node/host/format';

export interface PayloadLimits {
  /** An evaluation file (open, create, save, save as, restore). */
  readonly fileBytes: number;
  /** One attachment. */
  readonly attachmentBytes: number;
  /** One exported file. */
  readonly exportBytes: number;
  /** One file picked for import (CSV or workbook). */
  readonly importBytes: number;
  /** Characters of a document to print to PDF (all scorecards of a province are a few MB). */
  readonly printHtmlChars: number;
  /** Items in a list argument (attachments to verify or copy). */
  readonly listItems: number;
  /** Characters in a string argument (paths, names). */
  readonly stringChars: number;
}

export const DEFAULT_LIMITS: PayloadLimits = Object.freeze({
  fileBytes: 1024 * 1024 * 1024,
  attachmentBytes: DEFAULT_MAX_ATTACHMENT_BYTES,
  exportBytes: 512 * 1024 * 1024,
  importBytes: 64 * 1024 * 1024,
  printHtmlChars: 64 * 1024 * 1024,
  listItems: 1_000_000,
  stringChars: 4096,
});

export const EVALUATION_FILE_EXTENSION = '.nq57';

/** The arguments' names, as the refusals say them. */
export const ARG = {
  path: text('đường dẫn', 'the path'),
  backupPath: text('đường dẫn bản sao lưu', 'the backup path'),
  content: text('nội dung tệp', 'the file content'),
  file: text('tệp', 'the file'),
  fileName: text('tên tệp', 'the file name'),
  attachments: text('danh sách tệp đính kèm', 'the list of attachments'),
  attachment: text('tệp đính kèm', 'an attachment'),
  attachmentId: text('mã tệp đính kèm', 'the attachment id'),
  size: text('kích thước', 'the size'),
  handle: text('mã tệp đã chọn', 'the picked file’s handle'),
  state: text('trạng thái tài liệu', 'the document state'),
  dirty: text('“có thay đổi chưa lưu”', '“has unsaved changes”'),
  busy: text('“đang nhập hoặc gộp dữ liệu”', '“an import or a merge is running”'),
  saved: text('“đã lưu”', '“saved”'),
  journalRecord: text('bản ghi nhật ký', 'the journal record'),
  journaledThrough: text('số bản ghi nhật ký đã lưu', 'the number of the last journal record saved'),
  html: text('tài liệu cần in', 'the document to print'),
} as const;

/** A refusal of a malformed request: names the method and the argument, in both languages. */
export function invalid(method: string, vi: string, en: string): HostError {
  return new HostError('invalid-request', text(`Yêu cầu “${method}” không hợp lệ: ${vi}.`, `Invalid “${method}” request: ${en}.`));
}

/** Refuses more arguments than the method takes (a mistake or a probe, never a real call). */
export function expectArity(method: string, args: readonly unknown[], max: number): void {
  if (args.length > max) throw invalid(method, `nhận ${args.length} tham số, tối đa ${max}`, `got ${args.length} arguments, at most ${max}`);
}

export function expectString(method: string, what: Text, value: unknown, maxChars: number): string {
  if (typeof value !== 'string') throw invalid(method, `${what.vi} phải là chuỗi ký tự`, `${what.en} must be a string`);
  if (value.length > maxChars) throw invalid(method, `${what.vi} dài quá ${maxChars} ký tự`, `${what.en} is longer than ${maxChars} characters`);
  if (value.includes('\u0000')) throw invalid(method, `${what.vi} chứa ký tự NUL`, `${what.en} contains a NUL character`);
  return value;
}

export function expectBoolean(method: string, what: Text, value: unknown): boolean {
  if (typeof value !== 'boolean') throw invalid(method, `${what.vi} phải là đúng/sai`, `${what.en} must be true or false`);
  return value;
}

/** Bytes from the page: a real Uint8Array (from any realm), within the limit. */
export function expectBytes(method: string, what: Text, value: unknown, maxBytes: number): Uint8Array {
  if (!types.isUint8Array(value)) throw invalid(method, `${what.vi} phải là dãy byte (Uint8Array)`, `${what.en} must be bytes (a Uint8Array)`);
  if (value.byteLength > maxBytes) {
    const size = formatSize(value.byteLength);
    const limit = formatSize(maxBytes);
    throw invalid(method, `${what.vi} quá lớn (${size.vi}, tối đa ${limit.vi})`, `${what.en} is too large (${size.en}, at most ${limit.en})`);
  }
  return value;
}

/** An absolute path to an evaluation file: no NUL, ends with .nq57, normalised. */
export function expectEvaluationPath(method: string, value: unknown, limits: PayloadLimits): string {
  const path = expectString(method, ARG.path, value, limits.stringChars);
  if (!isAbsolute(path)) throw invalid(method, `đường dẫn ${quote(path)} không phải đường dẫn tuyệt đối`, `the path ${quote(path)} is not absolute`);
  if (!path.toLowerCase().endsWith(EVALUATION_FILE_EXTENSION)) {
    throw invalid(method, `${quote(path)} không phải tệp đánh giá ${EVALUATION_FILE_EXTENSION}`, `${quote(path)} is not a ${EVALUATION_FILE_EXTENSION} evaluation file`);
  }
  return resolve(path);
}

/** True when `path` lies strictly inside `folder` (after resolving any `..`). */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(resolve(folder), resolve(path));
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/** A backup path: absolute, directly inside the open file's backups folder. */
export function expectBackupPath(method: string, value: unknown, backupFolder: string, limits: PayloadLimits): string {
  const path = expectString(method, ARG.backupPath, value, limits.stringChars);
  if (!isAbsolute(path)) throw invalid(method, `đường dẫn ${quote(path)} không phải đường dẫn tuyệt đối`, `the path ${quote(path)} is not absolute`);
  const resolved = resolve(path);
  if (!isInside(backupFolder, resolved) || relative(resolve(backupFolder), resolved).includes(sep)) {
    throw invalid(
      method,
      `${quote(path)} không nằm trong thư mục sao lưu của tệp đang mở (${quote(backupFolder)})`,
      `${quote(path)} is not in the open file's backup folder (${quote(backupFolder)})`,
    );
  }
  return resolved;
}

const SHA256 = /^[0-9a-f]{64}$/;

export function expectSha256(method: string, value: unknown): string {
  if (typeof value !== 'string' || !SHA256.test(value)) {
    throw invalid(method, 'mã tệp đính kèm phải là 64 chữ số hệ 16 (SHA-256)', 'an attachment id must be 64 hexadecimal digits (SHA-256)');
  }
  return value;
}

export function expectArray(method: string, what: Text, value: unknown, maxItems: number): readonly unknown[] {
  if (!Array.isArray(value)) throw invalid(method, `${what.vi} phải là một danh sách`, `${what.en} must be a list`);
  if (value.length > maxItems) throw invalid(method, `${what.vi} có quá ${maxItems} phần tử`, `${what.en} has more than ${maxItems} items`);
  return value;
}

/** A plain object (not an array, not null): what the page sends for structured arguments. */
export function expectRecord(method: string, what: Text, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || types.isUint8Array(value)) {
    throw invalid(method, `${what.vi} phải là một đối tượng`, `${what.en} must be an object`);
  }
  return value as Record<string, unknown>;
}

export function expectSize(method: string, what: Text, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(method, `${what.vi} phải là số nguyên không âm`, `${what.en} must be a whole number ≥ 0`);
  }
  return value;
}
