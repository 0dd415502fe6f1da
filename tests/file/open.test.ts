/** Opening: only our files, undamaged, of a schema this version knows; older ones are upgraded with their data. */
import { describe, expect, it } from 'vitest';
import { EvaluationFile } from '../../shared/file/evaluation-file';
import { FileError, type OpenCheck } from '../../shared/file/open';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from '../../shared/file/schema';
import { importCsv } from '../../shared/file/import';
import { scoreYear } from '../../shared/engine/score';
import { scoreJson } from '../../shared/results/present';
import { defaults, DEMO_CSV, sql, testEnv, withDamagedPage, withDamagedUnitIndex } from './helpers';

async function openError(bytes: Uint8Array, check?: OpenCheck): Promise<FileError> {
  const SQL = await sql();
  try {
    EvaluationFile.open(SQL, bytes, testEnv(), check);
  } catch (e) {
    if (e instanceof FileError) return e;
    throw e;
  }
  throw new Error('opened');
}

describe('opening a file', () => {
  it('reopens what it saved, with its metadata', async () => {
    const SQL = await sql();
    const f = EvaluationFile.create(SQL, testEnv(), { province: 'Điện Biên' });
    const meta = f.meta();
    const { file, migratedFrom } = EvaluationFile.open(SQL, f.export(), testEnv());
    expect(migratedFrom).toBeNull();
    expect(file.meta()).toMatchObject({ fileId: meta.fileId, schemaVersion: SCHEMA_VERSION, province: 'Điện Biên', appVersion: '0.1.0' });
  });

  it('refuses an empty file', async () => {
    expect((await openError(new Uint8Array())).text.vi).toMatch(/Tệp rỗng/);
  });

  it('refuses random bytes: not an SQLite database', async () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256);
    const e = await openError(bytes);
    expect(e.code).toBe('not-sqlite');
    expect(e.text.en).toMatch(/no SQLite database header/);
  });

  it('refuses a truncated file as damaged, pointing to the backups', async () => {
    const SQL = await sql();
    const f = EvaluationFile.create(SQL, testEnv());
    importCsv(f, DEMO_CSV, defaults);
    const bytes = f.export();
    const e = await openError(bytes.slice(0, Math.floor(bytes.length / 2)));
    expect(e.code).toBe('damaged');
    expect(e.text.vi).toMatch(/bị hỏng.*sao lưu/);
  });

  it('finds a damaged index with the full check, and lets the quick check open the file to check it fully later', async () => {
    const SQL = await sql();
    const f = EvaluationFile.create(SQL, testEnv());
    importCsv(f, DEMO_CSV, defaults);
    const damaged = withDamagedUnitIndex(SQL, f.export());
    // The full check (the default) refuses it at the door, naming what SQLite found.
    const e = await openError(damaged);
    expect(e.code).toBe('damaged');
    expect(e.text.vi).toMatch(/^Tệp đánh giá bị hỏng \(.*index.*\); hãy khôi phục từ bản sao lưu$/);
    expect(e.text.en).toMatch(/^The evaluation file is damaged \(.*index.*\); restore it from a backup$/);
    // The quick check reads every page and record, which are sound: it opens; the full check then refuses.
    const { file } = EvaluationFile.open(SQL, damaged, testEnv(), 'quick');
    expect(() => file.verifyIntegrity()).toThrow(/bị hỏng/);
    // An undamaged file passes both.
    const sound = EvaluationFile.open(SQL, f.export(), testEnv(), 'quick').file;
    expect(() => sound.verifyIntegrity()).not.toThrow();
  });

  it('opens without a check when asked to check later, and the quick check then names the damaged page alone', async () => {
    const SQL = await sql();
    const f = EvaluationFile.create(SQL, testEnv());
    importCsv(f, DEMO_CSV, defaults);
    const damaged = withDamagedPage(SQL, f.export(), 'audit_log');
    // Refused at the door by either check, with SQLite's first finding (not its list of unused pages).
    for (const check of ['quick', 'full'] as const) {
      const e = await openError(damaged, check);
      expect(e.code).toBe('damaged');
      expect(e.text.vi).toMatch(/^Tệp đánh giá bị hỏng \(Tree \d+ page \d+: [^\n]*\); hãy khôi phục từ bản sao lưu$/);
      expect(e.text.en).not.toMatch(/never used|\*\*\*/);
    }
    // Checked later: it opens, what is sound reads, and the check names the same finding.
    const { file } = EvaluationFile.open(SQL, damaged, testEnv(), 'later');
    expect(file.units()).toHaveLength(61);
    expect(() => file.auditLog()).toThrow();
    expect(() => file.verifyIntegrity('quick')).toThrow(expect.objectContaining({ code: 'damaged', text: expect.objectContaining({ en: expect.stringMatching(/^The evaluation file is damaged \(Tree \d+ page \d+: .*\); restore it from a backup$/) }) }));
  });

  it('checks the pages of an older file before upgrading it, even when asked to check later', async () => {
    const SQL = await sql();
    const db = new SQL.Database();
    db.run(`PRAGMA application_id = ${APPLICATION_ID}`);
    db.run(MIGRATIONS[0]!);
    db.run('PRAGMA user_version = 1');
    const old = db.export();
    db.close();
    const e = await openError(withDamagedPage(SQL, old, 'units'), 'later');
    expect(e.code).toBe('damaged');
    // The same file undamaged is upgraded.
    expect(EvaluationFile.open(SQL, old, testEnv(), 'later').migratedFrom).toBe(1);
  });

  it('refuses an SQLite database that is not ours', async () => {
    const SQL = await sql();
    const db = new SQL.Database();
    db.run('CREATE TABLE budget (x)');
    const e = await openError(db.export());
    expect(e.code).toBe('foreign');
    expect(e.text.vi).toBe('Đây là một cơ sở dữ liệu SQLite nhưng không phải tệp đánh giá của phần mềm này');
  });

  it('refuses a file of a newer schema, naming the version it needs', async () => {
    const SQL = await sql();
    const f = EvaluationFile.create(SQL, testEnv());
    f.db.run(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    f.db.run("UPDATE meta SET value = '9.4.0' WHERE key = 'app_version'");
    const bytes = f.db.export();
    const e = await openError(bytes);
    expect(e.code).toBe('newer');
    expect(e.text.vi).toMatch(/phiên bản mới hơn.*cần phiên bản 9\.4\.0 trở lên/);
  });
});

describe('migrations', () => {
  it.each(Array.from({ length: SCHEMA_VERSION - 1 }, (_, i) => i + 1))('a file of schema %i opens, is upgraded and keeps its data', async (from) => {
    const SQL = await sql();
    // Build a file as that version of the app wrote it: only the migrations up to `from`.
    const db = new SQL.Database();
    db.run(`PRAGMA application_id = ${APPLICATION_ID}`);
    for (let v = 0; v < from; v++) db.run(MIGRATIONS[v]!);
    db.run(`PRAGMA user_version = ${from}`);
    const now = '2026-01-05T08:00:00.000Z';
    db.run("INSERT INTO meta VALUES ('file_id', 'old-file'), ('province', 'Điện Biên'), ('created_at', ?), ('modified_at', ?), ('app_version', '0.0.9')", [now, now]);
    db.run("INSERT INTO units VALUES ('03127', 'UBND phường Điện Biên Phủ', 'XA', 2025, NULL, '[]', ?, ?)", [now, now]);
    db.run("INSERT INTO evaluators VALUES ('an', 'Nguyễn Văn An', 'member', ?)", [now]);
    db.run(
      `INSERT INTO entries VALUES ('e1', 2026, '03127', '1.3', 'an', '{"value":true}', 'QĐ 7', '', 0, '', ?, 'an', ?, 'an')`,
      [now, now],
    );
    const { file, migratedFrom } = EvaluationFile.open(SQL, db.export(), testEnv());
    expect(migratedFrom).toBe(from);
    expect(file.meta().schemaVersion).toBe(SCHEMA_VERSION);
    expect(file.entries()).toEqual([expect.objectContaining({ id: 'e1', unit: '03127', indicator: '1.3', who: 'an', values: { value: true }, evidence: 'QĐ 7', attachments: [] })]);
    expect(file.auditLog().at(-1)).toMatchObject({ action: 'file.migrate', before: { schema: from }, after: { schema: SCHEMA_VERSION } });
    // The views of the newest schema work on the upgraded data.
    expect(file.rows('SELECT unit_name, who FROM v_entries')).toEqual([['UBND phường Điện Biên Phủ', 'Nguyễn Văn An']]);
  });
});

describe('what the file guarantees', () => {
  it('keeps an append-only audit log: SQL cannot rewrite or delete history', async () => {
    const SQL = await sql();
    const f = EvaluationFile.create(SQL, testEnv());
    importCsv(f, DEMO_CSV, defaults);
    expect(() => f.db.run("UPDATE audit_log SET actor = 'ai đó'")).toThrow(/append-only/);
    expect(() => f.db.run('DELETE FROM audit_log')).toThrow(/append-only/);
  });

  it('records who changed an entry, when, before and after, and why', async () => {
    const SQL = await sql();
    const f = EvaluationFile.create(SQL, testEnv('Lò Thị Hương'));
    importCsv(f, DEMO_CSV, defaults);
    const key = { year: 2026, unit: '03127', indicator: '2.2', who: '' };
    const before = f.entry(key)!;
    f.putEntry(key, { ...before, values: { value: 30 } }, { reason: 'đối chiếu danh mục tin bài' });
    const last = f.auditLog().at(-1)!;
    expect(last).toMatchObject({ actor: 'Lò Thị Hương', action: 'entry.update', target: '2026 03127 2.2 (tự đánh giá)', reason: 'đối chiếu danh mục tin bài', after: { values: { value: 30 } } });
    expect(last.before).toMatchObject({ values: before.values });
    expect(f.entry(key)).toMatchObject({ updatedBy: 'Lò Thị Hương', createdAt: before.createdAt });
  });

  it('freezes a year’s criteria set once the year has entries', async () => {
    const SQL = await sql();
    const f = EvaluationFile.create(SQL, testEnv());
    importCsv(f, DEMO_CSV, defaults);
    const edited = JSON.parse(JSON.stringify(f.criteriaFor(2026)!.set));
    edited.version = '2026.2';
    const { validateCriteria } = await import('../../shared/criteria/validate');
    const v2 = validateCriteria(edited);
    if (!v2.ok) throw new Error('edited set invalid');
    expect(() => f.useCriteria(v2.value)).toThrow(/Năm 2026 đã có số liệu chấm theo bộ tiêu chí 2026\.1; không thể đổi sang 2026\.2/);
  });

  it('refuses a criteria set altered inside the file, also a shipped one, and loads a sound one as validated', async () => {
    const SQL = await sql();
    const f = EvaluationFile.create(SQL, testEnv());
    importCsv(f, DEMO_CSV, defaults);
    const bytes = f.export();
    const { validateCriteria } = await import('../../shared/criteria/validate');
    // Sound: loaded (without validating it again: shared/criteria/bundled.ts) exactly as validating its text would.
    const sound = EvaluationFile.open(SQL, bytes, testEnv()).file;
    const content = String(sound.rows('SELECT content FROM criteria_sets WHERE year = 2026')[0]![0]);
    const validated = validateCriteria(JSON.parse(content));
    if (!validated.ok) throw new Error('stored set invalid');
    expect(sound.criteriaFor(2026)).toEqual(validated.value);
    // Altered under the same key, by SQL outside the app: a point of a target, then a word of a title.
    for (const [from, to] of [
      ['"max":', '"max":1'],
      ['Truyền thông', 'Truyen thong'],
    ] as const) {
      const db = new SQL.Database(bytes);
      db.run('UPDATE criteria_sets SET content = replace(content, ?, ?) WHERE year = 2026', [from, to]);
      expect(db.getRowsModified()).toBe(1);
      const altered = db.export();
      db.close();
      const { file } = EvaluationFile.open(SQL, altered, testEnv());
      expect(() => file.criteriaFor(2026)).toThrow(expect.objectContaining({ code: 'criteria-damaged' }));
      expect(file.criteriaFor(2025)?.set.year).toBe(2025);
    }
  });

  it('offers plain SQL views for any SQLite tool', async () => {
    const SQL = await sql();
    const f = EvaluationFile.create(SQL, testEnv());
    importCsv(f, DEMO_CSV, defaults);
    const rows = f.rows("SELECT input, value FROM v_entry_values WHERE year = 2026 AND unit = '03127' AND indicator = '1.4' AND who = 'tự đánh giá' ORDER BY input");
    expect(rows.map((r) => r[0])).toEqual(['report_dec', 'report_jun']);
    expect(Number(f.rows('SELECT count(*) FROM v_units')[0]![0])).toBe(61);
  });

  it('scores the same after save and reopen', async () => {
    const SQL = await sql();
    const f = EvaluationFile.create(SQL, testEnv());
    importCsv(f, DEMO_CSV, defaults);
    const before = scoreJson(scoreYear(f.criteriaFor(2026)!, f.yearData(2026)));
    const { file } = EvaluationFile.open(SQL, f.export(), testEnv());
    expect(scoreJson(scoreYear(file.criteriaFor(2026)!, file.yearData(2026)))).toEqual(before);
  });
});
