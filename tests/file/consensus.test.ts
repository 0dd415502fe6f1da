/**
 * Consensus values in the evaluation file: set and cleared only with a written reason, audited, validated
 * against the file and the year's criteria (nothing stored when refused), carried into scoring, upgraded
 * into from every earlier schema, and merged without ever silently replacing the master's decision.
 */
import { describe, expect, it } from 'vitest';
import type { SqlJsStatic } from 'sql.js';
import { scoreYear } from '../../shared/engine/score';
import * as R from '../../shared/exact/rational';
import { EvaluationFile } from '../../shared/file/evaluation-file';
import { FileError } from '../../shared/file/open';
import { importCsv } from '../../shared/file/import';
import { consensusConflicts, merge, resolveConsensusConflict } from '../../shared/file/merge';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from '../../shared/file/schema';
import { defaults, sql, testEnv } from './helpers';

const HEADER = 'year,unit,unit_name,group,indicator,input,value,evaluator,evidence,explanation,accepted,note\n';
const DBP = '2026,03127,UBND phường Điện Biên Phủ,XA';
const REASON = 'Hội đồng họp ngày 20/11/2026, thống nhất theo danh sách có chữ ký';

/**
 * Phường Điện Biên Phủ (XA) with 3.2 (max 8, participants ÷ assigned target, target 100%) appraised by three
 * evaluators: 5/8 → 5, 7/8 → 7, 8/8 → 8 (mean 20/3), and 1.3 (yes/no, max 2) self-assessed.
 */
const PANEL_CSV =
  HEADER +
  `${DBP},1.3,,1,,QĐ 7,,,\n` +
  `${DBP},3.2,numerator,5,An,DS 1,,,\n${DBP},3.2,denominator,8,An,DS 1,,,\n` +
  `${DBP},3.2,numerator,7,Bình,DS 1,,,\n${DBP},3.2,denominator,8,Bình,DS 1,,,\n` +
  `${DBP},3.2,numerator,8,Chi,DS 1,,,\n${DBP},3.2,denominator,8,Chi,DS 1,,,\n`;

function fileWith(SQL: SqlJsStatic, actor: string, csv: string): EvaluationFile {
  const f = EvaluationFile.create(SQL, testEnv(actor));
  const r = importCsv(f, csv, defaults);
  if (r.problems.length) throw new Error(JSON.stringify(r.problems));
  return f;
}

const key = { year: 2026, unit: '03127', indicator: '3.2' };

function refusal(f: EvaluationFile, fn: () => unknown): FileError {
  const before = f.db.export();
  const audit = f.auditLog().length;
  try {
    fn();
  } catch (e) {
    if (!(e instanceof FileError)) throw e;
    // Nothing stored, nothing audited.
    expect(f.consensus()).toEqual([]);
    expect(f.auditLog()).toHaveLength(audit);
    expect(f.db.export()).toEqual(before);
    return e;
  }
  throw new Error('not refused');
}

describe('setting and clearing a consensus value', () => {
  it('stores the points, the reason, who and when, and audits it; the panel score follows', async () => {
    const SQL = await sql();
    const f = fileWith(SQL, 'Lò Thị Hương', PANEL_CSV);
    const criteria = f.criteriaFor(2026)!;
    const before = scoreYear(criteria, f.yearData(2026)).units[0]!;
    // XA: 1.3 (2) + 3.2 mean 20/3 = 26/3 earned of 100 → base 26/3.
    expect(before.base).toEqual(R.q(26, 3));

    expect(f.setConsensus({ ...key, points: '7', reason: REASON })).toBe('created');
    expect(f.consensus(2026)).toEqual([{ ...key, points: '7', reason: REASON, setAt: expect.stringMatching(/^2026-11-01T08:/), setBy: 'Lò Thị Hương' }]);
    expect(f.auditLog().at(-1)).toMatchObject({ actor: 'Lò Thị Hương', action: 'consensus.create', target: '2026 03127 3.2 (thống nhất)', before: null, after: { points: '7', reason: REASON }, reason: REASON });
    expect(f.yearData(2026).consensus).toEqual([{ unit: '03127', code: '3.2', points: '7', reason: REASON, by: 'Lò Thị Hương', at: expect.any(String) }]);

    const after = scoreYear(criteria, f.yearData(2026)).units[0]!;
    // 2 + 7 = 9 of 100.
    expect(after.base).toEqual(R.q(9));
    expect(after.indicators.find((i) => i.code === '3.2')!.explanation.vi).toBe(
      `Điểm thống nhất của hội đồng: 7/8 (thay cho trung bình 6,67 của 3 thành viên: An 5, Bình 7, Chi 8); lý do: ${REASON}`,
    );
    // The evaluators' entries are untouched.
    expect(f.entries({ year: 2026 }).filter((e) => e.indicator === '3.2').map((e) => e.values.numerator)).toEqual([5, 7, 8]);
  });

  it('reads "7,5" and "7.5" alike and keeps the exact decimal', async () => {
    const SQL = await sql();
    const f = fileWith(SQL, 'thư ký', PANEL_CSV);
    f.setConsensus({ ...key, points: '7,5', reason: REASON });
    expect(f.consensusFor(key)!.points).toBe('7.5');
    expect(f.setConsensus({ ...key, points: '7.50', reason: REASON })).toBe('unchanged');
    expect(f.setConsensus({ ...key, points: 7.5, reason: REASON })).toBe('unchanged');
    expect(scoreYear(f.criteriaFor(2026)!, f.yearData(2026)).units[0]!.base).toEqual(R.q(19, 2));
  });

  it('changing it records before and after with the new reason', async () => {
    const SQL = await sql();
    const f = fileWith(SQL, 'thư ký', PANEL_CSV);
    f.setConsensus({ ...key, points: '7', reason: REASON });
    expect(f.setConsensus({ ...key, points: '6', reason: 'Rà soát lại: 2 người trùng tên' })).toBe('updated');
    expect(f.auditLog().at(-1)).toMatchObject({ action: 'consensus.update', before: { points: '7', reason: REASON }, after: { points: '6', reason: 'Rà soát lại: 2 người trùng tên' } });
    expect(f.consensusFor(key)).toMatchObject({ points: '6', reason: 'Rà soát lại: 2 người trùng tên' });
  });

  it('clearing with a reason brings the evaluators’ mean back, audited', async () => {
    const SQL = await sql();
    const f = fileWith(SQL, 'thư ký', PANEL_CSV);
    f.setConsensus({ ...key, points: '7', reason: REASON });
    expect(() => f.clearConsensus(key, ' ')).toThrow(/Cần ghi lý do khi bỏ điểm thống nhất \(đơn vị 03127, chỉ tiêu 3\.2, năm 2026\)/);
    expect(f.consensus()).toHaveLength(1);
    expect(f.clearConsensus(key, 'Hội đồng quyết định lấy trung bình')).toBe(true);
    expect(f.consensus()).toEqual([]);
    expect(f.auditLog().at(-1)).toMatchObject({ action: 'consensus.clear', before: { points: '7', reason: REASON }, after: null, reason: 'Hội đồng quyết định lấy trung bình' });
    expect(scoreYear(f.criteriaFor(2026)!, f.yearData(2026)).units[0]!.base).toEqual(R.q(26, 3));
    expect(f.clearConsensus(key, 'lần nữa')).toBe(false);
  });
});

describe('refusing a bad consensus value, storing nothing', () => {
  const cases: [string, Record<string, unknown>, RegExp, RegExp][] = [
    ['no reason', { reason: '   ' }, /Cần ghi lý do cho điểm thống nhất \(đơn vị 03127, chỉ tiêu 3\.2, năm 2026\)/, /A reason is required for a consensus value \(unit 03127, indicator 3\.2, year 2026\)/],
    ['an unknown unit', { unit: '99999' }, /đơn vị 99999, chỉ tiêu 3\.2, năm 2026\): đơn vị 99999 chưa có trong tệp/, /unit 99999 is not in the file/],
    ['a year without criteria', { year: 2030 }, /năm 2030\): tệp chưa có bộ tiêu chí cho năm 2030/, /the file has no criteria set for 2030/],
    ['a year the unit is not evaluated in', { year: 2025 }, /năm 2025\): đơn vị 03127 không được đánh giá năm 2025/, /unit 03127 is not evaluated in 2025/],
    ['an unknown indicator', { indicator: '9.9' }, /chỉ tiêu 9\.9, năm 2026\): bộ tiêu chí 2026\.1 không có chỉ tiêu 9\.9/, /criteria 2026\.1 have no indicator 9\.9/],
    ['an indicator of another group', { indicator: '3.4b' }, /chỉ tiêu 3\.4b không áp dụng cho khối XA/, /indicator 3\.4b does not apply to group XA/],
    ['points above the maximum', { points: '8,5' }, /8,5 điểm vượt quá điểm tối đa 8/, /8\.5 points is above the maximum of 8/],
    ['a bonus above its cap', { indicator: 'T1', points: '4' }, /chỉ tiêu T1, năm 2026\): 4 điểm vượt quá điểm tối đa 3/, /4 points is above the maximum of 3/],
    ['negative points', { points: '-1' }, /Điểm "-1" không được âm/, /Points "-1" cannot be negative/],
    ['three decimals', { points: '6,667' }, /Điểm "6,667" có quá 2 chữ số thập phân/, /more than 2 decimals/],
    ['not a number', { points: 'bảy' }, /"bảy" không phải là số điểm/, /"bảy" is not a number of points/],
  ];
  it.each(cases)('%s', async (_name, change, vi, en) => {
    const SQL = await sql();
    const f = fileWith(SQL, 'thư ký', PANEL_CSV);
    // The 2025 set exists in the file (defaults give it) only once a 2025 row came in: give it one.
    f.useCriteria(defaults(2025)!);
    const e = refusal(f, () => f.setConsensus({ ...key, points: '7', reason: REASON, ...change } as never));
    expect(e.text.vi).toMatch(vi);
    expect(e.text.en).toMatch(en);
  });

  it('a deduction item may be settled within its cap (D2: up to 6)', async () => {
    const SQL = await sql();
    const f = fileWith(SQL, 'thư ký', PANEL_CSV);
    expect(f.setConsensus({ ...key, indicator: 'D2', points: '3', reason: REASON })).toBe('created');
    // 26/3 + … base unchanged (D2 is after rescaling): 26/3 − 3 = 17/3.
    expect(scoreYear(f.criteriaFor(2026)!, f.yearData(2026)).units[0]!.score).toEqual(R.q(17, 3));
  });

  it('the database itself refuses a consensus without a reason or with points that are not a decimal', async () => {
    const SQL = await sql();
    const f = fileWith(SQL, 'thư ký', PANEL_CSV);
    const insert = (points: string, reason: string) =>
      f.db.run("INSERT INTO consensus VALUES (2026, '03127', '3.2', ?, ?, '2026-11-01', 'x')", [points, reason]);
    expect(() => insert('7', ' ')).toThrow(/CHECK constraint failed/);
    expect(() => insert('7e1', REASON)).toThrow(/CHECK constraint failed/);
    expect(() => insert('-7', REASON)).toThrow(/CHECK constraint failed/);
    insert('7', REASON);
    expect(f.rows('SELECT unit_name, indicator, points, reason FROM v_consensus')).toEqual([['UBND phường Điện Biên Phủ', '3.2', '7', REASON]]);
  });
});

describe('files of earlier schemas', () => {
  it.each(Array.from({ length: SCHEMA_VERSION - 1 }, (_, i) => i + 1))('a file of schema %i is upgraded and takes consensus values, overrides and a finalisation', async (from) => {
    const SQL = await sql();
    const db = new SQL.Database();
    db.run(`PRAGMA application_id = ${APPLICATION_ID}`);
    for (let v = 0; v < from; v++) db.run(MIGRATIONS[v]!);
    db.run(`PRAGMA user_version = ${from}`);
    const now = '2026-01-05T08:00:00.000Z';
    db.run("INSERT INTO meta VALUES ('file_id', 'old-file'), ('province', 'Điện Biên'), ('created_at', ?), ('modified_at', ?), ('app_version', '0.0.9')", [now, now]);
    const criteria = defaults(2026)!;
    const { $schema: _s, ...content } = criteria.set as unknown as Record<string, unknown>;
    const { canonicalJson } = await import('../../shared/exact/canonical-json');
    db.run('INSERT INTO criteria_sets VALUES (?, ?, ?, 2026, ?, ?)', [criteria.ident.sha256, criteria.ident.id, criteria.ident.version, canonicalJson(content), now]);
    db.run('INSERT INTO years VALUES (2026, ?)', [criteria.ident.sha256]);
    db.run("INSERT INTO units VALUES ('03127', 'UBND phường Điện Biên Phủ', 'XA', 2026, NULL, '[]', ?, ?)", [now, now]);
    db.run("INSERT INTO evaluators VALUES ('an', 'An', 'member', ?)", [now]);
    db.run(`INSERT INTO entries VALUES ('e1', 2026, '03127', '3.2', 'an', '{"denominator":8,"numerator":5}', 'DS', '', 0, '', ?, 'an', ?, 'an')`, [now, now]);
    const { file, migratedFrom } = EvaluationFile.open(SQL, db.export(), testEnv());
    expect(migratedFrom).toBe(from);
    expect(file.meta().schemaVersion).toBe(SCHEMA_VERSION);
    expect(file.consensus()).toEqual([]);
    file.setConsensus({ ...key, points: '6', reason: REASON });
    expect(file.rows('SELECT unit, indicator, points FROM v_consensus')).toEqual([['03127', '3.2', '6']]);
    // One evaluator's 5 is replaced by the consensus of 6 (of 100 points: the base is 6).
    expect(scoreYear(file.criteriaFor(2026)!, file.yearData(2026)).units[0]!.base).toEqual(R.q(6));
    file.setProposalOverride({ year: 2026, unit: '03127', proposal: 'giay_khen_giam_doc_so_khcn', reason: REASON });
    const rec = file.finalise(2026, { by: 'Chủ tịch' });
    expect(file.rows('SELECT year, status, fingerprint FROM v_years')).toEqual([[2026, 'đã chốt', rec.fingerprint]]);
    expect(() => file.setConsensus({ ...key, points: '5', reason: REASON })).toThrow(/Năm 2026 đã được chốt kết quả/);
  });
});

describe('merging consensus values', () => {
  it('adds a consensus the master does not have, audited with the source file', async () => {
    const SQL = await sql();
    const master = fileWith(SQL, 'thư ký', PANEL_CSV);
    const other = fileWith(SQL, 'Phó chủ tịch', PANEL_CSV);
    other.setConsensus({ ...key, points: '7', reason: REASON });
    const r = merge(master, other, 'pho-chu-tich.nq57');
    expect(r).toMatchObject({ consensusAdded: 1, consensusConflicts: [], problems: [] });
    expect(master.consensusFor(key)).toMatchObject({ points: '7', reason: REASON, setBy: 'Phó chủ tịch' });
    const added = master.auditLog().find((a) => a.action === 'consensus.create')!;
    expect(added).toMatchObject({ target: '2026 03127 3.2 (thống nhất)', reason: 'gộp từ / merged from pho-chu-tich.nq57', sourceFileId: other.meta().fileId, after: { points: '7', reason: REASON } });
    expect(master.auditLog().at(-1)).toMatchObject({ action: 'merge', after: { consensusAdded: 1 } });
    expect(scoreYear(master.criteriaFor(2026)!, master.yearData(2026)).units[0]!.base).toEqual(R.q(9));
  });

  it('finds nothing to do when the master has the same points, and re-merging changes nothing', async () => {
    const SQL = await sql();
    const master = fileWith(SQL, 'thư ký', PANEL_CSV);
    const other = fileWith(SQL, 'Phó chủ tịch', PANEL_CSV);
    master.setConsensus({ ...key, points: '7', reason: REASON });
    other.setConsensus({ ...key, points: '7,0', reason: 'cùng kết luận, lời khác' });
    const before = master.db.export();
    expect(merge(master, other, 'b.nq57')).toMatchObject({ consensusAdded: 0, consensusUnchanged: 1, consensusConflicts: [] });
    expect(master.db.export()).toEqual(before);
    expect(master.consensusFor(key)!.reason).toBe(REASON);
  });

  it('keeps the master’s value when the points differ and records a conflict to settle with a reason', async () => {
    const SQL = await sql();
    const master = fileWith(SQL, 'thư ký', PANEL_CSV);
    const other = fileWith(SQL, 'Phó chủ tịch', PANEL_CSV);
    master.setConsensus({ ...key, points: '7', reason: REASON });
    other.setConsensus({ ...key, points: '6', reason: 'Hai người trong danh sách đã chuyển công tác' });
    const r = merge(master, other, 'b.nq57');
    expect(r.consensusConflicts).toHaveLength(1);
    const c = r.consensusConflicts[0]!;
    expect(c).toMatchObject({ key, master: { points: '7', reason: REASON, setBy: 'thư ký' }, other: { points: '6', setBy: 'Phó chủ tịch' }, sourceName: 'b.nq57', resolution: null });
    expect(master.consensusFor(key)!.points).toBe('7');
    expect(master.auditLog().find((a) => a.action === 'consensus.conflict')).toMatchObject({ before: { points: '7' }, after: { points: '6' }, sourceFileId: other.meta().fileId });
    expect(master.rows('SELECT unit, indicator, master_points, other_points, source_name FROM v_open_consensus_conflicts')).toEqual([['03127', '3.2', '7', '6', 'b.nq57']]);

    // Merging again: the same open conflict, nothing written.
    const once = master.db.export();
    const again = merge(master, other, 'b.nq57');
    expect(again).toMatchObject({ newConsensusConflicts: 0 });
    expect(again.consensusConflicts.map((x) => x.id)).toEqual([c.id]);
    expect(master.db.export()).toEqual(once);

    expect(() => resolveConsensusConflict(master, c.id, 'other', '')).toThrow(/Cần ghi lý do/);
    resolveConsensusConflict(master, c.id, 'other', 'Biên bản bổ sung ngày 25/11');
    expect(master.consensusFor(key)).toMatchObject({ points: '6', reason: 'Hai người trong danh sách đã chuyển công tác' });
    expect(consensusConflicts(master, { open: true })).toEqual([]);
    expect(consensusConflicts(master)[0]!.resolution).toMatchObject({ choice: 'other', reason: 'Biên bản bổ sung ngày 25/11', by: 'thư ký' });
    expect(master.auditLog().at(-1)).toMatchObject({ action: 'consensus.resolve', reason: 'Biên bản bổ sung ngày 25/11' });
    // Settled: merging the same file again raises nothing and changes nothing.
    const settled = master.db.export();
    expect(merge(master, other, 'b.nq57')).toMatchObject({ consensusAdded: 0, consensusConflicts: [] });
    expect(master.db.export()).toEqual(settled);
  });

  it('never brings back a value the master has since changed or cleared', async () => {
    const SQL = await sql();
    const master = fileWith(SQL, 'thư ký', PANEL_CSV);
    master.setConsensus({ ...key, points: '7', reason: REASON });
    // An evaluator's copy taken now carries the 7 …
    const copy = EvaluationFile.open(SQL, master.export(), testEnv('An', Date.UTC(2026, 10, 2))).file;
    // … and the master later clears it.
    master.clearConsensus(key, 'Hội đồng quyết định lấy trung bình');
    const before = master.db.export();
    expect(merge(master, copy, 'an.nq57')).toMatchObject({ consensusAdded: 0, consensusUnchanged: 1, consensusConflicts: [] });
    expect(master.consensusFor(key)).toBeNull();
    expect(master.db.export()).toEqual(before);
    // Changed rather than cleared: the old copy's 7 raises no conflict either.
    master.setConsensus({ ...key, points: '6', reason: 'Rà soát lại' });
    expect(merge(master, copy, 'an.nq57')).toMatchObject({ consensusConflicts: [] });
    expect(master.consensusFor(key)!.points).toBe('6');
  });
});
