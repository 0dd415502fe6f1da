/**
 * Bands, ranks, listing order and reward proposals, from criteria-2026.md ("Bands", "Ranking and reward
 * proposals", "Exact semantics"). A department (SO) with full marks has 100 of 100; the units below are
 * built by leaving indicators out (missing → 0, still in the maximum) or by lowering one input, so each
 * score is 100 minus the points lost, written next to the test.
 */
import { describe, expect, it } from 'vitest';
import type { Entry, UnitResult, YearResult } from '../../shared/engine/score';
import { propose } from '../../shared/engine/rank';
import * as R from '../../shared/exact/rational';
import { C2026, e, fr, fullMarks, run, unit, withChanges, type Group } from './helpers';

/** Full marks for unit `u` minus the indicators listed in `drop` (left missing), with `changes` applied. */
function build(u: string, opts: { group?: Group; drop?: string[]; changes?: (u: string) => Entry[] } = {}): Entry[] {
  const g = opts.group ?? 'SO';
  const drop = new Set(opts.drop ?? []);
  const base = fullMarks(u, g).filter((x) => !drop.has(x.code));
  return withChanges(base, opts.changes ? opts.changes(u) : []);
}

function single(entries: (u: string) => Entry[], group: Group = 'SO'): UnitResult {
  return run([unit('U', group)], entries('U')).units[0]!;
}

const codes = (r: YearResult) => r.units.map((u) => u.unit.code);
const ranks = (r: YearResult) => r.units.map((u) => [u.unit.code, u.rank]);
const proposals = (r: YearResult) => r.units.map((u) => [u.unit.code, u.proposal?.code ?? null]);
const BK = 'bang_khen_chu_tich_ubnd_tinh';
const GK = 'giay_khen_giam_doc_so_khcn';

// 3.2 with 799 of 800 participants earns 8 × 799/800 = 7.99 (0.01 lost): the fine adjustment below.
const minus001 = (u: string) => [e(u, '3.2', { numerator: 799, denominator: 800 })];

describe('rounding half away from zero (shared/exact/rational round)', () => {
  it('89.995 = 17999/200 rounds to 90.00, not 89.99', () => {
    expect(R.round(R.q(17999, 200), 2)).toBe(90);
  });

  it('89.994999… stays 89.99; 89.99 stays 89.99', () => {
    expect(R.round(R.q(89994999, 1000000), 2)).toBe(89.99);
    expect(R.round(R.q(8999, 100), 2)).toBe(89.99);
  });

  it('half away from zero on both sides: 0.005 → 0.01, −0.005 → −0.01, −89.995 → −90', () => {
    expect(R.round(R.q(1, 200), 2)).toBe(0.01);
    expect(R.round(R.q(-1, 200), 2)).toBe(-0.01);
    expect(R.round(R.q(-17999, 200), 2)).toBe(-90);
  });

  it('1.005 (which floating point holds as 1.00499…) rounds to 1.01 exactly', () => {
    expect(R.round(R.fromDecimal('1.005'), 2)).toBe(1.01);
  });
});

describe('bands at their exact thresholds (Xuất sắc ≥ 90; Tốt ≥ 80; Khá ≥ 65; Trung bình ≥ 50; else Yếu)', () => {
  it('a unit whose exact score is 89.995 rounds to 90.00 and is Xuất sắc', () => {
    // Lost: 1.1 issued 01/12/2026 (6 → 2) 4; 1.2 plan only (4 → 2) 2; 2.4 one channel (4 → 2) 2;
    // 4.2 one nomination (4 → 2) 2; 3.2 1599/1600 (8 → 7.995) 0.005. 100 − 10.005 = 89.995.
    // Group I is 14/20 = exactly 70%, which still meets the Xuất sắc condition.
    const r = single((u) =>
      build(u, {
        changes: (u) => [
          e(u, '1.1', { value: '2026-12-01' }),
          e(u, '1.2', { value: 'plan_only' }),
          e(u, '2.4', { value: 1 }),
          e(u, '4.2', { value: 1 }),
          e(u, '3.2', { numerator: 1599, denominator: 1600 }),
        ],
      }),
    );
    expect(fr(r.score)).toBe('17999/200');
    expect(r.rounded).toBe(90);
    expect(r.band.code).toBe('xuat_sac');
    expect(r.bandNote).toBeNull();
  });

  it('a unit at 89.99 is Tốt: 2.2 (7) and 2.9 (3) missing and 0.01 lost on 3.2 → 100 − 10.01', () => {
    const r = single((u) => build(u, { drop: ['2.2', '2.9'], changes: minus001 }));
    expect(fr(r.score)).toBe('8999/100');
    expect(r.rounded).toBe(89.99);
    expect(r.band.code).toBe('tot');
    expect(r.bandNote).toBeNull();
  });

  it('exactly 90 is Xuất sắc: 2.2 and 2.9 missing (7 + 3 lost), group II 25/35 ≈ 71% ≥ 70%', () => {
    const r = single((u) => build(u, { drop: ['2.2', '2.9'] }));
    expect(r.rounded).toBe(90);
    expect(r.band.code).toBe('xuat_sac');
  });

  it.each([
    // [description, dropped indicators, with 0.01 lost on 3.2, expected score, band]
    ['3.1, 3.4b, 2.4 missing: 100 − 8 − 8 − 4 = 80', ['3.1', '3.4b', '2.4'], false, 80, 'tot'],
    ['the same and 0.01 less: 79.99', ['3.1', '3.4b', '2.4'], true, 79.99, 'kha'],
    ['1.4, 2.2, 2.3, 3.1, 3.3 missing: 100 − 8 − 7 − 6 − 8 − 6 = 65', ['1.4', '2.2', '2.3', '3.1', '3.3'], false, 65, 'kha'],
    ['the same and 0.01 less: 64.99', ['1.4', '2.2', '2.3', '3.1', '3.3'], true, 64.99, 'trung_binh'],
    [
      'group I (20), 2.2, 2.3, 3.1, 3.3, 4.1 missing: 100 − 20 − 7 − 6 − 8 − 6 − 3 = 50',
      ['1.1', '1.2', '1.3', '1.4', '2.2', '2.3', '3.1', '3.3', '4.1'],
      false,
      50,
      'trung_binh',
    ],
    ['the same and 0.01 less: 49.99', ['1.1', '1.2', '1.3', '1.4', '2.2', '2.3', '3.1', '3.3', '4.1'], true, 49.99, 'yeu'],
  ] as const)('%s', (_what, drop, less, score, band) => {
    const r = single((u) => build(u, { drop: [...drop], ...(less ? { changes: minus001 } : {}) }));
    expect(r.rounded).toBe(score);
    expect(r.band.code).toBe(band);
  });

  it('the score after bonus counts: 88 + 2 (T2) = 90 → Xuất sắc', () => {
    // Missing: 1.1 (6; group I 14/20 = 70%), 2.4 (4) and 2.5 (2; group II 29/35): 100 − 12 = 88.
    const r = single((u) => [...build(u, { drop: ['1.1', '2.4', '2.5'] }), e(u, 'T2', { value: 1 })]);
    expect(R.toNumber(r.base)).toBe(88);
    expect(r.rounded).toBe(90);
    expect(r.band.code).toBe('xuat_sac');
  });
});

describe('the Xuất sắc condition (every group ≥ 70% of its applicable maximum, and no D1)', () => {
  it('95 points but group V at 0/5: Tốt, with a note naming the group', () => {
    const r = single((u) => build(u, { drop: ['5.1b'] }));
    expect(r.rounded).toBe(95);
    expect(r.band.code).toBe('tot');
    expect(r.bandNote).not.toBeNull();
    expect(r.bandNote!.en).toContain('group V');
    expect(r.bandNote!.vi).toContain('nhóm V');
  });

  it('92 points but group I at 12/20 = 60%: Tốt', () => {
    const r = single((u) => build(u, { drop: ['1.4'] }));
    expect(r.rounded).toBe(92);
    expect(r.band.code).toBe('tot');
    expect(r.bandNote!.en).toContain('group I ');
  });

  it('group I at exactly 14/20 = 70% meets the condition: 94 → Xuất sắc', () => {
    const r = single((u) => build(u, { drop: ['1.1'] }));
    expect(r.rounded).toBe(94);
    expect(r.band.code).toBe('xuat_sac');
  });

  it('group I at 11/20 = 55% blocks it: 1.1 missing, June report 11 days late → 91, Tốt', () => {
    // Group I: 1.1 0 + 1.2 4 + 1.3 2 + 1.4 (June 11 days late 1 + December on time 4) 5 = 11/20.
    // Score: 100 − 6 − 3 = 91.
    const r = single((u) => build(u, { drop: ['1.1'], changes: (u) => [e(u, '1.4', { report_jun: '2026-06-21', report_dec: '2026-12-10' })] }));
    expect(r.rounded).toBe(91);
    expect(r.band.code).toBe('tot');
  });

  it('a press agency is judged on its own maxima: group II 22/27 (81%) is fine at 100 × 87/92 ≈ 94.57 → Xuất sắc', () => {
    const r = single((u) => build(u, { group: 'BC', drop: ['2.1'] }), 'BC');
    expect(r.rounded).toBe(94.57);
    expect(r.band.code).toBe('xuat_sac');
  });

  it('a not-applicable 2.3 shrinks group II to 29/29, and the unit stays Xuất sắc', () => {
    const r = single((u) => build(u, { changes: (u) => [e(u, '2.3', { numerator: 0, denominator: 0 })] }));
    expect(r.groups.find((g) => g.code === 'II')!.max).toEqual(R.q(29));
    expect(r.band.code).toBe('xuat_sac');
  });
});

describe('D1 (false figures): −10, no Xuất sắc, band at best Trung bình', () => {
  it('full marks with D1: 100 − 10 = 90 reaches Xuất sắc by score but is capped at Trung bình, with a note', () => {
    const r = single((u) => [...build(u), e(u, 'D1', { value: true })]);
    expect(r.rounded).toBe(90);
    expect(r.band.code).toBe('trung_binh');
    expect(r.bandNote!.en).toContain('D1');
  });

  it('a Khá score with D1 is capped too: 100 − 8 − 7 − 10 = 75 → Trung bình', () => {
    const r = single((u) => [...build(u, { drop: ['1.4', '2.2'] }), e(u, 'D1', { value: true })]);
    expect(r.rounded).toBe(75);
    expect(r.band.code).toBe('trung_binh');
  });

  it('the D1 cap never raises a band: 53 − 10 = 43 stays Yếu', () => {
    // Missing: group I (20), 2.2 (7), 2.3 (6), 3.1 (8), 3.3 (6) = 47 → 53; D1 → 43.
    const r = single((u) => [...build(u, { drop: ['1.1', '1.2', '1.3', '1.4', '2.2', '2.3', '3.1', '3.3'] }), e(u, 'D1', { value: true })]);
    expect(r.rounded).toBe(43);
    expect(r.band.code).toBe('yeu');
  });

  it('D1 averaged to 5 by the panel (one yes, one no) still caps the band: 95 → Trung bình', () => {
    const r = single((u) => [...build(u), e(u, 'D1', { value: true }, { by: 'ev-A' }), e(u, 'D1', { value: false }, { by: 'ev-B' })]);
    expect(r.rounded).toBe(95);
    expect(r.band.code).toBe('trung_binh');
  });

  it('D1 "no" changes nothing: 100 → Xuất sắc', () => {
    const r = single((u) => [...build(u), e(u, 'D1', { value: false })]);
    expect(r.band.code).toBe('xuat_sac');
    expect(r.bandNote).toBeNull();
  });

  it('D2 alone does not cap the band: 100 − 6 = 94 → Xuất sắc', () => {
    const r = single((u) => [...build(u), e(u, 'D2', { value: 2 })]);
    expect(r.rounded).toBe(94);
    expect(r.band.code).toBe('xuat_sac');
  });
});

describe('competition ranking within the unit group ("1224")', () => {
  it('scores 100, 90, 90, 80 rank 1, 2, 2, 4', () => {
    const r = run(
      [unit('S1', 'SO'), unit('S2', 'SO'), unit('S3', 'SO'), unit('S4', 'SO')],
      [
        ...build('S1'), // 100
        ...build('S2', { drop: ['2.2', '2.9'] }), // 100 − 7 − 3 = 90
        ...build('S3', { drop: ['2.6', '2.5', '2.9', '2.8'] }), // 100 − 3 − 2 − 3 − 2 = 90
        ...build('S4', { drop: ['3.1', '3.4b', '2.4'] }), // 80
      ],
    );
    expect(r.units.map((u) => u.rounded)).toEqual([100, 90, 90, 80]);
    expect(r.units.map((u) => u.rank)).toEqual([1, 2, 2, 4]);
  });

  it('three-way tie after the leader: 1, 2, 2, 2, 5', () => {
    const r = run(
      ['A', 'B', 'C', 'D', 'E'].map((c) => unit(c, 'XA')),
      [
        ...build('A', { group: 'XA' }), // 100
        ...build('B', { group: 'XA', drop: ['4.1'] }), // 97
        ...build('C', { group: 'XA', drop: ['4.3'] }), // 97
        ...build('D', { group: 'XA', drop: ['2.6'] }), // 97
        ...build('E', { group: 'XA', drop: ['4.2'] }), // 96
      ],
    );
    expect(r.units.map((u) => u.rank)).toEqual([1, 2, 2, 2, 5]);
  });

  it('ranks use the rounded score: exact 89.995 and exact 90 share rank 1', () => {
    const r = run(
      [unit('P', 'SO'), unit('Q', 'SO')],
      [
        // P: 1.1 (6) and 1.2 (4) missing, 3.2 at 1599/1600 (−0.005): 100 − 10.005 = 89.995.
        ...build('P', { drop: ['1.1', '1.2'], changes: (u) => [e(u, '3.2', { numerator: 1599, denominator: 1600 })] }),
        ...build('Q', { drop: ['2.2', '2.9'] }), // 90
      ],
    );
    const p = r.units.find((u) => u.unit.code === 'P')!;
    expect(fr(p.score)).toBe('17999/200');
    expect(r.units.map((u) => u.rounded)).toEqual([90, 90]);
    expect(r.units.map((u) => u.rank)).toEqual([1, 1]);
  });

  it('each unit group is ranked on its own: the best department and the best commune are both 1st', () => {
    const r = run(
      [unit('S', 'SO'), unit('X1', 'XA'), unit('X2', 'XA')],
      [...build('S', { drop: ['2.2'] }), ...build('X1', { group: 'XA' }), ...build('X2', { group: 'XA', drop: ['2.4'] })],
    );
    expect(ranks(r)).toEqual([
      ['S', 1],
      ['X1', 1],
      ['X2', 2],
    ]);
  });

  it('results are listed by unit group in criteria order (SO, XA, BC), whatever the input order', () => {
    const r = run(
      [unit('B', 'BC'), unit('X', 'XA'), unit('S', 'SO')],
      [...build('B', { group: 'BC' }), ...build('X', { group: 'XA' }), ...build('S')],
    );
    expect(codes(r)).toEqual(['S', 'X', 'B']);
  });
});

describe('listing order among equal scores: group III, then group II, then the earlier June report, then unit code', () => {
  it('equal scores: more group-III points are listed first (Z1 before A1), both rank 1', () => {
    const r = run(
      [unit('A1', 'SO'), unit('Z1', 'SO')],
      [
        // A1 loses 2 in group III: 3.1 with 9 of 10 informed (8 → 6). 98, III 28.
        ...build('A1', { changes: (u) => [e(u, '3.1', { numerator: 9, denominator: 10 })] }),
        // Z1 loses 2 in group II: 2.5 missing. 98, III 30.
        ...build('Z1', { drop: ['2.5'] }),
      ],
    );
    expect(r.units.map((u) => u.rounded)).toEqual([98, 98]);
    expect(codes(r)).toEqual(['Z1', 'A1']);
    expect(r.units.map((u) => u.rank)).toEqual([1, 1]);
  });

  it('equal scores and group III: more group-II points are listed first (Z2 before A2)', () => {
    const r = run(
      [unit('A2', 'SO'), unit('Z2', 'SO')],
      [
        ...build('A2', { drop: ['2.5'] }), // 98; II 33
        ...build('Z2', { drop: ['1.3'] }), // 98; II 35 (lost in group I)
      ],
    );
    expect(codes(r)).toEqual(['Z2', 'A2']);
  });

  it('equal scores and groups: the earlier June report is listed first (Z3 on 01/6 before A3 on 05/6)', () => {
    const r = run(
      [unit('A3', 'SO'), unit('Z3', 'SO')],
      [
        ...build('A3', { changes: (u) => [e(u, '1.4', { report_jun: '2026-06-05', report_dec: '2026-12-01' })] }),
        ...build('Z3', { changes: (u) => [e(u, '1.4', { report_jun: '2026-06-01', report_dec: '2026-12-01' })] }),
      ],
    );
    expect(r.units.map((u) => u.rounded)).toEqual([100, 100]);
    expect(codes(r)).toEqual(['Z3', 'A3']);
  });

  it('everything equal: by unit code (A4 before B4), whatever the input order', () => {
    const r = run([unit('B4', 'SO'), unit('A4', 'SO')], [...build('B4'), ...build('A4')]);
    expect(codes(r)).toEqual(['A4', 'B4']);
    expect(r.units.map((u) => u.rank)).toEqual([1, 1]);
  });

  it('a unit with a June report date is listed before one without (engine choice; the spec is silent)', () => {
    const r = run(
      [unit('A5', 'SO'), unit('Z5', 'SO')],
      [
        // A5: no June report (4 of 8 for 1.4): 96. Z5: 1.2 missing (4): 96. Same groups II and III.
        ...build('A5', { changes: (u) => [e(u, '1.4', { report_jun: null, report_dec: '2026-12-01' })] }),
        ...build('Z5', { drop: ['1.2'] }),
      ],
    );
    expect(r.units.map((u) => u.rounded)).toEqual([96, 96]);
    expect(codes(r)).toEqual(['Z5', 'A5']);
  });

  it('tie-breaks order the list only: a higher group III does not give a better rank', () => {
    const r = run(
      [unit('A6', 'SO'), unit('Z6', 'SO'), unit('M6', 'SO')],
      [
        ...build('A6', { changes: (u) => [e(u, '3.1', { numerator: 9, denominator: 10 })] }), // 98
        ...build('Z6', { drop: ['2.5'] }), // 98
        ...build('M6', { drop: ['2.4'] }), // 96
      ],
    );
    expect(ranks(r)).toEqual([
      ['Z6', 1],
      ['A6', 1],
      ['M6', 3],
    ]);
  });
});

describe('reward proposals, quotas computed exactly', () => {
  /**
   * n departments, all Xuất sắc with distinct scores: unit k (k = 0 … n−1) reports 3.2 as (50 − k) of 50,
   * earning 8 × (50 − k)/50, so it scores 100 − 0.16k and ranks k + 1. Group III stays ≥ 26.96/30.
   */
  const excellent = (n: number, prefix = 'S') => {
    const units = Array.from({ length: n }, (_, k) => unit(`${prefix}${String(k + 1).padStart(2, '0')}`, 'SO'));
    const entries = units.flatMap((u, k) => build(u.code, { changes: (c) => [e(c, '3.2', { numerator: 50 - k, denominator: 50 })] }));
    return { units, entries };
  };

  it('20 Xuất sắc departments: Bằng khen for ranks 1–3 only (ceil(15% × 20) = 3), Giấy khen for ranks 4–20', () => {
    const { units, entries } = excellent(20);
    const r = run(units, entries);
    expect(r.units.map((u) => u.rank)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(r.units.every((u) => u.band.code === 'xuat_sac')).toBe(true);
    expect(r.units[19]!.rounded).toBe(96.96); // 100 − 0.16 × 19
    const got = r.units.map((u) => u.proposal?.code);
    expect(got.slice(0, 3)).toEqual([BK, BK, BK]);
    expect(got.slice(3)).toEqual(Array(17).fill(GK));
  });

  it('the quota counts the units of the group only: a 21st unit in another group does not make it ceil(15% × 21) = 4', () => {
    const { units, entries } = excellent(20);
    const r = run([...units, unit('X', 'XA')], [...entries, ...build('X', { group: 'XA' })]);
    const so = r.units.filter((u) => u.unit.group === 'SO');
    expect(so[3]!.rank).toBe(4);
    expect(so[3]!.proposal?.code).toBe(GK);
    const xa = r.units.find((u) => u.unit.code === 'X')!;
    expect(xa.rank).toBe(1);
    expect(xa.proposal?.code).toBe(BK); // max(1, ceil(15% × 1)) = 1
  });

  it('21 Xuất sắc departments: ceil(15% × 21) = ceil(3.15) = 4 Bằng khen', () => {
    const { units, entries } = excellent(21);
    const r = run(units, entries);
    const got = r.units.map((u) => u.proposal?.code);
    expect(got.slice(0, 4)).toEqual([BK, BK, BK, BK]);
    expect(got[4]).toBe(GK);
  });

  it('3 Xuất sắc departments: max(1, ceil(0.45)) = 1 Bằng khen, then Giấy khen', () => {
    const { units, entries } = excellent(3);
    expect(proposals(run(units, entries)).map((p) => p[1])).toEqual([BK, GK, GK]);
  });

  it('a single Xuất sắc unit gets the Bằng khen', () => {
    const { units, entries } = excellent(1);
    expect(run(units, entries).units[0]!.proposal?.code).toBe(BK);
  });

  it('units tied at the last quota rank all get the Bằng khen (20 units, two tied at rank 3)', () => {
    const { units, entries } = excellent(20);
    // Unit 4 (k = 3) reports 48/50 like unit 3 (k = 2): both 99.68, both rank 3; the next is rank 5.
    const patched = withChanges(entries, [e('S04', '3.2', { numerator: 48, denominator: 50 })]);
    const r = run(units, patched);
    expect(r.units.slice(0, 5).map((u) => [u.unit.code, u.rank, u.proposal?.code])).toEqual([
      ['S01', 1, BK],
      ['S02', 2, BK],
      ['S03', 3, BK],
      ['S04', 3, BK],
      ['S05', 5, GK],
    ]);
  });

  it('Tốt units get the Giấy khen within ceil(30% × n): 10 Tốt departments → ranks 1–3', () => {
    // Unit k: 2.2 and 2.4 missing (7 + 4) and 3.2 at (50 − k)/50: 89 − 0.16k, from 89 down to 87.56.
    const units = Array.from({ length: 10 }, (_, k) => unit(`T${k}`, 'SO'));
    const entries = units.flatMap((u, k) =>
      build(u.code, { drop: ['2.2', '2.4'], changes: (c) => [e(c, '3.2', { numerator: 50 - k, denominator: 50 })] }),
    );
    const r = run(units, entries);
    expect(r.units.every((u) => u.band.code === 'tot')).toBe(true);
    expect(r.units.map((u) => u.proposal?.code ?? null)).toEqual([GK, GK, GK, null, null, null, null, null, null, null]);
  });

  it('the Tốt quota uses the rank among all units: 2 Xuất sắc + 8 Tốt → the Tốt unit at rank 3 only', () => {
    // ceil(15% × 10) = 2 Bằng khen for the two Xuất sắc; ceil(30% × 10) = 3, so only the Tốt unit ranked 3rd.
    const units = Array.from({ length: 10 }, (_, k) => unit(`M${k}`, 'SO'));
    const entries = units.flatMap((u, k) =>
      k < 2
        ? build(u.code, { changes: (c) => [e(c, '3.2', { numerator: 50 - k, denominator: 50 })] })
        : build(u.code, { drop: ['2.2', '2.4'], changes: (c) => [e(c, '3.2', { numerator: 50 - k, denominator: 50 })] }),
    );
    const r = run(units, entries);
    expect(r.units.map((u) => u.band.code)).toEqual(['xuat_sac', 'xuat_sac', ...Array(8).fill('tot')]);
    expect(r.units.map((u) => u.proposal?.code ?? null)).toEqual([BK, BK, GK, null, null, null, null, null, null, null]);
  });

  it('Khá and lower get no proposal, even at rank 1', () => {
    const r = run([unit('K', 'SO')], build('K', { drop: ['3.1', '3.4b', '2.4'], changes: minus001 })); // 79.99
    expect(r.units[0]!.rank).toBe(1);
    expect(r.units[0]!.proposal).toBeNull();
  });

  describe('propose(criteria, band, rank, n) directly', () => {
    it.each([
      ['xuat_sac', 3, 20, BK],
      ['xuat_sac', 4, 20, GK],
      ['xuat_sac', 20, 20, GK],
      ['xuat_sac', 1, 1, BK],
      ['xuat_sac', 1, 3, BK],
      ['xuat_sac', 2, 3, GK],
      ['xuat_sac', 4, 21, BK], // ceil(3.15) = 4
      ['tot', 6, 20, GK], // ceil(30% × 20) = 6
      ['tot', 7, 20, null],
      ['tot', 1, 1, GK], // ceil(0.3) = 1
      ['tot', 2, 1, null],
      ['tot', 3, 7, GK], // ceil(2.1) = 3
      ['tot', 4, 7, null],
      ['kha', 1, 20, null],
      ['trung_binh', 1, 20, null],
      ['yeu', 1, 20, null],
    ] as const)('band %s, rank %i of %i → %s', (band, rank, n, expected) => {
      expect(propose(C2026, band, rank, n)?.code ?? null).toBe(expected);
    });

    it('the proposal carries its Vietnamese label', () => {
      expect(propose(C2026, 'xuat_sac', 1, 20)?.label.vi).toBe('Bằng khen của Chủ tịch UBND tỉnh');
      expect(propose(C2026, 'tot', 1, 20)?.label.vi).toBe('Giấy khen của Giám đốc Sở KH&CN');
    });
  });
});
