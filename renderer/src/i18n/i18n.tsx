/** The current language and `t()`, with dd/mm/yyyy dates and Vietnamese number separators in display. */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { formatNumber, type Lang } from '../../../shared/i18n/text';
import { MESSAGES, type MessageKey } from './messages';

export interface I18n {
  lang: Lang;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  num: (x: number, decimals?: number) => string;
  /** A score with exactly two decimals ("96,06", "84,50"), as rankings print them: a list of scores lines up. */
  score: (x: number) => string;
  /** A bilingual text from the engine or the criteria, in the current language. */
  tx: (text: { vi: string; en: string }) => string;
}

export function makeI18n(lang: Lang): I18n {
  return {
    lang,
    t: (key, params) => {
      let s: string = MESSAGES[key][lang];
      if (params) for (const [k, v] of Object.entries(params)) s = s.replaceAll(`{${k}}`, String(v));
      return s;
    },
    num: (x, decimals = 2) => formatNumber(x, lang, decimals),
    score: (x) => {
      const s = formatNumber(x, lang, 2);
      const sep = lang === 'vi' ? ',' : '.';
      const at = s.indexOf(sep);
      return at < 0 ? `${s}${sep}00` : s.length - at === 2 ? `${s}0` : s;
    },
    tx: (t) => t[lang],
  };
}

const Context = createContext<I18n>(makeI18n('vi'));

export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  // One value per language: a new one on every render of the app would re-render every component that reads it.
  const value = useMemo(() => makeI18n(lang), [lang]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export const useI18n = (): I18n => useContext(Context);

