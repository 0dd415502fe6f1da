// What the file looked like on disk when it was opened (or last saved), so that a save never silently
// overwrites a change someone else made meanwhile: a colleague's copy dropped on the same USB stick, a
// sync tool, another program.
import { stat } from 'node:fs/promises';
import { text } from '../../shared/i18n/text';
import { errnoOf, fsFailure, HostError } from './errors';
import { formatDateTime, quote } from './format';
import { hashFile, type FileDigest } from './hash';

export type DiskFingerprint = FileDigest;

/** Size, mtime and SHA-256 of the file now. Take it after opening and again after each save. */
export async function fingerprint(path: string): Promise<DiskFingerprint> {
  try {
    return await hashFile(path);
  } catch (error) {
    throw fsFailure('read-failed', text('Không đọc được tệp', 'Could not read'), path, error);
  }
}

/**
 * Throws HostError('changed-on-disk') when the file's content differs from `atOpen`, or the file is gone.
 * A different size settles it at the cost of a stat. Equal sizes are always hashed, whatever the mtime:
 * a fast rewrite can keep the mtime (coarse clocks on FAT, copies that preserve times), and a touched
 * file with a new mtime but the same bytes is not a change worth refusing a save for.
 */
export async function assertUnchanged(path: string, atOpen: DiskFingerprint): Promise<void> {
  let onDisk: { size: number; mtimeMs: number };
  try {
    onDisk = await stat(path);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') throw gone(path);
    throw fsFailure('read-failed', text('Không đọc được tệp', 'Could not read'), path, error);
  }
  if (onDisk.size !== atOpen.size) throw changed(path, onDisk.mtimeMs);
  const now = await fingerprint(path);
  if (now.sha256 !== atOpen.sha256) throw changed(path, now.mtimeMs);
}

function changed(path: string, mtimeMs: number): HostError {
  const when = formatDateTime(new Date(mtimeMs));
  return new HostError(
    'changed-on-disk',
    text(
      `Tệp ${quote(path)} đã bị thay đổi trên đĩa sau khi mở (lúc ${when}), có thể bởi người hoặc chương trình khác. ` +
        'Để không ghi đè lên thay đổi đó, ứng dụng chưa lưu; hãy lưu thành tệp khác rồi gộp hoặc so sánh hai tệp.',
      `${quote(path)} was changed on disk after it was opened (at ${when}), perhaps by another person or program. ` +
        'To avoid overwriting that change nothing was saved; save under another name, then merge or compare the two files.',
    ),
  );
}

function gone(path: string): HostError {
  return new HostError(
    'changed-on-disk',
    text(
      `Tệp ${quote(path)} không còn trên đĩa (đã bị xóa, đổi tên hoặc USB đã bị rút) sau khi mở. Hãy lưu thành tệp khác.`,
      `${quote(path)} is no longer on disk (deleted, renamed, or the USB stick was removed) since it was opened. Save under another name.`,
    ),
  );
}
