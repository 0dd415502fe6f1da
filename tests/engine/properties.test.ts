/**
 * Properties that must hold for any valid input (fast-check): bounds, monotonicity, independence of input
 * order, and the exact rational arithmetic checked against plain BigInt arithmetic.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LoadedCriteria } from '../../shared/criteria/loaded';
import type { Indicator } from '../../shared/criteria/types';
import type { Entry, Unit, YearResult } from '../../shared/engine/score';
import * as R from '../../shared/exact/rational';
import { C2025, C2026, e, fr, points, run, unit, type Group, type Values } from './helpers';

const RUNS = { numRuns: 150 };
const GROUPS: readonly Group[] = ['SO', 'XA', 'BC'];
const EVALUATORS = ['ev-A', 'ev-B', 'ev-C'] as const;

// ---------------------------------------------------------------- arbitraries for valid inputs

const DAY0 = Date.UTC(2025, 0, 1);
const isoOf = (offset: number) => new Date(DAY0 + offset * 86_400_000).toISOString().slice(0, 10);
/** A valid date from 01/01/2025 to 31/12/2027. */
const dateArb = fc.integer({ min: 0, max: 1094 }).map(isoOf);

/** Valid values for one indicator, as the CSV reader would produce them (empty → null). */
function valuesArb(ind: Indicator): fc.Arbitrary<Values> {
  const r = ind.rule;
  switch (r.type) {
    case 'yesno':
      return fc.boolean().map((value) => ({ value }));
    case 'date-deadline':
      return fc.record(Object.fromEntries(r.inputs.map((i) => [i.name, fc.option(dateArb, { nil: null })]))) as fc.Arbitrary<Values>;
    case 'choice':
      return fc.constantFrom(...r.options.map((o) => o.code)).map((value) => ({ value }));
    case 'count-target':
      return fc.integer({ min: 0, max: r.maxCount ?? 500 }).map((value) => ({ value }));
    case 'count-steps':
      return fc.integer({ min: 0, max: 20 }).map((value) => ({ value }));
    case 'ratio-target':
    case 'ratio-brackets':
      return fc
        .integer({ min: 0, max: 1000 })
        .chain((denominator) =>
          fc.integer({ min: 0, max: r.allowOver ? 2 * denominator + 5 : denominator }).map((numerator) => ({ numerator, denominator })),
        );
    case 'scale':
      return fc.integer({ min: 0, max: Math.round(ind.max / r.step) }).map((k) => ({ value: k * r.step }));
  }
}

const ITEM_VALUES: Readonly<Record<string, fc.Arbitrary<Values>>> = {
  T1: fc.record({ provincial: fc.integer({ min: 0, max: 5 }), national: fc.integer({ min: 0, max: 3 }) }),
  T2: fc.integer({ min: 0, max: 3 }).map((value) => ({ value })),
  D1: fc.boolean().map((value) => ({ value })),
  D2: fc.integer({ min: 0, max: 4 }).map((value) => ({ value })),
};

const evidenceArb = fc.record({
  evidence: fc.constantFrom('', 'VB 12/KH-UBND'),
  explanation: fc.constantFrom('', 'Giải trình'),
  accepted: fc.boolean(),
});

/** Entries for one unit: for each scorable code, maybe a self entry and some distinct evaluators. */
function unitEntriesArb(criteria: LoadedCriteria, u: string, group: Group): fc.Arbitrary<Entry[]> {
  const codes = [
    ...criteria.set.indicators.filter((i) => i.appliesTo.includes(group)).map((i) => ({ code: i.code, arb: valuesArb(i) })),
    ...[...criteria.set.bonus.items, ...criteria.set.deductions.items].map((it) => ({ code: it.code, arb: ITEM_VALUES[it.code]! })),
  ];
  const perCode = codes.map(({ code, arb }) =>
    fc
      .record({
        self: fc.option(fc.tuple(arb, evidenceArb), { nil: null }),
        evaluators: fc.subarray([...EVALUATORS]).chain((who) => fc.tuple(...who.map((w) => fc.tuple(fc.constant(w), arb, evidenceArb)))),
      })
      .map(({ self, evaluators }) => {
        const out: Entry[] = [];
        if (self) out.push(e(u, code, self[0], self[1]));
        for (const [by, values, ev] of evaluators) out.push(e(u, code, values, { by, ...ev }));
        return out;
      }),
  );
  return fc.tuple(...perCode).map((lists) => lists.flat());
}

interface Data {
  units: Unit[];
  entries: Entry[];
}

function yearArb(criteria: LoadedCriteria, maxUnits = 6): fc.Arbitrary<Data> {
  return fc
    .array(fc.constantFrom(...GROUPS), { minLength: 1, maxLength: maxUnits })
    .chain((groups) => {
      const units = groups.map((g, i) => unit(`U${String(i).padStart(2, '0')}`, g));
      return fc.tuple(...units.map((u) => unitEntriesArb(criteria, u.code, u.group as Group))).map((lists) => ({ units, entries: lists.flat() }));
    });
}

/** Everything numeric or categorical in a result, in listing order (the explanation texts left out). */
function essence(r: YearResult) {
  return r.units.map((u) => ({
    unit: u.unit.code,
    score: fr(u.score),
    base: fr(u.base),
    bonus: fr(u.bonus),
    deduction: fr(u.deduction),
    rounded: u.rounded,
    band: u.band.code,
    rank: u.rank,
    proposal: u.proposal?.code ?? null,
    groups: u.groups.map((g) => `${g.code}:${fr(g.points)}/${fr(g.max)}`),
    indicators: [...u.indicators, ...u.items].map((i) => `${i.code}:${fr(i.points)}:${i.status}:${i.source}:${i.warnings.length}`),
  }));
}

// ---------------------------------------------------------------- bounds

describe('bounds on random valid inputs', () => {
  for (const [name, criteria] of [
    ['2026', C2026],
    ['2025', C2025],
  ] as const) {
    it(`${name}: every indicator and item earns between 0 and its maximum; 0 ≤ base ≤ 100; score ≥ 0`, () => {
      fc.assert(
        fc.property(yearArb(criteria, 3), ({ units, entries }) => {
          const r = run(units, entries, { criteria });
          for (const u of r.units) {
            for (const i of [...u.indicators, ...u.items]) {
              expect(R.ge(i.points, R.ZERO), `${u.unit.code} ${i.code} ≥ 0`).toBe(true);
              expect(R.le(i.points, i.max), `${u.unit.code} ${i.code} ≤ max`).toBe(true);
            }
            for (const g of u.groups) expect(R.le(g.points, g.max)).toBe(true);
            expect(R.ge(u.base, R.ZERO)).toBe(true);
            expect(R.le(u.base, R.q(100))).toBe(true);
            expect(R.le(u.bonus, R.q(5))).toBe(true);
            expect(R.ge(u.score, R.ZERO)).toBe(true);
            expect(u.rounded).toBeGreaterThanOrEqual(0);
            // The score is the base plus the bonus minus the deductions, floored at 0.
            expect(fr(u.score)).toBe(fr(R.max(R.ZERO, R.sub(R.add(u.base, u.bonus), u.deduction))));
          }
        }),
        RUNS,
      );
    });
  }

  it('every indicator alone, any group, any valid value: 0 ≤ points ≤ max', () => {
    const pairs = C2026.set.indicators.flatMap((ind) => ind.appliesTo.map((g) => ({ ind, g: g as Group })));
    fc.assert(
      fc.property(
        fc.constantFrom(...pairs).chain(({ ind, g }) => fc.tuple(fc.constant(ind), fc.constant(g), valuesArb(ind))),
        ([ind, g, values]) => {
          const p = points(g, ind.code, values, { explanation: 'lý do' });
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(ind.max);
        },
      ),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------- monotonicity

describe('monotonicity', () => {
  const countIndicators = C2026.set.indicators.filter((i) => i.rule.type === 'count-target' || i.rule.type === 'count-steps');
  const ratioIndicators = C2026.set.indicators.filter((i) => i.rule.type === 'ratio-target' || i.rule.type === 'ratio-brackets');
  const groupOf = (ind: Indicator) => fc.constantFrom(...(ind.appliesTo as Group[]));

  it('more items never earn fewer points (count-target and count-steps)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...countIndicators).chain((ind) => {
          const cap = ind.rule.type === 'count-target' ? ind.rule.maxCount ?? 400 : 20;
          return fc.tuple(
            fc.constant(ind),
            groupOf(ind),
            fc.integer({ min: 0, max: cap }).chain((a) => fc.tuple(fc.constant(a), fc.integer({ min: a, max: cap }))),
          );
        }),
        ([ind, g, [a, b]]) => {
          expect(points(g, ind.code, { value: a })).toBeLessThanOrEqual(points(g, ind.code, { value: b }));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a larger numerator over the same denominator never earns fewer points (ratio rules)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ratioIndicators).chain((ind) => {
          const over = 'allowOver' in ind.rule && ind.rule.allowOver === true;
          return fc.tuple(
            fc.constant(ind),
            groupOf(ind),
            fc.integer({ min: 1, max: 1000 }).chain((d) => {
              const top = over ? 2 * d : d;
              return fc.tuple(
                fc.constant(d),
                fc.integer({ min: 0, max: top }).chain((a) => fc.tuple(fc.constant(a), fc.integer({ min: a, max: top }))),
              );
            }),
          );
        }),
        ([ind, g, [d, [a, b]]]) => {
          expect(points(g, ind.code, { numerator: a, denominator: d })).toBeLessThanOrEqual(
            points(g, ind.code, { numerator: b, denominator: d }),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('1.1: a later issue date never earns more points', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1094 }), fc.integer({ min: 0, max: 400 }), fc.constantFrom(...GROUPS), (d, k, g) => {
        expect(points(g, '1.1', { value: isoOf(d + k) })).toBeLessThanOrEqual(points(g, '1.1', { value: isoOf(d) }));
      }),
      RUNS,
    );
  });

  it('1.4: sending either report later never earns more points, and no report never earns more than any report', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 300, max: 1094 }),
        fc.integer({ min: 300, max: 1094 }),
        fc.integer({ min: 0, max: 60 }),
        fc.constantFrom('report_jun', 'report_dec'),
        (jun, dec, k, which) => {
          const early = { report_jun: isoOf(jun), report_dec: isoOf(dec) };
          const later = { ...early, [which]: isoOf((which === 'report_jun' ? jun : dec) + k) };
          const absent = { ...early, [which]: null };
          expect(points('SO', '1.4', later)).toBeLessThanOrEqual(points('SO', '1.4', early));
          expect(points('SO', '1.4', absent)).toBeLessThanOrEqual(points('SO', '1.4', later));
        },
      ),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------- input order

describe('the result does not depend on the order of entries or units', () => {
  it('shuffling entries and units gives the same scores, ranks, bands, proposals and listing', () => {
    fc.assert(
      fc.property(
        yearArb(C2026, 6).chain((data) =>
          fc.tuple(
            fc.constant(data),
            fc.shuffledSubarray(data.entries, { minLength: data.entries.length, maxLength: data.entries.length }),
            fc.shuffledSubarray(data.units, { minLength: data.units.length, maxLength: data.units.length }),
          ),
        ),
        ([data, entries, units]) => {
          expect(essence(run(units, entries))).toEqual(essence(run(data.units, data.entries)));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('the panel aggregate does not depend on the order of evaluators (mean, median, trimmed)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 5 }).chain((counts) =>
          fc.tuple(fc.constant(counts), fc.shuffledSubarray(counts, { minLength: counts.length, maxLength: counts.length })),
        ),
        fc.constantFrom(...(['mean', 'median', 'trimmed'] as const)),
        ([counts, shuffled], panel) => {
          const entries = (cs: number[]) => cs.map((c, i) => e('U', '2.2', { value: c }, { by: `ev-${i}` }));
          const a = run([unit('U', 'SO')], entries(counts), { panel }).units[0]!;
          const b = run([unit('U', 'SO')], entries(shuffled), { panel }).units[0]!;
          expect(fr(b.indicators.find((i) => i.code === '2.2')!.points)).toBe(fr(a.indicators.find((i) => i.code === '2.2')!.points));
        },
      ),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------- exact rationals vs BigInt

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const bigAbs = (x: bigint) => (x < 0n ? -x : x);
const bigGcd = (a: bigint, b: bigint): bigint => {
  a = bigAbs(a);
  b = bigAbs(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};

/** A fraction given as BigInt numerator and positive denominator: small, medium or far beyond 2^53. */
const fracArb = fc
  .tuple(
    fc.oneof(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }), fc.bigInt({ min: -(2n ** 130n), max: 2n ** 130n })),
    fc.oneof(fc.bigInt({ min: 1n, max: 1000n }), fc.bigInt({ min: 1n, max: 2n ** 60n }), fc.bigInt({ min: 1n, max: 2n ** 130n })),
  )
  .map(([n, d]) => ({ n, d, q: R.div(R.fromDecimal(n.toString()), R.fromDecimal(d.toString())) }));

const asBig = (x: R.Q) => ({ n: BigInt(x.n), d: BigInt(x.d) });

/** x is the reduced form of n/d, with a positive denominator, numbers when both fit in 2^53 and bigints otherwise. */
function expectCanonical(x: R.Q, n: bigint, d: bigint) {
  const { n: xn, d: xd } = asBig(x);
  expect(typeof x.n).toBe(typeof x.d);
  expect(xd > 0n).toBe(true);
  expect(bigGcd(xn, xd)).toBe(xn === 0n ? xd : 1n);
  expect(xn * d).toBe(n * xd); // same value
  if (typeof x.n === 'bigint') expect(bigAbs(xn) > MAX_SAFE || xd > MAX_SAFE).toBe(true);
}

describe('exact rational arithmetic agrees with BigInt arithmetic', () => {
  it('a fraction built from BigInt parts is reduced and equal to n/d', () => {
    fc.assert(
      fc.property(fracArb, (a) => expectCanonical(a.q, a.n, a.d)),
      { numRuns: 200 },
    );
  });

  it('add: a/b + c/d = (ad + cb)/bd', () => {
    fc.assert(
      fc.property(fracArb, fracArb, (a, b) => expectCanonical(R.add(a.q, b.q), a.n * b.d + b.n * a.d, a.d * b.d)),
      { numRuns: 200 },
    );
  });

  it('sub: a/b − c/d = (ad − cb)/bd', () => {
    fc.assert(
      fc.property(fracArb, fracArb, (a, b) => expectCanonical(R.sub(a.q, b.q), a.n * b.d - b.n * a.d, a.d * b.d)),
      { numRuns: 200 },
    );
  });

  it('mul: a/b × c/d = ac/bd', () => {
    fc.assert(
      fc.property(fracArb, fracArb, (a, b) => expectCanonical(R.mul(a.q, b.q), a.n * b.n, a.d * b.d)),
      { numRuns: 200 },
    );
  });

  it('div: (a/b) ÷ (c/d) = ad/bc for c ≠ 0', () => {
    fc.assert(
      fc.property(fracArb, fracArb, (a, b) => {
        fc.pre(b.n !== 0n);
        const sign = b.n < 0n ? -1n : 1n;
        expectCanonical(R.div(a.q, b.q), sign * a.n * b.d, sign * a.d * b.n);
      }),
      { numRuns: 200 },
    );
  });

  it('cmp: the sign of ad − cb', () => {
    fc.assert(
      fc.property(fracArb, fracArb, (a, b) => {
        const diff = a.n * b.d - b.n * a.d;
        expect(R.cmp(a.q, b.q)).toBe(diff < 0n ? -1 : diff > 0n ? 1 : 0);
        expect(R.cmp(a.q, a.q)).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('round to 2 decimals is half away from zero on the exact value', () => {
    fc.assert(
      fc.property(fracArb, (a) => {
        const neg = a.n < 0n;
        const scaled = bigAbs(a.n) * 100n;
        let m = scaled / a.d;
        if (2n * (scaled - m * a.d) >= a.d) m += 1n; // the remainder is at least half: away from zero
        const expected = Number(neg ? -m : m) / 100;
        expect(R.round(a.q, 2)).toBe(expected === 0 ? 0 : expected);
      }),
      { numRuns: 200 },
    );
  });

  it('ceil is the smallest integer ≥ the exact value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), (n, d) => {
        const c = BigInt(R.ceil(R.div(R.fromDecimal(n.toString()), R.fromDecimal(d.toString()))));
        expect(c * d >= n).toBe(true);
        expect((c - 1n) * d < n).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('fromDecimal reads a decimal string exactly: k/100 written as "x.yz"', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), (k) => {
        const s = `${k < 0 ? '-' : ''}${Math.floor(Math.abs(k) / 100)}.${String(Math.abs(k) % 100).padStart(2, '0')}`;
        expectCanonical(R.fromDecimal(s), BigInt(k), 100n);
      }),
      { numRuns: 200 },
    );
  });
});
