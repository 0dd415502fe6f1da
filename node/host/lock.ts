// One editor per file. Two app instances (or two windows of one) saving the same file would each
// overwrite the other's work, so opening a file for editing creates `<file>.lock` exclusively, naming
// who holds it. A lock left behind by a crash must not lock users out forever: a lock whose process is
// gone (same computer), that predates the last boot, that is unreadable, or that another computer took
// more than 24 hours ago (a laptop that left with the USB stick pulled out) is stale and taken over.
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname, uptime, userInfo } from 'node:os';
import { text } from '../../shared/i18n/text';
import { errnoOf, fsFailure, HostError } from './errors';
import { formatDateTime, quote } from './format';

export interface LockOwner {
  readonly app: string;
  readonly pid: number;
  readonly hostname: string;
  readonly user: string;
  /** ISO 8601. */
  readonly startedAt: string;
  /** Tells this lock from a later one by the same process, so release() removes only its own. */
  readonly token: string;
}

export interface FileLock {
  readonly lockPath: string;
  readonly owner: LockOwner;
  /** Removes the lock file if it is still this lock. Synchronous so that it can run in an 'exit' handler. */
  release(): void;
}

export const lockPathOf = (path: string): string => `${path}.lock`;

const OTHER_COMPUTER_LOCK_LIFETIME_MS = 24 * 60 * 60 * 1000;
// An empty or half-written lock this young is most likely being written right now by an instance that
// started at the same moment (a double double-click): not stale yet.
const UNREADABLE_GRACE_MS = 2000;

/** Lock path → token of the lock this process holds on it. */
const held = new Map<string, string>();

type Verdict = { state: 'held'; owner: LockOwner | null } | { state: 'stale'; raw: string } | { state: 'gone' };

export async function acquireLock(path: string, { app = 'nq57', now = new Date() }: { app?: string; now?: Date } = {}): Promise<FileLock> {
  const lockPath = lockPathOf(path);
  const owner: LockOwner = {
    app,
    pid: process.pid,
    hostname: hostname(),
    user: currentUser(),
    startedAt: now.toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  // A few rounds: between finding a stale lock and creating ours, another instance may get there first.
  for (let round = 0; round < 3; round++) {
    if (await createExclusive(lockPath, owner, path)) {
      held.set(lockPath, owner.token);
      return { lockPath, owner, release: () => release(lockPath, owner.token) };
    }
    const verdict = await judge(lockPath, now);
    if (verdict.state === 'held') throw lockedError(path, lockPath, verdict.owner);
    if (verdict.state === 'stale') await removeIfUnchanged(lockPath, verdict.raw);
  }
  throw lockedError(path, lockPath, null);
}

async function createExclusive(lockPath: string, owner: LockOwner, path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockPath, 'wx');
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') return false;
    throw fsFailure('lock-failed', text('Không mở được tệp để chỉnh sửa (không tạo được tệp khóa)', 'Could not open for editing (the lock file could not be created)'), path, error);
  }
  try {
    await handle.writeFile(JSON.stringify(owner));
    await handle.sync();
    await handle.close();
    return true;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(lockPath).catch(() => undefined);
    throw fsFailure('lock-failed', text('Không mở được tệp để chỉnh sửa (không ghi được tệp khóa)', 'Could not open for editing (the lock file could not be written)'), path, error);
  }
}

async function judge(lockPath: string, now: Date): Promise<Verdict> {
  let raw: string;
  let mtimeMs: number;
  try {
    [raw, mtimeMs] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath).then((s) => s.mtimeMs)]);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return { state: 'gone' };
    throw error;
  }
  const owner = parseOwner(raw);
  if (!owner) {
    const age = Date.now() - mtimeMs;
    return age >= 0 && age < UNREADABLE_GRACE_MS ? { state: 'held', owner: null } : { state: 'stale', raw };
  }
  return isAlive(owner, lockPath, now) ? { state: 'held', owner } : { state: 'stale', raw };
}

function isAlive(owner: LockOwner, lockPath: string, now: Date): boolean {
  const startedAt = Date.parse(owner.startedAt);
  if (owner.hostname !== hostname()) return now.getTime() - startedAt < OTHER_COMPUTER_LOCK_LIFETIME_MS;
  // Our own pid: either this process holds it (another window), or an earlier process had the same pid
  // (pids restart from low numbers after a reboot or in a container) and is gone.
  if (owner.pid === process.pid) return held.has(lockPath);
  const bootedAt = Date.now() - uptime() * 1000;
  if (startedAt < bootedAt - 60_000) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return errnoOf(error) !== 'ESRCH';
  }
}

function parseOwner(raw: string): LockOwner | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const o = value as Record<string, unknown>;
  const valid =
    Number.isSafeInteger(o.pid) &&
    (o.pid as number) > 0 &&
    typeof o.hostname === 'string' &&
    typeof o.startedAt === 'string' &&
    !Number.isNaN(Date.parse(o.startedAt));
  if (!valid) return null;
  return {
    app: typeof o.app === 'string' ? o.app : '',
    pid: o.pid as number,
    hostname: o.hostname as string,
    user: typeof o.user === 'string' ? o.user : '',
    startedAt: o.startedAt as string,
    token: typeof o.token === 'string' ? o.token : '',
  };
}

// Re-reading just before removing narrows the window in which another instance could have replaced the
// stale lock with a live one; the exclusive create that follows is what finally decides.
async function removeIfUnchanged(lockPath: string, raw: string): Promise<void> {
  const now = await readFile(lockPath, 'utf8').catch(() => undefined);
  if (now === raw) await unlink(lockPath).catch(() => undefined);
}

function release(lockPath: string, token: string): void {
  if (held.get(lockPath) !== token) return;
  held.delete(lockPath);
  try {
    if (parseOwner(readFileSync(lockPath, 'utf8'))?.token === token) unlinkSync(lockPath);
  } catch {
    // Already gone, or the disk is gone: nothing of ours is left to remove.
  }
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers and domain setups): fall back to the environment.
    return process.env.USER ?? process.env.USERNAME ?? '';
  }
}

function lockedError(path: string, lockPath: string, owner: LockOwner | null): HostError {
  if (owner === null) {
    return new HostError(
      'locked',
      text(`Một phiên khác của ứng dụng đang mở tệp ${quote(path)} ngay lúc này.`, `Another instance of the app is opening ${quote(path)} right now.`),
    );
  }
  if (owner.pid === process.pid && owner.hostname === hostname()) {
    return new HostError(
      'locked',
      text(`Tệp ${quote(path)} đã được mở trong một cửa sổ khác của ứng dụng.`, `${quote(path)} is already open in another window of the app.`),
    );
  }
  const who = owner.user || '?';
  const since = formatDateTime(new Date(owner.startedAt));
  return new HostError(
    'locked',
    text(
      `Tệp đang được mở bởi ${who} trên máy ${owner.hostname} từ ${since} (tiến trình ${owner.pid}): ${quote(path)}. ` +
        `Hãy đóng tệp ở đó trước. Nếu chắc chắn không còn ai mở tệp, hãy xóa tệp khóa ${quote(lockPath)}.`,
      `The file is open by ${who} on computer ${owner.hostname} since ${since} (process ${owner.pid}): ${quote(path)}. ` +
        `Close it there first. If you are sure nobody has it open, delete the lock file ${quote(lockPath)}.`,
    ),
  );
}
