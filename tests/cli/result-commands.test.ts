/**
 * compare and targets through the CLI: the demo province end to end (checked against the independent Python
 * oracle's expected results, tests/fixtures/province), a file in which communes merged, and the refusals.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run';
import { importCsv } from '../../shared/file/import';
import { parseCsv } from '../../shared/interchange/csv';
import { FileSession } from '../../node/session';
import { C2025, C2026, fixture } from '../results/helpers';

const dir = mkdtempSync(join(tmpdir(), 'nq57-results-'));
const at = (name: string) => join(dir, name);
const cli = (...args: string[]) => runCli([...args, '--as', 'Chuyên viên Sở KH&CN']);
const DEMO = 'demo/dien-bien.csv';
/** The rows of a CSV the CLI wrote (with its BOM). */
const table = (csv: string): string[][] => parseCsv(csv.replace(/^\uFEFF/, '')).records.map((r) => r.fields);

type Oracle = { units: { unit: string; score: number; rank: number; band: string; indicators: Record<string, { points: number; max: number; status: string }> }[] };
const oracle = (year: number): Oracle => JSON.parse(readFileSync(`tests/fixtures/province/expected-${year}.json`, 'utf8'));

describe('compare: the demo province, 2025 → 2026', () => {
  let doc: {
    from: number;
    to: number;
    units: { unit: string; name: string; group: string; from: { score: number; rank: number; band: string } | null; to: typeof doc.units[number]['from']; scoreChange: number | null; rankChange: number | null }[];
    indicators: { code: string; fromShare: number | null; toShare: number | null; change: number | null }[];
    criteriaChanges: { subject: string; kind: string; code: string | null; previousCode: string | null; text: { vi: string; en: string } }[];
  };
  beforeAll(async () => {
    const r = await cli('compare', '--data', DEMO, '--from', '2025', '--to', '2026', '--json');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    doc = JSON.parse(r.stdout);
  });

  it('has exactly the documented shape', () => {
    expect(Object.keys(doc)).toEqual(['from', 'to', 'units', 'indicators', 'criteriaChanges']);
    expect(doc).toMatchObject({ from: 2025, to: 2026 });
    expect(doc.units).toHaveLength(61);
    for (const u of doc.units) {
      expect(Object.keys(u)).toEqual(['unit', 'name', 'group', 'from', 'to', 'scoreChange', 'rankChange']);
      expect(Object.keys(u.from!)).toEqual(['score', 'rank', 'band']);
    }
    for (const i of doc.indicators) expect(Object.keys(i)).toEqual(['code', 'fromShare', 'toShare', 'change']);
  });

  it('gives each unit the oracle’s score, rank and band in both years, and their changes', () => {
    const [o25, o26] = [oracle(2025), oracle(2026)];
    for (const u of doc.units) {
      const a = o25.units.find((x) => x.unit === u.unit)!;
      const b = o26.units.find((x) => x.unit === u.unit)!;
      expect(u.from).toEqual({ score: a.score, rank: a.rank, band: a.band });
      expect(u.to).toEqual({ score: b.score, rank: b.rank, band: b.band });
      expect(u.rankChange).toBe(a.rank - b.rank);
      expect(Math.round((b.score - a.score) * 100)).toBe(Math.round(u.scoreChange! * 100));
    }
  });

  it('a few units checked by hand', () => {
    const unit = (code: string) => doc.units.find((u) => u.unit === code);
    // Sở KH&CN: 88.75 (2nd of 14, Tốt) → 97.24 (1st, Xuất sắc): +8.49, up one.
    expect(unit('SKHCN')).toEqual({ unit: 'SKHCN', name: 'Sở Khoa học và Công nghệ', group: 'SO', from: { score: 88.75, rank: 2, band: 'tot' }, to: { score: 97.24, rank: 1, band: 'xuat_sac' }, scoreChange: 8.49, rankChange: 1 });
    // Phường Điện Biên Phủ: 82.5 (9th of 45) → 96.72 (5th): +14.22, up four.
    expect(unit('03127')).toMatchObject({ from: { score: 82.5, rank: 9, band: 'tot' }, to: { score: 96.72, rank: 5, band: 'xuat_sac' }, scoreChange: 14.22, rankChange: 4 });
    // Báo Điện Biên Phủ stays first of the two press agencies: 57.26 → 86.1, +28.84.
    expect(unit('BDBP')).toMatchObject({ from: { score: 57.26, rank: 1 }, to: { score: 86.1, rank: 1 }, scoreChange: 28.84, rankChange: 0 });
    // Sở VHTT&DL falls from 1st (93.25) to 4th (87.27): −5.98, rank change −3.
    expect(unit('SVHTTDL')).toMatchObject({ from: { score: 93.25, rank: 1, band: 'xuat_sac' }, to: { score: 87.27, rank: 4, band: 'tot' }, scoreChange: -5.98, rankChange: -3 });
    expect(doc.units.slice(0, 14).every((u) => u.group === 'SO')).toBe(true);
    expect(doc.units.slice(14, 59).every((u) => u.group === 'XA')).toBe(true);
  });

  it('compares the indicators the two sets share as shares of their maximum (checked on 2025 with the oracle’s points)', () => {
    expect(doc.indicators.map((i) => i.code)).toEqual(['1.1', '1.2', '1.3', '1.4', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9', '3.1', '3.2', '3.3', '3.4a', '3.4b', '3.4c', '4.1', '4.2', '4.3', '5.1a', '5.1b']);
    // 1.1 (20 points, yes/no) and 3.1 (multiples of 3.75) have exact points in the oracle's file: the mean over units of points ÷ max.
    const share = (code: string) => {
      const list = oracle(2025).units.flatMap((u) => (u.indicators[code] && u.indicators[code].status !== 'not_applicable' ? [u.indicators[code].points / u.indicators[code].max] : []));
      return list.reduce((a, b) => a + b, 0) / list.length;
    };
    for (const code of ['1.1', '3.1']) expect(doc.indicators.find((i) => i.code === code)!.fromShare).toBeCloseTo(share(code), 4);
    expect(doc.indicators.find((i) => i.code === '1.2')).toMatchObject({ fromShare: null, change: null });
    const i11 = doc.indicators.find((i) => i.code === '1.1')!;
    expect(i11.change).toBeCloseTo(i11.toShare! - i11.fromShare!, 3);
  });

  it('lists what changed between the 2025 baseline and the 2026 set', () => {
    const kinds = (code: string) => doc.criteriaChanges.filter((c) => c.subject === 'indicator' && c.code === code).map((c) => c.kind);
    expect(kinds('1.1')).toEqual(['renamed', 'reweighted', 'rule_changed']);
    expect(kinds('2.1')).toEqual(['renamed', 'reweighted', 'rule_changed']);
    // 3.1 keeps its brackets: 15/11.25/7.5/3.75 are 8/6/4/2 scaled, so only re-weighted.
    expect(kinds('3.1')).toEqual(['reweighted']);
    expect(doc.criteriaChanges.filter((c) => c.kind === 'added' && c.subject === 'indicator')).toHaveLength(17);
    expect(doc.criteriaChanges.filter((c) => c.kind === 'removed')).toEqual([]);
    expect(doc.criteriaChanges.find((c) => c.code === '1.1' && c.kind === 'rule_changed')!.text.vi).toBe(
      'Chỉ tiêu 1.1: cách tính điểm có/không (có → 20) → theo hạn (≤ 31/12/2025 → 6; ≤ 31/03/2026 → 4; ≤ 31/12/2026 → 2; muộn hơn → 0; không có → 0)',
    );
  });

  it('gives the same comparison from the demo evaluation file', async () => {
    expect((await cli('demo', at('demo.nq57'))).code).toBe(0);
    const r = await cli('compare', at('demo.nq57'), '--from', '2025', '--to', '2026', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(doc);
  });

  it('writes CSV tables (units by default, indicators, changes) with a BOM and Vietnamese headers', async () => {
    const units = await cli('compare', '--data', DEMO, '--from', '2025', '--to', '2026', '--csv');
    expect(units.stdout.startsWith('\uFEFFKhối,Mã đơn vị,Tên đơn vị,Điểm 2025,Hạng 2025,Xếp loại 2025,Điểm 2026,Hạng 2026,Xếp loại 2026,Chênh lệch điểm,Thay đổi thứ hạng,Ghi chú')).toBe(true);
    const rows = table(units.stdout);
    expect(rows.find((r) => r[1] === 'SKHCN')).toEqual(['SO', 'SKHCN', 'Sở Khoa học và Công nghệ', '88.75', '2', 'Tốt', '97.24', '1', 'Xuất sắc', '8.49', '1', '']);
    const ind = await cli('compare', '--data', DEMO, '--from', '2025', '--to', '2026', '--csv', '--table', 'indicators');
    expect(ind.stdout).toMatch(/^\uFEFFMã chỉ tiêu,Mã năm 2025,Tên chỉ tiêu,Tỷ lệ đạt 2025 \(%\),Tỷ lệ đạt 2026 \(%\),Thay đổi \(điểm %\)\r?\n1\.1,1\.1,/);
    const ch = await cli('compare', '--data', DEMO, '--from', '2025', '--to', '2026', '--csv', '--table', 'changes');
    expect(ch.stdout).toMatch(/\r?\nindicator,reweighted,3\.1,3\.1,15,8,Chỉ tiêu 3\.1: điểm tối đa 15 → 8 \(15% → 8% thang điểm\),Indicator 3\.1: maximum 15 → 8 \(15% → 8% of the scale\)\r?\n/);
  });
});

describe('compare: an evaluation file in which communes merged', () => {
  const file = at('merged.nq57');
  beforeAll(async () => {
    // The compare fixture (tests/results/compare.test.ts has the hand computation), imported into a file whose
    // units record the mergers as the app records them: predecessors on the new unit, the old ones ending in 2025.
    const [c25, c26] = [C2025(), C2026()];
    const s = await FileSession.create(file, { actor: 'test' });
    try {
      s.file.useCriteria(c25);
      s.file.useCriteria(c26);
      const report = importCsv(s.file, readFileSync(fixture('compare.csv'), 'utf8'), () => null, { file: 'compare.csv' });
      expect(report.problems).toEqual([]);
      for (const code of ['X01', 'X02', 'X05']) s.file.putUnit({ ...s.file.unit(code)!, activeTo: 2025 }, 'sáp nhập / merged');
      s.file.putUnit({ ...s.file.unit('X10')!, predecessors: ['X01', 'X02'] }, 'sáp nhập / merged');
      s.file.putUnit({ ...s.file.unit('X04')!, predecessors: ['X05'] }, 'sáp nhập / merged');
      await s.save();
    } finally {
      s.close();
    }
  });

  it('compares the merged commune with the mean of its predecessors and says so', async () => {
    const r = await cli('compare', file, '--from', '2025', '--to', '2026', '--json');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const doc = JSON.parse(r.stdout);
    expect(doc.units.map((u: { unit: string }) => u.unit)).toEqual(['S01', 'S02', 'X04', 'X10', 'X03', 'X01', 'X02', 'X05']);
    expect(doc.units[3]).toEqual({
      unit: 'X10', name: 'UBND xã An Bình Minh', group: 'XA',
      from: {
        score: 77.5, rank: 2, band: 'kha', basis: 'mean_of_predecessors',
        mergedFrom: [
          { unit: 'X01', name: 'UBND xã An Bình', score: 55, rank: 3, band: 'trung_binh' },
          { unit: 'X02', name: 'UBND xã Bình Minh', score: 100, rank: 1, band: 'xuat_sac' },
        ],
      },
      to: { score: 86, rank: 2, band: 'tot' },
      scoreChange: 8.5,
      rankChange: 0,
    });
    expect(doc.units[2]).toMatchObject({ unit: 'X04', from: { score: 69.63, rank: 2, band: 'kha' }, to: { score: 91, rank: 1 }, scoreChange: 21.37, rankChange: 1 });
    expect(doc.units[5]).toEqual({ unit: 'X01', name: 'UBND xã An Bình', group: 'XA', from: { score: 55, rank: 3, band: 'trung_binh' }, to: null, scoreChange: null, rankChange: null, mergedInto: ['X10'] });
    expect(doc.indicators[1]).toEqual({ code: '2.10', fromCode: '2.1', fromShare: 0.6964, toShare: 0.74, change: 0.0436 });
    expect(doc.criteriaChanges.find((c: { kind: string }) => c.kind === 'mapped')).toMatchObject({ code: '2.10', previousCode: '2.1' });
  });

  it('notes the basis in the CSV table', async () => {
    const r = await cli('compare', file, '--from', '2025', '--to', '2026', '--csv');
    const rows = table(r.stdout);
    expect(rows.find((x) => x[1] === 'X10')!.slice(3)).toEqual(['77.50', '2', 'Khá', '86.00', '2', 'Tốt', '8.50', '0', 'Năm 2025: trung bình của X01 (55.00), X02 (100.00)']);
    expect(rows.find((x) => x[1] === 'X02')!.at(-1)).toBe('Đã sáp nhập vào X10');
  });

  it('without the file’s record of mergers (the same data as a CSV) matches by code alone', async () => {
    // (--data reads with the bundled criteria sets, not the fixture's; a file without predecessors stands for it.)
    const plain = at('plain.nq57');
    const s = await FileSession.create(plain, { actor: 'test' });
    try {
      s.file.useCriteria(C2025());
      s.file.useCriteria(C2026());
      importCsv(s.file, readFileSync(fixture('compare.csv'), 'utf8'), () => null);
      for (const code of ['X01', 'X02', 'X05']) s.file.putUnit({ ...s.file.unit(code)!, activeTo: 2025 });
      await s.save();
    } finally {
      s.close();
    }
    const doc = JSON.parse((await cli('compare', plain, '--from', '2025', '--to', '2026', '--json')).stdout);
    expect(doc.units.find((u: { unit: string }) => u.unit === 'X10')).toMatchObject({ from: null, scoreChange: null, rankChange: null });
    expect(doc.units.find((u: { unit: string }) => u.unit === 'X01')).not.toHaveProperty('mergedInto');
  });
});

describe('targets', () => {
  it('computes the plan targets from an interchange CSV and from an evaluation file alike', async () => {
    const csv = fixture('targets-2026.csv');
    const fromCsv = await cli('targets', '--data', csv, '--year', '2026', '--json');
    expect(fromCsv).toMatchObject({ code: 0, stderr: '' });
    const doc = JSON.parse(fromCsv.stdout);
    expect(Object.keys(doc)).toEqual(['year', 'criteria', 'panel', 'targets']);
    // tests/results/targets.test.ts has the hand computation: 89 of 105 staff informed (the panel's 28.5 of 30 is
    // 29 whole people), 3.5 of 6 units with a plan.
    expect(doc.targets.find((t: { key: string }) => t.key === 'staff_informed')).toMatchObject({ value: 0.8476, numerator: 89, denominator: 105 });
    expect(doc.targets.find((t: { key: string }) => t.key === 'plan_issued')).toMatchObject({ value: 0.5833, heldBackBy: [{ unit: 'X3' }, { unit: 'B2' }, { unit: 'X2' }] });

    await cli('init', at('t.nq57'));
    expect((await cli('import', at('t.nq57'), csv)).code).toBe(0);
    const fromFile = await cli('targets', at('t.nq57'), '--year', '2026', '--json');
    expect(JSON.parse(fromFile.stdout)).toEqual(doc);
    const csvOut = await cli('targets', at('t.nq57'), '--year', '2026', '--csv');
    expect(csvOut.stdout).toMatch(/^\uFEFFNăm,Điều khoản,Chỉ tiêu,Mục tiêu,/);
    expect(table(csvOut.stdout)).toHaveLength(7);
  });

  it('on the demo province: how far 2026 is from the plan', async () => {
    const r = await cli('targets', '--data', DEMO, '--year', '2026', '--json', '--panel', 'median');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.panel).toBe('median');
    expect(doc.targets.map((t: { key: string; measured: boolean }) => [t.key, t.measured])).toEqual([
      ['plan_issued', true], ['staff_informed', true], ['staff_trained', true], ['residents_reached', true], ['press_special_pages', true], ['network', true],
    ]);
    const residents = doc.targets.find((t: { key: string }) => t.key === 'residents_reached');
    expect(residents.units.applicable).toBe(45);
    expect(residents.heldBackBy.every((u: { group: string }) => u.group === 'XA')).toBe(true);
  });
});

describe('refusals', () => {
  it('wrong usage: exit 2 with the usage text', async () => {
    for (const args of [
      ['compare', '--from', '2025', '--to', '2026', '--json'],
      ['compare', 'a.nq57', '--data', DEMO, '--from', '2025', '--to', '2026', '--json'],
      ['compare', '--data', DEMO, '--from', '2026', '--to', '2025', '--json'],
      ['compare', '--data', DEMO, '--from', '25', '--to', '2026', '--json'],
      ['compare', '--data', DEMO, '--from', '2025', '--to', '2026'],
      ['compare', '--data', DEMO, '--from', '2025', '--to', '2026', '--json', '--table', 'units'],
      ['compare', '--data', DEMO, '--from', '2025', '--to', '2026', '--csv', '--table', 'groups'],
      ['compare', '--data', DEMO, '--from', '2025', '--to', '2026', '--json', '--panel', 'max'],
      ['targets', '--data', DEMO, '--json'],
      ['targets', '--data', DEMO, '--year', '2026', '--json', '--csv'],
      ['targets', '--data', DEMO, '--year', '2026', '--json', '--bogus'],
    ]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/ \/ .*\n(.|\n)*Cách dùng \/ Usage:/);
    }
    expect((await cli('compare', '--data', DEMO, '--from', '2026', '--to', '2025', '--json')).stderr).toMatch(/^--from phải là năm trước --to \/ --from must be a year before --to\n/);
    expect((await runCli(['help'])).stdout).toMatch(/compare <file\.nq57> --from Y1 --to Y2[^\n]*\n[^\n]*so sánh các năm \/ compare years/);
  });

  it('refused input: exit 1 with a sentence in both languages', async () => {
    await cli('init', at('one-year.nq57'), '--year', '2026');
    const noYear = await cli('compare', at('one-year.nq57'), '--from', '2025', '--to', '2026', '--json');
    expect(noYear).toMatchObject({ code: 1, stdout: '' });
    expect(noYear.stderr).toMatch(/one-year\.nq57: Tệp chưa có bộ tiêu chí cho năm 2025 \| .*one-year\.nq57: The file has no criteria set for 2025/);
    const missing = await cli('targets', '--data', at('nothing.csv'), '--year', '2026', '--json');
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.stderr).toMatch(/Không đọc được tệp dữ liệu: không tồn tại \/ not found \| .*Cannot read the data file/);
    const noSet = await cli('compare', '--data', DEMO, '--from', '2024', '--to', '2026', '--json');
    expect(noSet.stderr).toMatch(/^Không có bộ tiêu chí cho năm 2024 trong criteria\/ \| No criteria set for 2024 in criteria\//);
    const bad = await cli('targets', '--data', 'tests/cli/fixtures/bad-2026.csv', '--year', '2026', '--json');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad-2026\.csv, dòng \d+/);
    const noFile = await cli('compare', at('absent.nq57'), '--from', '2025', '--to', '2026', '--json');
    expect(noFile).toMatchObject({ code: 1 });
    expect(noFile.stderr).toMatch(/Không tìm thấy tệp .*absent\.nq57.* \| File .*not found/);
  });

  it('warns on stderr when a year has no units', async () => {
    writeFileSync(at('only-2026.csv'), readFileSync(fixture('targets-2026.csv'), 'utf8'));
    const r = await cli('compare', '--data', at('only-2026.csv'), '--from', '2025', '--to', '2026', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('cảnh báo / warning: không có đơn vị nào năm 2025 / no units in 2025\n');
    expect(JSON.parse(r.stdout).units.every((u: { from: unknown }) => u.from === null)).toBe(true);
  });
});
