import type { Text } from './i18n/text';

/**
 * Something wrong with user-supplied input (a criteria file, a CSV, a workbook), located precisely enough
 * that the person can find and fix it: the file, then either a path inside a JSON document or a line and
 * column of a table, and the offending value.
 */
export interface Problem {
  readonly file?: string;
  /** JSON path inside a criteria file, e.g. `indicators[3].rule.brackets`. */
  readonly path?: string;
  /** Sheet of a workbook; `line` is then the sheet's row number. */
  readonly sheet?: string;
  /** 1-based line of a CSV file, the header being line 1; the row number within `sheet` for a workbook. */
  readonly line?: number;
  readonly column?: string;
  readonly value?: string;
  readonly message: Text;
}

function location(p: Problem, lang: 'vi' | 'en'): string {
  const parts: string[] = [];
  if (p.file) parts.push(p.file);
  if (p.path) parts.push(p.path);
  if (p.sheet !== undefined) parts.push(lang === 'vi' ? `trang "${p.sheet}"` : `sheet "${p.sheet}"`);
  if (p.line !== undefined) {
    const row = p.sheet !== undefined ? (lang === 'vi' ? 'dòng' : 'row') : lang === 'vi' ? 'dòng' : 'line';
    parts.push(`${row} ${p.line}`);
  }
  if (p.column !== undefined) parts.push(lang === 'vi' ? `cột ${p.column}` : `column ${p.column}`);
  if (p.value !== undefined) parts.push(`"${p.value}"`);
  return parts.join(', ');
}

/** One line per problem, Vietnamese first then English, e.g. for stderr. */
export function formatProblem(p: Problem): string {
  return `${formatProblemIn(p, 'vi')} | ${formatProblemIn(p, 'en')}`;
}

export function formatProblemIn(p: Problem, lang: 'vi' | 'en'): string {
  const where = location(p, lang);
  return where ? `${where}: ${p.message[lang]}` : p.message[lang];
}

export type Result<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };
