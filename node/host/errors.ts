import { text, type Text } from '../../shared/i18n/text';
import { quote } from './format';

/**
 * A failure a user can meet in the file host, told in Vietnamese and English. The app and the CLI show
 * `text`; the stack trace stays in logs. Codes thrown by node/host:
 *   write-failed, read-failed, not-found, read-only   the disk refused (the sentence names the reason)
 *   changed-on-disk   someone else changed the file since it was opened
 *   not-sqlite        a file that should be an SQLite database is not one
 *   locked            another instance (or another window) has the file open
 *   type-not-allowed, too-large, attachment-missing, attachment-corrupt, bad-attachment-id
 *   bad-archive, archive-corrupt, archive-too-large, exists
 */
export class HostError extends Error {
  constructor(
    readonly code: string,
    readonly text: Text,
    options?: { cause?: unknown },
  ) {
    super(`${text.vi} / ${text.en}`, options);
    this.name = 'HostError';
  }
}

export const isHostError = (error: unknown): error is HostError => error instanceof HostError;

/** The errno code of a Node fs error, if it is one. */
export function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Why the operating system refused, as a user can act on it (the errno stays in brackets for support). */
export function fsReason(error: unknown): Text {
  const code = errnoOf(error);
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return text('ổ đĩa đã đầy', 'the disk is full');
    case 'EACCES':
    case 'EPERM':
      return text('không có quyền truy cập', 'permission denied');
    case 'EROFS':
      return text('ổ đĩa chỉ cho phép đọc (USB có thể đang bị khóa ghi)', 'the disk is read-only (the USB stick may be write-protected)');
    case 'ENOENT':
      return text('tệp hoặc thư mục không tồn tại', 'the file or folder does not exist');
    case 'ENOTDIR':
      return text('một phần của đường dẫn không phải là thư mục', 'part of the path is not a folder');
    case 'EISDIR':
      return text('đây là một thư mục, không phải tệp', 'it is a folder, not a file');
    case 'EBUSY':
    case 'ETXTBSY':
      return text('tệp đang bị một chương trình khác sử dụng', 'another program is using the file');
    case 'EIO':
    case 'ENXIO':
    case 'ENODEV':
      return text('lỗi thiết bị (USB có thể đã bị rút ra)', 'device error (the USB stick may have been removed)');
    case 'ENAMETOOLONG':
      return text('tên tệp hoặc đường dẫn quá dài', 'the file name or path is too long');
    case 'EMFILE':
    case 'ENFILE':
      return text('hệ thống đang mở quá nhiều tệp', 'too many files are open');
    default:
      return text(`lỗi hệ thống (${code ?? String(error)})`, `system error (${code ?? String(error)})`);
  }
}

/** "Could not save “path”: the disk is full." — the HostError for an fs failure while doing `action`. */
export function fsFailure(hostCode: string, action: Text, path: string, error: unknown): HostError {
  if (error instanceof HostError) return error;
  const why = fsReason(error);
  return new HostError(hostCode, text(`${action.vi} ${quote(path)}: ${why.vi}.`, `${action.en} ${quote(path)}: ${why.en}.`), {
    cause: error,
  });
}
