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
import { parseInput, type InputSpec, type InputValue, type ParsedInput } from '../criteria/inputs';
import type { LoadedCriteria, Scorable } from '../criteria/loaded';
import { text, type Text } from '../i18n/text';
import type { Problem } from '../problems';
import type { Entry, Unit, YearData } from '../engine/score';
import { readCsvRecords, type CsvRecord } from './csv';

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
  const table = new CsvTable(options, file);
  const parseProblems = readCsvRecords(source, toTable, table, { reuse: true });
  return table.finish(parseProblems);
}

const toTable = (record: CsvRecord, table: CsvTable): void => table.record(record);

/**
 * A CSV interchange table read record by record: the header, then each row, checked for its field count and
 * handed to the validator. Records are validated as they are parsed, so none is kept (the CSV reader reuses
 * one array for them all); but as before, a CSV problem anywhere in the file (or a bad header) means only
 * those problems are reported, so the rows' verdicts wait for the end.
 */
class CsvTable {
  /** Instances kept so that V8 keeps their shapes (see keepShapes at the end of this file). */
  static kept: readonly object[] = [];
  private headerLength: number | undefined = undefined;
  private order: number[] | null = null;
  private identity = false;
  private readonly headerProblems: Problem[] = [];
  private readonly rowProblems: Problem[] = [];
  private readonly validator: RowValidator;

  constructor(
    options: ReadOptions,
    private readonly file: string | undefined,
  ) {
    this.validator = new RowValidator(options, file ? { file } : {});
  }

  private at(to: Problem[], line: number, value: string | undefined, message: Text): void {
    const file = this.file;
    to.push({ ...(file ? { file } : {}), line, ...(value !== undefined ? { value } : {}), message });
  }

  record(record: CsvRecord): void {
    if (this.headerLength === undefined) {
      this.headerLength = record.fields.length;
      this.order = headerOrder(record.fields, (value, message) => this.at(this.headerProblems, 1, value, message));
      this.identity = this.order !== null && this.order.every((p, i) => p === i) && this.headerLength === INTERCHANGE_COLUMNS.length;
      return;
    }
    const order = this.order;
    if (!order || this.headerProblems.length > 0) return;
    const { line, fields } = record;
    if (fields.length !== this.headerLength) {
      this.at(this.rowProblems, line, undefined, text(`Dòng có ${fields.length} cột, tiêu đề có ${this.headerLength}`, `The row has ${fields.length} fields, the header ${this.headerLength}`));
      return;
    }
    // Columns in the standard order: the record is the row, no copy.
    this.validator.add(this.identity ? record : { line, fields: order.map((p) => fields[p]!) });
  }

  finish(parseProblems: Problem[]): TableRead {
    const file = this.file;
    const problems: Problem[] = parseProblems.map((p) => (file ? { file, ...p } : p));
    if (this.headerLength === undefined) {
      this.at(problems, 1, undefined, text('Tệp rỗng: cần dòng tiêu đề ' + INTERCHANGE_COLUMNS.join(','), 'Empty file: a header row is needed: ' + INTERCHANGE_COLUMNS.join(',')));
      return { years: new Map(), problems, yearsPresent: [], rows: 0 };
    }
    problems.push(...this.headerProblems);
    if (!this.order || problems.length > 0) return { years: new Map(), problems, yearsPresent: [], rows: 0 };
    const r = this.validator.finish();
    return { ...r, problems: sortProblems([...this.rowProblems, ...r.problems]) };
  }
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
  const validator = new RowValidator(options, source);
  for (const row of rows) validator.add(row);
  return validator.finish();
}

/** A unit as read: its name and group, where they were first given, and its entries so far. */
interface UnitRead {
  readonly year: number;
  readonly code: string;
  name: string;
  readonly group: string;
  /** Where the name and the group were first given (not the rows: the CSV reader reuses them). */
  nameRow: Place | null;
  readonly groupRow: Place;
  /** Its first entry of each indicator code; the others (one per evaluator) follow it (`EntryRead.next`). */
  readonly entries: Map<string, EntryRead>;
}

/**
 * The row-by-row validation behind `validateRows`, fed one row at a time (`add`) so that a CSV can be
 * validated while it is parsed. Rows of one unit and one entry come together in practice, so each row is
 * first compared with the rows just before: a repeated field is not cleaned again, a repeated value not
 * parsed again, a repeated unit, item or entry not looked up again. Every check still runs on every row, in
 * the same order, with the same messages.
 */
class RowValidator {
  private readonly problems: Problem[] = [];
  private readonly criteriaByYear = new Map<number, LoadedCriteria | null>();
  /** Units by year, then by code, in the order first seen. */
  private readonly units = new Map<number, Map<string, UnitRead>>();
  /** Every entry in the order first seen (the order of the result), linked through `EntryRead.following`. */
  private firstEntry: EntryRead | null = null;
  private lastCreated: EntryRead | null = null;
  private readonly yearsPresent = new Set<number>();
  private count = 0;
  // The rows before: recent raw fields and their cleaned values (RECENT per column), the year, unit and entry.
  private readonly recentRaw: (string | undefined)[] = new Array(INTERCHANGE_COLUMNS.length * RECENT).fill(undefined);
  private readonly recentClean: string[] = new Array(INTERCHANGE_COLUMNS.length * RECENT).fill('');
  /** Cleaned values of the columns with few distinct values, by raw text: each distinct text cleaned once, one string kept. */
  private readonly known: (Map<string, string> | undefined)[] = MEMO_COLUMNS.map((memo) => (memo ? new Map() : undefined));
  /** The last valid year text and its number (only a valid year is remembered: every invalid one is reported). */
  private lastYearText: string | undefined;
  private lastYear = 0;
  private lastUnit: UnitRead | undefined;
  private lastEntry: EntryRead | undefined;
  private readonly parsed = new Map<InputSpec, Map<string, ParsedInput>>();
  private lastSpec: InputSpec | undefined;
  private lastValueText = '';
  private lastParsed: ParsedInput | undefined;
  private lastCode = '';
  private lastCriteria: LoadedCriteria | undefined;
  private lastScorable: Scorable | undefined;

  constructor(
    private readonly options: ReadOptions,
    private readonly source: RowSource,
  ) {}

  private at(row: RawRow, column: Column | undefined, value: string | undefined, message: Text): void {
    const { file, columnLabel } = this.source;
    this.problems.push({
      ...(file ? { file } : {}),
      ...(row.sheet !== undefined ? { sheet: row.sheet } : {}),
      line: row.line,
      ...(column ? { column: columnLabel ? columnLabel(column, row) : column } : {}),
      ...(value !== undefined ? { value } : {}),
      message,
    });
  }

  /**
   * The field in column i, cleaned. A field equal to one of the column's last RECENT values is not cleaned
   * again; in the columns of MEMO_COLUMNS no text is cleaned twice, and equal texts give one string (the
   * entries then share it).
   */
  private get(fields: readonly string[], i: number): string {
    const raw = fields[i]!;
    if (raw === '') return raw; // clean('') is '': many optional columns are empty
    const recentRaw = this.recentRaw;
    const recentClean = this.recentClean;
    const first = i * RECENT;
    for (let k = first; k < first + RECENT; k++) if (recentRaw[k] === raw) return recentClean[k]!;
    const known = this.known[i];
    let v = known?.get(raw);
    if (v === undefined) {
      v = clean(raw);
      known?.set(raw, v);
    }
    for (let k = first + RECENT - 1; k > first; k--) {
      recentRaw[k] = recentRaw[k - 1];
      recentClean[k] = recentClean[k - 1]!;
    }
    recentRaw[first] = raw;
    recentClean[first] = v;
    return v;
  }

  /** The year of a row, or null (reported) when it is not four digits. */
  private year(row: RawRow): number | null {
    const yearText = this.get(row.fields, YEAR);
    if (yearText === this.lastYearText) return this.lastYear;
    if (!/^\d{4}$/.test(yearText)) {
      this.at(row, 'year', yearText, text('Năm không hợp lệ (cần 4 chữ số, ví dụ 2026)', 'Invalid year (four digits expected, e.g. 2026)'));
      return null;
    }
    this.lastYearText = yearText;
    this.lastYear = Number(yearText);
    this.yearsPresent.add(this.lastYear);
    return this.lastYear;
  }

  private criteria(row: RawRow, year: number): LoadedCriteria | null {
    let criteria = this.criteriaByYear.get(year);
    if (criteria === undefined) {
      criteria = this.options.criteriaFor(year);
      this.criteriaByYear.set(year, criteria);
      if (!criteria) this.at(row, 'year', this.get(row.fields, YEAR), text(`Không có bộ tiêu chí cho năm ${year}`, `No criteria set for ${year}`));
    }
    return criteria;
  }

  /** The criteria's item of that code; rows of one item come together. */
  private scorable(criteria: LoadedCriteria, code: string): Scorable | undefined {
    if (code !== this.lastCode || criteria !== this.lastCriteria) {
      this.lastCode = code;
      this.lastCriteria = criteria;
      this.lastScorable = criteria.scorables.get(code);
    }
    return this.lastScorable;
  }

  /**
   * parseInput, remembered per input and text: values repeat (1/0, choice codes, dates, small counts). Only
   * accepted values are remembered, so each refused one still gets a problem (and a message) of its own.
   */
  private parse(spec: InputSpec, raw: string): ParsedInput {
    // The panel often enters what the unit entered: the row before is the first place to look.
    if (spec === this.lastSpec && raw === this.lastValueText) return this.lastParsed!;
    let bySpec = this.parsed.get(spec);
    if (!bySpec) this.parsed.set(spec, (bySpec = new Map()));
    let r = bySpec.get(raw);
    if (!r) {
      r = parseInput(spec, raw);
      if (!r.ok) return r;
      bySpec.set(raw, r);
    }
    this.lastSpec = spec;
    this.lastValueText = raw;
    this.lastParsed = r;
    return r;
  }

  private unit(year: number, code: string): UnitRead | undefined {
    const last = this.lastUnit;
    if (last && last.year === year && last.code === code) return last;
    return this.units.get(year)?.get(code);
  }

  add(row: RawRow): void {
    this.count++;
    const f = row.fields;
    // year() has recorded it among the years present.
    const year = this.year(row);
    if (year === null) return;
    if (this.options.year !== undefined && year !== this.options.year) return;
    const criteria = this.criteria(row, year);
    if (!criteria) return;

    const unitCode = this.get(f, UNIT);
    if (unitCode === '') {
      this.at(row, 'unit', '', text('Thiếu mã đơn vị', 'Unit code missing'));
      return;
    }
    const name = this.get(f, UNIT_NAME);
    const group = this.get(f, GROUP);
    let groupOk = true;
    if (!isUnitGroup(criteria, group)) {
      const groups = criteria.set.unitGroups.map((g) => g.code).join(', ');
      this.at(row, 'group', group, text(`Khối không hợp lệ; các khối: ${groups}`, `Unknown unit group; the groups are: ${groups}`));
      groupOk = false;
    }
    const known = this.unit(year, unitCode);
    let unit: UnitRead | undefined = known;
    if (!known) {
      if (groupOk) unit = this.newUnit(year, unitCode, name, group, row);
    } else {
      if (name && known.name && name !== known.name) {
        this.at(row, 'unit_name', name, text(
          `Đơn vị ${unitCode} đã có tên "${known.name}" ở ${where(known.nameRow!, 'vi')}`,
          `Unit ${unitCode} is already named "${known.name}" on ${where(known.nameRow!, 'en')}`,
        ));
      } else if (name && !known.name) {
        known.name = name;
        known.nameRow = place(row);
      }
      if (groupOk && group !== known.group) {
        this.at(row, 'group', group, text(
          `Đơn vị ${unitCode} đã thuộc khối ${known.group} ở ${where(known.groupRow, 'vi')}`,
          `Unit ${unitCode} is already in group ${known.group} on ${where(known.groupRow, 'en')}`,
        ));
        groupOk = false;
      }
    }
    if (unit) this.lastUnit = unit;

    const code = this.get(f, INDICATOR);
    const scorable = this.scorable(criteria, code);
    if (!scorable) {
      this.at(row, 'indicator', code, text(`Chỉ tiêu không có trong bộ tiêu chí ${criteria.set.version}`, `No such indicator in criteria set ${criteria.set.version}`));
      return;
    }
    if (groupOk && scorable.kind === 'indicator' && !scorable.def.appliesTo.includes(group)) {
      const only = scorable.def.appliesTo.join(', ');
      this.at(row, 'indicator', code, text(`Chỉ tiêu ${code} không áp dụng cho khối ${group} (chỉ cho ${only})`, `Indicator ${code} does not apply to unit group ${group} (only ${only})`));
      return;
    }
    const inputText = this.get(f, INPUT);
    const inputName = inputText || (scorable.inputs.length === 1 ? scorable.inputs[0]!.name : '');
    const spec = inputNamed(scorable, inputName);
    if (!spec) {
      const names = scorable.inputs.map((s) => s.name).join(', ');
      this.at(
        row,
        'input',
        inputText,
        inputName === ''
          ? text(`Chỉ tiêu ${code} có nhiều đầu vào, cần ghi rõ: ${names}`, `Indicator ${code} has several inputs; name one: ${names}`)
          : text(`Chỉ tiêu ${code} không có đầu vào này; các đầu vào: ${names}`, `Indicator ${code} has no such input; its inputs: ${names}`),
      );
      return;
    }
    const rawValue = this.get(f, VALUE);
    const parsedValue = this.parse(spec, rawValue);
    if (!parsedValue.ok) this.at(row, 'value', rawValue, parsedValue.message);

    const acceptedText = this.get(f, ACCEPTED);
    let accepted = false;
    if (acceptedText === '1') accepted = true;
    else if (acceptedText !== '' && acceptedText !== '0') {
      this.at(row, 'accepted', acceptedText, text('accepted phải là 1 (chấp nhận giải trình), 0 hoặc để trống', 'accepted must be 1 (explanation accepted), 0 or empty'));
    }
    if (!parsedValue.ok || !groupOk) return;

    // groupOk: the unit is known (it was registered by this row or an earlier one).
    const d = this.entry(unit!, scorable, this.get(f, EVALUATOR), spec.name, row);
    const line = d.lineOf(spec.name);
    if (line !== undefined) {
      const prev = { line, ...(d.sheet !== undefined ? { sheet: d.sheet } : {}), fields: [] };
      this.at(row, 'input', spec.name, text(
        `Trùng với ${where(prev, 'vi')}: cùng năm, đơn vị, chỉ tiêu, đầu vào và người chấm`,
        `Duplicates ${where(prev, 'en')}: same year, unit, indicator, input and evaluator`,
      ));
      return;
    }
    d.set(spec.name, parsedValue.value, row.line);
    // Each row may carry its own document (the two reports of 1.4 have two): keep every distinct one.
    d.evidence = mergeText(d.evidence, this.get(f, EVIDENCE));
    d.explanation = mergeText(d.explanation, this.get(f, EXPLANATION));
    d.note = mergeText(d.note, this.get(f, NOTE));
    if (accepted) d.accepted = true;
  }

  private newUnit(year: number, code: string, name: string, group: string, row: RawRow): UnitRead {
    const unit: UnitRead = { year, code, name, group, nameRow: name ? place(row) : null, groupRow: place(row), entries: new Map() };
    let byCode = this.units.get(year);
    if (!byCode) this.units.set(year, (byCode = new Map()));
    byCode.set(code, unit);
    return unit;
  }

  /** The entry (unit, indicator, evaluator) this row belongs to, started if it is the first row of it. */
  private entry(unit: UnitRead, scorable: Scorable, evaluatorText: string, input: string, row: RawRow): EntryRead {
    const evaluator = evaluatorText === '' ? null : evaluatorText;
    const last = this.lastEntry;
    if (last && last.isOf(unit, scorable.code, evaluator)) return last;
    const first = unit.entries.get(scorable.code);
    let d = first?.withEvaluator(evaluator);
    if (!d) {
      d = new EntryRead(unit, scorable, evaluator, input, row);
      if (first) first.append(d);
      else unit.entries.set(scorable.code, d);
      if (this.lastCreated) this.lastCreated.following = d;
      else this.firstEntry = d;
      this.lastCreated = d;
    }
    this.lastEntry = d;
    return d;
  }

  finish(): TableRead {
    const entriesByYear = new Map<number, ReadEntry[]>();
    let d: EntryRead;
    const at = (line: number, column: Column | undefined, value: string | undefined, message: Text) =>
      this.at({ line, ...(d.sheet !== undefined ? { sheet: d.sheet } : {}), fields: [] }, column, value, message);
    for (let next = this.firstEntry; next; ) {
      d = next;
      next = d.following;
      const entry = d.finish(at);
      if (!entry) continue;
      const list = entriesByYear.get(d.year);
      if (list) list.push(entry);
      else entriesByYear.set(d.year, [entry]);
    }
    const sortedYears = [...this.yearsPresent].sort();
    const problems = this.problems;
    if (problems.length > 0) return { years: new Map(), problems: sortProblems(problems), yearsPresent: sortedYears, rows: this.count };
    const years = new Map<number, YearRead>();
    for (const [year, byCode] of this.units) {
      const units: Unit[] = [];
      for (const u of byCode.values()) units.push({ code: u.code, name: u.name || u.code, group: u.group });
      years.set(year, { year, units, entries: entriesByYear.get(year) ?? [] });
    }
    return { years, problems, yearsPresent: sortedYears, rows: this.count };
  }
}

/** Where no line was recorded: what the plain {} that used to hold the lines answered. */
const NO_LINES: Readonly<Record<string, number | undefined>> = {};

/**
 * The columns whose cleaned values are remembered by raw text: few distinct values, repeated on many rows
 * (the rows of one unit, the panel's names, indicator codes). Not the free texts; not the values, whose
 * parsed form is remembered instead (RowValidator.parse).
 */
const MEMO_COLUMNS: readonly boolean[] = INTERCHANGE_COLUMNS.map((c) => !['value', 'evidence', 'explanation', 'note'].includes(c));

/** Values remembered per column besides those: rows of one unit cycle through its panel, a handful of people. */
const RECENT = 4;

/**
 * An entry as its rows are read, and then the entry handed out. Its public fields are ReadEntry's, assigned
 * in the order the plain object had them (so keys and JSON are as before); what only reading needs is in
 * private (#) fields, invisible to keys, JSON, spread and structured clone, and let go when the entry is
 * finished. There used to be a draft per entry and then a copy of it; a national file has 350,000 entries,
 * and a second object per entry for the reading state cost more to allocate than its few slots cost to keep.
 */
class EntryRead implements ReadEntry {
  readonly unit: string;
  readonly code: string;
  readonly evaluator: string | null;
  readonly values: Record<string, InputValue | null>;
  evidence: string;
  explanation: string;
  accepted: boolean;
  note: string;
  readonly year: number;
  /** Known once every row is read (a later row may name the unit). */
  unitName: string;
  group: string;
  readonly firstLine: number;
  #unit: UnitRead | null;
  #scorable: Scorable | null;
  readonly #sheet: string | undefined;
  /** The input of the first row (its line is firstLine); the lines of any other inputs. */
  readonly #firstInput: string;
  #moreLines: Record<string, number> | null;
  /** Some input has a value (not every one is empty). */
  #anyValue: boolean;
  /** The next entry of the same unit and indicator (another evaluator's), in the order first seen. */
  #next: EntryRead | null;
  /**
   * The entry first seen after this one, of any unit: the order of the result. A link rather than a growing
   * array of every entry, which a national file made hundreds of thousands of slots long.
   */
  #following: EntryRead | null = null;

  constructor(unit: UnitRead, scorable: Scorable, evaluator: string | null, input: string, row: RawRow) {
    // Every public field is assigned here, in order, none by an initializer: the key order then does not
    // depend on how the compiler emits class fields.
    this.unit = unit.code;
    // The criteria's own code string, equal to the field: one string for all entries, not one per row.
    this.code = scorable.code;
    this.evaluator = evaluator;
    this.values = {};
    this.evidence = '';
    this.explanation = '';
    this.accepted = false;
    this.note = '';
    this.year = unit.year;
    this.unitName = '';
    this.group = '';
    this.firstLine = row.line;
    this.#unit = unit;
    this.#scorable = scorable;
    this.#sheet = row.sheet;
    this.#firstInput = input;
    this.#moreLines = null;
    this.#anyValue = false;
    this.#next = null;
  }

  /** This entry or the one after it for the same unit and indicator that has this evaluator. */
  withEvaluator(evaluator: string | null): EntryRead | undefined {
    for (let d: EntryRead | null = this; d; d = d.#next) if (d.evaluator === evaluator) return d;
    return undefined;
  }

  /** Puts `d` (same unit and indicator) at the end of this entry's chain. */
  append(d: EntryRead): void {
    let last: EntryRead = this;
    while (last.#next) last = last.#next;
    last.#next = d;
  }

  get following(): EntryRead | null {
    return this.#following;
  }

  set following(d: EntryRead | null) {
    this.#following = d;
  }

  get sheet(): string | undefined {
    return this.#sheet;
  }

  isOf(unit: UnitRead, code: string, evaluator: string | null): boolean {
    return this.#unit === unit && this.code === code && this.evaluator === evaluator;
  }

  /** The line of the row that gave this input; otherwise what an empty {} gives (undefined for any input name). */
  lineOf(input: string): number | undefined {
    if (!Object.hasOwn(this.values, input)) return NO_LINES[input];
    return input === this.#firstInput ? this.firstLine : this.#moreLines![input];
  }

  set(input: string, value: InputValue | null, line: number): void {
    this.values[input] = value;
    if (input !== this.#firstInput) (this.#moreLines ??= {})[input] = line;
    if (value !== null) this.#anyValue = true;
  }

  /**
   * Entry-level checks that need all of an entry's rows (both halves of a ratio, numerator ≤ denominator),
   * then the unit's final name and group. Null when the entry is refused (reported) or holds no value.
   */
  finish(at: (line: number, column: Column | undefined, value: string | undefined, message: Text) => void): ReadEntry | null {
    const ok = this.check(at);
    const unit = this.#unit!;
    // Reading is over: let go of what only reading needed.
    this.#unit = null;
    this.#scorable = null;
    this.#moreLines = null;
    this.#next = null;
    this.#following = null;
    if (!ok) return null;
    this.unitName = unit.name || unit.code;
    this.group = unit.group;
    return this;
  }

  private check(at: (line: number, column: Column | undefined, value: string | undefined, message: Text) => void): boolean {
    const s = this.#scorable!;
    const rule = s.kind === 'indicator' ? s.def.rule : null;
    if (rule && (rule.type === 'ratio-target' || rule.type === 'ratio-brackets')) {
      const n = this.values.numerator;
      const den = this.values.denominator;
      if (has(n) !== has(den)) {
        const present = has(n) ? 'numerator' : 'denominator';
        const absent = has(n) ? 'denominator' : 'numerator';
        at(this.lineOf(present)!, 'input', present, text(
          `Tỷ lệ ${this.code} chỉ có ${present === 'numerator' ? 'tử số' : 'mẫu số'}, thiếu ${absent === 'numerator' ? 'tử số' : 'mẫu số'}`,
          `Ratio ${this.code} has its ${present} but no ${absent}`,
        ));
        return false;
      }
      if (typeof n === 'number' && typeof den === 'number' && n > den && den > 0 && !rule.allowOver) {
        at(this.lineOf('numerator')!, 'value', String(n), text(
          `Tử số ${n} lớn hơn mẫu số ${den} (dòng ${this.lineOf('denominator')}); chỉ tiêu ${this.code} không cho phép vượt 100%`,
          `Numerator ${n} is above the denominator ${den} (line ${this.lineOf('denominator')}); indicator ${this.code} does not allow more than 100%`,
        ));
        return false;
      }
      if (typeof n === 'number' && den === 0 && n > 0) {
        at(this.lineOf('numerator')!, 'value', String(n), text(
          `Mẫu số bằng 0 (dòng ${this.lineOf('denominator')}) nhưng tử số là ${n}`,
          `The denominator is 0 (line ${this.lineOf('denominator')}) but the numerator is ${n}`,
        ));
        return false;
      }
    }
    const isDate = rule?.type === 'date-deadline';
    // An empty date means "not issued / not submitted", which is information; any other all-empty entry is no entry.
    return this.#anyValue || isDate;
  }
}

/** Whether `group` is one of the criteria's unit groups (a loop: this runs for every row). */
function isUnitGroup(criteria: LoadedCriteria, group: string): boolean {
  for (const g of criteria.set.unitGroups) if (g.code === group) return true;
  return false;
}

/** The input of that name, or undefined. */
function inputNamed(scorable: Scorable, name: string): InputSpec | undefined {
  for (const s of scorable.inputs) if (s.name === name) return s;
  return undefined;
}

const has = (v: InputValue | null | undefined): boolean => v !== null && v !== undefined;

/** Adds a row's evidence, explanation or note to the entry's: each distinct text once, joined with "; ". */
function mergeText(current: string, value: string): string {
  if (value === '' || current === value || current.split('; ').includes(value)) return current;
  return current ? `${current}; ${value}` : value;
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

type Place = Pick<RawRow, 'line' | 'sheet'>;
const place = (row: RawRow): Place => ({ line: row.line, sheet: row.sheet });

function where(row: Place, lang: 'vi' | 'en'): string {
  if (row.sheet !== undefined) return lang === 'vi' ? `trang "${row.sheet}" dòng ${row.line}` : `sheet "${row.sheet}" row ${row.line}`;
  return lang === 'vi' ? `dòng ${row.line}` : `line ${row.line}`;
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems
    .map((p, i) => [p, i] as const)
    .sort(([a, i], [b, j]) => (a.sheet ?? '').localeCompare(b.sheet ?? '') || (a.line ?? 0) - (b.line ?? 0) || i - j)
    .map(([p]) => p);
}

/**
 * One instance of each class of this module, kept for the life of the module. V8 gives a class's instances
 * their final shape (hidden class) field by field, and forgets a shape once no instance has it, discarding the
 * optimised code that relies on it. A read leaves no instance behind, so after every full collection the next
 * read ran unoptimised and was compiled again: a province read took ~10 ms warm and 30–60 ms after a
 * collection. Held by a static property of CsvTable, which lives as long as readInterchangeCsv does (a
 * module-level constant that nothing reads would not be kept).
 */
CsvTable.kept = keepShapes();

function keepShapes(): object[] {
  const table = new CsvTable({ criteriaFor: () => null }, undefined);
  const unit: UnitRead = { year: 0, code: '', name: '', group: '', nameRow: null, groupRow: { line: 0, sheet: undefined }, entries: new Map() };
  const scorable = { kind: 'bonus', code: '', def: { code: '', inputs: [] }, inputs: [], max: { n: 0, d: 1 } } as unknown as Scorable;
  return [table, new EntryRead(unit, scorable, null, '', { line: 0, fields: [] })];
}
