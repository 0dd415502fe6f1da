/** Merging evaluators' files into the master: nobody's entry is silently overwritten, and re-merging changes nothing. */
import { describe, expect, it } from 'vitest';
import type { SqlJsStatic } from 'sql.js';
import { validateCriteria } from '../../shared/criteria/validate';
import { scoreYear } from '../../shared/engine/score';
import { EvaluationFile, SELF } from '../../shared/file/evaluation-file';
import { importCsv } from '../../shared/file/import';
import { changedAnything, conflicts, merge, resolveConflict } from '../../shared/file/merge';
import { parseCsv, toCsv } from '../../shared/interchange/csv';
import { scoreJson } from '../../shared/results/present';
import { C2026, defaults, DEMO_CSV, sql, testEnv } from './helpers';

const HEADER = 'year,unit,unit_name,group,indicator,input,value,evaluator,evidence,explanation,accepted,note\n';
const DBP = '2026,03127,UBND phường Điện Biên Phủ,XA';

function fileWith(SQL: SqlJsStatic, actor: string, csv: string): EvaluationFile {
  const f = EvaluationFile.create(SQL, testEnv(actor));
  const r = importCsv(f, csv, defaults);
  if (r.problems.length) throw new Error(JSON.stringify(r.problems));
  return f;
}

/** A copy of a file as it travels on a USB stick: the same bytes, opened by another person. */
function copyOf(SQL: SqlJsStatic, f: EvaluationFile, actor: string): EvaluationFile {
  return EvaluationFile.open(SQL, f.export(), testEnv(actor, Date.UTC(2026, 10, 2))).file;
}

describe('merging evaluators’ files', () => {
  it('adds entries of evaluators the master does not have, and their units and evaluators', async () => {
    const SQL = await sql();
    const master = fileWith(SQL, 'thư ký', HEADER + `${DBP},1.3,,1,,QĐ 7,,,\n`);
    const an = fileWith(SQL, 'Nguyễn Văn An', HEADER + `${DBP},1.3,,0,Nguyễn Văn An,,,,\n2026,03334,UBND phường Mường Thanh,XA,2.5,,1,Nguyễn Văn An,VB 2,,,\n`);
    const r = merge(master, an, 'an.nq57');
    expect(r).toMatchObject({ added: 2, updated: 0, unchanged: 0, unitsAdded: 1, evaluatorsAdded: 1, conflicts: [], problems: [] });
    expect(master.entry({ year: 2026, unit: '03127', indicator: '1.3', who: 'Nguyễn Văn An' })!.values).toEqual({ value: false });
    expect(master.entry({ year: 2026, unit: '03127', indicator: '1.3', who: SELF })!.values).toEqual({ value: true });
    expect(master.auditLog().at(-1)).toMatchObject({ action: 'merge', target: 'an.nq57', sourceFileId: an.meta().fileId });
  });

  it('finds nothing to do when the same entry has the same content', async () => {
    const SQL = await sql();
    const master = fileWith(SQL, 'thư ký', HEADER + `${DBP},1.3,,1,,QĐ 7,,,\n`);
    const other = fileWith(SQL, 'Lò Thị Hương', HEADER + `${DBP},1.3,,có,,QĐ 7,,,\n`);
    const before = master.db.export();
    expect(merge(master, other, 'huong.nq57')).toMatchObject({ added: 0, updated: 0, unchanged: 1, conflicts: [] });
    expect(master.db.export()).toEqual(before);
  });

  it('keeps the master’s value and lists a conflict when the same entry differs, with both values, times and the file', async () => {
    const SQL = await sql();
    const master = fileWith(SQL, 'thư ký', HEADER + `${DBP},2.2,,9,,DM,,,\n`);
    const other = fileWith(SQL, 'Trần Minh Đức', HEADER + `${DBP},2.2,,11,,DM,,,\n`);
    const r = merge(master, other, 'duc.nq57');
    expect(r.conflicts).toHaveLength(1);
    const c = r.conflicts[0]!;
    expect(c).toMatchObject({ key: { year: 2026, unit: '03127', indicator: '2.2', who: SELF }, master: { values: { value: 9 } }, other: { values: { value: 11 } }, sourceName: 'duc.nq57', resolution: null });
    expect(c.masterUpdatedAt).toMatch(/^2026-11-01T08:/);
    expect(c.otherUpdatedAt).toMatch(/^2026-11-01T08:/);
    expect(master.entry(c.key)!.values).toEqual({ value: 9 });
    expect(conflicts(master, { open: true })).toHaveLength(1);
    expect(master.rows('SELECT unit, indicator, source_name FROM v_open_conflicts')).toEqual([['03127', '2.2', 'duc.nq57']]);
  });

  it('changes nothing when the same file is merged twice, conflicts included', async () => {
    const SQL = await sql();
    const master = fileWith(SQL, 'thư ký', HEADER + `${DBP},2.2,,9,,DM,,,\n`);
    const other = fileWith(SQL, 'Trần Minh Đức', HEADER + `${DBP},2.2,,11,,DM,,,\n${DBP},1.3,,1,Trần Minh Đức,QĐ,,,\n`);
    merge(master, other, 'duc.nq57');
    const once = master.db.export();
    const again = merge(master, other, 'duc.nq57');
    expect(again).toMatchObject({ added: 0, updated: 0, unitsAdded: 0, evaluatorsAdded: 0 });
    expect(again.conflicts).toHaveLength(1);
    expect(master.db.export()).toEqual(once);
    expect(conflicts(master)).toHaveLength(1);
  });

  it('takes an evaluator’s newer version of an entry that started as a copy of the master’s', async () => {
    const SQL = await sql();
    const master = fileWith(SQL, 'thư ký', HEADER + `${DBP},2.2,,9,,DM,,,\n`);
    const copy = copyOf(SQL, master, 'Nguyễn Văn An');
    const key = { year: 2026, unit: '03127', indicator: '2.2', who: SELF };
    copy.putEntry(key, { ...copy.entry(key)!, values: { value: 10 }, note: 'đối chiếu lại danh mục' }, { reason: 'sửa số liệu' });
    const r = merge(master, copy, 'an.nq57');
    expect(r).toMatchObject({ updated: 1, conflicts: [] });
    expect(master.entry(key)).toMatchObject({ values: { value: 10 }, note: 'đối chiếu lại danh mục', updatedBy: 'Nguyễn Văn An' });
    // …and the master's own later edit is not undone by merging the older copy again.
    master.putEntry(key, { ...master.entry(key)!, values: { value: 12 } }, { reason: 'thống nhất' });
    expect(merge(master, copy, 'an.nq57')).toMatchObject({ updated: 0, unchanged: 1, conflicts: [] });
    expect(master.entry(key)!.values).toEqual({ value: 12 });
  });

  it('settles a conflict by choosing a version with a reason; merging again raises it no more', async () => {
    const SQL = await sql();
    const master = fileWith(SQL, 'thư ký', HEADER + `${DBP},2.2,,9,,DM,,,\n`);
    const other = fileWith(SQL, 'Trần Minh Đức', HEADER + `${DBP},2.2,,11,,DM,,,\n`);
    const [c] = merge(master, other, 'duc.nq57').conflicts;
    expect(() => resolveConflict(master, c!.id, 'other', ' ')).toThrow(/Cần ghi lý do/);
    resolveConflict(master, c!.id, 'other', 'Biên bản kiểm tra ghi 11 tin bài');
    expect(master.entry(c!.key)!.values).toEqual({ value: 11 });
    expect(conflicts(master, { open: true })).toEqual([]);
    expect(conflicts(master)[0]!.resolution).toMatchObject({ choice: 'other', reason: 'Biên bản kiểm tra ghi 11 tin bài', by: 'thư ký' });
    expect(master.auditLog().at(-1)).toMatchObject({ action: 'merge.resolve', reason: 'Biên bản kiểm tra ghi 11 tin bài' });
    expect(merge(master, other, 'duc.nq57')).toMatchObject({ updated: 0, conflicts: [] });
  });

  it('registers the documents a conflicting version cites, so that keeping that version works', async () => {
    const SQL = await sql();
    const master = fileWith(SQL, 'thư ký', HEADER + `${DBP},2.2,,9,,DM,,,\n`);
    const other = fileWith(SQL, 'Trần Minh Đức', HEADER + `${DBP},2.2,,11,,DM,,,\n`);
    const sha = 'd'.repeat(64);
    const doc = { sha256: sha, name: 'Biên bản kiểm tra.pdf', mediaType: 'application/pdf', size: 1234 };
    const key = { year: 2026, unit: '03127', indicator: '2.2', who: SELF };
    other.putAttachment(doc);
    other.putEntry(key, { ...other.entry(key)!, attachments: [sha] }, { reason: 'đính kèm' });

    const r = merge(master, other, 'duc.nq57');
    expect(r.problems).toEqual([]);
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]!.other.attachments).toEqual([sha]);
    // The bytes must be copied into the master's store with the others'.
    expect(r.attachmentsNeeded).toEqual([sha]);
    expect(master.attachments()).toEqual([doc]);
    // The master's value stays until someone chooses.
    expect(master.entry(key)).toMatchObject({ values: { value: 9 }, attachments: [] });

    resolveConflict(master, r.conflicts[0]!.id, 'other', 'Có biên bản kiểm tra');
    expect(master.entry(key)).toMatchObject({ values: { value: 11 }, attachments: [sha] });
    expect(conflicts(master, { open: true })).toEqual([]);
    // Merging the same file again finds nothing new.
    const once = master.db.export();
    expect(merge(master, other, 'duc.nq57')).toMatchObject({ updated: 0, conflicts: [], attachmentsNeeded: [] });
    expect(master.db.export()).toEqual(once);
  });

  it('keeps the master’s entry and settles nothing when the conflicting version’s document is unknown, saying how to bring it', async () => {
    // A conflict recorded before merges registered the other version's documents: keeping that version names
    // the conflict and the document and changes nothing; merging the source file again brings the document.
    const SQL = await sql();
    const master = fileWith(SQL, 'thư ký', HEADER + `${DBP},2.2,,9,,DM,,,\n`);
    const other = fileWith(SQL, 'Trần Minh Đức', HEADER + `${DBP},2.2,,11,,DM,,,\n`);
    const sha = 'e'.repeat(64);
    const key = { year: 2026, unit: '03127', indicator: '2.2', who: SELF };
    other.putAttachment({ sha256: sha, name: 'Danh mục.pdf', mediaType: 'application/pdf', size: 10 });
    other.putEntry(key, { ...other.entry(key)!, attachments: [sha] }, { reason: 'đính kèm' });
    const [c] = merge(master, other, 'duc.nq57').conflicts;
    master.run('DELETE FROM attachments WHERE sha256 = ?', [sha]);
    const before = master.db.export();
    expect(() => resolveConflict(master, c!.id, 'other', 'Có danh mục')).toThrow(
      /^Xung đột năm 2026, đơn vị 03127, chỉ tiêu 2\.2, tự đánh giá: bản của duc\.nq57 dẫn tài liệu đính kèm chưa có trong tệp \(eeeeeeeeeeee…\)\. Hãy gộp lại tệp duc\.nq57/,
    );
    expect(master.db.export()).toEqual(before);
    expect(conflicts(master, { open: true })).toHaveLength(1);

    const again = merge(master, other, 'duc.nq57');
    expect(again).toMatchObject({ newConflicts: 0, attachmentsNeeded: [sha] });
    expect(changedAnything(again)).toBe(true);
    resolveConflict(master, c!.id, 'other', 'Có danh mục');
    expect(master.entry(key)).toMatchObject({ values: { value: 11 }, attachments: [sha] });
  });

  it('refuses files scored with a different criteria set for the same year, writing nothing', async () => {
    const SQL = await sql();
    const master = fileWith(SQL, 'thư ký', HEADER + `${DBP},2.2,,9,,DM,,,\n`);
    const edited = JSON.parse(JSON.stringify(C2026.set));
    edited.version = '2026.2';
    const v = validateCriteria(edited);
    if (!v.ok) throw new Error('invalid');
    const other = EvaluationFile.create(SQL, testEnv('Trần Minh Đức'));
    importCsv(other, HEADER + `${DBP},1.3,,1,Trần Minh Đức,QĐ,,,\n`, (y) => (y === 2026 ? v.value : null));
    const before = master.db.export();
    const r = merge(master, other, 'duc.nq57');
    expect(r.problems[0]!.message.vi).toMatch(/Năm 2026: tệp này chấm theo bộ tiêu chí 2026\.2 .*tệp chính theo 2026\.1 .*không thể gộp/);
    expect(r.added).toBe(0);
    expect(master.db.export()).toEqual(before);
  });
});

describe('the province split by evaluator and merged back', () => {
  it('scores exactly as the whole CSV imported into one file', async () => {
    const SQL = await sql();
    const records = parseCsv(DEMO_CSV).records.map((r) => r.fields);
    const [header, ...rows] = records;
    const byWho = new Map<string, string[][]>();
    for (const row of rows) {
      const who = row[7]!;
      byWho.set(who, [...(byWho.get(who) ?? []), row]);
    }
    expect([...byWho.keys()].sort()).toEqual(['', 'Lò Thị Hương', 'Nguyễn Văn An', 'Trần Minh Đức']);
    const master = EvaluationFile.create(SQL, testEnv('thư ký'));
    for (const [who, part] of byWho) {
      const f = fileWith(SQL, who || 'đơn vị', toCsv([header!, ...part]));
      const r = merge(master, EvaluationFile.open(SQL, f.export(), testEnv('thư ký')).file, `${who || 'tu-danh-gia'}.nq57`);
      expect(r.problems).toEqual([]);
      expect(r.conflicts).toEqual([]);
    }
    const whole = fileWith(SQL, 'thư ký', DEMO_CSV);
    for (const year of [2025, 2026]) {
      const merged = scoreJson(scoreYear(master.criteriaFor(year)!, master.yearData(year)));
      const direct = scoreJson(scoreYear(whole.criteriaFor(year)!, whole.yearData(year)));
      expect(merged).toEqual(direct);
    }
  });
});
