/**
 * Scoring computes the numbers at once and writes the words when they are first read. These tests hold the
 * pieces that make that so to what they replace:
 * - `entryPoints` (the points alone) and `describeEntry` (the words alone) agree with `scoreEntry`;
 * - `dayOf` is `isoDay`, remembered;
 * - a scored item's `explanation`, `self` and `evaluators` are read as before, once computed stay the same
 *   objects, and JSON.stringify gives the keys of the plain object the item used to be, in its order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDay } from '../../shared/criteria/inputs';
import { dayOf, describeEntry, entryPoints, scoreEntry, type Values } from '../../shared/engine/rules';
import * as R from '../../shared/exact/rational';
import { C2026, e, scoreOne, indicator, type Group } from './helpers';

const GROUPS: readonly Group[] = ['SO', 'XA', 'BC'];

/** Values of every kind an input takes, valid or not: the functions must agree on all of them. */
const valueArb = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: 0, max: 600 }),
  fc.constantFrom(0.25, 2.5, 4.75),
  fc.constantFrom('2025-12-20', '2026-06-30', '2026-07-15', '2027-01-05', 'plan_only', 'active', 'none'),
);

describe('entryPoints and describeEntry agree with scoreEntry', () => {
  it('for every item of the 2026 set and every unit group, on random values', () => {
    const scorables = [...C2026.scorables.values()];
    fc.assert(
      fc.property(fc.constantFrom(...scorables), fc.constantFrom(...GROUPS), fc.array(valueArb, { minLength: 4, maxLength: 4 }), (s, group, vs) => {
        if (s.kind === 'indicator' && !s.def.appliesTo.includes(group)) return;
        const names = ['value', 'numerator', 'denominator', ...s.inputs.map((i) => i.name)];
        const values: Values = Object.fromEntries(names.map((n, i) => [n, vs[i % vs.length]]));
        let whole;
        try {
          whole = scoreEntry(C2026, s, group, values);
        } catch {
          // Values the reader would refuse may throw (a count that is not a whole number): all three alike.
          expect(() => entryPoints(C2026, s, group, values)).toThrow();
          return;
        }
        const points = entryPoints(C2026, s, group, values);
        expect(whole.notApplicable).toBe(points === null);
        expect(whole.points).toEqual(points ?? R.ZERO);
        expect(whole.detail).toEqual(describeEntry(C2026, s, group, values));
        expect(JSON.parse(JSON.stringify(whole))).toEqual(JSON.parse(JSON.stringify({ points: whole.points, notApplicable: whole.notApplicable, detail: whole.detail })));
      }),
      { numRuns: 2000 },
    );
  });

  it('the detail is written once and then kept', () => {
    const s = C2026.scorables.get('2.2')!;
    const r = scoreEntry(C2026, s, 'SO', { value: 12 });
    expect(r.detail).toBe(r.detail);
    expect(r.detail).toEqual({ vi: '12 so với chỉ tiêu 24', en: '12 against a target of 24' });
  });
});

describe('dayOf is isoDay, remembered', () => {
  it('on valid and invalid dates, more of them than it remembers at once', () => {
    const texts = fc.oneof(
      fc.integer({ min: -20_000, max: 40_000 }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10)),
      fc.constantFrom('2026-02-30', '2026-13-01', '2026-1-1', '', 'x', '2026-06-16T00:00'),
    );
    fc.assert(
      fc.property(fc.array(texts, { minLength: 1, maxLength: 50 }), (xs) => {
        for (const x of xs) expect(dayOf(x)).toBe(isoDay(x));
      }),
      { numRuns: 400 },
    );
  });
});

describe('a scored item reads as the plain object it replaced', () => {
  const r = scoreOne('SO', [
    e('U', '2.2', { value: 24 }),
    e('U', '2.2', { value: 12 }, { by: 'ev-B' }),
    e('U', '2.2', { value: 6 }, { by: 'ev-A' }),
  ]);
  const item = indicator(r, '2.2');

  it('explanation, self and evaluators are computed once and then the same objects', () => {
    expect(item.explanation).toBe(item.explanation);
    expect(item.self).toBe(item.self);
    expect(item.evaluators).toBe(item.evaluators);
    expect(item.evaluators.map((x) => x.evaluator)).toEqual(['ev-A', 'ev-B']);
    expect(item.evaluators[0]!.detail).toBe(item.evaluators[0]!.detail);
    expect(item.explanation.en).toBe('2.63/7: mean of 2 panel members: ev-A 1.75, ev-B 3.5');
  });

  it('JSON.stringify gives the same keys in the same order, words included', () => {
    const json = JSON.parse(JSON.stringify(item));
    expect(Object.keys(json)).toEqual(['code', 'kind', 'max', 'self', 'evaluators', 'warnings', 'points', 'computed', 'status', 'source', 'explanation']);
    expect(json.explanation).toEqual(item.explanation);
    expect(json.self).toEqual({ points: { n: 7, d: 1 }, detail: item.self!.detail });
    expect(json.evaluators.map((x: { evaluator: string }) => x.evaluator)).toEqual(['ev-A', 'ev-B']);
    expect(Object.keys(json.evaluators[0])).toEqual(['evaluator', 'points', 'detail']);
  });

  it('the words are plain {vi, en} objects, which a structured clone copies', () => {
    expect(structuredClone(item.explanation)).toEqual(item.explanation);
    expect(structuredClone(item.evaluators[1]!.detail)).toEqual({ vi: '12 so với chỉ tiêu 24', en: '12 against a target of 24' });
  });
});
