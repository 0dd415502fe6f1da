import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  backupFolderOf,
  backupNow,
  backupsToKeep,
  listBackups,
  maybeBackup,
  pruneBackups,
  restoreBackup,
  type BackupInfo,
} from '../../node/host/backups';
import { filesUnder, hostError, sqliteImage, useTempFolders } from './helpers';

/** "2026-11-26 09:30" (or with ":ss.SSS") in the machine's local time, the time users mean by "today". */
function at(local: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2})\.(\d{3}))?$/.exec(local);
  if (!m) throw new Error(`bad time ${local}`);
  const [y, mo, d, h, mi, s, ms] = m.slice(1).map((x) => Number(x ?? 0)) as number[];
  return new Date(y!, mo! - 1, d!, h!, mi!, s!, ms!);
}

const pad = (n: number) => String(n).padStart(2, '0');
const show = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
const fake = (local: string): BackupInfo => ({ path: local, createdAt: at(local), size: 1 });

describe('backup files', () => {
  const tempFolder = useTempFolders();
  const evaluationFile = async (content = 'v1') => {
    const path = join(tempFolder(), 'danh-gia.nq57');
    writeFileSync(path, content);
    return path;
  };

  it('are named <file>.backups/<name>.<YYYYMMDD-HHmmss-SSS>.bak in UTC, and hold the file as it was', async () => {
    const path = await evaluationFile('as saved at 05:12');
    const when = new Date(Date.UTC(2026, 10, 26, 5, 12, 7, 89));
    const backup = await backupNow(path, when);
    expect(backup.path).toBe(join(`${path}.backups`, 'danh-gia.nq57.20261126-051207-089.bak'));
    expect(readFileSync(backup.path, 'utf8')).toBe('as saved at 05:12');
    expect(backup).toMatchObject({ createdAt: when, size: 17 });
  });

  it('sort by name in the order they were taken, and are listed newest first', async () => {
    const path = await evaluationFile();
    const times = ['2026-11-20 23:59', '2026-11-26 09:05', '2026-11-26 10:00', '2025-12-31 08:00', '2026-11-26 09:04:59.999'].map(at);
    for (const t of times) await backupNow(path, t);
    const listed = await listBackups(path);
    const newestFirst = [...times].sort((a, b) => b.getTime() - a.getTime());
    expect(listed.map((b) => b.createdAt)).toEqual(newestFirst);
    expect(listed.map((b) => basename(b.path)).sort().reverse()).toEqual(listed.map((b) => basename(b.path)));
  });

  it('taken twice in the same millisecond get two names', async () => {
    const path = await evaluationFile();
    const t = at('2026-11-26 09:00');
    const first = await backupNow(path, t);
    const second = await backupNow(path, t);
    expect(first.path).not.toBe(second.path);
    expect(await listBackups(path)).toHaveLength(2);
  });

  it('are listed without the other files a user keeps in the folder', async () => {
    const path = await evaluationFile();
    await backupNow(path, at('2026-11-26 09:00'));
    mkdirSync(backupFolderOf(path), { recursive: true });
    for (const name of ['notes.txt', 'danh-gia.nq57.bak', 'danh-gia.nq57.20261399-000000-000.bak', 'other.nq57.20261126-010000-000.bak']) {
      writeFileSync(join(backupFolderOf(path), name), 'x');
    }
    expect((await listBackups(path)).map((b) => basename(b.path))).toEqual([expect.stringMatching(/^danh-gia\.nq57\.\d{8}-\d{6}-\d{3}\.bak$/)]);
  });

  it('of a file that has none yet: an empty list', async () => {
    expect(await listBackups(await evaluationFile())).toEqual([]);
  });
});

describe('the retention policy: the 3 newest of today, the newest of each older day, at most 10', () => {
  const tempFolder = useTempFolders();
  const now = at('2026-11-26 18:00');
  const cases: { rule: string; backups: string[]; survivors: string[] }[] = [
    {
      rule: 'five backups today → the three newest',
      backups: ['2026-11-26 09:00', '2026-11-26 10:00', '2026-11-26 11:00', '2026-11-26 12:00', '2026-11-26 13:00'],
      survivors: ['2026-11-26 13:00', '2026-11-26 12:00', '2026-11-26 11:00'],
    },
    {
      rule: 'three on an older day → the newest of that day',
      backups: ['2026-11-25 08:00', '2026-11-25 12:00', '2026-11-25 17:30'],
      survivors: ['2026-11-25 17:30'],
    },
    {
      rule: 'just before and just after midnight → two different days',
      backups: ['2026-11-25 23:59', '2026-11-26 00:01'],
      survivors: ['2026-11-26 00:01', '2026-11-25 23:59'],
    },
    {
      rule: 'one a day for twelve older days → the ten newest days',
      backups: Array.from({ length: 12 }, (_, i) => `2026-11-${pad(25 - i)} 10:00`),
      survivors: Array.from({ length: 10 }, (_, i) => `2026-11-${pad(25 - i)} 10:00`),
    },
    {
      rule: 'four today and two a day for nine older days → three of today and the newest of the seven newest days',
      backups: [
        ...['09:00', '11:00', '13:00', '15:00'].map((t) => `2026-11-26 ${t}`),
        ...Array.from({ length: 9 }, (_, i) => [`2026-11-${pad(25 - i)} 08:00`, `2026-11-${pad(25 - i)} 16:00`]).flat(),
      ],
      survivors: [
        '2026-11-26 15:00',
        '2026-11-26 13:00',
        '2026-11-26 11:00',
        ...Array.from({ length: 7 }, (_, i) => `2026-11-${pad(25 - i)} 16:00`),
      ],
    },
    {
      rule: 'a backup dated tomorrow (a clock that was ahead) counts as one of today’s',
      backups: ['2026-11-27 08:00', '2026-11-26 09:00', '2026-11-26 10:00', '2026-11-26 11:00'],
      survivors: ['2026-11-27 08:00', '2026-11-26 11:00', '2026-11-26 10:00'],
    },
    {
      rule: 'across a year end and weeks apart, still one per day',
      backups: ['2025-12-31 10:00', '2025-12-31 20:00', '2026-01-01 09:00', '2026-03-15 12:00'],
      survivors: ['2026-03-15 12:00', '2026-01-01 09:00', '2025-12-31 20:00'],
    },
    { rule: 'no backups → none', backups: [], survivors: [] },
  ];

  it.each(cases)('$rule', ({ backups, survivors }) => {
    expect(backupsToKeep(backups.map(fake), now).map((b) => show(b.createdAt))).toEqual(survivors);
  });

  it('prunes real backup files taken four times a day over five days to exactly the expected survivors', async () => {
    const folder = tempFolder();
    const path = join(folder, 'danh-gia.nq57');
    writeFileSync(path, 'db');
    for (const day of ['22', '23', '24', '25', '26']) {
      for (const time of ['09:00', '11:00', '14:00', '16:00']) await backupNow(path, at(`2026-11-${day} ${time}`));
    }
    const { kept, removed } = await pruneBackups(path, now);
    const expected = ['2026-11-26 16:00', '2026-11-26 14:00', '2026-11-26 11:00', '2026-11-25 16:00', '2026-11-24 16:00', '2026-11-23 16:00', '2026-11-22 16:00'];
    expect(kept.map((b) => show(b.createdAt))).toEqual(expected);
    expect(removed).toHaveLength(20 - expected.length);
    expect((await listBackups(path)).map((b) => show(b.createdAt))).toEqual(expected);
    expect(filesUnder(folder)).toHaveLength(1 + expected.length);
  });
});

describe('backing up while saving (every 15 minutes at most)', () => {
  const tempFolder = useTempFolders();

  it('backs up the file as last saved, then not again until 15 minutes have passed', async () => {
    const path = join(tempFolder(), 'danh-gia.nq57');
    expect(await maybeBackup(path, { now: at('2026-11-26 08:55') })).toBeNull();
    writeFileSync(path, 'saved at 09:00');
    const first = await maybeBackup(path, { now: at('2026-11-26 09:00') });
    expect(first && readFileSync(first.path, 'utf8')).toBe('saved at 09:00');
    writeFileSync(path, 'saved at 09:10');
    expect(await maybeBackup(path, { now: at('2026-11-26 09:10') })).toBeNull();
    writeFileSync(path, 'saved at 09:14');
    expect(await maybeBackup(path, { now: at('2026-11-26 09:14:59.999') })).toBeNull();
    const second = await maybeBackup(path, { now: at('2026-11-26 09:15') });
    expect(second && readFileSync(second.path, 'utf8')).toBe('saved at 09:14');
    expect(await maybeBackup(path, { now: at('2026-11-26 09:20'), minIntervalMs: 60_000 })).not.toBeNull();
  });

  it('backs up when the newest backup is dated in the future (the clock was wrong)', async () => {
    const path = join(tempFolder(), 'danh-gia.nq57');
    writeFileSync(path, 'x');
    await backupNow(path, at('2027-01-01 10:00'));
    expect(await maybeBackup(path, { now: at('2026-11-26 09:00') })).not.toBeNull();
  });

  it('saving every 20 minutes for three days keeps 3 backups of today and 1 of each earlier day', async () => {
    const path = join(tempFolder(), 'danh-gia.nq57');
    writeFileSync(path, 'x');
    let now = at('2026-11-24 08:00');
    while (now < at('2026-11-26 17:00')) {
      await maybeBackup(path, { now });
      now = new Date(now.getTime() + 20 * 60_000);
    }
    expect((await listBackups(path)).map((b) => show(b.createdAt))).toEqual(['2026-11-26 16:40', '2026-11-26 16:20', '2026-11-26 16:00', '2026-11-25 23:40', '2026-11-24 23:40']);
  });
});

describe('restoring a backup', () => {
  const tempFolder = useTempFolders();

  it('first backs up the current file, then puts the backup’s bytes in its place', async () => {
    const path = join(tempFolder(), 'danh-gia.nq57');
    const monday = await sqliteImage('monday');
    const friday = await sqliteImage('friday');
    writeFileSync(path, monday);
    const mondayBackup = await backupNow(path, at('2026-11-23 17:00'));
    writeFileSync(path, friday);

    const { safetyBackup } = await restoreBackup(path, mondayBackup.path, at('2026-11-27 10:00'));
    expect(readFileSync(path).equals(monday)).toBe(true);
    expect(safetyBackup && readFileSync(safetyBackup.path).equals(friday)).toBe(true);
    expect((await listBackups(path)).map((b) => show(b.createdAt))).toEqual(['2026-11-27 10:00', '2026-11-23 17:00']);
    // The restore can itself be undone.
    await restoreBackup(path, safetyBackup!.path, at('2026-11-27 10:05'));
    expect(readFileSync(path).equals(friday)).toBe(true);
  });

  it('refuses a file that is not a database, and leaves the current file alone', async () => {
    const folder = tempFolder();
    const path = join(folder, 'danh-gia.nq57');
    const current = await sqliteImage('current');
    writeFileSync(path, current);
    writeFileSync(join(folder, 'notes.txt'), 'not a database at all');
    const error = await hostError(restoreBackup(path, join(folder, 'notes.txt')), 'not-sqlite');
    expect(error.text.en).toContain('notes.txt” is not an evaluation file');
    expect(readFileSync(path).equals(current)).toBe(true);
    expect(await listBackups(path)).toEqual([]);
  });

  it('refuses a backup that does not exist, naming it', async () => {
    const path = join(tempFolder(), 'danh-gia.nq57');
    writeFileSync(path, await sqliteImage('current'));
    const error = await hostError(restoreBackup(path, `${path}.backups/gone.bak`), 'not-found');
    expect(error.text.vi).toContain('gone.bak');
  });
});
