/**
 * The journal of unsaved changes (node/host/journal.ts through HostService): each change is on the disk
 * when journal() resolves; a save drops only the records its bytes hold; whatever a crash left is handed
 * back on the next open, in order; a torn last line (a crash mid-append) is ignored.
 */
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { journalPathOf } from '../../node/host';
import { HostService } from '../../node/host-service';
import { EvaluationFile } from '../../shared/file/evaluation-file';
import { sql, testEnv } from '../file/helpers';

let image: (province: string) => Uint8Array;
beforeAll(async () => {
  const SQL = await sql();
  image = (province) => {
    const f = EvaluationFile.create(SQL, testEnv(), { province });
    try {
      return f.export();
    } finally {
      f.close();
    }
  };
});

let dir: string;
let file: string;
const services: HostService[] = [];
const service = () => {
  const s = new HostService({ demoPath: join(dir, 'demo.nq57'), demoCsvPath: 'demo/dien-bien.csv' });
  services.push(s);
  return s;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nq57-journal-'));
  file = join(dir, 'đánh giá.nq57');
});
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the journal of unsaved changes', () => {
  it('keeps each change on disk at once; after a crash the next open hands them back in order', async () => {
    const a = service();
    await a.create(file, image('v1'));
    expect(await a.journal('{"edit":1}')).toBe(1);
    expect(await a.journal('{"edit":2}')).toBe(2);
    // On disk already, before any save: a crash now (no close, no save) loses nothing.
    expect(readFileSync(journalPathOf(file), 'utf8').trim().split('\n')).toHaveLength(2);

    // "Crash": the service is dropped without saving; another opens the file (taking over the lock).
    await a.close();
    const b = service();
    await b.open(file);
    expect(await b.pendingChanges()).toEqual([
      { seq: 1, record: '{"edit":1}' },
      { seq: 2, record: '{"edit":2}' },
    ]);
    // Numbering goes on after the records left.
    expect(await b.journal('{"edit":3}')).toBe(3);
  });

  it('a save drops only the records its bytes include; a save of everything removes the journal', async () => {
    const s = service();
    await s.create(file, image('v1'));
    for (let i = 1; i <= 3; i++) await s.journal(`r${i}`);
    await s.save(image('v2'), 2);
    expect(await s.pendingChanges()).toEqual([{ seq: 3, record: 'r3' }]);
    await s.save(image('v3'));
    expect(await s.pendingChanges()).toEqual([]);
    expect(existsSync(journalPathOf(file))).toBe(false);
  });

  it('ignores a line torn by a crash in the middle of an append', async () => {
    const s = service();
    await s.create(file, image('v1'));
    await s.journal('kept');
    appendFileSync(journalPathOf(file), '{"seq":2,"record":"half wri');
    await s.close();
    const t = service();
    await t.open(file);
    expect(await t.pendingChanges()).toEqual([{ seq: 1, record: 'kept' }]);
  });

  it('a new file, or a save under another name, starts with no journal', async () => {
    writeFileSync(journalPathOf(file), '{"seq":7,"record":"from an older file of that name"}\n');
    const s = service();
    await s.create(file, image('v1'));
    expect(await s.pendingChanges()).toEqual([]);

    await s.journal('unsaved');
    const other = join(dir, 'bản sao.nq57');
    await s.saveAs(other, image('v2'));
    expect(existsSync(journalPathOf(file)), 'the old file’s journal would replay onto the old file').toBe(false);
  });

  it('refuses a record too large to be one edit, and writes nothing', async () => {
    const s = service();
    await s.create(file, image('v1'));
    await expect(s.journal('x'.repeat(1_000_001))).rejects.toMatchObject({ code: 'too-large' });
    expect(await s.pendingChanges()).toEqual([]);
  });

  it('needs an open file', async () => {
    await expect(service().journal('x')).rejects.toMatchObject({ code: 'no-file' });
  });
});
