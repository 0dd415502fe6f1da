/**
 * The interchange CSV (what units, evaluators and analysts exchange) → one year's units and entries.
 *
 * Header: year,unit,unit_name,group,indicator,input,value,evaluator,evidence,explanation,accepted,note
 * (any order). One row per input value of one entry; an entry is (year, unit, indicator, evaluator), the
 * evaluator being empty for the unit's self-assessment. Codes stay strings exactly as written ("03127",
 * "1.1"). Every problem is collected, each naming the line, the column and the value; when there is any,
 * no data is returned, so bad input can never be half-scored.
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

type Column = (typeof INTERCHANGE_COLUMNS)[number];

export interface InterchangeRead {
  /** The requested year's data; null when there were problems. */
  readonly data: YearData | null;
  readonly problems: Problem[];
  /** Years present in the file (including ones not requested). */
  readonly years: number[];
}

interface Draft {
  unit: string;
  code: string;
  evaluator: string | null;
  scorable: Scorable;
  values: Record<string, InputValue | null>;
  lines: Record<string, number>;
  firstLine: number;
  evidence: string;
  explanation: string;
  accepted: boolean;
  note: string;
}

/**
 * Reads `source` and keeps the rows of `year`, validated against `criteria` (the set for that year).
 * `file` only names the file in problems.
 */
export function readInterchange(source: string, year: number, criteria: LoadedCriteria, file?: string): InterchangeRead {
  const parsed = parseCsv(source);
  const problems: Problem[] = parsed.problems.map((p) => (file ? { file, ...p } : p));
  const at = (line: number, column: Column | undefined, value: string | undefined, message: Text): void => {
    problems.push({ ...(file ? { file } : {}), line, ...(column ? { column } : {}), ...(value !== undefined ? { value } : {}), message });
  };

  const [header, ...rows] = parsed.records;
  if (!header) {
    at(1, undefined, undefined, text('Tệp rỗng: cần dòng tiêu đề ' + INTERCHANGE_COLUMNS.join(','), 'Empty file: a header row is needed: ' + INTERCHANGE_COLUMNS.join(',')));
    return { data: null, problems, years: [] };
  }
  const index = new Map<string, number>();
  header.fields.forEach((name, i) => {
    const n = name.trim();
    if (!(INTERCHANGE_COLUMNS as readonly string[]).includes(n)) {
      at(1, undefined, n, text(`Cột không được biết đến "${n}"`, `Unknown column "${n}"`));
    } else if (index.has(n)) {
      at(1, undefined, n, text(`Cột "${n}" xuất hiện hai lần`, `Column "${n}" appears twice`));
    } else index.set(n, i);
  });
  const missing = INTERCHANGE_COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0) {
    at(1, undefined, undefined, text(`Thiếu cột: ${missing.join(', ')}`, `Missing columns: ${missing.join(', ')}`));
  }
  if (problems.length > 0) return { data: null, problems, years: [] };
  const pos = (c: Column) => index.get(c)!;
  const P = {
    year: pos('year'),
    unit: pos('unit'),
    unitName: pos('unit_name'),
    group: pos('group'),
    indicator: pos('indicator'),
    input: pos('input'),
    value: pos('value'),
    evaluator: pos('evaluator'),
    evidence: pos('evidence'),
    explanation: pos('explanation'),
    accepted: pos('accepted'),
    note: pos('note'),
  };

  const unitGroups = new Set(criteria.set.unitGroups.map((g) => g.code));
  const units = new Map<string, { name: string; group: string; nameLine: number; groupLine: number }>();
  const drafts = new Map<string, Draft>();
  const years = new Set<number>();

  for (const { line, fields } of rows) {
    if (fields.length !== header.fields.length) {
      at(line, undefined, undefined, text(`Dòng có ${fields.length} cột, tiêu đề có ${header.fields.length}`, `The row has ${fields.length} fields, the header ${header.fields.length}`));
      continue;
    }
    const get = (i: number) => fields[i]!.trim().normalize('NFC');
    const yearText = get(P.year);
    if (!/^\d{4}$/.test(yearText)) {
      at(line, 'year', yearText, text('Năm không hợp lệ (cần 4 chữ số, ví dụ 2026)', 'Invalid year (four digits expected, e.g. 2026)'));
      continue;
    }
    const rowYear = Number(yearText);
    years.add(rowYear);
    if (rowYear !== year) continue;

    const unitCode = get(P.unit);
    if (unitCode === '') {
      at(line, 'unit', '', text('Thiếu mã đơn vị', 'Unit code missing'));
      continue;
    }
    const name = get(P.unitName);
    const group = get(P.group);
    let groupOk = true;
    if (!unitGroups.has(group)) {
      at(line, 'group', group, text(`Khối không hợp lệ; các khối: ${[...unitGroups].join(', ')}`, `Unknown unit group; the groups are: ${[...unitGroups].join(', ')}`));
      groupOk = false;
    }
    const known = units.get(unitCode);
    if (!known) {
      if (groupOk) units.set(unitCode, { name, group, nameLine: name ? line : 0, groupLine: line });
    } else {
      if (name && known.name && name !== known.name) {
        at(line, 'unit_name', name, text(`Đơn vị ${unitCode} đã có tên "${known.name}" ở dòng ${known.nameLine}`, `Unit ${unitCode} is already named "${known.name}" on line ${known.nameLine}`));
      } else if (name && !known.name) {
        known.name = name;
        known.nameLine = line;
      }
      if (groupOk && group !== known.group) {
        at(line, 'group', group, text(`Đơn vị ${unitCode} đã thuộc khối ${known.group} ở dòng ${known.groupLine}`, `Unit ${unitCode} is already in group ${known.group} on line ${known.groupLine}`));
        groupOk = false;
      }
    }

    const code = get(P.indicator);
    const scorable = criteria.scorables.get(code);
    if (!scorable) {
      at(line, 'indicator', code, text(`Chỉ tiêu không có trong bộ tiêu chí ${criteria.set.version}`, `No such indicator in criteria set ${criteria.set.version}`));
      continue;
    }
    if (groupOk && scorable.kind === 'indicator' && !scorable.def.appliesTo.includes(group)) {
      at(line, 'indicator', code, text(`Chỉ tiêu ${code} không áp dụng cho khối ${group} (chỉ cho ${scorable.def.appliesTo.join(', ')})`, `Indicator ${code} does not apply to unit group ${group} (only ${scorable.def.appliesTo.join(', ')})`));
      continue;
    }
    const inputName = get(P.input) || (scorable.inputs.length === 1 ? scorable.inputs[0]!.name : '');
    const spec = scorable.inputs.find((s) => s.name === inputName);
    if (!spec) {
      const names = scorable.inputs.map((s) => s.name).join(', ');
      at(
        line,
        'input',
        get(P.input),
        inputName === ''
          ? text(`Chỉ tiêu ${code} có nhiều đầu vào, cần ghi rõ: ${names}`, `Indicator ${code} has several inputs; name one: ${names}`)
          : text(`Chỉ tiêu ${code} không có đầu vào này; các đầu vào: ${names}`, `Indicator ${code} has no such input; its inputs: ${names}`),
      );
      continue;
    }
    const rawValue = get(P.value);
    const parsedValue = parseInput(spec, rawValue);
    if (!parsedValue.ok) at(line, 'value', rawValue, parsedValue.message);

    const acceptedText = get(P.accepted);
    let accepted = false;
    if (acceptedText === '1') accepted = true;
    else if (acceptedText !== '' && acceptedText !== '0') {
      at(line, 'accepted', acceptedText, text('accepted phải là 1 (chấp nhận giải trình), 0 hoặc để trống', 'accepted must be 1 (explanation accepted), 0 or empty'));
    }
    if (!parsedValue.ok || !groupOk) continue;

    const evaluatorText = get(P.evaluator);
    const evaluator = evaluatorText === '' ? null : evaluatorText;
    const key = `${unitCode}\u0000${code}\u0000${evaluatorText}`;
    let d = drafts.get(key);
    if (!d) {
      d = { unit: unitCode, code, evaluator, scorable, values: {}, lines: {}, firstLine: line, evidence: '', explanation: '', accepted: false, note: '' };
      drafts.set(key, d);
    }
    if (d.lines[spec.name] !== undefined) {
      at(line, 'input', spec.name, text(
        `Trùng với dòng ${d.lines[spec.name]}: cùng đơn vị, chỉ tiêu, đầu vào và người chấm`,
        `Duplicates line ${d.lines[spec.name]}: same unit, indicator, input and evaluator`,
      ));
      continue;
    }
    d.values[spec.name] = parsedValue.value;
    d.lines[spec.name] = line;
    // Each row may carry its own document (the two reports of 1.4 have two): keep every distinct one.
    const merge = (field: 'evidence' | 'explanation' | 'note', value: string) => {
      if (value === '' || d![field].split('; ').includes(value)) return;
      d![field] = d![field] ? `${d![field]}; ${value}` : value;
    };
    merge('evidence', get(P.evidence));
    merge('explanation', get(P.explanation));
    merge('note', get(P.note));
    if (accepted) d.accepted = true;
  }

  const entries: Entry[] = [];
  for (const d of drafts.values()) {
    const entry = finishEntry(d, at);
    if (entry) entries.push(entry);
  }
  if (problems.length > 0) return { data: null, problems: sortProblems(problems), years: [...years].sort() };
  const unitList: Unit[] = [...units].map(([code, u]) => ({ code, name: u.name || code, group: u.group }));
  return { data: { year, units: unitList, entries }, problems, years: [...years].sort() };
}

/** Entry-level checks that need all of an entry's rows: both halves of a ratio, numerator ≤ denominator. */
function finishEntry(d: Draft, at: (line: number, column: Column | undefined, value: string | undefined, message: Text) => void): Entry | null {
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
  };
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems.map((p, i) => [p, i] as const).sort(([a, i], [b, j]) => (a.line ?? 0) - (b.line ?? 0) || i - j).map(([p]) => p);
}
