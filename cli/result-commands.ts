/** compare and targets: the analysts' commands, on an evaluation file or an interchange CSV. */
import { readFileSync } from 'node:fs';
import type { LoadedCriteria } from '../shared/criteria/loaded';
import type { PanelAggregate } from '../shared/criteria/types';
import { AGGREGATES } from '../shared/engine/panel';
import type { YearData } from '../shared/engine/score';
import { text } from '../shared/i18n/text';
import { toCsv } from '../shared/interchange/csv';
import { readInterchange } from '../shared/interchange/read';
import type { Problem } from '../shared/problems';
import { compareJson, compareTable, compareYears, type CompareTableKind } from '../shared/results/compare';
import { planTargets, targetsJson, targetsTable } from '../shared/results/targets';
import { FileSession } from '../node/session';
import { criteriaForYear, reason } from './criteria-files';
import { actorOf, done, failed, parse, refused, str, usage, type CliOutput, type Parsed } from './output';

type Source = { kind: 'file'; path: string } | { kind: 'data'; path: string };
type Loaded = { years: { criteria: LoadedCriteria; data: YearData }[]; predecessors: Map<string, string[]> };

const YEAR = /^\d{4}$/;

/** The one source a command reads: an evaluation file (positional) or an interchange CSV (--data). */
function sourceOf(p: Parsed, command: string): Source | string {
  const data = str(p, 'data');
  const file = p.positionals[0];
  if (!data === !file || p.positionals.length > 1) {
    return `${command}: một nguồn: <file.nq57> hoặc --data <file.csv> / ${command}: one source: <file.nq57> or --data <file.csv>`;
  }
  return data ? { kind: 'data', path: data } : { kind: 'file', path: file! };
}

/** --panel, checked: the options to score with, or the usage error. */
function panelOf(p: Parsed): { panel?: PanelAggregate } | string {
  const panel = str(p, 'panel');
  if (panel === undefined) return {};
  if (!(AGGREGATES as readonly string[]).includes(panel)) return `--panel phải là / must be ${AGGREGATES.join('|')}`;
  return { panel: panel as PanelAggregate };
}

/**
 * Each year's criteria set and data, and the units' predecessors. From an evaluation file: the set stored
 * for each year and its units' `predecessors`. From a CSV: the bundled set for each year; a CSV records no
 * mergers, so units are matched by code alone.
 */
async function load(source: Source, years: readonly number[], p: Parsed): Promise<Loaded | CliOutput> {
  if (source.kind === 'file') {
    const session = await FileSession.open(source.path, { actor: actorOf(p), readOnly: true });
    try {
      const out: Loaded['years'] = [];
      for (const year of years) {
        const criteria = session.file.criteriaFor(year);
        if (!criteria) return refused(text(`Tệp chưa có bộ tiêu chí cho năm ${year}`, `The file has no criteria set for ${year}`), source.path);
        out.push({ criteria, data: session.file.yearData(year) });
      }
      const predecessors = new Map(session.file.units().filter((u) => u.predecessors.length > 0).map((u) => [u.code, u.predecessors]));
      return { years: out, predecessors };
    } finally {
      session.close();
    }
  }
  let csv: string;
  try {
    csv = readFileSync(source.path, 'utf8');
  } catch (e) {
    return refused(text(`Không đọc được tệp dữ liệu: ${reason(e)}`, `Cannot read the data file: ${reason(e)}`), source.path);
  }
  const out: Loaded['years'] = [];
  const problems: Problem[] = [];
  for (const year of years) {
    const criteria = criteriaForYear(year);
    if (!criteria) return refused(text(`Không có bộ tiêu chí cho năm ${year} trong criteria/`, `No criteria set for ${year} in criteria/`));
    const read = readInterchange(csv, year, criteria, source.path);
    if (!read.data) problems.push(...read.problems);
    else out.push({ criteria, data: read.data });
  }
  if (problems.length) return failed(problems);
  return { years: out, predecessors: new Map() };
}

function emptyYears(loaded: Loaded): string {
  return loaded.years
    .filter((y) => y.data.units.length === 0)
    .map((y) => `cảnh báo / warning: không có đơn vị nào năm ${y.data.year} / no units in ${y.data.year}\n`)
    .join('');
}

export async function compare(args: readonly string[]): Promise<CliOutput> {
  const p = parse(args, {
    data: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    panel: { type: 'string' },
    table: { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
  });
  if (typeof p === 'string') return usage(p);
  const source = sourceOf(p, 'compare');
  if (typeof source === 'string') return usage(source);
  const [fromText, toText] = [str(p, 'from'), str(p, 'to')];
  if (!fromText || !YEAR.test(fromText) || !toText || !YEAR.test(toText)) {
    return usage('Thiếu hoặc sai --from <YYYY> --to <YYYY> / Missing or invalid --from <YYYY> --to <YYYY>');
  }
  const [from, to] = [Number(fromText), Number(toText)];
  if (from >= to) return usage('--from phải là năm trước --to / --from must be a year before --to');
  if (p.values.json === p.values.csv) return usage('Chọn một trong --json, --csv / Choose one of --json, --csv');
  const table = (str(p, 'table') ?? 'units') as CompareTableKind;
  if (!['units', 'indicators', 'changes'].includes(table)) return usage('--table phải là / must be units|indicators|changes');
  if (p.values.json && str(p, 'table')) return usage('--table chỉ dùng với --csv / --table only goes with --csv');
  const panel = panelOf(p);
  if (typeof panel === 'string') return usage(panel);

  const loaded = await load(source, [from, to], p);
  if ('code' in loaded) return loaded;
  const comparison = compareYears(loaded.years, { predecessors: loaded.predecessors, ...panel });
  const stderr = emptyYears(loaded);
  if (p.values.json) return done(JSON.stringify(compareJson(comparison, from, to), null, 2) + '\n', stderr);
  return done(toCsv(compareTable(comparison, from, to, table), { bom: true }), stderr);
}

export async function targets(args: readonly string[]): Promise<CliOutput> {
  const p = parse(args, {
    data: { type: 'string' },
    year: { type: 'string' },
    panel: { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
  });
  if (typeof p === 'string') return usage(p);
  const source = sourceOf(p, 'targets');
  if (typeof source === 'string') return usage(source);
  const yearText = str(p, 'year');
  if (!yearText || !YEAR.test(yearText)) return usage('Thiếu hoặc sai --year <YYYY> / Missing or invalid --year <YYYY>');
  if (p.values.json === p.values.csv) return usage('Chọn một trong --json, --csv / Choose one of --json, --csv');
  const panel = panelOf(p);
  if (typeof panel === 'string') return usage(panel);

  const loaded = await load(source, [Number(yearText)], p);
  if ('code' in loaded) return loaded;
  const { criteria, data } = loaded.years[0]!;
  const result = planTargets(criteria, data, panel);
  const stderr = emptyYears(loaded);
  if (p.values.json) return done(JSON.stringify(targetsJson(result), null, 2) + '\n', stderr);
  return done(toCsv(targetsTable(result), { bom: true }), stderr);
}
