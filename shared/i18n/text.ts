/** A text in both languages of the app: Vietnamese (the default, with full diacritics) and English. */
export interface Text {
  readonly vi: string;
  readonly en: string;
}

export type Lang = keyof Text;

export const text = (vi: string, en: string): Text => ({ vi, en });

/** Joins bilingual fragments language by language. */
export function joinText(parts: readonly Text[], sep: Text | string): Text {
  const s = typeof sep === 'string' ? { vi: sep, en: sep } : sep;
  return { vi: parts.map((p) => p.vi).join(s.vi), en: parts.map((p) => p.en).join(s.en) };
}

/** Numbers as a reader expects them: "1.234,5" in Vietnamese, "1,234.5" in English; at most 2 decimals. */
export function formatNumber(x: number, lang: Lang, maxDecimals = 2): string {
  const fixed = trimmedFixed(x, maxDecimals);
  return lang === 'vi' ? localise(x, fixed, '.', ',') : localise(x, fixed, ',', '.');
}

/** Both languages from one rounding: the explanations show every number in both. */
export function bothNumbers(x: number, maxDecimals = 2): Text {
  const fixed = trimmedFixed(x, maxDecimals);
  return { vi: localise(x, fixed, '.', ','), en: localise(x, fixed, ',', '.') };
}

/**
 * |x| to `maxDecimals` decimals, then the trailing zeros of the fraction removed, and the dot when nothing
 * follows it. With no decimals asked for, the digits are printed as they are: an integer's own zeros are not
 * trailing decimals ("100" stays "100"; an earlier version stripped them and printed a ratio of 1200/1500 as
 * "12/15"). Integers (most points) skip toFixed, and zeros are trimmed by index, not with a regular
 * expression: this was the engine's hottest line.
 */
function trimmedFixed(x: number, maxDecimals: number): string {
  const abs = Math.abs(x);
  // A safe integer prints its exact digits with String, as with toFixed, whose dot and zeros would all go.
  if (Number.isSafeInteger(abs)) return String(abs);
  const s = abs.toFixed(maxDecimals);
  const dot = s.indexOf('.');
  // No fraction (maxDecimals 0, or exponent notation such as "1e+21"): nothing is a trailing decimal.
  if (dot < 0) return s;
  let end = s.length;
  while (end > dot + 1 && s.charCodeAt(end - 1) === 48 /* 0 */) end--;
  if (end === dot + 1) end = dot;
  return end === s.length ? s : s.slice(0, end);
}

/** The sign, the integer part with thousands separators, the decimal separator and the fraction. */
function localise(x: number, fixed: string, thousands: string, decimal: string): string {
  const dot = fixed.indexOf('.');
  const int = dot < 0 ? fixed : fixed.slice(0, dot);
  const grouped = int.length <= 3 ? int : isDigits(int) ? groupThousands(int, thousands) : int.replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  return `${x < 0 ? '−' : ''}${grouped}${dot < 0 || dot === fixed.length - 1 ? '' : decimal + fixed.slice(dot + 1)}`;
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** "1234567" → "1.234.567": a separator before every group of three digits counted from the right. */
function groupThousands(digits: string, sep: string): string {
  let head = digits.length % 3 || 3;
  let out = digits.slice(0, head);
  for (; head < digits.length; head += 3) out += sep + digits.slice(head, head + 3);
  return out;
}

/** ISO date "2026-06-16" → "16/06/2026" (the Vietnamese order, also used in English text for consistency). */
export function formatIsoDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** A file name part from a unit code or name: letters without diacritics, digits, hyphens (`fallback` when none are left). */
export function fileSafe(s: string, fallback = 'don-vi'): string {
  return (
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || fallback
  );
}
