/**
 * Exact rational numbers.
 *
 * Why: the criteria promise results "to the cent" and round half away from zero. Means of evaluators,
 * ratios against targets and rescaling to 100 produce fractions such as 7 × 5/12 or 100 × 81.5/94;
 * doing them in floating point can land a value a hair below a half-cent and round it the wrong way.
 * Every value here is an exact fraction; only the final presentation rounds.
 *
 * Representation: numerator and denominator are both safe-integer numbers (the fast path, which holds
 * for all realistic inputs) or both bigints (taken only when a product would leave the safe range).
 * The denominator is positive and the fraction is always reduced.
 *
 * Importers that call these functions in loops copy them into a local object (`const R = { ...Rational }`):
 * run as CommonJS (tsx: the CLI and the benchmark), each property of an imported module namespace is a chain
 * of getters, which made every R.add or R.mul several times slower than the arithmetic itself.
 */
export interface Q {
  readonly n: number | bigint;
  readonly d: number | bigint;
}

type NumQ = { readonly n: number; readonly d: number };
type BigQ = { readonly n: bigint; readonly d: bigint };

const isNum = (q: Q): q is NumQ => typeof q.n === 'number';

function gcdNum(a: number, b: number): number {
  a = Math.abs(a);
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

function gcdBig(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

function fromBig(n: bigint, d: bigint): Q {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcdBig(n, d);
  if (g > 1n) {
    n /= g;
    d /= g;
  }
  if (n <= MAX_SAFE_BIG && n >= -MAX_SAFE_BIG && d <= MAX_SAFE_BIG) return { n: Number(n), d: Number(d) };
  return { n, d };
}

/** n/d from safe integers; falls back to bigints when the inputs are not safe. */
function fromNum(n: number, d: number): Q {
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d)) {
    throw new RangeError(`not a safe integer fraction: ${n}/${d}`);
  }
  if (d === 0) throw new RangeError('division by zero');
  if (d < 0) {
    n = -n;
    d = -d;
  }
  const g = gcdNum(n, d);
  if (n === 0) return { n: 0, d: 1 };
  return g > 1 ? { n: n / g, d: d / g } : { n, d };
}

/** 10^p for p = 0..15, written out: exact, and with 10^15 × 9 still below 2^53. */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

const big = (q: Q): BigQ => ({ n: BigInt(q.n), d: BigInt(q.d) });
const safe = (x: number) => Number.isSafeInteger(x);

/**
 * A fraction of bigints, made once when the module loads, for the engine's speed and memory only (no value
 * changes). V8 chooses how to store an object's fields from the values stored so far. Quotients such as
 * n / g are doubles, so fractions got "double" fields: every numerator and denominator boxed in a heap number
 * of its own, three allocations per fraction. Once a field has also held a bigint, it is a plain tagged field,
 * where small integers are stored in place. All fractions share that layout (the same {n, d} literal shape).
 */
fromBig(2n ** 64n, 3n);

export const ZERO: Q = { n: 0, d: 1 };
export const ONE: Q = { n: 1, d: 1 };

export function q(n: number, d = 1): Q {
  return fromNum(n, d);
}

/** The exact value of a decimal number as written in JSON (0.15 → 15/100), never its binary approximation. */
export function fromDecimal(x: number | string): Q {
  const s = typeof x === 'number' ? String(x) : x.trim();
  const m = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m) throw new RangeError(`not a decimal number: ${s}`);
  const frac = m[3] ?? '';
  const digits = (m[2] ?? '0') + frac;
  // Fast path: up to 15 digits and no exponent is digits / 10^k with both below 2^53, exactly as BigInt reads it.
  if (m[4] === undefined && digits.length <= 15) return fromNum((m[1] === '-' ? -1 : 1) * Number(digits), POW10[frac.length]!);
  const sign = m[1] === '-' ? -1n : 1n;
  const exp = Number(m[4] ?? 0) - frac.length;
  let n = sign * BigInt(digits);
  let d = 1n;
  if (exp >= 0) n *= 10n ** BigInt(exp);
  else d = 10n ** BigInt(-exp);
  return fromBig(n, d);
}

export function add(a: Q, b: Q): Q {
  if (isNum(a) && isNum(b)) {
    if (a.d === b.d) {
      const n = a.n + b.n;
      if (safe(n)) return fromNum(n, a.d);
    } else {
      const x = a.n * b.d;
      const y = b.n * a.d;
      const n = x + y;
      const d = a.d * b.d;
      if (safe(x) && safe(y) && safe(n) && safe(d)) return fromNum(n, d);
    }
  }
  const A = big(a);
  const B = big(b);
  return fromBig(A.n * B.d + B.n * A.d, A.d * B.d);
}

export function neg(a: Q): Q {
  return isNum(a) ? { n: a.n === 0 ? 0 : -a.n, d: a.d } : { n: -(a.n as bigint), d: a.d };
}

export function sub(a: Q, b: Q): Q {
  return add(a, neg(b));
}

export function mul(a: Q, b: Q): Q {
  if (isNum(a) && isNum(b)) {
    const n = a.n * b.n;
    const d = a.d * b.d;
    if (safe(n) && safe(d)) return fromNum(n, d);
  }
  const A = big(a);
  const B = big(b);
  return fromBig(A.n * B.n, A.d * B.d);
}

export function div(a: Q, b: Q): Q {
  if (isZero(b)) throw new RangeError('division by zero');
  if (isNum(a) && isNum(b)) {
    // a × (1/b) with the products mul would form, without making 1/b first.
    const n = a.n * (b.n < 0 ? -b.d : b.d);
    const d = a.d * (b.n < 0 ? -b.n : b.n);
    if (safe(n) && safe(d)) return fromNum(n, d);
  }
  const inv: Q = isNum(b)
    ? b.n < 0
      ? { n: -b.d, d: -b.n }
      : { n: b.d, d: b.n }
    : (b.n as bigint) < 0n
      ? { n: -(b.d as bigint), d: -(b.n as bigint) }
      : { n: b.d, d: b.n };
  return mul(a, inv);
}

export function cmp(a: Q, b: Q): -1 | 0 | 1 {
  if (isNum(a) && isNum(b)) {
    if (a.d === b.d) return a.n < b.n ? -1 : a.n > b.n ? 1 : 0;
    const x = a.n * b.d;
    const y = b.n * a.d;
    if (safe(x) && safe(y)) return x < y ? -1 : x > y ? 1 : 0;
  }
  const A = big(a);
  const B = big(b);
  const x = A.n * B.d;
  const y = B.n * A.d;
  return x < y ? -1 : x > y ? 1 : 0;
}

export const isZero = (a: Q): boolean => (isNum(a) ? a.n === 0 : a.n === 0n);
export const eq = (a: Q, b: Q): boolean => cmp(a, b) === 0;
export const lt = (a: Q, b: Q): boolean => cmp(a, b) < 0;
export const le = (a: Q, b: Q): boolean => cmp(a, b) <= 0;
export const gt = (a: Q, b: Q): boolean => cmp(a, b) > 0;
export const ge = (a: Q, b: Q): boolean => cmp(a, b) >= 0;
export const min = (a: Q, b: Q): Q => (cmp(a, b) <= 0 ? a : b);
export const max = (a: Q, b: Q): Q => (cmp(a, b) >= 0 ? a : b);

export function sum(values: readonly Q[]): Q {
  let s = ZERO;
  for (const v of values) s = add(s, v);
  return s;
}

/** Smallest integer ≥ a, exactly. */
export function ceil(a: Q): number {
  if (isNum(a)) {
    // Safe integers: `%` is exact, so is n − r, and so is dividing that exact multiple of d.
    const r = a.n % a.d;
    return (a.n - r) / a.d + (r > 0 ? 1 : 0);
  }
  const A = big(a);
  const fl = A.n >= 0n ? A.n / A.d : -((-A.n + A.d - 1n) / A.d);
  return Number(fl * A.d === A.n ? fl : fl + 1n);
}

/** Round half away from zero to `places` decimals; returns the nearest double of the exact decimal result. */
export function round(a: Q, places = 2): number {
  if (isNum(a)) {
    const r = roundNum(a, places);
    if (r !== null) return r;
  }
  return roundBig(a, places);
}

/**
 * The same rounding with safe-integer numbers, or null when an intermediate would leave the safe range
 * (then the BigInt path decides). Every step is exact: products and sums of safe integers that stay safe,
 * `%` (exact on doubles), and a division that the subtraction of the remainder makes exact.
 */
function roundNum(a: NumQ, places: number): number | null {
  const scale = POW10[places];
  if (scale === undefined) return null; // negative, fractional or large `places`: BigInt's rules apply
  // r = floor((2|n|·scale + d) / 2d): half away from zero on |a|, the sign put back after.
  const num = 2 * Math.abs(a.n) * scale + a.d;
  const den = 2 * a.d;
  // A sum of non-negative terms computed in doubles is safe only if every term was exact.
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den)) return null;
  const r = (num - (num % den)) / den;
  // 0 stays +0 (the BigInt path cannot produce −0).
  if (r === 0) return 0;
  return (a.n < 0 ? -r : r) / scale;
}

function roundBig(a: Q, places: number): number {
  const scale = 10n ** BigInt(places);
  const A = big(a);
  const negative = A.n < 0n;
  const n = (negative ? -A.n : A.n) * scale;
  const r = (2n * n + A.d) / (2n * A.d);
  const signed = negative ? -r : r;
  return Number(signed) / Number(scale);
}

/** Nearest double, for display or charts only: never feed it back into scoring. */
export function toNumber(a: Q): number {
  return isNum(a) ? a.n / a.d : Number(a.n as bigint) / Number(a.d as bigint);
}

/** Exact value as a short human string: integers plain, other values with up to `places` decimals. */
export function toFixedString(a: Q, places = 2): string {
  const r = round(a, places);
  return Number.isInteger(r) ? String(r) : r.toFixed(places).replace(/0+$/, '');
}
