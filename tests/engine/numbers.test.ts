/**
 * The fast paths of the number code give exactly what the slow paths give.
 *
 * - `R.round`, `R.ceil` and `R.div` on safe-integer fractions do the arithmetic in doubles (every step exact); a fraction
 *   held as bigints always takes the BigInt path, so the same value in both representations compares them.
 * - `R.fromDecimal` reads up to 15 digits without BigInt; the same text with an exponent takes the BigInt path.
 * - `formatNumber` and `bothNumbers` replaced `Math.abs(x).toFixed(d).replace(/\.?0+$/, '')` and a
 *   thousands regular expression by index arithmetic; the original expression is the reference here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as R from '../../shared/exact/rational';
import { bothNumbers, formatNumber, type Lang } from '../../shared/i18n/text';

const RUNS = { numRuns: 3000 };

/** The same fraction held as bigints: `round` then takes its BigInt path. */
const asBig = (q: R.Q): R.Q => ({ n: BigInt(q.n), d: BigInt(q.d) });
const both = (q: R.Q, places?: number) => [R.round(q, places), R.round(asBig(q), places)];

describe('R.round: the safe-number path equals the BigInt path', () => {
  it('halves round away from zero: 78.725 = 3149/40 → 78.73, −3149/40 → −78.73', () => {
    expect(both(R.q(3149, 40))).toEqual([78.73, 78.73]);
    expect(both(R.q(-3149, 40))).toEqual([-78.73, -78.73]);
    expect(both(R.q(1, 200))).toEqual([0.01, 0.01]);
    expect(both(R.q(-1, 200))).toEqual([-0.01, -0.01]);
    expect(both(R.q(5, 2), 0)).toEqual([3, 3]);
    expect(both(R.q(-5, 2), 0)).toEqual([-3, -3]);
    expect(both(R.q(17999, 200))).toEqual([90, 90]);
  });

  it('a negative value that rounds to zero gives +0, as BigInt does', () => {
    for (const [fast, slow] of [both(R.q(-1, 1000)), both(R.q(-1, 3), 0)]) {
      expect(Object.is(fast, 0)).toBe(true);
      expect(Object.is(slow, 0)).toBe(true);
    }
  });

  it('random fractions, small and near the edge of the safe range, 0 to 6 places', () => {
    const int = fc.oneof(
      fc.integer({ min: -100_000, max: 100_000 }),
      fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
      fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
    );
    const den = fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }));
    fc.assert(
      fc.property(int, den, fc.integer({ min: 0, max: 6 }), (n, d, places) => {
        const [fast, slow] = both(R.q(n, d), places);
        expect(Object.is(fast, slow)).toBe(true);
      }),
      RUNS,
    );
  });

  it('exact halves at every place: (2k + 1) / (2 · 10^p), both signs', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), fc.integer({ min: 0, max: 6 }), (k, p) => {
        const [fast, slow] = both(R.q(2 * k + 1, 2 * 10 ** (p + 1)), p);
        expect(Object.is(fast, slow)).toBe(true);
      }),
      RUNS,
    );
  });

});

describe('R.ceil, R.div and R.fromDecimal: the safe-number paths equal the BigInt paths', () => {
  it('ceil of random fractions, both signs', () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 1, max: 10_000 }), (n, d) => {
        const x = R.q(n, d);
        expect(Object.is(R.ceil(x), R.ceil(asBig(x)))).toBe(true);
      }),
      RUNS,
    );
    expect([R.ceil(R.q(-1, 3)), R.ceil(R.q(1, 3)), R.ceil(R.q(-3, 3)), R.ceil(R.q(7, 100))]).toEqual([0, 1, -1, 1]);
    expect(Object.is(R.ceil(R.q(-1, 3)), 0)).toBe(true);
  });

  it('div of random fractions, both signs, equals the BigInt path', () => {
    const int = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 });
    const den = fc.integer({ min: 1, max: 1_000_000 });
    fc.assert(
      fc.property(int, den, int.filter((n) => n !== 0), den, (an, ad, bn, bd) => {
        const [a, b] = [R.q(an, ad), R.q(bn, bd)];
        expect(R.div(a, b)).toEqual(R.div(asBig(a), asBig(b)));
      }),
      RUNS,
    );
    expect(R.div(R.q(3, 4), R.q(-3, 2))).toEqual({ n: -1, d: 2 });
    expect(() => R.div(R.ONE, R.ZERO)).toThrow(RangeError);
  });

  it('fromDecimal of up to 15 digits equals the same text read with an exponent (the BigInt path)', () => {
    const decimal = fc
      .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{1,9}$/), fc.option(fc.stringMatching(/^\d{1,6}$/)))
      .map(([sign, int, frac]) => `${sign}${int}${frac === null ? '' : '.' + frac}`);
    fc.assert(
      fc.property(decimal, (s) => {
        const fast = R.fromDecimal(s);
        expect(fast).toEqual(R.fromDecimal(`${s}e0`));
        expect(typeof fast.n).toBe('number');
      }),
      RUNS,
    );
    expect(R.fromDecimal(0.15)).toEqual({ n: 3, d: 20 });
    expect(R.fromDecimal('-0.0')).toEqual({ n: 0, d: 1 });
    expect(Object.is(R.fromDecimal('-0').n, 0)).toBe(true);
    expect(R.fromDecimal(11.25)).toEqual({ n: 45, d: 4 });
  });
});

/** What formatNumber means: toFixed, then the zeros after the decimal point dropped (never an integer's own zeros). */
function reference(x: number, lang: Lang, maxDecimals = 2): string {
  const fixed = Math.abs(x).toFixed(maxDecimals);
  const [int = '0', frac] = (fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed).split('.');
  const thousands = lang === 'vi' ? '.' : ',';
  const decimal = lang === 'vi' ? ',' : '.';
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  return `${x < 0 ? '−' : ''}${grouped}${frac ? decimal + frac : ''}`;
}

describe('formatNumber and bothNumbers write toFixed without trailing decimal zeros, localised', () => {
  const same = (x: number, d?: number) => {
    const b = bothNumbers(x, d);
    for (const lang of ['vi', 'en'] as const) {
      expect(formatNumber(x, lang, d)).toBe(reference(x, lang, d));
      expect(b[lang]).toBe(reference(x, lang, d));
    }
  };

  it('chosen values; with 0 decimals an integer keeps its zeros (a ratio of 1200/1500 once showed as "12/15")', () => {
    const xs = [0, -0, 1, -1, 10, 100, 1000, 1234.5, 1_234_567.891, 0.5, 0.005, 1.005, 2.675, 78.725, -78.725, 999.995, 0.1 + 0.2];
    const edges = [2 ** 53, 2 ** 53 + 2, 2 ** 67, 1e20, 1e21, 1.5e21, 1e300, Infinity, -Infinity, NaN, 5e-324];
    for (const x of [...xs, ...edges]) for (const d of [0, 1, 2, 3, 20]) same(x, d);
    expect(formatNumber(100, 'vi', 0)).toBe('100');
    expect(formatNumber(0, 'vi', 0)).toBe('0');
    expect(formatNumber(1500, 'vi', 0)).toBe('1.500');
    expect(formatNumber(1500, 'en', 0)).toBe('1,500');
    expect(formatNumber(2.5, 'vi', 0)).toBe('3');
    expect(formatNumber(1234.5, 'vi')).toBe('1.234,5');
    expect(formatNumber(-1234567.25, 'en')).toBe('−1,234,567.25');
  });

  it('random doubles, cents and integers, 0 to 3 decimals', () => {
    const x = fc.oneof(
      fc.double({ noNaN: false }),
      fc.integer({ min: -100_000_000, max: 100_000_000 }).map((c) => c / 100),
      fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    );
    fc.assert(
      fc.property(x, fc.integer({ min: 0, max: 3 }), (v, d) => same(v, d)),
      RUNS,
    );
  });
});
