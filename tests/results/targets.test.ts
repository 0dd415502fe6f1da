/**
 * The plan's targets on a small 2026 fixture (the bundled 2026 set), computed by hand. Units: S1 (SO), X1, X2,
 * X3 (XA), B1, B2 (BC). Evaluators override the self-assessment where they entered a value.
 */
import { describe, expect, it } from 'vitest';
import type { Entry } from '../../shared/engine/score';
import { planTargets, targetsJson, targetsTable, type TargetJson } from '../../shared/results/targets';
import { criteriaFile, fixture, yearOf } from './helpers';

const c26 = criteriaFile('criteria/nq57-2026.1.json');
const data = yearOf(fixture('targets-2026.csv'), c26);
const doc = targetsJson(planTargets(c26, data));
const target = (key: string, d = doc) => d.targets.find((t) => t.key === key) as TargetJson;

describe('plan targets, 2026', () => {
  it('names the year, the criteria set and the panel aggregate, and lists the six targets in order', () => {
    expect(doc).toMatchObject({ year: 2026, criteria: { id: 'nq57-truyen-thong-dien-bien', version: '2026.1' }, panel: 'mean' });
    expect(doc.targets.map((t) => [t.key, t.clause, t.indicator, t.measure, t.target, t.targetYear])).toEqual([
      ['plan_issued', 'II.2.1.a', '1.1', 'units', 1, 2025],
      ['staff_informed', 'II.2.1.c', '3.1', 'people', 1, 2025],
      ['staff_trained', 'II.2.3.b', '3.3', 'people', 0.7, 2030],
      ['residents_reached', 'II.2.3.a', '3.4a', 'people', 0.8, 2030],
      ['press_special_pages', 'II.2.1.d', '2.9', 'units', 1, 2025],
      ['network', 'II.2.2.c', '4.1', 'units', null, 2026],
    ]);
  });

  it('plan issued: a date within the year; evaluators who disagree count by their mean; no entry counts as none', () => {
    // S1 20/12/2025 ✓ (self), X1 01/02/2026 ✓ (self), X2 evaluators 01/03/2026 ✓ and 05/01/2027 ✗ → 1/2 (panel),
    // X3 no entry → 0, B1 31/12/2026 ✓ (the last day counts), B2 no entry → 0. (1 + 1 + ½ + 0 + 1 + 0) / 6 = 3.5/6.
    expect(target('plan_issued')).toMatchObject({
      measured: true, note: null, value: 0.5833, reached: false, gap: 0.4167, numerator: 3.5, denominator: 6, yearTarget: null,
      units: { applicable: 6, counted: 4, fromPanel: 1, fromSelf: 3, missing: 2, notApplicable: 0 },
    });
    expect(target('plan_issued').heldBackBy).toEqual([
      { unit: 'X3', name: 'UBND xã Ba', group: 'XA', source: 'none', status: 'missing', value: 0, shortfall: 1 },
      { unit: 'B2', name: 'Đài Thử Nghiệm', group: 'BC', source: 'none', status: 'missing', value: 0, shortfall: 1 },
      { unit: 'X2', name: 'UBND xã Hai', group: 'XA', source: 'panel', status: 'counted', value: 0.5, shortfall: 0.5 },
    ]);
  });

  it('staff informed: the province’s share of people (Σ informed ÷ Σ staff), the panel’s figures over the self-assessed', () => {
    // S1 40/50 (self); X1 self 30/30 but evaluators 28/30 and 29/30 → mean 28.5, a whole person: 29/30 (panel);
    // X2 20/25 (self); B1 0/0 → not concerned; X3, B2 no figures. (40 + 29 + 20) / (50 + 30 + 25) = 89/105 =
    // 0.847619…, gap 16/105 = 0.152380… (the mean of the shares would be 0.8556: not what the target measures).
    expect(target('staff_informed')).toMatchObject({
      value: 0.8476, reached: false, gap: 0.1524, numerator: 89, denominator: 105,
      units: { applicable: 6, counted: 3, fromPanel: 1, fromSelf: 3, missing: 2, notApplicable: 1 },
    });
    // Held back by the people each unit still lacks: S1 10, X2 5, X1 1; then the units without figures.
    expect(target('staff_informed').heldBackBy).toEqual([
      { unit: 'S1', name: 'Sở Thử Nghiệm', group: 'SO', source: 'self', status: 'counted', value: 0.8, numerator: 40, denominator: 50, shortfall: 10 },
      { unit: 'X2', name: 'UBND xã Hai', group: 'XA', source: 'self', status: 'counted', value: 0.8, numerator: 20, denominator: 25, shortfall: 5 },
      { unit: 'X1', name: 'UBND xã Một', group: 'XA', source: 'panel', status: 'counted', value: 0.9667, numerator: 29, denominator: 30, shortfall: 1 },
      { unit: 'X3', name: 'UBND xã Ba', group: 'XA', source: 'none', status: 'missing', value: null, numerator: null, denominator: null, shortfall: null },
      { unit: 'B2', name: 'Đài Thử Nghiệm', group: 'BC', source: 'none', status: 'missing', value: null, numerator: null, denominator: null, shortfall: null },
    ]);
  });

  it('staff trained: measured against 70% by 2030, with the year’s step (40%) from the criteria', () => {
    // S1 2/10, X1 1/2, X2 3/4, X3 0/0 (not concerned), B1 5/6, B2 none: 11/22 = 0.5.
    // Below 70%: S1 (0.7 × 10 − 2 = 5 people), X1 (0.7 × 2 − 1 = 0.4: one more person, 2/2, reaches it;
    // nobody is 0.4 of a person); X2 75% and B1 83% are above.
    const t = target('staff_trained');
    expect(t).toMatchObject({ value: 0.5, reached: false, gap: 0.2, yearTarget: 0.4, numerator: 11, denominator: 22, units: { counted: 4, missing: 1, notApplicable: 1 } });
    expect(t.heldBackBy.map((u) => [u.unit, u.value, u.shortfall])).toEqual([['S1', 0.2, 5], ['X1', 0.5, 1], ['B2', null, null]]);
  });

  it('residents reached: communes only; the province reaches 80% although one commune does not', () => {
    // X1 800/1000, X2 600/1000, X3 4500/5000: 5900/7000 = 0.842857… ≥ 0.8 (the mean of shares, 0.7667, would not).
    // X1 at exactly 80% does not hold it back; X2 lacks 0.8 × 1000 − 600 = 200 people.
    const t = target('residents_reached');
    expect(t).toMatchObject({ value: 0.8429, reached: true, gap: null, yearTarget: 0.6, numerator: 5900, denominator: 7000, units: { applicable: 3, counted: 3, fromSelf: 3 } });
    expect(t.heldBackBy).toEqual([{ unit: 'X2', name: 'UBND xã Hai', group: 'XA', source: 'self', status: 'counted', value: 0.6, numerator: 600, denominator: 1000, shortfall: 200 }]);
  });

  it('press special pages: press agencies only, at least one special page or column', () => {
    const t = target('press_special_pages');
    expect(t).toMatchObject({ value: 0.5, reached: false, gap: 0.5, numerator: 1, denominator: 2, units: { applicable: 2, counted: 2, fromSelf: 2 } });
    expect(t.heldBackBy).toEqual([{ unit: 'B2', name: 'Đài Thử Nghiệm', group: 'BC', source: 'self', status: 'counted', value: 0, shortfall: 1 }]);
  });

  it('network: a share with no number in the plan to reach', () => {
    // S1 yes, X1 no, X2 evaluators yes/no/yes → 2/3, X3 yes, B1 no entry, B2 yes: (1 + 0 + 2/3 + 1 + 0 + 1)/6 = 11/18.
    const t = target('network');
    expect(t).toMatchObject({ target: null, value: 0.6111, reached: null, gap: null, numerator: 3.67, denominator: 6 });
    expect(t.heldBackBy.map((u) => [u.unit, u.source, u.value, u.shortfall])).toEqual([['X1', 'self', 0, 1], ['B1', 'none', 0, 1], ['X2', 'panel', 0.6667, 0.3333]]);
  });

  it('combines evaluators with the panel aggregate asked for', () => {
    // median(1, 0, 1) = 1: X2 is in the network → 4/6.
    const median = targetsJson(planTargets(c26, data, { panel: 'median' }));
    expect(median.panel).toBe('median');
    expect(target('network', median)).toMatchObject({ value: 0.6667, numerator: 4 });
  });

  it('explains each aggregation in both languages, and gives a CSV table with one row per target', () => {
    expect(target('staff_informed').aggregation.en).toMatch(/^sum of numerators ÷ sum of denominators over the units with figures/);
    expect(target('plan_issued').aggregation.vi).toMatch(/^số đơn vị đạt ÷ số đơn vị thuộc diện/);
    const t = targetsTable(planTargets(c26, data));
    expect(t).toHaveLength(7);
    expect(t[4]).toEqual([
      '2026', 'II.2.3.a', '3.4a', 'Tỷ lệ người dân tiếp cận thông tin qua hệ thống thông tin cơ sở', '80.00', '2030', '60.00', '84.29', 'Đạt',
      '5900', '7000', '3', '0', '3', '0', 'X2', '',
    ]);
    // Units may count by a share of a unit (evaluators who disagree); people are whole.
    expect(t[1]!.slice(9, 11)).toEqual(['3.50', '6.00']);
    expect(t[2]!.slice(7, 11)).toEqual(['84.76', 'Chưa đạt', '89', '105']);
  });
});

describe('plan targets: a count of people is whole', () => {
  const entry = (unit: string, code: string, evaluator: string | null, values: Entry['values']): Entry => ({ unit, code, evaluator, values, evidence: 'QĐ 1', explanation: '', accepted: false, note: '' });
  const units = [{ code: 'S1', name: 'Sở Một', group: 'SO' }, { code: 'X1', name: 'Xã Một', group: 'XA' }, { code: 'X2', name: 'Xã Hai', group: 'XA' }];
  const figures = (numerator: number, denominator: number) => ({ numerator, denominator });
  const data = {
    year: 2026,
    units,
    entries: [
      // Staff informed at S1: the self-assessment says 3,240 of 3,240; two evaluators found 2,842 and 2,843.
      entry('S1', '3.1', null, figures(3240, 3240)),
      entry('S1', '3.1', 'Nguyễn Văn An', figures(2842, 3240)),
      entry('S1', '3.1', 'Lò Thị Hương', figures(2843, 3240)),
      // Staff informed at X1: three evaluators, 100, 101 and 101 of 120 (mean 100.67, median 101).
      entry('X1', '3.1', 'Nguyễn Văn An', figures(100, 120)),
      entry('X1', '3.1', 'Lò Thị Hương', figures(101, 120)),
      entry('X1', '3.1', 'Trần Minh Đức', figures(101, 120)),
      // Staff informed at X2: two evaluators who both found everyone informed, of 5 and of 6 staff.
      entry('X2', '3.1', 'Nguyễn Văn An', figures(5, 5)),
      entry('X2', '3.1', 'Lò Thị Hương', figures(6, 6)),
      // Residents reached at X1: 700 of 1,001; 80% of 1,001 is 800.8 residents.
      entry('X1', '3.4a', null, figures(700, 1001)),
    ],
  };
  const c = criteriaFile('criteria/nq57-2026.1.json');
  const informed = (panel: 'mean' | 'median' | 'trimmed') => target('staff_informed', targetsJson(planTargets(c, data, { panel })));

  it('rounds the panel’s figures to a whole person, half away from zero, whatever the panel aggregate', () => {
    // mean: S1 (2842 + 2843)/2 = 2842.5 → 2843 of 3240; X1 302/3 = 100.67 → 101 of 120; X2 5.5/5.5 → 6 of 6.
    // Province: (2843 + 101 + 6) / (3240 + 120 + 6) = 2950/3366 = 0.876411…
    const mean = informed('mean');
    expect(mean).toMatchObject({ numerator: 2950, denominator: 3366, value: 0.8764 });
    expect(mean.heldBackBy.map((u) => [u.unit, u.numerator, u.denominator, u.shortfall])).toEqual([['S1', 2843, 3240, 397], ['X1', 101, 120, 19]]);
    // X2: the panel found everyone informed; rounding keeps the share at exactly 100% (never above).
    expect(mean.heldBackBy.some((u) => u.unit === 'X2')).toBe(false);
    // median: S1 the mean of the two middle values, 2842.5 → 2843; X1 101; X2 6. The same figures here.
    expect(informed('median')).toMatchObject({ numerator: 2950, denominator: 3366 });
    // trimmed: two evaluators → their mean (2843); three → the middle one (101).
    expect(informed('trimmed')).toMatchObject({ numerator: 2950, denominator: 3366 });
  });

  it('counts the people a unit still lacks as whole people, enough to reach the plan’s share', () => {
    // 0.8 × 1001 − 700 = 100.8: 801 of 1001 is 80.02% ≥ 80%, 800 of 1001 is 79.92% < 80%, so 101 people.
    const t = target('residents_reached', targetsJson(planTargets(c, data)));
    expect(t.heldBackBy[0]).toEqual({ unit: 'X1', name: 'Xã Một', group: 'XA', source: 'self', status: 'counted', value: 0.6993, numerator: 700, denominator: 1001, shortfall: 101 });
  });

  it('never gives a fraction of a person on the demo province, with any panel aggregate', () => {
    const demo = yearOf('demo/dien-bien.csv', c);
    for (const panel of ['mean', 'median', 'trimmed'] as const) {
      for (const t of targetsJson(planTargets(c, demo, { panel })).targets.filter((x) => x.measure === 'people')) {
        for (const x of [t.numerator, t.denominator, ...t.heldBackBy.flatMap((u) => [u.numerator, u.denominator, u.shortfall])]) {
          if (x !== null && x !== undefined) expect(Number.isInteger(x), `${panel} ${t.key}: ${x}`).toBe(true);
        }
      }
    }
  });
});

describe('plan targets, 2025 (the baseline set)', () => {
  const c25 = criteriaFile('criteria/nq57-2025.1.json');
  const entry = (unit: string, code: string, evaluator: string | null, values: Entry['values']): Entry => ({ unit, code, evaluator, values, evidence: 'QĐ 1', explanation: '', accepted: false, note: '' });
  const r = targetsJson(planTargets(c25, {
    year: 2025,
    units: [{ code: 'U1', name: 'Xã Một', group: 'XA' }, { code: 'U2', name: 'Sở Hai', group: 'SO' }, { code: 'U3', name: 'Báo Ba', group: 'BC' }],
    entries: [entry('U1', '1.1', null, { value: true }), entry('U2', '1.1', null, { value: false }), entry('U2', '1.1', 'Nguyễn Văn An', { value: true })],
  }));

  it('reads a plan issued as yes/no, and says which targets the year’s set does not measure', () => {
    // U1 yes (self), U2 the evaluator's yes over its own no, U3 none: 2/3.
    expect(target('plan_issued', r)).toMatchObject({ value: 0.6667, units: { fromPanel: 1, fromSelf: 1, missing: 1 } });
    expect(target('staff_trained', r)).toMatchObject({
      measured: false, indicator: null, value: null, reached: null, heldBackBy: [],
      note: { vi: 'Bộ tiêu chí năm 2025 không có chỉ tiêu 3.3 phục vụ điều khoản II.2.3.b', en: 'The 2025 set has no indicator 3.3 serving clause II.2.3.b' },
    });
    expect(doc.targets.every((t) => t.measured)).toBe(true);
    expect(r.targets.filter((t) => !t.measured).map((t) => t.key)).toEqual(['staff_trained', 'residents_reached', 'network']);
    expect(target('press_special_pages', r)).toMatchObject({ value: 0, denominator: 1, heldBackBy: [{ unit: 'U3', status: 'missing' }] });
  });
});
