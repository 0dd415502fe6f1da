/**
 * Comparing years on a fixture computed by hand: a renamed indicator (2.1 in 2025 is 2.10 in 2026), two communes
 * merged into one (X01 + X02 → X10), and a commune that absorbed another keeping its code (X04 + X05 → X04).
 *
 * 2025 set: 1.1 yes/no 40 (I); 2.1 count ÷ 10 × 30 (II); 2.2 yes/no 30 (II). All self-assessed, with evidence;
 * X05's 2.1 has four evaluators (3, 3, 3, 2 items → 9, 9, 9, 6 points, mean 8.25).
 *   X01 40 + 15 + 0 = 55 (trung_binh)   X02 40 + 30 + 30 = 100 (xuat_sac)   X03 0 + 24 + 30 = 54 (trung_binh)
 *   X04 40 + 21 + 30 = 91 (xuat_sac: II 51/60 = 85%)   X05 40 + 8.25 + 0 = 48.25 (yeu)
 *   S01 40 + 18 + 30 = 88 (tot)   S02 40 + 30 + 0 = 70 (kha)
 *   ranks XA: X02 1, X04 2, X01 3, X03 4, X05 5; SO: S01 1, S02 2
 * 2026 set: 1.1 yes/no 20 (I); 2.10 count ÷ 10 × 40 (II); 2.3 ratio ÷ 100% × 20 (II); 3.1 yes/no 20 (III).
 *   X10 20 + mean(40, 32) + 20 × 1/2 + 20 = 86 (tot)   X03 20 + 16 + n/a + 0 = 36 of 80 → 45 (yeu)
 *   X04 20 + 36 + 15 + 20 = 91 (xuat_sac)   S01 20 + 40 + 20 + 20 = 100 (xuat_sac)   S02 0 + 20 + 20 + 0 = 40 (yeu)
 *   ranks XA: X04 1, X10 2, X03 3; SO: S01 1, S02 2
 */
import { describe, expect, it } from 'vitest';
import { compareJson, compareScored, compareTable, compareYears, criteriaChanges, ExactMean } from '../../shared/results/compare';
import * as R from '../../shared/exact/rational';
import { scoreYear } from '../../shared/engine/score';
import { C2025, C2026, criteriaJson, fixture, MERGERS, rawJson, yearOf } from './helpers';

const c25 = C2025();
const c26 = C2026();
const CSV = fixture('compare.csv');
const years = [
  { criteria: c26, data: yearOf(CSV, c26) },
  { criteria: c25, data: yearOf(CSV, c25) },
];

describe('units', () => {
  const doc = compareJson(compareYears(years, { predecessors: MERGERS }), 2025, 2026);
  const unit = (code: string) => doc.units.find((u) => u.unit === code);

  it('lists units by the newer set’s unit groups (SO, XA), in its ranking order, then the units gone', () => {
    expect(doc.from).toBe(2025);
    expect(doc.to).toBe(2026);
    expect(doc.units.map((u) => u.unit)).toEqual(['S01', 'S02', 'X04', 'X10', 'X03', 'X01', 'X02', 'X05']);
  });

  it('gives score, rank and band each year, the score change and the rank change (earlier − later rank)', () => {
    expect(unit('S01')).toEqual({
      unit: 'S01', name: 'Sở Khoa học và Công nghệ', group: 'SO',
      from: { score: 88, rank: 1, band: 'tot' }, to: { score: 100, rank: 1, band: 'xuat_sac' }, scoreChange: 12, rankChange: 0,
    });
    expect(unit('S02')).toMatchObject({ from: { score: 70, rank: 2, band: 'kha' }, to: { score: 40, rank: 2, band: 'yeu' }, scoreChange: -30, rankChange: 0 });
    // X03: 4th of 5 communes → 3rd of 3: up one place.
    expect(unit('X03')).toMatchObject({ from: { score: 54, rank: 4, band: 'trung_binh' }, to: { score: 45, rank: 3, band: 'yeu' }, scoreChange: -9, rankChange: 1 });
  });

  it('compares two merged communes with the mean of their scores, its band and the rank it would have had', () => {
    // mean(55, 100) = 77.5 → kha (65 ≤ 77.5 < 80); among X03 54, X04 91, X05 48.25 only X04 is higher → rank 2.
    expect(unit('X10')).toEqual({
      unit: 'X10', name: 'UBND xã An Bình Minh', group: 'XA',
      from: {
        score: 77.5, rank: 2, band: 'kha', basis: 'mean_of_predecessors',
        mergedFrom: [
          { unit: 'X01', name: 'UBND xã An Bình', score: 55, rank: 3, band: 'trung_binh' },
          { unit: 'X02', name: 'UBND xã Bình Minh', score: 100, rank: 1, band: 'xuat_sac' },
        ],
      },
      to: { score: 86, rank: 2, band: 'tot' },
      scoreChange: 8.5, // 86 − 77.5
      rankChange: 0,
    });
  });

  it('includes a unit’s own earlier result when it absorbed another under its own code, rounding the mean like a score', () => {
    // mean(91, 48.25) = 69.625 → 69.63 (half away from zero) → kha; higher among X01 55, X02 100, X03 54: X02 → rank 2.
    expect(unit('X04')).toMatchObject({
      from: { score: 69.63, rank: 2, band: 'kha', basis: 'mean_of_predecessors', mergedFrom: [{ unit: 'X04', score: 91 }, { unit: 'X05', score: 48.25 }] },
      to: { score: 91, rank: 1, band: 'xuat_sac' },
      scoreChange: 21.37, // 91 − 69.63
      rankChange: 1,
    });
  });

  it('keeps the predecessors’ own rows, with null for the year they no longer exist and the unit they merged into', () => {
    expect(unit('X01')).toEqual({
      unit: 'X01', name: 'UBND xã An Bình', group: 'XA',
      from: { score: 55, rank: 3, band: 'trung_binh' }, to: null, scoreChange: null, rankChange: null, mergedInto: ['X10'],
    });
    expect(unit('X02')).toMatchObject({ from: { score: 100, rank: 1, band: 'xuat_sac' }, to: null, mergedInto: ['X10'] });
    expect(unit('X05')).toMatchObject({ from: { score: 48.25, rank: 5, band: 'yeu' }, to: null, mergedInto: ['X04'] });
  });

  it('without predecessors (an interchange CSV) matches units by code alone', () => {
    const plain = compareJson(compareYears(years), 2025, 2026);
    const u = (code: string) => plain.units.find((x) => x.unit === code);
    expect(u('X10')).toEqual({ unit: 'X10', name: 'UBND xã An Bình Minh', group: 'XA', from: null, to: { score: 86, rank: 2, band: 'tot' }, scoreChange: null, rankChange: null });
    expect(u('X04')).toMatchObject({ from: { score: 91, rank: 2, band: 'xuat_sac' }, scoreChange: 0, rankChange: 1 });
    expect(u('X01')).toEqual({ unit: 'X01', name: 'UBND xã An Bình', group: 'XA', from: { score: 55, rank: 3, band: 'trung_binh' }, to: null, scoreChange: null, rankChange: null });
  });

  it('follows mergers in steps: a predecessor that did not exist that year leads to its own predecessors', () => {
    const chain = new Map([
      ['X10', ['X99']],
      ['X99', ['X01', 'X02']],
    ]);
    const doc2 = compareJson(compareYears(years, { predecessors: chain }), 2025, 2026);
    expect(doc2.units.find((u) => u.unit === 'X10')!.from).toMatchObject({ score: 77.5, mergedFrom: [{ unit: 'X01' }, { unit: 'X02' }] });
    expect(doc2.units.find((u) => u.unit === 'X02')!.mergedInto).toEqual(['X10']);
  });

  it('scores the years with the panel aggregate asked for', () => {
    // X10's 2.10 by the median of (40, 32) is also 36: same score; X05's 2.1 by the median of (9, 9, 9, 6) is 9 → 49.
    const doc2 = compareJson(compareYears(years, { predecessors: MERGERS, panel: 'median' }), 2025, 2026);
    expect(doc2.units.find((u) => u.unit === 'X05')!.from!.score).toBe(49);
    expect(doc2.units.find((u) => u.unit === 'X04')!.from!.score).toBe(70); // mean(91, 49)
  });

  it('needs two distinct years', () => {
    expect(() => compareYears(years.slice(0, 1))).toThrow(/at least two years/);
    const r = { criteria: c25, result: scoreYear(c25, years[1]!.data) };
    expect(() => compareScored([r, r])).toThrow(/given twice/);
  });
});

describe('indicators', () => {
  const doc = compareJson(compareYears(years, { predecessors: MERGERS }), 2025, 2026);

  it('compares each indicator as the mean share of its maximum, a renamed one through its mapping', () => {
    // 1.1 2025: 6 of 7 units yes → 6/7 = 0.857142… → 0.8571; 2026: S02 no → 4/5 = 0.8; change −2/35 = −0.0571…
    // 2.1 → 2.10: 2025 (5 + 10 + 8 + 7 + 2.75 + 6 + 10)/10 / 7 = 4.875/7 = 0.696428… → 0.6964;
    //   2026 (10 + 5 + 9 + 4 + 9)/10 / 5 = 0.74 (X10: mean(40, 32)/40 = 0.9); change 0.043571… → 0.0436
    // 2.3: S01 1, S02 1, X10 0.5, X04 0.75; X03 not applicable → 3.25/4 = 0.8125. 3.1: 3 of 5 → 0.6.
    // 2.2 (removed): X02, X03, X04, S01 yes → 4/7 = 0.571428… → 0.5714.
    expect(doc.indicators).toEqual([
      { code: '1.1', fromShare: 0.8571, toShare: 0.8, change: -0.0571 },
      { code: '2.10', fromCode: '2.1', fromShare: 0.6964, toShare: 0.74, change: 0.0436 },
      { code: '2.3', fromShare: null, toShare: 0.8125, change: null },
      { code: '3.1', fromShare: null, toShare: 0.6, change: null },
      { code: '2.2', fromShare: 0.5714, toShare: null, change: null },
    ]);
  });
});

describe('criteria changes', () => {
  it('lists groups, indicators, items and bands that changed, in both languages', () => {
    const changes = criteriaChanges(c25, c26);
    expect(changes.map((c) => [c.subject, c.kind, c.code, c.previousCode])).toEqual([
      ['group', 'reweighted', 'I', 'I'],
      ['group', 'added', 'III', null],
      ['indicator', 'renamed', '1.1', '1.1'],
      ['indicator', 'reweighted', '1.1', '1.1'],
      ['indicator', 'mapped', '2.10', '2.1'],
      ['indicator', 'reweighted', '2.10', '2.1'],
      ['indicator', 'added', '2.3', null],
      ['indicator', 'added', '3.1', null],
      ['indicator', 'removed', null, '2.2'],
      ['item', 'added', 'D1', null],
      ['band', 'rule_changed', 'xuat_sac', 'xuat_sac'],
    ]);
    const find = (kind: string, code: string | null) => changes.find((c) => c.kind === kind && (c.code === code || c.previousCode === code))!;
    expect(find('reweighted', '1.1')).toMatchObject({ before: 40, after: 20 });
    expect(find('reweighted', '1.1').text).toEqual({
      vi: 'Chỉ tiêu 1.1: điểm tối đa 40 → 20 (40% → 20% thang điểm)',
      en: 'Indicator 1.1: maximum 40 → 20 (40% → 20% of the scale)',
    });
    expect(find('mapped', '2.10').text.en).toBe('Indicator 2.10 of 2026 is indicator 2.1 of 2025 (code changed)');
    expect(find('renamed', '1.1').text.vi).toBe('Chỉ tiêu 1.1 đổi tên: "Ban hành kế hoạch truyền thông trước 31/12/2025" → "Ban hành kế hoạch truyền thông"');
    expect(find('removed', '2.2').text.en).toBe('Indicator 2.2 "Portal section exists" removed (30 points in 2025)');
    expect(find('rule_changed', 'xuat_sac').text.en).toBe('Band Excellent: extra conditions (every group ≥ 70%) → (every group ≥ 70%, without D1)');
    expect(compareJson(compareYears(years), 2025, 2026).criteriaChanges).toEqual(JSON.parse(JSON.stringify(changes)));
  });

  it('reports a rule that changed, but not points scaled with the maximum', () => {
    const a = rawJson('compare-2025.json');
    const b = rawJson('compare-2026.json');
    // 2.2 comes back in 2026 as a ratio with brackets; in 2025 as brackets 30/15 → reweighted to 20/10 only.
    a.indicators[2].rule = { type: 'ratio-brackets', brackets: [{ min: 1, points: 30 }, { min: 0.5, points: 15 }, { min: 0, points: 0 }] };
    b.indicators[2] = { ...a.indicators[2], max: 20, rule: { type: 'ratio-brackets', brackets: [{ min: 1, points: 20 }, { min: 0.5, points: 10 }, { min: 0, points: 0 }] } };
    b.indicators[1].rule = { type: 'count-target', target: 12 };
    const changes = criteriaChanges(criteriaJson(a), criteriaJson(b));
    expect(changes.filter((c) => c.code === '2.2').map((c) => c.kind)).toEqual(['reweighted']);
    expect(changes.find((c) => c.code === '2.10' && c.kind === 'rule_changed')!.text).toEqual({
      vi: 'Chỉ tiêu 2.10: cách tính điểm số lượng so với chỉ tiêu 10 → số lượng so với chỉ tiêu 12',
      en: 'Indicator 2.10: rule count against a target of 10 → count against a target of 12',
    });
  });

  it('names a choice rule by the options a person picks, not by the codes the file stores', () => {
    const a = rawJson('compare-2025.json');
    const b = rawJson('compare-2026.json');
    b.indicators[1].rule = {
      type: 'choice',
      options: [
        { code: 'none', label: { vi: 'Chưa có chuyên mục', en: 'No section' }, points: 0 },
        { code: 'active', label: { vi: 'Có chuyên mục, từ 12 tin bài', en: 'Section with 12 posts or more' }, points: 40 },
      ],
    };
    const changes = criteriaChanges(criteriaJson(a), criteriaJson(b));
    expect(changes.find((c) => c.code === '2.10' && c.kind === 'rule_changed')!.text).toEqual({
      vi: 'Chỉ tiêu 2.10: cách tính điểm số lượng so với chỉ tiêu 10 → lựa chọn (“Chưa có chuyên mục” → 0; “Có chuyên mục, từ 12 tin bài” → 40)',
      en: 'Indicator 2.10: rule count against a target of 10 → choice (“No section” → 0; “Section with 12 posts or more” → 40)',
    });
  });

  it('a mapping to null means “not comparable”; a mapping to a code the older set lacks is reported', () => {
    const b = rawJson('compare-2026.json');
    b.indicators[0].previous = [{ year: 2025, code: null }];
    b.indicators[1].previous = [{ year: 2025, code: '2.9' }];
    const cb = criteriaJson(b);
    const changes = criteriaChanges(c25, cb);
    const of = (code: string) => changes.filter((c) => c.code === code || c.previousCode === code).map((c) => c.kind);
    expect(of('1.1')).toEqual(['added', 'removed']);
    expect(changes.find((c) => c.code === '1.1')!.text.en).toBe('New indicator 1.1 "Communication plan issued" (20 points); code 1.1 in 2025 was another indicator, not compared');
    expect(changes.find((c) => c.kind === 'mapping_unresolved')).toMatchObject({ code: '2.10', previousCode: '2.9' });
    expect(of('2.1')).toEqual(['removed']);
    const doc = compareJson(compareYears([years[1]!, { criteria: cb, data: yearOf(CSV, cb) }]), 2025, 2026);
    expect(doc.indicators.map((i) => [i.code, i.fromShare, i.toShare])).toEqual([
      ['1.1', null, 0.8],
      ['2.10', null, 0.74],
      ['2.3', null, 0.8125],
      ['3.1', null, 0.6],
      ['1.1', 0.8571, null],
      ['2.1', 0.6964, null],
      ['2.2', 0.5714, null],
    ]);
  });
});

describe('more than two years', () => {
  // 2027: the 2026 set again (2.10 still mapped to 2025's 2.1), and the 2026 data again.
  const b = rawJson('compare-2026.json');
  const c27 = criteriaJson({ ...b, year: 2027, version: '2027.1' });
  const data27 = yearOf(CSV, c26, 2026);
  const all = compareYears([...years, { criteria: c27, data: { ...data27, year: 2027 } }], { predecessors: MERGERS });

  it('keeps a series per unit and indicator, and compares any two of the years', () => {
    expect(all.years).toEqual([2025, 2026, 2027]);
    const x10 = all.units.find((u) => u.unit === 'X10')!;
    expect(x10.years.map((y) => y && [y.score, y.rank, y.merged ? 'merged' : 'own'])).toEqual([[77.5, 2, 'merged'], [86, 2, 'own'], [86, 2, 'own']]);
    const first = compareJson(all, 2025, 2027);
    expect(first.units.find((u) => u.unit === 'X10')).toMatchObject({ from: { score: 77.5, basis: 'mean_of_predecessors' }, scoreChange: 8.5 });
    expect(first.indicators[1]).toEqual({ code: '2.10', fromCode: '2.1', fromShare: 0.6964, toShare: 0.74, change: 0.0436 });
    const last = compareJson(all, 2026, 2027);
    expect(last.units.every((u) => u.scoreChange === 0 && u.rankChange === 0)).toBe(true);
    expect(last.units.map((u) => u.unit)).toEqual(['S01', 'S02', 'X04', 'X10', 'X03']);
    expect(last.criteriaChanges).toEqual([]);
  });
});

describe('tables', () => {
  const c = compareYears(years, { predecessors: MERGERS });

  it('units: Vietnamese headers, two decimals, the basis of a merged unit in the note', () => {
    const t = compareTable(c, 2025, 2026, 'units');
    expect(t[0]).toEqual(['Khối', 'Mã đơn vị', 'Tên đơn vị', 'Điểm 2025', 'Hạng 2025', 'Xếp loại 2025', 'Điểm 2026', 'Hạng 2026', 'Xếp loại 2026', 'Chênh lệch điểm', 'Thay đổi thứ hạng', 'Ghi chú']);
    expect(t.find((r) => r[1] === 'X10')).toEqual(['XA', 'X10', 'UBND xã An Bình Minh', '77.50', '2', 'Khá', '86.00', '2', 'Tốt', '8.50', '0', 'Năm 2025: trung bình của X01 (55.00), X02 (100.00)']);
    expect(t.find((r) => r[1] === 'X05')).toEqual(['XA', 'X05', 'UBND xã Hòa Lạc', '48.25', '5', 'Yếu', '', '', '', '', '', 'Đã sáp nhập vào X04']);
  });

  it('indicators in percent and criteria changes in both languages', () => {
    const t = compareTable(c, 2025, 2026, 'indicators');
    expect(t[2]).toEqual(['2.10', '2.1', 'Tin, bài đã đăng', '69.64', '74.00', '4.36']);
    const ch = compareTable(c, 2025, 2026, 'changes');
    expect(ch[0]).toEqual(['Đối tượng', 'Loại thay đổi', 'Mã', 'Mã năm 2025', 'Trước', 'Sau', 'Nội dung', 'Description']);
    expect(ch[1]).toEqual(['group', 'reweighted', 'I', 'I', '40', '20', 'Nhóm I: điểm tối đa 40 → 20', 'Group I: maximum 40 → 20']);
  });
});

describe('ExactMean', () => {
  // Shares with many coprime denominators (as 3.4a's residents ÷ population): the exact sum's denominator grows
  // past the safe integers, and the mean is rounded from exact bounds instead.
  const PRIMES = [7919, 7907, 7901, 7883, 7879, 7877, 7873, 7867, 7853, 7841, 7829, 7823];
  const naive = (terms: R.Q[]) => R.div(terms.reduce((a, b) => R.add(a, b), R.ZERO), R.q(terms.length));

  it('rounds as the exact mean does, and keeps the exact value', () => {
    const terms = PRIMES.map((p, i) => R.q(p - 1000 * (i % 5), p));
    const m = new ExactMean(terms);
    expect(typeof naive(terms).d).toBe('bigint');
    expect(R.eq(m.value, naive(terms))).toBe(true);
    expect(m.round(4)).toBe(R.round(naive(terms), 4));
    const other = new ExactMean(terms.slice(3));
    expect(ExactMean.roundDifference(m, other, 4)).toBe(R.round(R.sub(naive(terms), naive(terms.slice(3))), 4));
  });

  it('decides a mean that lies exactly on a rounding boundary from the exact value', () => {
    // 1/p for each prime, and a last term making the sum exactly 13 × 0.00025: the mean is 0.00025, which rounds to 0.0003.
    const head = PRIMES.map((p) => R.q(1, p));
    const last = R.sub(R.mul(R.fromDecimal('0.00025'), R.q(13)), head.reduce((a, b) => R.add(a, b), R.ZERO));
    const m = new ExactMean([...head, last]);
    expect(R.eq(m.value, R.fromDecimal('0.00025'))).toBe(true);
    expect(m.round(4)).toBe(0.0003);
    expect(ExactMean.roundDifference(m, new ExactMean([R.ZERO]), 4)).toBe(0.0003);
    expect(() => new ExactMean([])).toThrow(/no values/);
  });
});
