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
  const [int = '0', frac] = Math.abs(x).toFixed(maxDecimals).replace(/\.?0+$/, '').split('.');
  const thousands = lang === 'vi' ? '.' : ',';
  const decimal = lang === 'vi' ? ',' : '.';
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  return `${x < 0 ? '−' : ''}${grouped}${frac ? decimal + frac : ''}`;
}

export const bothNumbers = (x: number, maxDecimals = 2): Text => ({
  vi: formatNumber(x, 'vi', maxDecimals),
  en: formatNumber(x, 'en', maxDecimals),
});

/** ISO date "2026-06-16" → "16/06/2026" (the Vietnamese order, also used in English text for consistency). */
export function formatIsoDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}
