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
    // S1 40/50 (self); X1 self 30/30 but evaluators 28/30 and 29/30 → 28.5/30 (panel); X2 20/25 (self);
    // B1 0/0 → not concerned; X3, B2 no figures. (40 + 28.5 + 20) / (50 + 30 + 25) = 88.5/105 = 0.842857…
    // (the mean of the shares would be 0.8444: not what the target measures).
    expect(target('staff_informed')).toMatchObject({
      value: 0.8429, reached: false, gap: 0.1571, numerator: 88.5, denominator: 105,
      units: { applicable: 6, counted: 3, fromPanel: 1, fromSelf: 3, missing: 2, notApplicable: 1 },
    });
    // Held back by the people each unit still lacks: S1 10, X2 5, X1 1.5; then the units without figures.
    expect(target('staff_informed').heldBackBy).toEqual([
      { unit: 'S1', name: 'Sở Thử Nghiệm', group: 'SO', source: 'self', status: 'counted', value: 0.8, numerator: 40, denominator: 50, shortfall: 10 },
      { unit: 'X2', name: 'UBND xã Hai', group: 'XA', source: 'self', status: 'counted', value: 0.8, numerator: 20, denominator: 25, shortfall: 5 },
      { unit: 'X1', name: 'UBND xã Một', group: 'XA', source: 'panel', status: 'counted', value: 0.95, numerator: 28.5, denominator: 30, shortfall: 1.5 },
      { unit: 'X3', name: 'UBND xã Ba', group: 'XA', source: 'none', status: 'missing', value: null, numerator: null, denominator: null, shortfall: null },
      { unit: 'B2', name: 'Đài Thử Nghiệm', group: 'BC', source: 'none', status: 'missing', value: null, numerator: null, denominator: null, shortfall: null },
    ]);
  });

  it('staff trained: measured against 70% by 2030, with the year’s step (40%) from the criteria', () => {
    // S1 2/10, X1 1/2, X2 3/4, X3 0/0 (not concerned), B1 5/6, B2 none: 11/22 = 0.5.
    // Below 70%: S1 (0.7 × 10 − 2 = 5 people), X1 (1.4 − 1 = 0.4); X2 75% and B1 83% are above.
    const t = target('staff_trained');
    expect(t).toMatchObject({ value: 0.5, reached: false, gap: 0.2, yearTarget: 0.4, numerator: 11, denominator: 22, units: { counted: 4, missing: 1, notApplicable: 1 } });
    expect(t.heldBackBy.map((u) => [u.unit, u.value, u.shortfall])).toEqual([['S1', 0.2, 5], ['X1', 0.5, 0.4], ['B2', null, null]]);
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
      '5900.00', '7000.00', '3', '0', '3', '0', 'X2', '',
    ]);
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
