// Rotating backups beside the file, the policy Actual Budget uses: the save path backs up at most every
// 15 minutes; the folder keeps the 3 newest backups of today, the newest of each older day, at most 10.
// Restoring first backs up the current state, so a restore can itself be undone.
//
// Names carry the time in UTC (`<name>.YYYYMMDD-HHmmss-SSS.bak`) so that they sort by time and read back
// to the same instant on any laptop, whatever its time zone; "today" for the policy is the local day.
import { mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { text } from '../../shared/i18n/text';
import { copyFileAtomic } from './atomic';
import { errnoOf, fsFailure, HostError } from './errors';
import { quote } from './format';
import { assertSqliteFile } from './sqlite-header';

export interface BackupInfo {
  readonly path: string;
  readonly createdAt: Date;
  readonly size: number;
}

export const DEFAULT_BACKUP_INTERVAL_MS = 15 * 60 * 1000;
const KEEP_TODAY = 3;
const KEEP_TOTAL = 10;

export const backupFolderOf = (path: string): string => `${path}.backups`;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function stamp(at: Date): string {
  return (
    `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}-` +
    `${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}-${pad(at.getUTCMilliseconds(), 3)}`
  );
}

const STAMP = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-(\d{3})$/;

function parseStamp(s: string): Date | undefined {
  const m = STAMP.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, se, ms] = m.slice(1).map(Number) as [number, number, number, number, number, number, number];
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi, se, ms));
  return stamp(at) === s ? at : undefined;
}

/** The backup of `path` taken at `at`. */
export const backupPathOf = (path: string, at: Date): string =>
  join(backupFolderOf(path), `${basename(path)}.${stamp(at)}.bak`);

/** Backs up the file as it is on disk now. Two backups in the same millisecond get distinct names. */
export async function backupNow(path: string, now: Date = new Date()): Promise<BackupInfo> {
  try {
    await mkdir(backupFolderOf(path), { recursive: true });
  } catch (error) {
    throw fsFailure('write-failed', text('Không tạo được thư mục sao lưu', 'Could not create the backup folder'), backupFolderOf(path), error);
  }
  let at = now;
  while (await exists(backupPathOf(path, at))) at = new Date(at.getTime() + 1);
  const target = backupPathOf(path, at);
  await copyFileAtomic(path, target);
  return { path: target, createdAt: at, size: (await stat(target)).size };
}

/** The backups of `path`, newest first. Other files a user puts in the folder are ignored. */
export async function listBackups(path: string): Promise<BackupInfo[]> {
  const folder = backupFolderOf(path);
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return [];
    throw fsFailure('read-failed', text('Không đọc được thư mục sao lưu', 'Could not read the backup folder'), folder, error);
  }
  const backups: BackupInfo[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.bak')) continue;
    const createdAt = parseStamp(name.slice(prefix.length, -'.bak'.length));
    if (!createdAt) continue;
    const size = await stat(join(folder, name)).then((s) => (s.isFile() ? s.size : undefined), () => undefined);
    if (size !== undefined) backups.push({ path: join(folder, name), createdAt, size });
  }
  return backups.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

const localDay = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/**
 * The retention policy as a pure function: the 3 newest backups of today, the newest of each older day,
 * at most 10 in all (the oldest go first). Backups dated after `now` (a laptop whose clock was ahead)
 * count as today's, so they cannot escape the policy.
 */
export function backupsToKeep(backups: readonly BackupInfo[], now: Date): BackupInfo[] {
  const today = localDay(now);
  const kept: BackupInfo[] = [];
  const olderDaysKept = new Set<string>();
  let todayKept = 0;
  for (const backup of [...backups].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())) {
    const day = localDay(backup.createdAt);
    if (day >= today) {
      if (todayKept < KEEP_TODAY) {
        kept.push(backup);
        todayKept += 1;
      }
    } else if (!olderDaysKept.has(day)) {
      olderDaysKept.add(day);
      kept.push(backup);
    }
  }
  return kept.slice(0, KEEP_TOTAL);
}

export async function pruneBackups(path: string, now: Date = new Date()): Promise<{ kept: BackupInfo[]; removed: BackupInfo[] }> {
  const all = await listBackups(path);
  const kept = backupsToKeep(all, now);
  const keep = new Set(kept.map((b) => b.path));
  const removed = all.filter((b) => !keep.has(b.path));
  for (const backup of removed) await unlink(backup.path).catch(() => undefined);
  return { kept, removed };
}

/**
 * The save path calls this before writing: backs up the file as last saved when the newest backup is
 * older than the interval (or there is none, or it is dated in the future), then prunes.
 * Returns the new backup, or null when none was due or there is no file yet.
 */
export async function maybeBackup(
  path: string,
  { minIntervalMs = DEFAULT_BACKUP_INTERVAL_MS, now = new Date() }: { minIntervalMs?: number; now?: Date } = {},
): Promise<BackupInfo | null> {
  if (!(await exists(path))) return null;
  const newest = (await listBackups(path))[0];
  const age = newest ? now.getTime() - newest.createdAt.getTime() : Infinity;
  if (age >= 0 && age < minIntervalMs) return null;
  const backup = await backupNow(path, now);
  await pruneBackups(path, now);
  return backup;
}

/**
 * Puts the backup's bytes back in place of the file, after backing up the file's current state (so the
 * restore can be undone from the list). The caller holds the file's lock and reopens the file afterwards.
 * Returns the safety backup (null when there was no file to back up).
 */
export async function restoreBackup(path: string, backupPath: string, now: Date = new Date()): Promise<{ safetyBackup: BackupInfo | null }> {
  if (!(await exists(backupPath))) {
    throw new HostError('not-found', text(`Không tìm thấy bản sao lưu ${quote(backupPath)}.`, `The backup ${quote(backupPath)} was not found.`));
  }
  await assertSqliteFile(backupPath);
  const safetyBackup = (await exists(path)) ? await backupNow(path, now) : null;
  await copyFileAtomic(backupPath, path);
  return { safetyBackup };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
