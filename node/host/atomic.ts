// Crash-safe replacement of a whole file. sql.js exports the whole database image on every save, and
// writing it over the live file leaves a torn, unopenable file if the process dies or the power goes
// mid-write. So the bytes go to a temporary file in the same folder (same file system, so the rename is
// atomic), are flushed to the disk, and only then renamed over the target; the folder is flushed so the
// rename itself survives a power cut. At every instant the target holds either the old or the new bytes.
import { randomBytes } from 'node:crypto';
import { access, constants, link, open, readdir, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { text } from '../../shared/i18n/text';
import { errnoOf, fsFailure, HostError } from './errors';
import { quote } from './format';

const SAVE = text('Không lưu được tệp', 'Could not save');

/** Temporary files this process is writing right now, so that a clean-up never removes one in flight. */
const inFlight = new Set<string>();

/** `.<name>.<pid>.<random>.tmp`: hidden, unique per writer, and recognisable by removeStaleTempFiles. */
function tempName(name: string): string {
  return `${tempPrefix(name)}${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

// The name is shortened so that the temporary name stays within the 255-byte limit of most file systems.
const tempPrefix = (name: string): string => `.${name.slice(0, 100)}.`;

/** A write to a temporary file beside its target; nothing is visible at `path` until commit(). */
export interface AtomicWrite {
  /** The file that commit() replaces (a symbolic link is followed, so the link stays a link). */
  readonly path: string;
  readonly tempPath: string;
  write(bytes: Uint8Array): Promise<void>;
  /** Flushes, renames over the target (or, with replace: false, refuses an existing target) and flushes the folder. */
  commit(options?: { replace?: boolean }): Promise<void>;
  /** Removes the temporary file; the target is untouched. Safe to call more than once. */
  abort(): Promise<void>;
}

export async function beginAtomicWrite(path: string): Promise<AtomicWrite> {
  const target = await followLink(path);
  const mode = await modeToKeep(target, path);
  const tempPath = join(dirname(target), tempName(basename(target)));
  let handle: FileHandle | undefined;
  try {
    handle = await open(tempPath, 'wx', mode ?? 0o666);
    // The umask applied at creation; set the old file's mode exactly (file systems without modes refuse).
    if (mode !== undefined) await handle.chmod(mode).catch(() => undefined);
  } catch (error) {
    throw fsFailure('write-failed', SAVE, path, error);
  }
  inFlight.add(tempPath);
  let done = false;

  const abort = async (): Promise<void> => {
    if (done) return;
    done = true;
    inFlight.delete(tempPath);
    await handle?.close().catch(() => undefined);
    handle = undefined;
    await unlink(tempPath).catch(() => undefined);
  };
  // A HostError (the target exists) passes through fsFailure unchanged; fs errors become sentences.
  const failed = async (error: unknown): Promise<HostError> => {
    await abort();
    return fsFailure('write-failed', SAVE, path, error);
  };

  return {
    path: target,
    tempPath,
    async write(bytes) {
      if (!handle) throw new Error('write after commit or abort');
      try {
        for (let offset = 0; offset < bytes.length; ) {
          offset += (await handle.write(bytes, offset, bytes.length - offset)).bytesWritten;
        }
      } catch (error) {
        throw await failed(error);
      }
    },
    async commit({ replace = true } = {}) {
      if (!handle) throw new Error('commit after commit or abort');
      try {
        await handle.sync();
        await handle.close();
        handle = undefined;
        if (replace) await renameWithRetry(tempPath, target);
        else await renameNoReplace(tempPath, target, path);
      } catch (error) {
        throw await failed(error);
      }
      done = true;
      inFlight.delete(tempPath);
      try {
        await syncFolder(dirname(target));
      } catch (error) {
        // The new bytes are in place, but the disk did not confirm the rename: say so rather than pretend.
        throw fsFailure('write-failed', SAVE, path, error);
      }
    },
    abort,
  };
}

/** Replaces the whole file at `path` with `bytes`, crash-safely; never writes over the live file in place. */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const pending = await beginAtomicWrite(path);
  await pending.write(bytes);
  await pending.commit();
}

/** Copies `from` over `to` crash-safely, a chunk at a time (a database image can be large). */
export async function copyFileAtomic(from: string, to: string): Promise<void> {
  let source: FileHandle;
  try {
    source = await open(from, 'r');
  } catch (error) {
    throw fsFailure('read-failed', text('Không đọc được tệp', 'Could not read'), from, error);
  }
  try {
    const pending = await beginAtomicWrite(to);
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await source.read(buffer, 0, buffer.length, null));
      } catch (error) {
        await pending.abort();
        throw fsFailure('read-failed', text('Không đọc được tệp', 'Could not read'), from, error);
      }
      if (bytesRead === 0) break;
      await pending.write(buffer.subarray(0, bytesRead));
    }
    await pending.commit();
  } finally {
    await source.close().catch(() => undefined);
  }
}

/**
 * Removes the temporary files a killed or crashed writer left beside `path` (`.<name>.<pid>.<hex>.tmp`).
 * Call it while holding the file's lock: then no other process is saving this file, and this process's
 * own writes in flight are skipped. Returns how many were removed.
 */
export async function removeStaleTempFiles(path: string): Promise<number> {
  const target = await followLink(path);
  const folder = dirname(target);
  const prefix = tempPrefix(basename(target));
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.startsWith(prefix) || !/^\d+\.[0-9a-f]{8}\.tmp$/.test(name.slice(prefix.length))) continue;
    const tempPath = join(folder, name);
    if (inFlight.has(tempPath)) continue;
    await unlink(tempPath).then(
      () => (removed += 1),
      () => undefined,
    );
  }
  return removed;
}

async function followLink(path: string): Promise<string> {
  return realpath(path).catch(() => path);
}

/**
 * The new file keeps the old one's permissions. A file the user made read-only is refused rather than
 * silently replaced (the rename would succeed, since it needs only the folder's permission).
 */
async function modeToKeep(target: string, shownPath: string): Promise<number | undefined> {
  let mode: number;
  try {
    mode = (await stat(target)).mode & 0o777;
  } catch {
    return undefined;
  }
  try {
    await access(target, constants.W_OK);
  } catch (error) {
    if (errnoOf(error) === 'EACCES' || errnoOf(error) === 'EPERM' || errnoOf(error) === 'EROFS') {
      throw new HostError(
        'read-only',
        text(
          `Không lưu được tệp ${quote(shownPath)}: tệp chỉ cho phép đọc. Hãy lưu thành tệp khác.`,
          `Could not save ${quote(shownPath)}: the file is read-only. Save it under another name.`,
        ),
        { cause: error },
      );
    }
  }
  return mode;
}

// On Windows a virus scanner or the search indexer may hold the target open for a moment after it was
// written; the rename then fails with EPERM/EACCES/EBUSY and succeeds a little later.
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      const transient = ['EPERM', 'EACCES', 'EBUSY'].includes(errnoOf(error) ?? '');
      if (process.platform !== 'win32' || !transient || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

// rename() replaces silently. A hard link fails atomically when the name is taken; file systems without
// hard links (FAT and exFAT USB sticks) fall back to a check just before the rename.
async function renameNoReplace(from: string, to: string, shownPath: string): Promise<void> {
  const exists = (): HostError =>
    new HostError(
      'exists',
      text(`Đã có tệp ${quote(shownPath)}; ứng dụng không ghi đè lên tệp đó.`, `${quote(shownPath)} already exists; it was not overwritten.`),
    );
  try {
    await link(from, to);
    await unlink(from);
    return;
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') throw exists();
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK'].includes(errnoOf(error) ?? '')) throw error;
  }
  if (await stat(to).then(() => true, () => false)) throw exists();
  await rename(from, to);
}

// Some platforms cannot open or flush a folder (Windows: EISDIR/EPERM; some network file systems: EINVAL).
async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch (error) {
    if (!['EISDIR', 'EPERM', 'EINVAL'].includes(errnoOf(error) ?? '')) throw error;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
