/**
 * The self-assessment workbook: the template the panel sends to units, and reading what comes back.
 *
 * The template has one sheet per unit (a cover block, then one table row per input of every indicator and
 * bonus/deduction item that applies to the unit's group) and a very hidden sheet `_nq57`, the marker: the
 * template version, the criteria set it was made from (id, version, SHA-256), the year, each sheet's unit and
 * which (indicator, input) each table row holds. Reading relies on the marker, not on visible text; the
 * visible codes are only compared with it to catch a layout that was changed by hand.
 *
 * Reading turns each filled input cell into an interchange RawRow (evaluator empty: the unit's own
 * assessment) and hands the rows to `validateRows`, so a workbook and a CSV are validated by the same code.
 * An import is all or nothing: with any problem, no row is returned.
 */
import { isoDay, type InputSpec } from '../criteria/inputs';
import type { CriteriaId, LoadedCriteria, Scorable } from '../criteria/loaded';
import { formatIsoDate, text, type Text } from '../i18n/text';
import { validateRows, type Column, type RawRow } from '../interchange/read';
import type { Problem } from '../problems';
import { absoluteRef, cellRef, columnLetter, serialToIso, sheetQualified } from './cells';
import { readXlsx, type ReadCell, type ReadSheet, type ReadWorkbook } from './xlsx-read';
import { DATE_FORMAT, writeXlsx, type CellInput, type CellStyle, type DataValidation, type DefinedName, type SheetSpec } from './xlsx-write';

export const TEMPLATE_FORMAT = 'nq57-self-assessment';
export const TEMPLATE_VERSION = 1;
export const MARKER_SHEET = '_nq57';

export interface TemplateUnit {
  readonly code: string;
  readonly name: string;
  readonly group: string;
}

// ---------------------------------------------------------------- layout of template version 1

/** The table's columns, A to J; reading checks the headers and takes values from G to J. */
const COLUMNS = [
  { header: 'STT', width: 5 },
  { header: 'Mã chỉ tiêu', width: 8 },
  { header: 'Tên chỉ tiêu', width: 42 },
  { header: 'Đầu vào', width: 24 },
  { header: 'Cách nhập', width: 28 },
  { header: 'Điểm tối đa', width: 8 },
  { header: 'Giá trị', width: 16 },
  { header: 'Tài liệu kiểm chứng', width: 30 },
  { header: 'Giải trình', width: 30 },
  { header: 'Ghi chú', width: 18 },
] as const;
const COL = { stt: 1, code: 2, name: 3, input: 4, how: 5, max: 6, value: 7, evidence: 8, explanation: 9, note: 10 } as const;
const LAST_COL = COLUMNS.length;
const width = (column: number) => COLUMNS[column - 1]!.width;
/** Cover cells: the unit's code is compared with the marker. */
const CODE_CELL = { row: 3, column: COL.name };
const HEADER_ROW = 7;

const FONT = { name: 'Times New Roman', size: 12 };
const INPUT_FILL = 'FFF2CC';
const NOTE_FILL = 'FFFBEA';
const HEADING_FILL = 'DDEBF7';
const HEADER_FILL = 'BDD7EE';
const LINE_HEIGHT = 15.75;

const cellStyle = (extra: CellStyle = {}): CellStyle => ({ border: 'thin', vertical: 'top', wrap: true, ...extra });

// ---------------------------------------------------------------- writing the template

interface TableRow {
  readonly scorable: Scorable;
  readonly spec: InputSpec;
  readonly first: boolean;
  readonly stt: number;
}

/**
 * One workbook for one unit, or for several units of one group (one sheet each). Throws on a programming
 * error (no unit, units of different groups, a group the criteria do not know, a repeated code).
 */
export function selfAssessmentTemplate(criteria: LoadedCriteria, units: readonly TemplateUnit[], year: number): Uint8Array {
  if (units.length === 0) throw new Error('a template needs at least one unit');
  const group = units[0]!.group;
  const groupDef = criteria.set.unitGroups.find((g) => g.code === group);
  if (!groupDef) throw new Error(`unit group ${group} is not in criteria set ${criteria.set.version}`);
  if (units.some((u) => u.group !== group)) throw new Error('one template holds units of one group');
  if (new Set(units.map((u) => u.code)).size !== units.length || units.some((u) => u.code.trim() === '')) throw new Error('unit codes must be present and distinct');

  const layout = tableLayout(criteria, group);
  const used = new Set<string>([MARKER_SHEET.toLowerCase()]);
  const sheetNames = units.map((u) => uniqueSheetName(`${u.code} ${u.name}`, used));
  const lists = choiceLists(criteria, layout);

  const marker: CellInput[][] = [
    ['format', TEMPLATE_FORMAT],
    ['template_version', String(TEMPLATE_VERSION)],
    ['criteria_id', criteria.ident.id],
    ['criteria_version', criteria.ident.version],
    ['criteria_sha256', criteria.ident.sha256],
    ['year', String(year)],
    [],
    ['[units]', 'unit', 'unit_name', 'group'],
    ...units.map((u, i) => [sheetNames[i]!, u.code, u.name, u.group]),
    [],
    ['[rows]', 'row', 'indicator', 'input'],
  ];
  const sheets: SheetSpec[] = units.map((u, i) => {
    const name = sheetNames[i]!;
    const { spec, rows } = unitSheet(criteria, u, groupDef.name.vi, year, name, layout, lists);
    for (const r of rows) marker.push([name, String(r.row), r.code, r.input]);
    return spec;
  });
  // Option lists of choice inputs live beside the marker, one column each, reached through hidden names.
  const listColumn = (k: number) => 6 + k;
  lists.forEach((labels, k) => labels.forEach((label, j) => ((marker[j] ??= [])[listColumn(k) - 1] = label)));

  const definedNames: DefinedName[] = [
    ...lists.map((labels, k) => ({
      name: listName(k),
      ref: sheetQualified(MARKER_SHEET, absoluteRef({ top: 1, left: listColumn(k), bottom: labels.length, right: listColumn(k) })),
      hidden: true,
    })),
    ...sheetNames.map((name) => ({ name: '_xlnm.Print_Titles', sheet: name, ref: sheetQualified(name, `$${HEADER_ROW}:$${HEADER_ROW}`) })),
  ];
  sheets.push({ name: MARKER_SHEET, state: 'veryHidden', rows: marker, protect: true });
  return writeXlsx({
    sheets,
    definedNames,
    font: FONT,
    protectStructure: true,
    title: `Phiếu tự đánh giá ${year}`,
    creator: criteria.set.issuer?.vi ?? '',
  });
}

/** The scorables that apply to the group, in the order of the criteria: groups I…V, then bonus, then deductions. */
function tableLayout(criteria: LoadedCriteria, group: string): { heading: string; rows: TableRow[] }[] {
  const sections: { heading: string; rows: TableRow[] }[] = [];
  let stt = 0;
  const add = (heading: string, scorables: Scorable[]) => {
    const rows: TableRow[] = [];
    for (const s of scorables) {
      stt++;
      s.inputs.forEach((spec, i) => rows.push({ scorable: s, spec, first: i === 0, stt }));
    }
    if (rows.length) sections.push({ heading, rows });
  };
  for (const g of criteria.set.groups) {
    const inds = criteria.indicators.filter((ind) => ind.group === g.code && ind.appliesTo.includes(group));
    add(`${g.code}. ${g.name.vi} (tối đa ${viNumber(g.max)} điểm)`, inds.map((ind) => criteria.scorables.get(ind.code)!));
  }
  const items = (kind: 'bonus' | 'deduction') => [...criteria.scorables.values()].filter((s) => s.kind === kind);
  const bonusCap = criteria.set.bonus.cap;
  add(`Điểm thưởng${bonusCap === null ? '' : ` (tối đa ${viNumber(bonusCap)} điểm)`}`, items('bonus'));
  add('Điểm trừ', items('deduction'));
  return sections;
}

/** The distinct option lists of the choice inputs, in order of first use. */
function choiceLists(criteria: LoadedCriteria, layout: { rows: TableRow[] }[]): string[][] {
  const lists: string[][] = [];
  for (const r of layout.flatMap((s) => s.rows)) {
    if (r.spec.kind !== 'choice') continue;
    const labels = optionLabels(r.scorable, r.spec).map((o) => o.label);
    if (!lists.some((l) => l.join('\u0000') === labels.join('\u0000'))) lists.push(labels);
  }
  return lists;
}

const listName = (k: number) => `_nq57_list_${k + 1}`;

function optionLabels(s: Scorable, spec: InputSpec): { code: string; label: string }[] {
  const rule = s.kind === 'indicator' ? s.def.rule : null;
  const options = rule?.type === 'choice' ? rule.options : [];
  return (spec.options ?? []).map((code) => ({ code, label: options.find((o) => o.code === code)?.label.vi ?? code }));
}

function unitSheet(
  criteria: LoadedCriteria,
  unit: TemplateUnit,
  groupName: string,
  year: number,
  name: string,
  layout: { heading: string; rows: TableRow[] }[],
  lists: string[][],
): { spec: SheetSpec; rows: { row: number; code: string; input: string }[] } {
  const rows: CellInput[][] = [];
  const heights: Record<number, number> = {};
  const validations: DataValidation[] = [];
  const marked: { row: number; code: string; input: string }[] = [];
  const bold = (value: string, extra: CellStyle = {}): CellInput => ({ value, style: { bold: true, ...extra } });

  rows[0] = [{ value: `PHIẾU TỰ ĐÁNH GIÁ NĂM ${year}`, style: { bold: true, fontSize: 14, horizontal: 'center', vertical: 'center' } }];
  rows[1] = [{ value: criteria.set.title.vi, style: { italic: true, horizontal: 'center', vertical: 'center', wrap: true } }];
  heights[1] = 24;
  heights[2] = 36;
  // Cover labels span columns A:B (merged: the cover is not part of the table).
  rows[2] = [bold('Mã đơn vị'), null, bold(unit.code), null, bold('Khối'), `${unit.group} — ${groupName}`];
  rows[3] = [bold('Tên đơn vị'), null, bold(unit.name), null, bold('Năm đánh giá'), { value: year, style: { horizontal: 'left' } }];
  rows[4] = [bold('Bộ tiêu chí'), null, criteria.ident.id, null, bold('Phiên bản'), criteria.ident.version];
  rows[5] = [
    {
      value:
        'Hướng dẫn: nhập vào các ô màu vàng. Cột "Giá trị" nhập theo cột "Cách nhập" (chọn trong danh sách nếu có); ô để trống là chưa có số liệu. ' +
        'Ghi số, ký hiệu, ngày của tài liệu kiểm chứng và giải trình nếu có. Không chèn, xoá hay sắp xếp lại dòng: trang được khoá (không mật khẩu) để tránh sửa nhầm bố cục.',
      style: { italic: true, wrap: true, vertical: 'top' },
    },
  ];
  heights[6] = 48;
  rows[HEADER_ROW - 1] = COLUMNS.map((c) => bold(c.header, { fill: HEADER_FILL, border: 'thin', wrap: true, horizontal: 'center', vertical: 'center' }));
  heights[HEADER_ROW] = 33;

  let r = HEADER_ROW;
  for (const section of layout) {
    r++;
    rows[r - 1] = Array.from({ length: LAST_COL }, (_, i) =>
      i === COL.name - 1 ? bold(section.heading, { fill: HEADING_FILL, border: 'thin' }) : { value: null, style: { fill: HEADING_FILL, border: 'thin' } },
    );
    // One line: the heading runs on over the empty cells to its right.
    heights[r] = rowHeight([]);
    for (const t of section.rows) {
      r++;
      const s = t.scorable;
      const label = inputLabel(t.spec);
      const how = howToEnter(s, t.spec);
      const valueStyle = cellStyle({ fill: INPUT_FILL, locked: false, ...(t.spec.kind === 'date' ? { numberFormat: DATE_FORMAT } : t.spec.kind === 'scale' ? { numberFormat: '0.00' } : {}) });
      const noteStyle = cellStyle({ fill: NOTE_FILL, locked: false });
      rows[r - 1] = [
        { value: t.first ? t.stt : null, style: cellStyle({ horizontal: 'center' }) },
        { value: s.code, style: cellStyle({ horizontal: 'center' }) },
        { value: s.def.name.vi, style: cellStyle() },
        { value: label, style: cellStyle() },
        { value: how, style: cellStyle() },
        { value: t.first ? maxPoints(s) : null, style: cellStyle({ horizontal: 'center' }) },
        { value: null, style: valueStyle },
        { value: null, style: noteStyle },
        { value: null, style: noteStyle },
        { value: null, style: noteStyle },
      ];
      heights[r] = rowHeight([
        [s.def.name.vi, width(COL.name)],
        [label, width(COL.input)],
        [how, width(COL.how)],
      ]);
      validations.push(valueValidation(s, t.spec, cellRef(r, COL.value), year, lists));
      const evidence = s.def.evidence?.vi;
      if (evidence) {
        validations.push({
          ref: cellRef(r, COL.evidence),
          rule: { type: 'any' },
          prompt: { title: 'Tài liệu kiểm chứng', message: clip(`Cần có: ${evidence}`, 255) },
        });
      }
      marked.push({ row: r, code: s.code, input: t.spec.name });
    }
  }
  return {
    spec: {
      name,
      rows,
      rowHeights: heights,
      columns: COLUMNS.map((c) => ({ width: c.width })),
      merges: [`A1:${columnLetter(LAST_COL)}1`, `A2:${columnLetter(LAST_COL)}2`, 'A3:B3', 'A4:B4', 'A5:B5', `A6:${columnLetter(LAST_COL)}6`],
      freeze: { rows: HEADER_ROW },
      validations,
      protect: true,
      landscape: true,
    },
    rows: marked,
  };
}

function valueValidation(s: Scorable, spec: InputSpec, ref: string, year: number, lists: string[][]): DataValidation {
  const error = (message: string) => ({ title: 'Giá trị không hợp lệ', message });
  const prompt = { title: 'Cách nhập', message: clip(howToEnter(s, spec), 255) };
  switch (spec.kind) {
    case 'yesno':
      return { ref, rule: { type: 'list', options: [YES, NO] }, error: error('Chọn Có hoặc Không trong danh sách.'), prompt };
    case 'choice': {
      const labels = optionLabels(s, spec).map((o) => o.label);
      const k = lists.findIndex((l) => l.join('\u0000') === labels.join('\u0000'));
      return { ref, rule: { type: 'list', source: listName(k) }, error: error('Chọn một mức trong danh sách.'), prompt };
    }
    case 'count':
      return spec.max === undefined
        ? { ref, rule: { type: 'whole', min: 0 }, error: error('Nhập số nguyên từ 0 trở lên.'), prompt }
        : { ref, rule: { type: 'whole', min: 0, max: spec.max }, error: error(`Nhập số nguyên từ 0 đến ${spec.max}.`), prompt };
    case 'scale':
      return {
        ref,
        rule: { type: 'decimal', min: 0, max: spec.max ?? 0 },
        error: error(`Nhập điểm từ 0 đến ${viNumber(spec.max ?? 0)}, là bội của ${viNumber(spec.step ?? 0.25)}.`),
        prompt,
      };
    case 'date':
      return {
        ref,
        rule: { type: 'date', min: '2000-01-01', max: `${year + 1}-12-31` },
        error: error(`Nhập ngày dạng dd/mm/yyyy (ví dụ 10/06/${year}), từ 01/01/2000 đến 31/12/${year + 1}.`),
        prompt,
      };
  }
}

const YES = 'Có';
const NO = 'Không';

function inputLabel(spec: InputSpec): string {
  if (spec.label) return spec.label.vi;
  if (spec.name === 'numerator') return 'Tử số';
  if (spec.name === 'denominator') return 'Mẫu số';
  switch (spec.kind) {
    case 'yesno':
      return 'Đã thực hiện';
    case 'choice':
      return 'Mức đạt được';
    case 'date':
      return 'Ngày';
    case 'count':
      return 'Số lượng';
    case 'scale':
      return 'Điểm';
  }
}

/** What to type, in the words of the form: "Ngày dd/mm/yyyy", "Có/Không", "Số nguyên ≥ 0", "0–5, bước 0,25", the options. */
export function howToEnter(s: Scorable, spec: InputSpec): string {
  const rule = s.kind === 'indicator' ? s.def.rule : null;
  switch (spec.kind) {
    case 'yesno':
      return 'Chọn Có hoặc Không';
    case 'choice':
      return `Chọn một: ${optionLabels(s, spec).map((o) => o.label).join('; ')}`;
    case 'date': {
      const due = rule?.type === 'date-deadline' ? rule.inputs.find((i) => i.name === spec.name)?.due : undefined;
      return `Ngày dd/mm/yyyy${due ? ` (hạn ${formatIsoDate(due)})` : ''}; để trống nếu chưa có`;
    }
    case 'count': {
      const base = spec.max === undefined ? 'Số nguyên ≥ 0' : `Số nguyên từ 0 đến ${spec.max}`;
      const ratio = rule?.type === 'ratio-target' || rule?.type === 'ratio-brackets';
      if (ratio && spec.name === 'numerator' && !rule.allowOver) return `${base}, không lớn hơn mẫu số`;
      return base;
    }
    case 'scale':
      return `${viNumber(0)}–${viNumber(spec.max ?? 0)}, bước ${viNumber(spec.step ?? 0.25)}`;
  }
}

function maxPoints(s: Scorable): number {
  return s.kind === 'indicator' ? s.def.max : s.def.cap;
}

const viNumber = (x: number) => String(x).replace('.', ',');
const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

/** Rows are given a height for their longest wrapped text: not every spreadsheet fits rows to text on opening. */
function rowHeight(cells: [string, number][]): number {
  const lines = Math.max(1, ...cells.map(([s, width]) => Math.ceil(s.length / Math.max(1, width * 1.1))));
  return Math.min(409, Math.round(lines * LINE_HEIGHT + 4));
}

function uniqueSheetName(wanted: string, used: Set<string>): string {
  const base =
    wanted
      .normalize('NFC')
      .replace(/[[\]:*?/\\]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^'+|'+$/g, '')
      .slice(0, 31)
      .trim() || 'Trang';
  let name = base;
  for (let k = 2; used.has(name.toLowerCase()) || name.toLowerCase() === 'history'; k++) {
    const suffix = ` (${k})`;
    name = base.slice(0, 31 - suffix.length).trimEnd() + suffix;
  }
  used.add(name.toLowerCase());
  return name;
}

// ---------------------------------------------------------------- reading a filled template

export interface SelfAssessmentMeta {
  readonly year: number;
  readonly units: readonly (TemplateUnit & { readonly sheet: string })[];
  /** The set the template was made from, as its marker says. */
  readonly criteria: CriteriaId;
}

export interface SelfAssessmentRead {
  /** Interchange rows, one per filled input; empty whenever there is any problem. */
  readonly rows: RawRow[];
  readonly problems: Problem[];
  /** What the marker says, once it could be read. */
  readonly meta: SelfAssessmentMeta | null;
}

export interface SelfAssessmentOptions {
  readonly file?: string;
  /** Default 10 MiB. */
  readonly maxBytes?: number;
  /** Default 5000. */
  readonly maxMillis?: number;
  /** The clock of the time budget; default Date.now. */
  readonly now?: () => number;
}

const INTERCHANGE_LABEL: Partial<Record<Column, number>> = {
  indicator: COL.code,
  input: COL.input,
  value: COL.value,
  evidence: COL.evidence,
  explanation: COL.explanation,
  note: COL.note,
};

/** How problems name a column of the table: its letter and header, e.g. `G (Giá trị)`. */
function columnLabel(column: number): string {
  return `${columnLetter(column)} (${COLUMNS[column - 1]!.header})`;
}

export function readSelfAssessment(bytes: Uint8Array, criteriaFor: (year: number) => LoadedCriteria | null, options: SelfAssessmentOptions = {}): SelfAssessmentRead {
  const file = options.file;
  // A template's parts are small (about 60 kB of XML per unit): tighter than the reader's general limits.
  const book = readXlsx(bytes, {
    ...(file !== undefined ? { file } : {}),
    maxBytes: options.maxBytes ?? 10 * 1024 * 1024,
    maxMemberBytes: 16 * 1024 * 1024,
    maxInflatedBytes: 48 * 1024 * 1024,
    maxMillis: options.maxMillis ?? 5000,
    ...(options.now ? { now: options.now } : {}),
  });
  if (!book.ok) return { rows: [], problems: book.problems, meta: null };
  const problems: Problem[] = [];
  const report = (message: Text, where: Partial<Problem> = {}) => problems.push({ ...(file !== undefined ? { file } : {}), ...where, message });
  const fail = (): SelfAssessmentRead => ({ rows: [], problems, meta: null });

  const marker = readMarker(book.value);
  if (marker === 'absent') {
    report(
      text(
        `Không phải biểu mẫu tự đánh giá do ứng dụng này tạo ra (không có trang đánh dấu ${MARKER_SHEET}). Hãy dùng biểu mẫu do ứng dụng xuất ra, không tạo lại bằng tay.`,
        `Not a self-assessment template made by this app (no ${MARKER_SHEET} marker sheet). Use a template exported by the app, not one made by hand.`,
      ),
    );
    return fail();
  }
  if (marker.version !== String(TEMPLATE_VERSION)) {
    report(
      text(
        `Biểu mẫu là phiên bản ${marker.version}; ứng dụng này đọc được biểu mẫu phiên bản ${TEMPLATE_VERSION}. Hãy xuất lại biểu mẫu từ ứng dụng và nhập lại số liệu.`,
        `The template is version ${marker.version}; this app reads template version ${TEMPLATE_VERSION}. Export a new template from the app and enter the figures again.`,
      ),
      { sheet: MARKER_SHEET },
    );
    return fail();
  }
  const m = marker;
  const where = (line: number): Partial<Problem> => ({ sheet: MARKER_SHEET, line });
  if (!/^\d{4}$/.test(m.year)) {
    report(text(`Trang đánh dấu bị hỏng: năm "${m.year}" không hợp lệ`, `The marker sheet is damaged: invalid year "${m.year}"`), where(m.yearLine));
    return fail();
  }
  const year = Number(m.year);
  const made = `${m.criteriaId} ${m.criteriaVersion}`;
  const criteria = criteriaFor(year);
  if (!criteria) {
    report(text(`Không có bộ tiêu chí cho năm ${year} (biểu mẫu được tạo theo ${made})`, `No criteria set for ${year} (the template was made with ${made})`));
    return fail();
  }
  if (criteria.ident.sha256 !== m.sha256 || criteria.ident.id !== m.criteriaId) {
    const inUse = `${criteria.ident.id} ${criteria.ident.version}`;
    const same = m.criteriaId === criteria.ident.id && m.criteriaVersion === criteria.ident.version;
    report(
      text(
        `Biểu mẫu được tạo theo bộ tiêu chí ${made}, nhưng năm ${year} đang dùng ${inUse}${same ? ' với nội dung khác' : ''}. Hãy xuất lại biểu mẫu theo bộ tiêu chí đang dùng.`,
        `The template was made with criteria set ${made}, but ${year} uses ${inUse}${same ? ' with different content' : ''}. Export a new template for the set in use.`,
      ),
    );
    return fail();
  }
  const meta: SelfAssessmentMeta = {
    year,
    units: m.units.map((u) => ({ code: u.code, name: u.name, group: u.group, sheet: u.sheet })),
    criteria: { id: m.criteriaId, version: m.criteriaVersion, sha256: m.sha256 },
  };

  const sheets = new Map(book.value.sheets.map((s) => [s.name, s]));
  const rows: RawRow[] = [];
  const usable = new Map<string, { sheet: ReadSheet; unit: (typeof m.units)[number] }>();
  for (const u of m.units) {
    const sheet = sheets.get(u.sheet);
    if (!sheet) {
      report(text(`Thiếu trang "${u.sheet}" của đơn vị ${u.code} (trang đã bị đổi tên hoặc xoá?)`, `Sheet "${u.sheet}" of unit ${u.code} is missing (renamed or deleted?)`), where(u.line));
      continue;
    }
    const missingHeader = COLUMNS.some((c, i) => cellText(sheet, HEADER_ROW, i + 1) !== c.header);
    if (missingHeader) {
      report(
        text(`Trang không có bảng tự đánh giá: dòng tiêu đề (dòng ${HEADER_ROW}) không còn như biểu mẫu`, `The sheet has no self-assessment table: the header row (row ${HEADER_ROW}) is not as in the template`),
        { sheet: sheet.name, line: HEADER_ROW },
      );
      continue;
    }
    const shownCode = cellText(sheet, CODE_CELL.row, CODE_CELL.column);
    if (shownCode !== u.code) {
      report(
        text(`Mã đơn vị trên trang là "${shownCode}" nhưng biểu mẫu được tạo cho đơn vị ${u.code}`, `The sheet shows unit code "${shownCode}" but the template was made for unit ${u.code}`),
        { sheet: sheet.name, line: CODE_CELL.row, column: cellRef(CODE_CELL.row, CODE_CELL.column), value: shownCode },
      );
      continue;
    }
    usable.set(u.sheet, { sheet, unit: u });
  }

  const lastRow = new Map<string, number>();
  for (const r of m.rows) lastRow.set(r.sheet, Math.max(lastRow.get(r.sheet) ?? 0, r.row));
  for (const [name, { sheet }] of usable) {
    for (const g of sheet.merges) {
      if (g.bottom >= HEADER_ROW && g.top <= (lastRow.get(name) ?? HEADER_ROW) && g.left <= LAST_COL) {
        report(text(`Bảng có ô gộp ${g.ref}; hãy bỏ gộp ô`, `The table has merged cells ${g.ref}; unmerge them`), {
          sheet: name,
          line: g.top,
          column: columnLabel(g.left),
          value: g.ref,
        });
      }
    }
  }

  const seen = new Set<string>();
  for (const mr of m.rows) {
    const target = usable.get(mr.sheet);
    if (!target) {
      if (!m.units.some((u) => u.sheet === mr.sheet)) {
        report(text(`Trang đánh dấu bị hỏng: trang "${mr.sheet}" không thuộc đơn vị nào`, `The marker sheet is damaged: sheet "${mr.sheet}" belongs to no unit`), where(mr.line));
      }
      continue;
    }
    const { sheet, unit } = target;
    const key = `${mr.sheet}\u0000${mr.row}`;
    const scorable = criteria.scorables.get(mr.indicator);
    const spec = scorable?.inputs.find((s) => s.name === mr.input);
    if (seen.has(key) || !scorable || !spec || mr.row <= HEADER_ROW || (scorable.kind === 'indicator' && !scorable.def.appliesTo.includes(unit.group))) {
      report(
        text(
          `Trang đánh dấu bị hỏng: dòng ${mr.row} của "${mr.sheet}" ghi chỉ tiêu "${mr.indicator}", đầu vào "${mr.input}", không có trong bộ tiêu chí ${criteria.ident.version} cho khối ${unit.group}`,
          `The marker sheet is damaged: row ${mr.row} of "${mr.sheet}" names indicator "${mr.indicator}", input "${mr.input}", which criteria set ${criteria.ident.version} does not have for group ${unit.group}`,
        ),
        where(mr.line),
      );
      continue;
    }
    seen.add(key);
    const at = (column: number, value: string | undefined, message: Text) =>
      report(message, { sheet: sheet.name, line: mr.row, column: columnLabel(column), ...(value !== undefined ? { value } : {}) });
    const shown = cellText(sheet, mr.row, COL.code);
    if (shown !== mr.indicator) {
      at(
        COL.code,
        shown,
        text(
          `Dòng này phải là chỉ tiêu ${mr.indicator} nhưng đang ghi "${shown}": bảng đã bị chèn, xoá hoặc sắp xếp lại dòng`,
          `This row should hold indicator ${mr.indicator} but shows "${shown}": rows of the table were inserted, deleted or sorted`,
        ),
      );
      continue;
    }
    const cells = sheet.rows.get(mr.row);
    let ok = true;
    const take = (column: number): ReadCell | undefined => {
      const c = cells?.get(columnLetter(column));
      if (!c) return undefined;
      if (c.hasFormula) {
        ok = false;
        at(column, String(c.value), text('Ô nhập liệu chứa công thức; hãy nhập giá trị, không dùng công thức', 'An input cell holds a formula; enter a value, not a formula'));
        return undefined;
      }
      if (c.type === 'error') {
        ok = false;
        at(column, String(c.value), text(`Ô chứa lỗi ${c.value}`, `The cell holds the error ${c.value}`));
        return undefined;
      }
      return c;
    };
    const valueCell = take(COL.value);
    const extras = [COL.evidence, COL.explanation, COL.note].map((c) => plainText(take(c), book.value.date1904));
    if (!ok) continue;
    const value = inputText(scorable, spec, valueCell, book.value.date1904);
    if (!value.ok) {
      at(COL.value, value.shown, value.message);
      continue;
    }
    if (value.text === '' && extras.every((e) => e === '')) continue;
    rows.push({
      line: mr.row,
      sheet: sheet.name,
      fields: [String(year), unit.code, unit.name, unit.group, mr.indicator, mr.input, value.text, '', extras[0]!, extras[1]!, '', extras[2]!],
    });
  }

  const validated = validateRows(rows, { criteriaFor: (y) => (y === year ? criteria : null) }, {
    ...(file !== undefined ? { file } : {}),
    columnLabel: (c) => {
      const column = INTERCHANGE_LABEL[c];
      return column === undefined ? c : columnLabel(column);
    },
  });
  const all = [...problems, ...validated.problems]
    .map((p, i) => [p, i] as const)
    .sort(([a, i], [b, j]) => (a.sheet ?? '').localeCompare(b.sheet ?? '') || (a.line ?? 0) - (b.line ?? 0) || i - j)
    .map(([p]) => p);
  return { rows: all.length ? [] : rows, problems: all, meta };
}

interface Marker {
  readonly version: string;
  readonly criteriaId: string;
  readonly criteriaVersion: string;
  readonly sha256: string;
  readonly year: string;
  readonly yearLine: number;
  readonly units: { sheet: string; code: string; name: string; group: string; line: number }[];
  readonly rows: { sheet: string; row: number; indicator: string; input: string; line: number }[];
}

/** The marker sheet's key/value lines, then its [units] and [rows] tables; 'absent' when it is not ours. */
function readMarker(book: ReadWorkbook): Marker | 'absent' {
  const sheet = book.sheets.find((s) => s.name === MARKER_SHEET);
  if (!sheet || cellText(sheet, 1, 1) !== 'format' || cellText(sheet, 1, 2) !== TEMPLATE_FORMAT) return 'absent';
  const values = new Map<string, { value: string; line: number }>();
  const units: Marker['units'] = [];
  const rows: Marker['rows'] = [];
  let section = '';
  const lines = [...sheet.rows.keys()].sort((a, b) => a - b);
  for (const line of lines) {
    const a = cellText(sheet, line, 1);
    const b = cellText(sheet, line, 2);
    const c = cellText(sheet, line, 3);
    const d = cellText(sheet, line, 4);
    if (a === '') continue;
    if (a.startsWith('[')) section = a;
    else if (section === '') values.set(a, { value: b, line });
    else if (section === '[units]') units.push({ sheet: a, code: b, name: c, group: d, line });
    else if (section === '[rows]') rows.push({ sheet: a, row: /^\d+$/.test(b) ? Number(b) : 0, indicator: c, input: d, line });
  }
  const get = (k: string) => values.get(k)?.value ?? '';
  return {
    version: get('template_version'),
    criteriaId: get('criteria_id'),
    criteriaVersion: get('criteria_version'),
    sha256: get('criteria_sha256'),
    year: get('year'),
    yearLine: values.get('year')?.line ?? 1,
    units,
    rows,
  };
}

function cellText(sheet: ReadSheet, row: number, column: number): string {
  const c = sheet.rows.get(row)?.get(columnLetter(column));
  if (!c) return '';
  return typeof c.value === 'number' ? numberText(c.value) : String(c.value).trim().normalize('NFC');
}

/** A number as the person wrote it: 2.5 → "2.5", 3 → "3", and binary noise (0.30000000000000004) dropped. */
export function numberText(n: number): string {
  return String(Number(n.toPrecision(15)));
}

/** Evidence, explanation and note cells: text, with a date shown the Vietnamese way. */
function plainText(c: ReadCell | undefined, date1904: boolean): string {
  if (!c) return '';
  if (c.type === 'date' && typeof c.value === 'number') {
    const iso = serialToIso(c.value, date1904);
    return iso ? formatIsoDate(iso) : numberText(c.value);
  }
  if (typeof c.value === 'number') return numberText(c.value);
  if (typeof c.value === 'boolean') return c.value ? 'TRUE' : 'FALSE';
  return c.value.trim();
}

type InputText = { ok: true; text: string } | { ok: false; shown: string; message: Text };

/**
 * The value cell as interchange text: labels back to codes (Có → 1, a choice's label → its code), date serials
 * to ISO dates, numbers as written. Anything else is passed on as written for validateRows to judge, except
 * what only the workbook can get wrong (an unknown label, a date that is not dd/mm/yyyy).
 */
function inputText(s: Scorable, spec: InputSpec, c: ReadCell | undefined, date1904: boolean): InputText {
  if (!c) return { ok: true, text: '' };
  const raw = typeof c.value === 'number' ? numberText(c.value) : typeof c.value === 'boolean' ? (c.value ? 'TRUE' : 'FALSE') : c.value.trim().normalize('NFC');
  switch (spec.kind) {
    case 'yesno': {
      if (typeof c.value === 'boolean') return { ok: true, text: c.value ? '1' : '0' };
      const k = raw.toLowerCase();
      return { ok: true, text: k === YES.toLowerCase() ? '1' : k === NO.toLowerCase() ? '0' : raw };
    }
    case 'choice': {
      const options = optionLabels(s, spec);
      const hit = options.find((o) => o.label.normalize('NFC').toLowerCase() === raw.toLowerCase() || o.code === raw);
      if (hit || raw === '') return { ok: true, text: hit?.code ?? '' };
      const labels = options.map((o) => o.label).join('; ');
      return { ok: false, shown: raw, message: text(`Mức không có trong danh sách; chọn một trong: ${labels}`, `Not one of the listed options: ${labels}`) };
    }
    case 'date': {
      const bad = (): InputText => ({
        ok: false,
        shown: raw,
        message: text('Ngày không hợp lệ: nhập ngày có thật dạng dd/mm/yyyy (ví dụ 10/06/2026)', 'Invalid date: enter a real date as dd/mm/yyyy (e.g. 10/06/2026)'),
      });
      if (typeof c.value === 'number') {
        const iso = serialToIso(c.value, date1904);
        return iso ? { ok: true, text: iso } : bad();
      }
      if (typeof c.value === 'boolean') return bad();
      const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(raw);
      if (dmy) {
        const iso = `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}`;
        return isoDay(iso) !== null ? { ok: true, text: iso } : bad();
      }
      if (/^\d{4}-\d{2}-\d{2}$/.test(raw) || raw === '') return { ok: true, text: raw };
      return bad();
    }
    case 'count':
    case 'scale':
      return { ok: true, text: raw };
  }
}
