/** The CLI as a function of its arguments, so tests can run it in-process; main.ts does the real I/O. */
import { readFileSync } from 'node:fs';
import { AGGREGATES } from '../shared/engine/panel';
import { scoreYear } from '../shared/engine/score';
import type { PanelAggregate } from '../shared/criteria/types';
import { toCsv } from '../shared/interchange/csv';
import { readInterchange } from '../shared/interchange/read';
import { formatProblem, type Problem } from '../shared/problems';
import { rankingTable, scoreJson } from '../shared/results/present';
import { text } from '../shared/i18n/text';
import { criteriaForYear, readCriteriaFile, reason } from './criteria-files';

export interface CliOutput {
  code: number;
  stdout: string;
  stderr: string;
}

export const USAGE = `Cách dùng / Usage:
  npm run -s cli -- validate <criteria-file>
  npm run -s cli -- score --data <file.csv> --year <Y> [--criteria <file>] [--panel mean|median|trimmed] [--lang vi|en] (--json | --csv)
`;

const usage = (why: string): CliOutput => ({ code: 2, stdout: '', stderr: `${why}\n${USAGE}` });
const failed = (problems: readonly Problem[]): CliOutput => ({ code: 1, stdout: '', stderr: problems.map(formatProblem).join('\n') + '\n' });

export function runCli(argv: readonly string[]): CliOutput {
  const [command, ...rest] = argv;
  switch (command) {
    case 'validate':
      return validate(rest);
    case 'score':
      return score(rest);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      return { code: command === undefined ? 2 : 0, stdout: command === undefined ? '' : USAGE, stderr: command === undefined ? USAGE : '' };
    default:
      return usage(`Lệnh không được biết đến / Unknown command: ${command}`);
  }
}

function validate(args: readonly string[]): CliOutput {
  if (args.length !== 1) return usage('validate cần đúng một tệp tiêu chí / validate takes exactly one criteria file');
  const r = readCriteriaFile(args[0]!);
  if (!r.ok) return failed(r.problems);
  const { id, version, sha256 } = r.value.ident;
  return { code: 0, stdout: `${args[0]}: hợp lệ / valid — ${id} ${version} sha256:${sha256}\n`, stderr: '' };
}

interface ScoreArgs {
  data?: string;
  year?: string;
  criteria?: string;
  panel?: string;
  lang?: string;
  format?: 'json' | 'csv';
}

function parseScoreArgs(args: readonly string[]): ScoreArgs | string {
  const out: ScoreArgs = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json' || a === '--csv') {
      if (out.format) return 'Chỉ chọn một trong --json, --csv / Choose one of --json, --csv';
      out.format = a === '--json' ? 'json' : 'csv';
      continue;
    }
    const m = /^--(data|year|criteria|panel|lang)(?:=(.*))?$/.exec(a);
    if (!m) return `Tham số không được biết đến / Unknown argument: ${a}`;
    const value = m[2] ?? args[++i];
    if (value === undefined) return `Thiếu giá trị cho / Missing value for ${a}`;
    out[m[1] as 'data' | 'year' | 'criteria' | 'panel' | 'lang'] = value;
  }
  return out;
}

function score(args: readonly string[]): CliOutput {
  const a = parseScoreArgs(args);
  if (typeof a === 'string') return usage(a);
  if (!a.data) return usage('Thiếu --data <file.csv> / Missing --data <file.csv>');
  if (!a.year || !/^\d{4}$/.test(a.year)) return usage('Thiếu hoặc sai --year <YYYY> / Missing or invalid --year <YYYY>');
  if (!a.format) return usage('Chọn --json hoặc --csv / Choose --json or --csv');
  const panel = (a.panel ?? undefined) as PanelAggregate | undefined;
  if (panel !== undefined && !AGGREGATES.includes(panel)) return usage(`--panel phải là / must be ${AGGREGATES.join('|')}`);
  const lang = a.lang ?? 'vi';
  if (lang !== 'vi' && lang !== 'en') return usage('--lang phải là vi hoặc en / must be vi or en');
  const year = Number(a.year);

  let criteria;
  if (a.criteria) {
    const r = readCriteriaFile(a.criteria);
    if (!r.ok) return failed(r.problems);
    criteria = r.value;
    if (criteria.set.year !== year) {
      return failed([{ file: a.criteria, path: 'year', message: text(`Bộ tiêu chí dành cho năm ${criteria.set.year}, không phải ${year}`, `The criteria set is for ${criteria.set.year}, not ${year}`) }]);
    }
  } else {
    criteria = criteriaForYear(year);
    if (!criteria) {
      return failed([{ message: text(`Không có bộ tiêu chí cho năm ${year} trong criteria/; chỉ định --criteria <tệp>`, `No criteria set for ${year} in criteria/; pass --criteria <file>`) }]);
    }
  }

  let source: string;
  try {
    source = readFileSync(a.data, 'utf8');
  } catch (e) {
    return failed([{ file: a.data, message: text(`Không đọc được tệp dữ liệu: ${reason(e)}`, `Cannot read the data file: ${reason(e)}`) }]);
  }
  const read = readInterchange(source, year, criteria, a.data);
  if (!read.data) return failed(read.problems);
  const notes: string[] = [];
  if (read.data.units.length === 0) {
    const others = read.years.length ? ` (${read.years.join(', ')})` : '';
    notes.push(`Không có dòng nào của năm ${year}${others} / No rows for ${year}${others}`);
  }
  const result = scoreYear(criteria, read.data, panel ? { panel } : {});
  notes.push(...warningSummary(result));
  const stderr = notes.length ? notes.map((n) => `cảnh báo / warning: ${n}`).join('\n') + '\n' : '';
  if (a.format === 'json') return { code: 0, stdout: JSON.stringify(scoreJson(result, lang), null, 2) + '\n', stderr };
  const groupCodes = criteria.set.groups.map((g) => g.code);
  return { code: 0, stdout: toCsv(rankingTable(result, groupCodes), { bom: true }), stderr };
}

/** One line per indicator with warnings (e.g. scale judgements without a reason), naming the units. */
function warningSummary(result: ReturnType<typeof scoreYear>): string[] {
  type Summary = { units: string[]; count: number; first: { vi: string; en: string } };
  const byCode = new Map<string, Summary>();
  for (const u of result.units) {
    for (const i of [...u.indicators, ...u.items]) {
      if (i.warnings.length === 0) continue;
      const w: Summary = byCode.get(i.code) ?? { units: [], count: 0, first: i.warnings[0]! };
      w.units.push(u.unit.code);
      w.count += i.warnings.length;
      byCode.set(i.code, w);
    }
  }
  return [...byCode].map(([code, w]) =>
    w.count === 1
      ? `${w.units[0]} ${code}: ${w.first.vi} | ${w.first.en}`
      : `${code}: ${w.count} mục thiếu lý do bằng văn bản ở ${w.units.length} đơn vị (${w.units.join(', ')}) | ${w.count} entries without a written reason in ${w.units.length} units`,
  );
}
