/**
 * Finalising a year and overriding reward proposals, on the demo province:
 * - finalising stores the fingerprint of the official results, which rescoring the file reproduces;
 * - while final, every write that would change the year's results is refused with a sentence and nothing
 *   changes (entries, attachments, consensus, overrides, units, import, merge); other writes go through;
 * - reopening needs a written reason and is audited and kept in the history;
 * - the fingerprint changes with any change of a result, and only then;
 * - a proposal override needs a reason, shows the computed proposal and the reason beside it, and is part
 *   of the fingerprint.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlJsStatic } from 'sql.js';
import { scoreYear, type ScoredItem, type UnitResult, type YearResult } from '../../shared/engine/score';
import { canonicalJson } from '../../shared/exact/canonical-json';
import * as R from '../../shared/exact/rational';
import { EvaluationFile, SELF } from '../../shared/file/evaluation-file';
import { FileError } from '../../shared/file/open';
import { importCsv } from '../../shared/file/import';
import { merge } from '../../shared/file/merge';
import { readInterchange } from '../../shared/interchange/read';
import { canonicalResults, rankingTable, resultsFingerprint, scoreJson } from '../../shared/results/present';
import { C2026, defaults, DEMO_CSV, sql, testEnv } from './helpers';

const HEADER = 'year,unit,unit_name,group,indicator,input,value,evaluator,evidence,explanation,accepted,note\n';
const CHAIR = 'Nguyễn Văn Chủ tịch';
/** 20/12/2026, 09:00 in Điện Biên (UTC+7). */
const DEC_20 = Date.UTC(2026, 11, 20, 2, 0, 0);
const FINAL_VI = /^Năm 2026 đã được chốt kết quả ngày 20\/12\/2026 \(Nguyễn Văn Chủ tịch\); muốn sửa phải mở lại với lý do/;
const FINAL_EN = /^The results of 2026 were finalised on 20\/12\/2026 \(Nguyễn Văn Chủ tịch\); to change them, reopen the year with a reason/;

let SQL: SqlJsStatic;
let demoBytes: Uint8Array;

beforeAll(async () => {
  SQL = await sql();
  const f = EvaluationFile.create(SQL, testEnv('thư ký'));
  const r = importCsv(f, DEMO_CSV, defaults);
  if (r.problems.length) throw new Error(JSON.stringify(r.problems));
  demoBytes = f.export();
  f.close();
});

/** The demo file as someone opens it on 20/12/2026. */
const demo = (actor = CHAIR, at = DEC_20) => EvaluationFile.open(SQL, demoBytes, testEnv(actor, at)).file;
const digest = (f: EvaluationFile) => createHash('sha256').update(f.db.export()).digest('hex');
const key = { year: 2026, unit: '03127', indicator: '4.2', who: SELF };

describe('finalising a year', () => {
  it('stores the fingerprint of the official results; saving, reopening and rescoring give it again', () => {
    const f = demo();
    const rec = f.finalise(2026, { by: CHAIR });
    expect(rec).toMatchObject({ year: 2026, finalisedBy: CHAIR, finalisedAt: expect.stringMatching(/^2026-12-20T02:00/), criteriaSha256: C2026.ident.sha256, panel: 'mean' });
    const result = scoreYear(f.criteriaFor(2026)!, f.yearData(2026));
    // SHA-256 (node:crypto, not our own code) of the canonical JSON of the results.
    expect(rec.fingerprint).toBe(createHash('sha256').update(canonicalJson(canonicalResults(result)), 'utf8').digest('hex'));
    const reopened = EvaluationFile.open(SQL, f.export(), testEnv('ai đó')).file;
    expect(reopened.finalisation(2026)).toEqual(rec);
    expect(reopened.officialResults(2026).fingerprint).toBe(rec.fingerprint);
    expect(scoreJson(scoreYear(reopened.criteriaFor(2026)!, reopened.yearData(2026)), 'vi', { finalisation: rec })).toMatchObject({
      status: 'final',
      fingerprint: rec.fingerprint,
      finalisation: { finalisedBy: CHAIR, fingerprint: rec.fingerprint, matches: true },
    });
    expect(reopened.auditLog().find((a) => a.action === 'year.finalise')).toMatchObject({ actor: CHAIR, target: 'year 2026', after: { fingerprint: rec.fingerprint, units: 61 } });
    expect(reopened.finalisationHistory(2026)).toEqual([expect.objectContaining({ action: 'finalise', actor: CHAIR, fingerprint: rec.fingerprint, reason: '' })]);
    expect(reopened.rows('SELECT year, status, fingerprint FROM v_years ORDER BY year')).toEqual([
      [2025, 'dự thảo', null],
      [2026, 'đã chốt', rec.fingerprint],
    ]);
    // The same results from the interchange CSV, without any file, have the same fingerprint.
    expect(resultsFingerprint(scoreYear(C2026, readInterchange(DEMO_CSV, 2026, C2026).data!))).toBe(rec.fingerprint);
  });

  const refusals: [string, (f: EvaluationFile) => unknown][] = [
    ['changing an entry', (f) => f.putEntry(key, { ...f.entry(key)!, values: { value: 1 } })],
    ['changing only the evidence of an entry', (f) => f.putEntry(key, { ...f.entry(key)!, evidence: '' })],
    ['deleting an entry', (f) => f.deleteEntry(key, 'nhập nhầm')],
    [
      'attaching a document to an entry',
      (f) =>
        f.tx(() => {
          f.putAttachment({ sha256: 'a'.repeat(64), name: 'cong-van.pdf', mediaType: 'application/pdf', size: 1000 });
          f.putEntry(key, { ...f.entry(key)!, attachments: ['a'.repeat(64)] });
        }),
    ],
    ['setting a consensus value', (f) => f.setConsensus({ year: 2026, unit: '03127', indicator: '4.2', points: '2', reason: 'thống nhất' })],
    ['overriding a proposal', (f) => f.setProposalOverride({ year: 2026, unit: 'SNV', proposal: 'giay_khen_giam_doc_so_khcn', reason: 'mô hình hay' })],
    ['moving a unit to another group', (f) => f.putUnit({ ...f.unit('03127')!, group: 'SO' })],
    ['ending a unit’s evaluation before the year', (f) => f.putUnit({ ...f.unit('03127')!, activeTo: 2025 })],
    ['adding a unit evaluated that year', (f) => f.putUnit({ code: '03999', name: 'UBND xã Mới', group: 'XA', activeFrom: 2026 })],
    ['importing a changed row', (f) => importCsv(f, HEADER + '2026,03127,UBND phường Điện Biên Phủ,XA,4.2,,1,,CV 159,,,\n', defaults, { file: 'sua.csv' })],
    [
      'merging an evaluator’s new entry',
      (f) => {
        const other = EvaluationFile.create(SQL, testEnv('Hoàng Thị Mai'));
        importCsv(other, HEADER + '2026,03127,UBND phường Điện Biên Phủ,XA,1.3,,1,Hoàng Thị Mai,QĐ 7,,,\n', defaults);
        return merge(f, other, 'mai.nq57');
      },
    ],
  ];
  it.each(refusals)('refuses %s while the year is final, and nothing changes', (_name, write) => {
    const f = demo();
    f.finalise(2026, { by: CHAIR });
    const before = digest(f);
    let message;
    try {
      const r = write(f) as { problems?: { message: { vi: string; en: string } }[] } | undefined;
      message = r?.problems?.[0]?.message;
    } catch (e) {
      if (!(e instanceof FileError)) throw e;
      message = e.text;
    }
    expect(message?.vi).toMatch(FINAL_VI);
    expect(message?.en).toMatch(FINAL_EN);
    expect(digest(f)).toBe(before);
  });

  it('still takes what does not change the year’s results: other years, names, evaluators, identical data', () => {
    const f = demo();
    const rec = f.finalise(2026, { by: CHAIR });
    // The same data imported again changes nothing, so nothing is refused.
    expect(importCsv(f, DEMO_CSV, defaults)).toMatchObject({ created: 0, updated: 0, problems: [] });
    const k2025 = f.entries({ year: 2025 })[0]!;
    expect(f.putEntry(k2025, { ...k2025, note: 'ghi chú mới' })).toBe('updated');
    expect(f.putUnit({ ...f.unit('03127')!, name: 'UBND phường Điện Biên Phủ (tên mới)' })).toBe('updated');
    expect(f.putEvaluator({ id: 'Hoàng Thị Mai', name: 'Hoàng Thị Mai', role: 'member' })).toBe('created');
    // Names are not results: the fingerprint is the one finalised.
    expect(f.officialResults(2026).fingerprint).toBe(rec.fingerprint);
  });

  it('holds other SQLite tools back too', () => {
    const f = demo();
    f.finalise(2026, { by: CHAIR });
    expect(() => f.db.run("UPDATE entries SET value_json = '{}' WHERE year = 2026")).toThrow(/year finalised/);
    expect(() => f.db.run("DELETE FROM entries WHERE year = 2026")).toThrow(/year finalised/);
    expect(() => f.db.run("INSERT INTO consensus VALUES (2026, '03127', '4.2', '2', 'x', 'x', 'x')")).toThrow(/year finalised/);
    expect(() => f.db.run('DELETE FROM finalisation_history')).toThrow(/append-only/);
    f.db.run("UPDATE entries SET note = 'x' WHERE year = 2025");
  });

  it('reopens only with a written reason, audited and kept in the history; edits are then taken again', () => {
    const f = demo();
    const first = f.finalise(2026, { by: CHAIR });
    expect(() => f.reopen(2026, '  ', { by: CHAIR })).toThrow(/Cần ghi lý do khi mở lại kết quả năm 2026/);
    expect(f.isFinalised(2026)).toBe(true);
    f.reopen(2026, 'Sở Nội vụ đề nghị rà soát lại đơn vị 03127', { by: CHAIR });
    expect(f.isFinalised(2026)).toBe(false);
    expect(f.auditLog().at(-1)).toMatchObject({ action: 'year.reopen', actor: CHAIR, reason: 'Sở Nội vụ đề nghị rà soát lại đơn vị 03127', before: { fingerprint: first.fingerprint } });
    expect(() => f.reopen(2026, 'lần nữa')).toThrow(/Kết quả năm 2026 chưa được chốt/);

    // 4.2 (nominations, count-steps: 0 → 0, 1 → 2, ≥2 → 4): Trần Minh Đức's 3 → 4 and Nguyễn Văn An's 2 → 4
    // give a mean of 4; Đức's 3 corrected to 0 makes it (0 + 4) / 2 = 2: a result changes.
    const duc = { ...key, who: 'Trần Minh Đức' };
    expect(f.putEntry(duc, { ...f.entry(duc)!, values: { value: 0 } }, { reason: 'không có văn bản đề xuất' })).toBe('updated');
    expect(R.toNumber(f.officialResults(2026).result.units.find((u) => u.unit.code === '03127')!.indicators.find((i) => i.code === '4.2')!.points)).toBe(2);
    const second = f.finalise(2026, { by: CHAIR });
    expect(second.fingerprint).not.toBe(first.fingerprint);
    expect(f.finalisationHistory(2026).map((h) => [h.action, h.reason])).toEqual([
      ['finalise', ''],
      ['reopen', 'Sở Nội vụ đề nghị rà soát lại đơn vị 03127'],
      ['finalise', ''],
    ]);
  });

  it('refuses to finalise twice, or while merge conflicts are open', () => {
    const f = demo();
    const other = EvaluationFile.open(SQL, demoBytes, testEnv('Lò Thị Hương')).file;
    other.putEntry(key, { ...other.entry(key)!, values: { value: 0 } }, { reason: 'không có văn bản' });
    f.putEntry(key, { ...f.entry(key)!, values: { value: 2 } }, { reason: 'đối chiếu' });
    expect(merge(f, other, 'huong.nq57').conflicts).toHaveLength(1);
    expect(() => f.finalise(2026, { by: CHAIR })).toThrow(/Năm 2026 còn 1 xung đột khi gộp tệp chưa giải quyết/);
    expect(f.isFinalised(2026)).toBe(false);
    f.finalise(2025, { by: CHAIR });
    expect(() => f.finalise(2025, { by: CHAIR })).toThrow(/Năm 2025 đã được chốt kết quả ngày 20\/12\/2026 \(Nguyễn Văn Chủ tịch\), dấu vân tay/);
  });
});

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A plain copy of a scored item with the fields the canonical results read. */
const plainItem = (i: ScoredItem): ScoredItem => ({ code: i.code, kind: i.kind, max: i.max, points: i.points, computed: i.computed, status: i.status, source: i.source }) as ScoredItem;

const FIELDS = ['earned', 'applicableMax', 'base', 'bonus', 'deduction', 'score', 'rounded', 'band', 'rank', 'proposal', 'override', 'code', 'group', 'groupPoints', 'groupMax', 'itemPoints', 'itemComputed', 'itemMax', 'itemStatus', 'itemSource'] as const;

/** The result with one field of one unit changed: by `delta` for a number, to another value otherwise. */
function mutate(r: YearResult, index: number, field: (typeof FIELDS)[number], k: number, j: number): YearResult {
  const delta = R.q(k, 1_000_000);
  const units = r.units.map((u) => ({ ...u }) as Mutable<UnitResult>);
  const u = units[index % units.length]!;
  const items = () => u.indicators.map(plainItem) as Mutable<ScoredItem>[];
  const at = (n: number) => j % n;
  switch (field) {
    case 'earned':
    case 'applicableMax':
    case 'base':
    case 'bonus':
    case 'deduction':
    case 'score':
      u[field] = R.add(u[field], delta);
      break;
    case 'rounded':
      u.rounded = u.rounded + k / 100;
      break;
    case 'band':
      u.band = { ...u.band, code: u.band.code === 'tot' ? 'kha' : 'tot' };
      break;
    case 'rank':
      u.rank = u.rank + 1 + (k % 3);
      break;
    case 'proposal':
      u.proposal = u.proposal ? null : { code: 'giay_khen_giam_doc_so_khcn', label: { vi: '', en: '' } };
      break;
    case 'override':
      u.override = { computed: u.proposal, reason: `lý do ${k}`, by: null, at: null };
      break;
    case 'code':
      u.unit = { ...u.unit, code: `${u.unit.code}x` };
      break;
    case 'group':
      u.unit = { ...u.unit, group: u.unit.group === 'XA' ? 'SO' : 'XA' };
      break;
    case 'groupPoints':
    case 'groupMax': {
      const g = at(u.groups.length);
      u.groups = u.groups.map((x, n) => (n !== g ? x : field === 'groupPoints' ? { ...x, points: R.add(x.points, delta) } : { ...x, max: R.add(x.max, delta) }));
      break;
    }
    default: {
      const list = items();
      const it = list[at(list.length)]!;
      if (field === 'itemPoints') it.points = R.add(it.points, delta);
      else if (field === 'itemComputed') it.computed = R.add(it.computed, delta);
      else if (field === 'itemMax') it.max = R.add(it.max, delta);
      else if (field === 'itemStatus') it.status = it.status === 'ok' ? 'no_evidence' : 'ok';
      else it.source = it.source === 'panel' ? 'consensus' : 'panel';
      u.indicators = list;
    }
  }
  return { ...r, units };
}

describe('the fingerprint', () => {
  const result = scoreYear(C2026, readInterchange(DEMO_CSV, 2026, C2026).data!);
  const original = resultsFingerprint(result);

  it('is the same for a copy of the same results (items as plain objects)', () => {
    const copy = { ...result, units: result.units.map((u) => ({ ...u, indicators: u.indicators.map(plainItem), items: u.items.map(plainItem) })) };
    expect(resultsFingerprint(copy)).toBe(original);
  });

  it('changes with any change of any result of any unit, a millionth of a point included', () => {
    fc.assert(
      fc.property(fc.nat(60), fc.constantFrom(...FIELDS), fc.integer({ min: 1, max: 1_000_000 }), fc.nat(40), (i, field, k, j) => {
        expect(resultsFingerprint(mutate(result, i, field, k, j))).not.toBe(original);
      }),
      { numRuns: 150 },
    );
  });

  it('changes with the criteria set, the panel aggregate and the order of the listing', () => {
    expect(resultsFingerprint({ ...result, criteria: { ...result.criteria, sha256: '0'.repeat(64) } })).not.toBe(original);
    expect(resultsFingerprint({ ...result, panel: 'median' })).not.toBe(original);
    const [a, b, ...rest] = result.units;
    expect(resultsFingerprint({ ...result, units: [b!, a!, ...rest] })).not.toBe(original);
  });
});

describe('overriding a reward proposal', () => {
  // SNV (SO) is Tốt at rank 6 of 14: the Giấy khen quota for Tốt is ceil(30% × 14) = 5, so no proposal.
  const GK = 'giay_khen_giam_doc_so_khcn';
  const REASON = 'Mô hình "Bình dân học vụ số" được Bộ KH&CN ghi nhận, nhân rộng';

  it('needs a written reason; without one, nothing is stored', () => {
    const f = demo('thư ký');
    const before = digest(f);
    expect(() => f.setProposalOverride({ year: 2026, unit: 'SNV', proposal: GK, reason: ' ' })).toThrow(
      /Điều chỉnh đề xuất khen thưởng \(đơn vị SNV, năm 2026\): cần ghi lý do bằng văn bản \| Proposal override \(unit SNV, year 2026\): a written reason is required/,
    );
    expect(() => f.setProposalOverride({ year: 2026, unit: 'SNV', proposal: 'huan_chuong', reason: REASON })).toThrow(
      /không có hình thức khen thưởng "huan_chuong"; chọn một trong: bang_khen_chu_tich_ubnd_tinh, giay_khen_giam_doc_so_khcn, none/,
    );
    expect(() => f.setProposalOverride({ year: 2026, unit: 'XYZ', proposal: GK, reason: REASON })).toThrow(/đơn vị XYZ chưa có trong tệp/);
    expect(f.proposalOverrides()).toEqual([]);
    expect(digest(f)).toBe(before);
  });

  it('with a reason: the proposal shown is the override, with the computed one and the reason beside it', () => {
    const f = demo('Phó chủ tịch');
    const plain = f.officialResults(2026);
    const snv = plain.result.units.find((u) => u.unit.code === 'SNV')!;
    expect(snv).toMatchObject({ band: { code: 'tot' }, rank: 6, proposal: null });

    expect(f.setProposalOverride({ year: 2026, unit: 'SNV', proposal: GK, reason: REASON })).toBe('created');
    expect(f.auditLog().at(-1)).toMatchObject({ actor: 'Phó chủ tịch', action: 'override.create', target: '2026 SNV (đề xuất khen thưởng)', after: { proposal: GK, reason: REASON }, reason: REASON });
    const withIt = f.officialResults(2026);
    const u = withIt.result.units.find((x) => x.unit.code === 'SNV')!;
    expect(u.proposal).toMatchObject({ code: GK, label: { vi: 'Giấy khen của Giám đốc Sở KH&CN' } });
    expect(u.override).toMatchObject({ computed: null, reason: REASON, by: 'Phó chủ tịch' });
    // The other units keep what the rules give them.
    expect(withIt.result.units.filter((x) => x.unit.code !== 'SNV').map((x) => x.proposal?.code ?? null)).toEqual(
      plain.result.units.filter((x) => x.unit.code !== 'SNV').map((x) => x.proposal?.code ?? null),
    );
    expect(scoreJson(withIt.result).units.find((x) => x.unit === 'SNV')).toMatchObject({
      proposal: GK,
      proposalLabel: 'Giấy khen của Giám đốc Sở KH&CN',
      proposalOverride: { computed: null, computedLabel: null, reason: REASON },
    });
    const table = rankingTable(withIt.result, ['I', 'II', 'III', 'IV', 'V']);
    expect(table[0]!.slice(-4)).toEqual(['Đề xuất khen thưởng', 'Ghi chú xếp loại', 'Đề xuất theo quy tắc', 'Lý do điều chỉnh đề xuất']);
    const row = table.find((r) => r[3] === 'SNV')!;
    expect([row.at(-4), row.at(-2), row.at(-1)]).toEqual(['Giấy khen của Giám đốc Sở KH&CN', 'Không đề xuất', REASON]);

    // Part of the fingerprint: the override, and its reason alone.
    expect(withIt.fingerprint).not.toBe(plain.fingerprint);
    f.setProposalOverride({ year: 2026, unit: 'SNV', proposal: GK, reason: REASON + '.' });
    expect(f.officialResults(2026).fingerprint).not.toBe(withIt.fingerprint);
    expect(f.auditLog().at(-1)).toMatchObject({ action: 'override.update', before: { reason: REASON } });

    // The unit's own claim is scored as the rules give it.
    expect(scoreYear(f.criteriaFor(2026)!, f.yearData(2026), { source: 'self' }).units.find((x) => x.unit.code === 'SNV')!.override).toBeUndefined();

    // Cleared with a reason: back to the rules.
    expect(() => f.clearProposalOverride({ year: 2026, unit: 'SNV' }, '')).toThrow(/Cần ghi lý do khi bỏ điều chỉnh đề xuất/);
    expect(f.clearProposalOverride({ year: 2026, unit: 'SNV' }, 'Hội đồng không đồng ý')).toBe(true);
    expect(f.officialResults(2026).fingerprint).toBe(plain.fingerprint);
  });

  it('"none" takes a proposal away: SKHCN, Xuất sắc and first, loses its Bằng khen', () => {
    const f = demo('Phó chủ tịch');
    f.setProposalOverride({ year: 2026, unit: 'SKHCN', proposal: null, reason: 'Đơn vị đã được khen cùng nội dung năm 2026' });
    const u = f.officialResults(2026).result.units.find((x) => x.unit.code === 'SKHCN')!;
    expect(u.proposal).toBeNull();
    expect(u.override!.computed).toMatchObject({ code: 'bang_khen_chu_tich_ubnd_tinh' });
    expect(f.rows("SELECT proposal FROM v_proposal_overrides WHERE unit = 'SKHCN'")).toEqual([['không đề xuất']]);
  });
});
