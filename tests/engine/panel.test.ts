/**
 * Who counts: evaluators' points aggregated (mean by default; median and trimmed mean on request), or the
 * self-assessment where no evaluator entered the indicator. Expectations worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { aggregate } from '../../shared/engine/panel';
import * as R from '../../shared/exact/rational';
import { e, fr, fullMarks, indicator, scoreOne, withChanges } from './helpers';

const qs = (...xs: number[]) => xs.map((x) => R.q(x));

describe('aggregate(values, how) on 1, 2, 3 and 4 values', () => {
  it('one value is itself, whatever the method', () => {
    for (const how of ['mean', 'median', 'trimmed'] as const) expect(fr(aggregate(qs(7), how))).toBe('7');
  });

  it('two values: mean, median and trimmed mean are all the mean (1 + 2)/2 = 3/2', () => {
    expect(fr(aggregate(qs(1, 2), 'mean'))).toBe('3/2');
    expect(fr(aggregate(qs(2, 1), 'median'))).toBe('3/2');
    expect(fr(aggregate(qs(1, 2), 'trimmed'))).toBe('3/2'); // fewer than 3 values: nothing dropped
  });

  it('three values 6, 1, 2: mean (6 + 1 + 2)/3 = 3; median 2; trimmed drops 1 and 6 → 2', () => {
    expect(fr(aggregate(qs(6, 1, 2), 'mean'))).toBe('3');
    expect(fr(aggregate(qs(6, 1, 2), 'median'))).toBe('2');
    expect(fr(aggregate(qs(6, 1, 2), 'trimmed'))).toBe('2');
  });

  it('four values 10, 1, 3, 2: mean 16/4 = 4; median (2 + 3)/2 = 5/2; trimmed drops 1 and 10 → (2 + 3)/2 = 5/2', () => {
    expect(fr(aggregate(qs(10, 1, 3, 2), 'mean'))).toBe('4');
    expect(fr(aggregate(qs(10, 1, 3, 2), 'median'))).toBe('5/2');
    expect(fr(aggregate(qs(10, 1, 3, 2), 'trimmed'))).toBe('5/2');
  });

  it('four values 0, 0, 4, 7: trimmed drops one 0 and the 7 → (0 + 4)/2 = 2; median (0 + 4)/2 = 2; mean 11/4', () => {
    expect(fr(aggregate(qs(0, 0, 4, 7), 'trimmed'))).toBe('2');
    expect(fr(aggregate(qs(7, 4, 0, 0), 'median'))).toBe('2');
    expect(fr(aggregate(qs(0, 0, 4, 7), 'mean'))).toBe('11/4');
  });

  it('the mean is exact: 1/3, 1/3 and 1/2 average to (2/3 + 1/2)/3 = 7/18', () => {
    expect(fr(aggregate([R.q(1, 3), R.q(1, 3), R.q(1, 2)], 'mean'))).toBe('7/18');
  });

  it('no values is an error', () => {
    expect(() => aggregate([], 'mean')).toThrow();
  });
});

describe('evaluators on one indicator (2.2 for a department: 7 × count/24)', () => {
  // Evaluators counted 24, 12 and 6 items: 7, 3.5 and 1.75 points.
  const three = [
    e('U', '2.2', { value: 30 }),
    e('U', '2.2', { value: 24 }, { by: 'ev-A' }),
    e('U', '2.2', { value: 12 }, { by: 'ev-B' }),
    e('U', '2.2', { value: 6 }, { by: 'ev-C' }),
  ];

  it('by default the panel takes the mean: (7 + 3.5 + 1.75)/3 = 12.25/3 = 49/12', () => {
    const ind = indicator(scoreOne('SO', three), '2.2');
    expect(fr(ind.points)).toBe('49/12');
    expect(ind.source).toBe('panel');
  });

  it('median of 7, 3.5, 1.75 is 3.5', () => {
    expect(R.toNumber(indicator(scoreOne('SO', three, { panel: 'median' }), '2.2').points)).toBe(3.5);
  });

  it('trimmed mean of 7, 3.5, 1.75 drops 1.75 and 7 → 3.5', () => {
    expect(R.toNumber(indicator(scoreOne('SO', three, { panel: 'trimmed' }), '2.2').points)).toBe(3.5);
  });

  it('four evaluators 7, 3.5, 1.75, 0 (counts 24, 12, 6, 0): mean 12.25/4 = 49/16; median (1.75 + 3.5)/2 = 21/8; trimmed (3.5 + 1.75)/2 = 21/8', () => {
    const four = [...three, e('U', '2.2', { value: 0 }, { by: 'ev-D' })];
    expect(fr(indicator(scoreOne('SO', four), '2.2').points)).toBe('49/16');
    expect(fr(indicator(scoreOne('SO', four, { panel: 'median' }), '2.2').points)).toBe('21/8');
    expect(fr(indicator(scoreOne('SO', four, { panel: 'trimmed' }), '2.2').points)).toBe('21/8');
  });

  it('two evaluators: every method gives the mean (7 + 3.5)/2 = 5.25', () => {
    const two = three.slice(0, 3);
    for (const panel of ['mean', 'median', 'trimmed'] as const) {
      expect(R.toNumber(indicator(scoreOne('SO', two, { panel }), '2.2').points)).toBe(5.25);
    }
  });

  it('the self-assessment is kept beside the panel points, never mixed in', () => {
    const ind = indicator(scoreOne('SO', three), '2.2');
    expect(R.toNumber(ind.self!.points!)).toBe(7); // 30 items, capped
    expect(ind.evaluators.map((x) => [x.evaluator, R.toNumber(x.points!)])).toEqual([
      ['ev-A', 7],
      ['ev-B', 3.5],
      ['ev-C', 1.75],
    ]);
  });
});

describe('evaluators override the self-assessment', () => {
  it('the unit claims 24 items (7) but the one evaluator finds 12: 3.5', () => {
    const ind = indicator(scoreOne('SO', [e('U', '2.2', { value: 24 }), e('U', '2.2', { value: 12 }, { by: 'ev-A' })]), '2.2');
    expect(R.toNumber(ind.points)).toBe(3.5);
    expect(ind.source).toBe('panel');
  });

  it('an evaluator can also raise the points: self says none, evaluator finds the plan and estimate: 4', () => {
    const ind = indicator(
      scoreOne('SO', [e('U', '1.2', { value: 'none' }), e('U', '1.2', { value: 'plan_and_budget' }, { by: 'ev-A' })]),
      '1.2',
    );
    expect(R.toNumber(ind.points)).toBe(4);
  });

  it('the self-assessment stands when no evaluator entered the indicator', () => {
    const r = scoreOne('SO', [e('U', '2.2', { value: 24 }), e('U', '1.2', { value: 'plan_only' }, { by: 'ev-A' })]);
    expect(R.toNumber(indicator(r, '2.2').points)).toBe(7);
    expect(indicator(r, '2.2').source).toBe('self');
    expect(indicator(r, '1.2').source).toBe('panel');
  });

  it('an indicator entered only by an evaluator (no self-assessment) takes the evaluator\'s points', () => {
    const ind = indicator(scoreOne('SO', [e('U', '2.4', { value: 2 }, { by: 'ev-A' })]), '2.4');
    expect(R.toNumber(ind.points)).toBe(3);
    expect(ind.self).toBeNull();
  });

  it('source "self" scores what the unit claimed, ignoring the evaluators', () => {
    const entries = [e('U', '2.2', { value: 24 }), e('U', '2.2', { value: 12 }, { by: 'ev-A' })];
    expect(R.toNumber(indicator(scoreOne('SO', entries, { source: 'self' }), '2.2').points)).toBe(7);
  });

  it('deductions are averaged over evaluators: one finds false figures, the other does not → D1 = (10 + 0)/2 = 5', () => {
    const r = scoreOne('SO', [
      ...fullMarks('U', 'SO'),
      e('U', 'D1', { value: true }, { by: 'ev-A' }),
      e('U', 'D1', { value: false }, { by: 'ev-B' }),
    ]);
    expect(R.toNumber(r.deduction)).toBe(5);
    expect(r.rounded).toBe(95);
  });

  it('bonus items are averaged over evaluators: T1 of 3 and 1 → 2', () => {
    const r = scoreOne('SO', [
      ...fullMarks('U', 'SO'),
      e('U', 'T1', { provincial: 1, national: 1 }, { by: 'ev-A' }),
      e('U', 'T1', { provincial: 1, national: 0 }, { by: 'ev-B' }),
    ]);
    expect(R.toNumber(r.bonus)).toBe(2);
    expect(r.rounded).toBe(102);
  });

  it('each evaluator\'s entry is capped before averaging: T1 of 5 (capped 3) and 1 → (3 + 1)/2 = 2', () => {
    const r = scoreOne('SO', [
      ...fullMarks('U', 'SO'),
      e('U', 'T1', { provincial: 5, national: 0 }, { by: 'ev-A' }),
      e('U', 'T1', { provincial: 1, national: 0 }, { by: 'ev-B' }),
    ]);
    expect(R.toNumber(r.bonus)).toBe(2);
  });
});

describe('not applicable evaluator entries (ratio with denominator 0)', () => {
  it('an evaluator entry with denominator 0 is left out of the mean: 3/4 → 4.5 and 0/0 → 4.5, not 2.25', () => {
    const ind = indicator(
      scoreOne('SO', [
        e('U', '2.3', { numerator: 3, denominator: 4 }, { by: 'ev-A' }),
        e('U', '2.3', { numerator: 0, denominator: 0 }, { by: 'ev-B' }),
      ]),
      '2.3',
    );
    expect(R.toNumber(ind.points)).toBe(4.5);
    expect(ind.status).toBe('ok');
    expect(ind.evaluators.find((x) => x.evaluator === 'ev-B')!.points).toBeNull();
  });

  it('three evaluators 2/4 (3), 0/0 (NA), 4/4 (6): mean of 3 and 6 = 4.5', () => {
    const ind = indicator(
      scoreOne('XA', [
        e('U', '2.3', { numerator: 2, denominator: 4 }, { by: 'ev-A' }),
        e('U', '2.3', { numerator: 0, denominator: 0 }, { by: 'ev-B' }),
        e('U', '2.3', { numerator: 4, denominator: 4 }, { by: 'ev-C' }),
      ]),
      '2.3',
    );
    expect(R.toNumber(ind.points)).toBe(4.5);
  });

  it('when every evaluator marks it not applicable, the indicator is not applicable and leaves the maximum (100 → 94)', () => {
    const entries = [
      ...withChanges(fullMarks('U', 'SO'), [e('U', '2.3', { numerator: 3, denominator: 3 })]),
      e('U', '2.3', { numerator: 0, denominator: 0 }, { by: 'ev-A' }),
      e('U', '2.3', { numerator: 0, denominator: 0 }, { by: 'ev-B' }),
    ];
    const r = scoreOne('SO', entries);
    expect(indicator(r, '2.3').status).toBe('not_applicable');
    expect(R.toNumber(r.applicableMax)).toBe(94);
    expect(r.rounded).toBe(100); // 100 × 94/94
  });

  it('the evaluators\' "not applicable" overrides a self-assessed 5/5', () => {
    // fullMarks has the self entry 2.3 = 5/5; the only evaluator says 0/0.
    const r = scoreOne('SO', [...fullMarks('U', 'SO'), e('U', '2.3', { numerator: 0, denominator: 0 }, { by: 'ev-A' })]);
    expect(indicator(r, '2.3').status).toBe('not_applicable');
    expect(R.toNumber(r.applicableMax)).toBe(94);
  });

  it('an evaluator with a real figure overrides a self-assessed "not applicable"', () => {
    const ind = indicator(
      scoreOne('SO', [e('U', '2.3', { numerator: 0, denominator: 0 }), e('U', '2.3', { numerator: 1, denominator: 2 }, { by: 'ev-A' })]),
      '2.3',
    );
    expect(ind.status).toBe('ok');
    expect(R.toNumber(ind.points)).toBe(3); // 6 × 1/2
  });

  it('a self-assessed "not applicable" stands when no evaluator entered the indicator', () => {
    const r = scoreOne('XA', [e('U', '2.3', { numerator: 0, denominator: 0 })]);
    expect(indicator(r, '2.3').status).toBe('not_applicable');
    expect(indicator(r, '2.3').source).toBe('self');
    expect(R.toNumber(r.applicableMax)).toBe(94);
  });

  it('an evaluator entry missing the denominator is a 0, not "not applicable": (4.5 + 0)/2 = 2.25', () => {
    const ind = indicator(
      scoreOne('SO', [
        e('U', '2.3', { numerator: 3, denominator: 4 }, { by: 'ev-A' }),
        e('U', '2.3', { numerator: 3 }, { by: 'ev-B' }),
      ]),
      '2.3',
    );
    expect(R.toNumber(ind.points)).toBe(2.25);
  });
});

describe('the explanation names the evaluators', () => {
  it('one evaluator: "appraised by" that evaluator', () => {
    const ind = indicator(scoreOne('SO', [e('U', '2.2', { value: 12 }, { by: 'Nguyễn Văn A' })]), '2.2');
    expect(ind.explanation.en).toContain('appraised by Nguyễn Văn A');
    expect(ind.explanation.vi).toContain('Nguyễn Văn A');
  });

  it('several evaluators: the method, how many, and each one with their points', () => {
    const ind = indicator(
      scoreOne('SO', [e('U', '2.2', { value: 24 }, { by: 'ev-A' }), e('U', '2.2', { value: 12 }, { by: 'ev-B' })]),
      '2.2',
    );
    expect(ind.explanation.en).toContain('mean of 2 panel members');
    expect(ind.explanation.en).toContain('ev-A 7');
    expect(ind.explanation.en).toContain('ev-B 3.5');
  });

  it('the self-assessment is named as such', () => {
    expect(indicator(scoreOne('SO', [e('U', '2.2', { value: 12 })]), '2.2').explanation.en).toContain('self-assessment');
  });

  it('a median panel says so', () => {
    const ind = indicator(
      scoreOne(
        'SO',
        [e('U', '2.2', { value: 24 }, { by: 'ev-A' }), e('U', '2.2', { value: 12 }, { by: 'ev-B' }), e('U', '2.2', { value: 0 }, { by: 'ev-C' })],
        { panel: 'median' },
      ),
      '2.2',
    );
    expect(ind.explanation.en).toContain('median of 3 panel members');
  });
});
