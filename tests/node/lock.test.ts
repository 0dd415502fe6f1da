import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock, lockPathOf, type FileLock } from '../../node/host/lock';
import { compileForNode, type Compiled } from './fixtures/compile';
import { hostError, useTempFolders } from './helpers';

const HOUR = 60 * 60 * 1000;

describe('the lock: one app instance edits a file at a time', () => {
  const tempFolder = useTempFolders();
  const locks: FileLock[] = [];
  const acquire = async (path: string, options?: Parameters<typeof acquireLock>[1]) => {
    const lock = await acquireLock(path, options);
    locks.push(lock);
    return lock;
  };
  const newFile = () => join(tempFolder(), 'danh-gia.nq57');
  const writeLock = (path: string, owner: Record<string, unknown>) => writeFileSync(lockPathOf(path), JSON.stringify(owner));
  let holder: Compiled;
  beforeAll(() => {
    holder = compileForNode(fileURLToPath(new URL('./fixtures/hold-lock.ts', import.meta.url)));
  });
  afterAll(() => {
    for (const lock of locks) lock.release();
    holder.remove();
  });

  it('is <file>.lock, naming the process, the computer, the user and since when', async () => {
    const path = newFile();
    const lock = await acquire(path, { now: new Date('2026-11-26T02:00:00Z') });
    expect(lock.lockPath).toBe(`${path}.lock`);
    expect(JSON.parse(readFileSync(`${path}.lock`, 'utf8'))).toMatchObject({
      app: 'nq57',
      pid: process.pid,
      hostname: hostname(),
      user: expect.any(String),
      startedAt: '2026-11-26T02:00:00.000Z',
    });
  });

  it('refuses a second instance, naming who holds the file, where and since when; taken over once that instance is killed', async () => {
    const path = newFile();
    const other = spawn(process.execPath, [holder.path, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = once(other, 'exit');
    try {
      const [line] = (await once(createInterface({ input: other.stdout! }), 'line')) as [string];
      expect(line).toBe(`locked ${other.pid}`);
      const error = await hostError(acquireLock(path), 'locked');
      expect(error.text.vi).toMatch(new RegExp(`^Tệp đang được mở bởi .+ trên máy ${hostname()} từ \\d\\d:\\d\\d \\d\\d/\\d\\d/\\d{4} \\(tiến trình ${other.pid}\\)`));
      expect(error.text.en).toContain(`on computer ${hostname()}`);
      expect(error.text.en).toContain(`delete the lock file “${path}.lock”`);
    } finally {
      other.kill('SIGKILL');
      await exited;
    }
    // The other instance crashed without releasing: its lock is stale now.
    const lock = await acquire(path);
    expect(JSON.parse(readFileSync(lock.lockPath, 'utf8')).pid).toBe(process.pid);
  });

  it('refuses a second window of this same app', async () => {
    const path = newFile();
    await acquire(path);
    const error = await hostError(acquireLock(path), 'locked');
    expect(error.text.vi).toContain('đã được mở trong một cửa sổ khác của ứng dụng');
    expect(error.text.en).toContain('already open in another window of the app');
  });

  it('takes over the lock of a process that has exited', async () => {
    const path = newFile();
    const exited = spawnSync(process.execPath, ['-e', '']);
    expect(exited.status).toBe(0);
    writeLock(path, { app: 'nq57', pid: exited.pid, hostname: hostname(), user: 'lan', startedAt: new Date().toISOString() });
    const lock = await acquire(path);
    expect(JSON.parse(readFileSync(lock.lockPath, 'utf8')).pid).toBe(process.pid);
  });

  it('takes over a lock written before the computer last started, even if its pid is in use again', async () => {
    const path = newFile();
    // pid 1 is always alive; a lock from a year ago cannot be from the process running as pid 1 now.
    writeLock(path, { pid: 1, hostname: hostname(), user: 'lan', startedAt: new Date(Date.now() - 365 * 24 * HOUR).toISOString() });
    await acquire(path);
  });

  it('takes over a lock with this process’s pid that this process does not hold (an earlier process had the pid)', async () => {
    const path = newFile();
    writeLock(path, { pid: process.pid, hostname: hostname(), user: 'lan', startedAt: new Date().toISOString() });
    await acquire(path);
  });

  it('refuses while another computer’s lock is younger than 24 hours, and takes it over after', async () => {
    const path = newFile();
    const startedAt = new Date('2026-11-26T01:00:00Z');
    writeLock(path, { pid: 4242, hostname: 'LAPTOP-HUONG', user: 'huong', startedAt: startedAt.toISOString() });
    const error = await hostError(acquireLock(path, { now: new Date(startedAt.getTime() + 23 * HOUR) }), 'locked');
    expect(error.text.vi).toMatch(/^Tệp đang được mở bởi huong trên máy LAPTOP-HUONG từ /);
    expect(error.text.en).toMatch(/^The file is open by huong on computer LAPTOP-HUONG since /);
    await acquire(path, { now: new Date(startedAt.getTime() + 25 * HOUR) });
    expect(JSON.parse(readFileSync(lockPathOf(path), 'utf8')).hostname).toBe(hostname());
  });

  it('takes over an unreadable lock left by a crash', async () => {
    for (const garbage of ['', '{"pid": ', 'PK\u0003\u0004 not json', '{"pid": -3, "hostname": 7}', 'null']) {
      const path = newFile();
      writeFileSync(lockPathOf(path), garbage);
      const old = new Date(Date.now() - 60_000);
      utimesSync(lockPathOf(path), old, old);
      const lock = await acquire(path);
      expect(JSON.parse(readFileSync(lock.lockPath, 'utf8')).token).toBe(lock.owner.token);
    }
  });

  it('leaves alone an unreadable lock written this very moment (another instance is creating it)', async () => {
    const path = newFile();
    writeFileSync(lockPathOf(path), '');
    const error = await hostError(acquireLock(path), 'locked');
    expect(error.text.en).toContain('Another instance of the app is opening');
  });

  it('release removes the lock, so the file can be opened again', async () => {
    const path = newFile();
    const lock = await acquireLock(path);
    lock.release();
    expect(existsSync(lockPathOf(path))).toBe(false);
    lock.release();
    await acquire(path);
  });

  it('release removes only our own lock, never one another instance took over meanwhile', async () => {
    const path = newFile();
    const lock = await acquireLock(path);
    const theirs = JSON.stringify({ pid: 4242, hostname: 'LAPTOP-HUONG', user: 'huong', startedAt: new Date().toISOString(), token: 'theirs' });
    writeFileSync(lockPathOf(path), theirs);
    lock.release();
    expect(readFileSync(lockPathOf(path), 'utf8')).toBe(theirs);
  });

  it('an old handle released after a new lock was taken leaves the new lock in place', async () => {
    const path = newFile();
    const first = await acquireLock(path);
    first.release();
    const second = await acquire(path);
    first.release();
    expect(JSON.parse(readFileSync(lockPathOf(path), 'utf8')).token).toBe(second.owner.token);
  });

  it('in a folder that cannot hold it, fails with a sentence, not a stack trace', async () => {
    const error = await hostError(acquireLock(join(tempFolder(), 'missing', 'danh-gia.nq57')), 'lock-failed');
    expect(error.text.en).toContain('the file or folder does not exist');
  });
});
