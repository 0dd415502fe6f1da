/**
 * The interchange table (what units, evaluators and analysts exchange) → each year's units and entries.
 *
 * Columns: year,unit,unit_name,group,indicator,input,value,evaluator,evidence,explanation,accepted,note
 * (any order in a CSV). One row per input value of one entry; an entry is (year, unit, indicator,
 * evaluator), the evaluator being empty for the unit's self-assessment. Codes stay strings exactly as written
 * ("03127", "1.1"). Rows come from a CSV file (`readInterchange`) or a workbook (spreadsheet/), and are
 * validated here, in one place. Every problem is collected, each naming where it is (line or sheet and row,
 * column, value); when there is any, no data is returned, so bad input can never be half-scored or half-imported.
 */
import { parseInput, type InputValue } from '../criteria/inputs';
import type { LoadedCriteria, Scorable } from '../criteria/loaded';
import { text, type Text } from '../i18n/text';
import type { Problem } from '../problems';
import type { Entry, Unit, YearData } from '../engine/score';
import { parseCsv } from './csv';

export const INTERCHANGE_COLUMNS = [
  'year',
  'unit',
  'unit_name',
  'group',
  'indicator',
  'input',
  'value',
  'evaluator',
  'evidence',
  'explanation',
  'accepted',
  'note',
] as const;

export type Column = (typeof INTERCHANGE_COLUMNS)[number];

const YEAR = 0;
const UNIT = 1;
const UNIT_NAME = 2;
const GROUP = 3;
const INDICATOR = 4;
const INPUT = 5;
const VALUE = 6;
const EVALUATOR = 7;
const EVIDENCE = 8;
const EXPLANATION = 9;
const ACCEPTED = 10;
const NOTE = 11;

/** One row of the table: its fields in INTERCHANGE_COLUMNS order and where it came from. */
export interface RawRow {
  /** CSV: the physical line (header = 1). Workbook: the sheet's row number. */
  readonly line: number;
  readonly sheet?: string;
  readonly fields: readonly string[];
}

/** Where rows come from, to name places in problems. */
export interface RowSource {
  readonly file?: string;
  /** How a column is called in this source (a workbook names its letter); default: the column name. */
  readonly columnLabel?: (c: Column, row: RawRow) => string;
}

/** An entry as read, with where it came from: the file import keeps this to report and to audit. */
export interface ReadEntry extends Entry {
  readonly year: number;
  readonly unitName: string;
  readonly group: string;
  readonly firstLine: number;
}

export interface YearRead extends YearData {
  readonly entries: readonly ReadEntry[];
}

export interface TableRead {
  /** Every year read (all of them, or the one asked for); empty when there were problems. */
  readonly years: ReadonlyMap<number, YearRead>;
  readonly problems: Problem[];
  /** Every year present in the source, including years not asked for. */
  readonly yearsPresent: number[];
  readonly rows: number;
}

export interface InterchangeRead {
  /** The requested year's data; null when there were problems. */
  readonly data: YearData | null;
  readonly problems: Problem[];
  /** Years present in the file (including ones not requested). */
  readonly years: number[];
}

interface Draft {
  year: number;
  unit: string;
  code: string;
  evaluator: string | null;
  scorable: Scorable;
  values: Record<string, InputValue | null>;
  lines: Record<string, number>;
  sheet: string | undefined;
  firstLine: number;
  evidence: string;
  explanation: string;
  accepted: boolean;
  note: string;
}

/** Reads a CSV document and keeps the rows of `year`, validated against `criteria` (the set for that year). */
export function readInterchange(source: string, year: number, criteria: LoadedCriteria, file?: string): InterchangeRead {
  const r = readInterchangeCsv(source, { year, criteriaFor: (y) => (y === year ? criteria : null) }, file);
  return { data: r.years.get(year) ?? (r.problems.length ? null : { year, units: [], entries: [] }), problems: r.problems, years: r.yearsPresent };
}

export interface ReadOptions {
  /** Only this year; rows of other years are skipped (but their year must be readable). Default: all years. */
  readonly year?: number;
  /** The criteria set for a year, or null when there is none (rows of that year are then refused). */
  readonly criteriaFor: (year: number) => LoadedCriteria | null;
}

export function readInterchangeCsv(source: string, options: ReadOptions, file?: string): TableRead {
  const parsed = parseCsv(source);
  const problems: Problem[] = parsed.problems.map((p) => (file ? { file, ...p } : p));
  const header = parsed.records[0];
  const at = (line: number, value: string | undefined, message: Text) =>
    problems.push({ ...(file ? { file } : {}), line, ...(value !== undefined ? { value } : {}), message });
  if (!header) {
    at(1, undefined, text('Tệp rỗng: cần dòng tiêu đề ' + INTERCHANGE_COLUMNS.join(','), 'Empty file: a header row is needed: ' + INTERCHANGE_COLUMNS.join(',')));
    return { years: new Map(), problems, yearsPresent: [], rows: 0 };
  }
  const order = headerOrder(header.fields, (value, message) => at(1, value, message));
  if (!order || problems.length > 0) return { years: new Map(), problems, yearsPresent: [], rows: 0 };
  const identity = order.every((p, i) => p === i) && header.fields.length === INTERCHANGE_COLUMNS.length;
  const rows: RawRow[] = [];
  for (let i = 1; i < parsed.records.length; i++) {
    const { line, fields } = parsed.records[i]!;
    if (fields.length !== header.fields.length) {
      at(line, undefined, text(`Dòng có ${fields.length} cột, tiêu đề có ${header.fields.length}`, `The row has ${fields.length} fields, the header ${header.fields.length}`));
      continue;
    }
    rows.push({ line, fields: identity ? fields : order.map((p) => fields[p]!) });
  }
  const r = validateRows(rows, options, file ? { file } : {});
  return { ...r, problems: sortProblems([...problems, ...r.problems]) };
}

/**
 * Maps a header row to the position of each column; reports unknown, repeated and missing columns.
 * Returns null when a column is missing.
 */
export function headerOrder(names: readonly string[], report: (value: string | undefined, message: Text) => void): number[] | null {
  const index = new Map<string, number>();
  names.forEach((raw, i) => {
    const n = raw.trim();
    if (!(INTERCHANGE_COLUMNS as readonly string[]).includes(n)) report(n, text(`Cột không được biết đến "${n}"`, `Unknown column "${n}"`));
    else if (index.has(n)) report(n, text(`Cột "${n}" xuất hiện hai lần`, `Column "${n}" appears twice`));
    else index.set(n, i);
  });
  const missing = INTERCHANGE_COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0) {
    report(undefined, text(`Thiếu cột: ${missing.join(', ')}`, `Missing columns: ${missing.join(', ')}`));
    return null;
  }
  return INTERCHANGE_COLUMNS.map((c) => index.get(c)!);
}

/** Validates rows against the criteria of their year and groups them into units and entries. */
export function validateRows(rows: Iterable<RawRow>, options: ReadOptions, source: RowSource = {}): TableRead {
  const problems: Problem[] = [];
  const file = source.file;
  const at = (row: RawRow, column: Column | undefined, value: string | undefined, message: Text): void => {
    problems.push({
      ...(file ? { file } : {}),
      ...(row.sheet !== undefined ? { sheet: row.sheet } : {}),
      line: row.line,
      ...(column ? { column: source.columnLabel ? source.columnLabel(column, row) : column } : {}),
      ...(value !== undefined ? { value } : {}),
      message,
    });
  };

  const criteriaByYear = new Map<number, LoadedCriteria | null>();
  const units = new Map<string, { name: string; group: string; nameRow: RawRow | null; groupRow: RawRow }>();
  const drafts = new Map<string, Draft>();
  const yearsPresent = new Set<number>();
  let count = 0;

  for (const row of rows) {
    count++;
    const f = row.fields;
    const get = (i: number) => clean(f[i]!);
    const yearText = get(YEAR);
    if (!/^\d{4}$/.test(yearText)) {
      at(row, 'year', yearText, text('Năm không hợp lệ (cần 4 chữ số, ví dụ 2026)', 'Invalid year (four digits expected, e.g. 2026)'));
      continue;
    }
    const year = Number(yearText);
    yearsPresent.add(year);
    if (options.year !== undefined && year !== options.year) continue;
    let criteria = criteriaByYear.get(year);
    if (criteria === undefined) {
      criteria = options.criteriaFor(year);
      criteriaByYear.set(year, criteria);
      if (!criteria) {
        at(row, 'year', yearText, text(`Không có bộ tiêu chí cho năm ${year}`, `No criteria set for ${year}`));
      }
    }
    if (!criteria) continue;

    const unitCode = get(UNIT);
    if (unitCode === '') {
      at(row, 'unit', '', text('Thiếu mã đơn vị', 'Unit code missing'));
      continue;
    }
    const name = get(UNIT_NAME);
    const group = get(GROUP);
    let groupOk = true;
    if (!criteria.set.unitGroups.some((g) => g.code === group)) {
      const groups = criteria.set.unitGroups.map((g) => g.code).join(', ');
      at(row, 'group', group, text(`Khối không hợp lệ; các khối: ${groups}`, `Unknown unit group; the groups are: ${groups}`));
      groupOk = false;
    }
    const unitKey = `${year}\u0000${unitCode}`;
    const known = units.get(unitKey);
    if (!known) {
      if (groupOk) units.set(unitKey, { name, group, nameRow: name ? row : null, groupRow: row });
    } else {
      if (name && known.name && name !== known.name) {
        at(row, 'unit_name', name, text(
          `Đơn vị ${unitCode} đã có tên "${known.name}" ở ${where(known.nameRow!, 'vi')}`,
          `Unit ${unitCode} is already named "${known.name}" on ${where(known.nameRow!, 'en')}`,
        ));
      } else if (name && !known.name) {
        known.name = name;
        known.nameRow = row;
      }
      if (groupOk && group !== known.group) {
        at(row, 'group', group, text(
          `Đơn vị ${unitCode} đã thuộc khối ${known.group} ở ${where(known.groupRow, 'vi')}`,
          `Unit ${unitCode} is already in group ${known.group} on ${where(known.groupRow, 'en')}`,
        ));
        groupOk = false;
      }
    }

    const code = get(INDICATOR);
    const scorable = criteria.scorables.get(code);
    if (!scorable) {
      at(row, 'indicator', code, text(`Chỉ tiêu không có trong bộ tiêu chí ${criteria.set.version}`, `No such indicator in criteria set ${criteria.set.version}`));
      continue;
    }
    if (groupOk && scorable.kind === 'indicator' && !scorable.def.appliesTo.includes(group)) {
      const only = scorable.def.appliesTo.join(', ');
      at(row, 'indicator', code, text(`Chỉ tiêu ${code} không áp dụng cho khối ${group} (chỉ cho ${only})`, `Indicator ${code} does not apply to unit group ${group} (only ${only})`));
      continue;
    }
    const inputText = get(INPUT);
    const inputName = inputText || (scorable.inputs.length === 1 ? scorable.inputs[0]!.name : '');
    const spec = scorable.inputs.find((s) => s.name === inputName);
    if (!spec) {
      const names = scorable.inputs.map((s) => s.name).join(', ');
      at(
        row,
        'input',
        inputText,
        inputName === ''
          ? text(`Chỉ tiêu ${code} có nhiều đầu vào, cần ghi rõ: ${names}`, `Indicator ${code} has several inputs; name one: ${names}`)
          : text(`Chỉ tiêu ${code} không có đầu vào này; các đầu vào: ${names}`, `Indicator ${code} has no such input; its inputs: ${names}`),
      );
      continue;
    }
    const rawValue = get(VALUE);
    const parsedValue = parseInput(spec, rawValue);
    if (!parsedValue.ok) at(row, 'value', rawValue, parsedValue.message);

    const acceptedText = get(ACCEPTED);
    let accepted = false;
    if (acceptedText === '1') accepted = true;
    else if (acceptedText !== '' && acceptedText !== '0') {
      at(row, 'accepted', acceptedText, text('accepted phải là 1 (chấp nhận giải trình), 0 hoặc để trống', 'accepted must be 1 (explanation accepted), 0 or empty'));
    }
    if (!parsedValue.ok || !groupOk) continue;

    const evaluatorText = get(EVALUATOR);
    const key = `${year}\u0000${unitCode}\u0000${code}\u0000${evaluatorText}`;
    let d = drafts.get(key);
    if (!d) {
      d = {
        year,
        unit: unitCode,
        code,
        evaluator: evaluatorText === '' ? null : evaluatorText,
        scorable,
        values: {},
        lines: {},
        sheet: row.sheet,
        firstLine: row.line,
        evidence: '',
        explanation: '',
        accepted: false,
        note: '',
      };
      drafts.set(key, d);
    }
    if (d.lines[spec.name] !== undefined) {
      const prev = { line: d.lines[spec.name]!, ...(d.sheet !== undefined ? { sheet: d.sheet } : {}), fields: [] };
      at(row, 'input', spec.name, text(
        `Trùng với ${where(prev, 'vi')}: cùng năm, đơn vị, chỉ tiêu, đầu vào và người chấm`,
        `Duplicates ${where(prev, 'en')}: same year, unit, indicator, input and evaluator`,
      ));
      continue;
    }
    d.values[spec.name] = parsedValue.value;
    d.lines[spec.name] = row.line;
    // Each row may carry its own document (the two reports of 1.4 have two): keep every distinct one.
    const merge = (field: 'evidence' | 'explanation' | 'note', value: string) => {
      if (value === '' || d![field] === value || d![field].split('; ').includes(value)) return;
      d![field] = d![field] ? `${d![field]}; ${value}` : value;
    };
    merge('evidence', get(EVIDENCE));
    merge('explanation', get(EXPLANATION));
    merge('note', get(NOTE));
    if (accepted) d.accepted = true;
  }

  const entriesByYear = new Map<number, ReadEntry[]>();
  for (const d of drafts.values()) {
    const u = units.get(`${d.year}\u0000${d.unit}`)!;
    const entry = finishEntry(d, u.name || d.unit, u.group, (line, column, value, message) =>
      at({ line, ...(d.sheet !== undefined ? { sheet: d.sheet } : {}), fields: [] }, column, value, message),
    );
    if (!entry) continue;
    const list = entriesByYear.get(d.year);
    if (list) list.push(entry);
    else entriesByYear.set(d.year, [entry]);
  }
  const sortedYears = [...yearsPresent].sort();
  if (problems.length > 0) return { years: new Map(), problems: sortProblems(problems), yearsPresent: sortedYears, rows: count };
  const years = new Map<number, YearRead>();
  for (const [key, u] of units) {
    const year = Number(key.slice(0, 4));
    const code = key.slice(5);
    let y = years.get(year);
    if (!y) years.set(year, (y = { year, units: [], entries: entriesByYear.get(year) ?? [] }));
    (y.units as Unit[]).push({ code, name: u.name || code, group: u.group });
  }
  return { years, problems, yearsPresent: sortedYears, rows: count };
}

/**
 * Trimmed, in Unicode NFC. Text typed on Windows and macOS can spell "ộ" as one code point or as "o" plus
 * combining marks; both must match. Normalising only text that holds combining marks keeps this cheap
 * (normalize() allocates, and a province file has hundreds of thousands of fields).
 */
const COMBINING = /[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/;
export function clean(v: string): string {
  if (v === '') return v;
  const t = v.trim();
  return COMBINING.test(t) ? t.normalize('NFC') : t;
}

function where(row: Pick<RawRow, 'line' | 'sheet'>, lang: 'vi' | 'en'): string {
  if (row.sheet !== undefined) return lang === 'vi' ? `trang "${row.sheet}" dòng ${row.line}` : `sheet "${row.sheet}" row ${row.line}`;
  return lang === 'vi' ? `dòng ${row.line}` : `line ${row.line}`;
}

/** Entry-level checks that need all of an entry's rows: both halves of a ratio, numerator ≤ denominator. */
function finishEntry(
  d: Draft,
  unitName: string,
  group: string,
  at: (line: number, column: Column | undefined, value: string | undefined, message: Text) => void,
): ReadEntry | null {
  const s = d.scorable;
  const rule = s.kind === 'indicator' ? s.def.rule : null;
  if (rule && (rule.type === 'ratio-target' || rule.type === 'ratio-brackets')) {
    const n = d.values.numerator;
    const den = d.values.denominator;
    const has = (v: InputValue | null | undefined) => v !== null && v !== undefined;
    if (has(n) !== has(den)) {
      const present = has(n) ? 'numerator' : 'denominator';
      const absent = has(n) ? 'denominator' : 'numerator';
      at(d.lines[present]!, 'input', present, text(
        `Tỷ lệ ${d.code} chỉ có ${present === 'numerator' ? 'tử số' : 'mẫu số'}, thiếu ${absent === 'numerator' ? 'tử số' : 'mẫu số'}`,
        `Ratio ${d.code} has its ${present} but no ${absent}`,
      ));
      return null;
    }
    if (typeof n === 'number' && typeof den === 'number' && n > den && den > 0 && !rule.allowOver) {
      at(d.lines.numerator!, 'value', String(n), text(
        `Tử số ${n} lớn hơn mẫu số ${den} (dòng ${d.lines.denominator}); chỉ tiêu ${d.code} không cho phép vượt 100%`,
        `Numerator ${n} is above the denominator ${den} (line ${d.lines.denominator}); indicator ${d.code} does not allow more than 100%`,
      ));
      return null;
    }
    if (typeof n === 'number' && den === 0 && n > 0) {
      at(d.lines.numerator!, 'value', String(n), text(
        `Mẫu số bằng 0 (dòng ${d.lines.denominator}) nhưng tử số là ${n}`,
        `The denominator is 0 (line ${d.lines.denominator}) but the numerator is ${n}`,
      ));
      return null;
    }
  }
  const isDate = rule?.type === 'date-deadline';
  const anyValue = Object.values(d.values).some((v) => v !== null && v !== undefined);
  // An empty date means "not issued / not submitted", which is information; any other all-empty entry is no entry.
  if (!anyValue && !isDate) return null;
  return {
    unit: d.unit,
    code: d.code,
    evaluator: d.evaluator,
    values: d.values,
    evidence: d.evidence,
    explanation: d.explanation,
    accepted: d.accepted,
    note: d.note,
    year: d.year,
    unitName,
    group,
    firstLine: d.firstLine,
  };
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems
    .map((p, i) => [p, i] as const)
    .sort(([a, i], [b, j]) => (a.sheet ?? '').localeCompare(b.sheet ?? '') || (a.line ?? 0) - (b.line ?? 0) || i - j)
    .map(([p]) => p);
}
