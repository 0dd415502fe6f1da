/** What every benchmark script needs: its command-line options, the median, a forced GC, numbers to print. */

/** `--name value` or `--name=value`; a number option must be a number ≥ 0. */
export function argument(name: string, fallback: number): number;
export function argument(name: string, fallback: string): string;
export function argument(name: string, fallback: number | string): number | string {
  const i = process.argv.indexOf(`--${name}`);
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  const raw = eq ? eq.slice(name.length + 3) : i >= 0 ? process.argv[i + 1] : undefined;
  if (raw === undefined) return fallback;
  if (typeof fallback === 'string') return raw;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`--${name} needs a number ≥ 0, got "${raw}"`);
  return n;
}

/** A full collection when Node runs with --expose-gc (the score and file benches), else nothing. */
export const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
export const now = (): number => performance.now();
export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
/** A whole number with thousands separators, as the tables print them. */
export const int = (x: number): string => Math.round(x).toLocaleString('en-US');
