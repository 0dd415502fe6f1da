/**
 * The rankings workbook for one year (.xlsx bytes), for the Emulation and Commendation Board: a cover sheet
 * ("Thông tin": province, year, criteria id, version and hash, the results' fingerprint, finalisation or
 * DỰ THẢO, the rules in words, date of export, app version), one sheet per unit group (rank with ties shown
 * "3=", unit, group I–V points, base, bonus, deductions, score, band, proposal, self-assessed score and the
 * difference, completeness, notes with any override's reason), and a per-indicator detail sheet.
 * Styled as officials expect: merged bold title, bold bordered header with a fill, widths, frozen header,
 * two decimals, A4 landscape fitted to the width, page numbers in the footer. A draft says DỰ THẢO in the
 * title of every sheet and in every page footer. Pure: the same bytes for the same input.
 */
import type { LoadedCriteria } from '../criteria/loaded';
import { AGGREGATE_LABEL } from '../engine/panel';
import * as Rational from '../exact/rational';
import type { ScoredItem } from '../engine/score';
import { absoluteRef, columnLetter, parseRangeRef, sheetQualified } from '../spreadsheet/cells';
import { writeXlsx, type CellInput, type CellStyle, type ColumnSpec, type DefinedName, type HeaderFooterLine, type SheetSpec } from '../spreadsheet/xlsx-write';
import {
  bandRulesInWords,
  dateTimeVi,
  dateVi,
  DRAFT,
  exportStatus,
  overrideWords,
  proposalRulesInWords,
  rankingRulesInWords,
  scoreRuleInWords,
  SOURCE_VI,
  STATUS_VI,
  unitRows,
  type ExportInput,
  type ExportStatus,
  type UnitRow,
} from './export-common';

/** The rational functions, copied into a local object: direct calls also when run as CommonJS (see rational.ts). */
const R = { ...Rational };

export const APP_NAME = 'Đánh giá truyền thông NQ57';
export const COVER_SHEET = 'Thông tin';
export const DETAIL_SHEET = 'Chi tiết chỉ tiêu';
export const groupSheetName = (unitGroup: string) => `Khối ${unitGroup}`;
/** The header row of the unit group and detail sheets (rows above: title, subtitle, a line of context). */
export const HEADER_ROW = 4;

const FONT = { name: 'Times New Roman', size: 12 } as const;
const RED = 'C00000';
const HEADER_FILL = 'DDEBF7';
const SECTION_FILL = 'F2F2F2';

const S = {
  title: { bold: true, fontSize: 14, horizontal: 'center', vertical: 'center', wrap: true },
  draftTitle: { bold: true, fontSize: 14, horizontal: 'center', vertical: 'center', wrap: true, color: RED },
  subtitle: { italic: true, horizontal: 'center', vertical: 'center', wrap: true },
  draftSubtitle: { italic: true, bold: true, horizontal: 'center', vertical: 'center', wrap: true, color: RED },
  header: { bold: true, fill: HEADER_FILL, border: 'thin', horizontal: 'center', vertical: 'center', wrap: true },
  section: { bold: true, fill: SECTION_FILL, border: 'thin', vertical: 'center', wrap: true },
  label: { bold: true, border: 'thin', vertical: 'top', wrap: true },
  text: { border: 'thin', vertical: 'top', wrap: true },
  draftText: { border: 'thin', vertical: 'top', wrap: true, bold: true, color: RED },
  center: { border: 'thin', vertical: 'top', horizontal: 'center', wrap: true },
  number: { border: 'thin', vertical: 'top', numberFormat: '0.00' },
  boldNumber: { border: 'thin', vertical: 'top', numberFormat: '0.00', bold: true },
  rank: { border: 'thin', vertical: 'top', horizontal: 'center', numberFormat: '0' },
  sharedRank: { border: 'thin', vertical: 'top', horizontal: 'center', numberFormat: '0"="' },
  percent: { border: 'thin', vertical: 'top', numberFormat: '0%' },
  note: { italic: true, vertical: 'top', wrap: true },
} as const satisfies Record<string, CellStyle>;

const cell = (value: string | number | null, style: CellStyle): CellInput => ({ value, style });

/** Points of a line of 12-point Times New Roman, and the characters of it a column of width w holds. */
const LINE_PT = 15.75;
/**
 * A row height that shows all of a wrapped text: Excel and LibreOffice do not grow a row to fit a merged cell,
 * and Excel does not measure wrapped text on opening, so heights are estimated from the text's length.
 */
function heightFor(texts: readonly { text: string; width: number; size?: number }[], min = LINE_PT): number {
  let lines = 1;
  for (const t of texts) {
    const perLine = Math.max(1, Math.floor(t.width * 1.05 * (12 / (t.size ?? 12))));
    // One line of text (most cells) without splitting it: a national detail sheet asks this 100,000 times.
    const n = t.text.includes('\n')
      ? t.text.split('\n').reduce((sum, part) => sum + Math.max(1, Math.ceil(part.length / perLine)), 0)
      : Math.max(1, Math.ceil(t.text.length / perLine));
    lines = Math.max(lines, n);
  }
  return Math.min(409, Math.max(min, Math.ceil(lines * LINE_PT * 10) / 10 + 2));
}

// ------------------------------------------------------------------ the workbook

export function rankingsWorkbook(input: ExportInput): Uint8Array {
  const status = exportStatus(input);
  const rows = unitRows(input);
  const { criteria, result } = input;
  const sheets: SheetSpec[] = [coverSheet(input, status, rows)];
  const names: DefinedName[] = [];
  for (const ug of criteria.set.unitGroups) {
    const members = rows.filter((r) => r.result.unit.group === ug.code);
    if (members.length === 0) continue;
    const sheet = groupSheet(input, status, ug.code, ug.name.vi, members);
    sheets.push(sheet);
    names.push(printTitles(sheet.name));
  }
  const detail = detailSheet(input, status, rows);
  sheets.push(detail);
  // Excel keeps an auto filter's range in this hidden name as well; LibreOffice reads either.
  names.push(printTitles(detail.name), { name: '_xlnm._FilterDatabase', sheet: detail.name, ref: sheetQualified(detail.name, absoluteRef(parseRangeRef(detail.autoFilter!)!)), hidden: true });
  return writeXlsx({
    sheets,
    definedNames: names,
    font: FONT,
    title: `${status.final ? '' : `${DRAFT} – `}Kết quả đánh giá năm ${result.year} – ${input.province}`,
    creator: `${APP_NAME} ${input.appVersion}`,
  });
}

const printTitles = (sheet: string): DefinedName => ({ name: '_xlnm.Print_Titles', sheet, ref: sheetQualified(sheet, `$${HEADER_ROW}:$${HEADER_ROW}`) });

/** The title of a sheet: DỰ THẢO first on a draft. */
export function sheetTitle(status: ExportStatus, title: string): string {
  return status.final ? title : `${DRAFT} – ${title}`;
}

/** Excel refuses a header or footer over 255 characters (codes and doubled "&" included): long texts are cut. */
export function clampFooter(s: string, max = 180): string {
  const cost = (t: string) => t.length + (t.match(/&/g)?.length ?? 0);
  if (cost(s) <= max) return s;
  let cut = s.slice(0, max - 1);
  while (cost(cut) > max - 1) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function footer(input: ExportInput, status: ExportStatus): HeaderFooterLine {
  const { result } = input;
  const fp = status.fingerprint ? `Dấu vân tay kết quả ${status.fingerprint.slice(0, 16)}…` : 'Chưa có dấu vân tay kết quả';
  return {
    left: clampFooter(`${status.final ? '' : `${DRAFT} · `}Năm ${result.year} · Bộ tiêu chí ${result.criteria.id} phiên bản ${result.criteria.version}`, 120),
    center: 'Trang {page}/{pages}',
    right: fp,
  };
}

const PRINT_MARGINS = { left: 15, right: 12, top: 15, bottom: 18, header: 7, footer: 8 } as const;

// ------------------------------------------------------------------ cover

function coverSheet(input: ExportInput, status: ExportStatus, rows: readonly UnitRow[]): SheetSpec {
  const { result, criteria } = input;
  const set = criteria.set;
  const W = [34, 96];
  const out: (CellInput[] | undefined)[] = [];
  const heights: Record<number, number> = {};
  const merges: string[] = [];
  const full = (value: string, style: CellStyle, height?: number) => {
    out.push([cell(value, style), cell(null, style)]);
    merges.push(`A${out.length}:B${out.length}`);
    heights[out.length] = height ?? heightFor([{ text: value, width: W[0]! + W[1]! }]);
  };
  const pair = (label: string, value: string, style: CellStyle = S.text) => {
    out.push([cell(label, S.label), cell(value, style)]);
    heights[out.length] = heightFor([
      { text: label, width: W[0]! },
      { text: value, width: W[1]! },
    ]);
  };
  full(sheetTitle(status, `KẾT QUẢ ĐÁNH GIÁ, XẾP HẠNG VÀ ĐỀ XUẤT KHEN THƯỞNG NĂM ${result.year}`), status.final ? S.title : S.draftTitle, 40);
  full(set.title.vi, S.subtitle);
  out.push(undefined);

  const counts = set.unitGroups.map((g) => `${g.code} ${rows.filter((r) => r.result.unit.group === g.code).length}`).join(', ');
  const proposals = set.proposals.map((p) => `${p.label.vi}: ${rows.filter((r) => r.proposal?.code === p.code).length}`).join('; ');
  pair('Tình trạng kết quả', status.final ? `ĐÃ CHỐT – ${status.line}` : status.line, status.final ? S.text : S.draftText);
  pair('Tỉnh', input.province);
  pair('Năm đánh giá', String(result.year));
  pair('Bộ tiêu chí', set.title.vi);
  pair('Mã bộ tiêu chí', result.criteria.id);
  pair('Phiên bản bộ tiêu chí', result.criteria.version);
  pair('Mã băm SHA-256 của bộ tiêu chí', result.criteria.sha256);
  pair('Dấu vân tay kết quả (SHA-256)', status.fingerprint ?? 'Chưa có (kết quả chưa được chốt)');
  pair('Ngày chốt kết quả', input.finalisation && status.final ? `${dateVi(input.finalisation.at)} – ${input.finalisation.by}` : `Chưa chốt – ${DRAFT}`, status.final ? S.text : S.draftText);
  pair('Cách tổng hợp điểm của hội đồng', `${capitalise(AGGREGATE_LABEL[result.panel].vi)} điểm của các thành viên hội đồng thẩm định; nơi hội đồng đã thống nhất, dùng điểm thống nhất`);
  pair('Số đơn vị được đánh giá', `${rows.length} (${counts})`);
  pair('Số đơn vị được đề xuất khen thưởng', proposals);
  pair('Ngày xuất tệp', dateTimeVi(input.generatedAt));
  pair('Phần mềm', `${APP_NAME}, phiên bản ${input.appVersion}`);

  const section = (title: string, lines: readonly string[]) => {
    out.push(undefined);
    full(title, S.section, LINE_PT + 4);
    for (const l of lines) full(l, S.text);
  };
  section('CÁCH TÍNH ĐIỂM', [scoreRuleInWords(criteria), ...set.groups.map((g) => `Nhóm ${g.code}. ${g.name.vi}: tối đa ${g.max} điểm.`)]);
  section('QUY TẮC XẾP LOẠI', bandRulesInWords(criteria));
  section('QUY TẮC XẾP HẠNG', rankingRulesInWords(criteria));
  section('QUY TẮC ĐỀ XUẤT KHEN THƯỞNG', proposalRulesInWords(criteria, result));
  const overridden = rows.filter((r) => r.override);
  if (overridden.length) {
    section(
      'ĐIỀU CHỈNH ĐỀ XUẤT CỦA HỘI ĐỒNG',
      overridden.map((r) => `${r.result.unit.code} – ${r.result.unit.name}: ${r.proposal ? r.proposal.label : 'không đề xuất'}. ${overrideWords(r.override!, r.ruleProposal)}`),
    );
  }
  section(
    'CÁC TRANG CỦA TỆP',
    [
      ...set.unitGroups
        .filter((g) => rows.some((r) => r.result.unit.group === g.code))
        .map((g) => `${groupSheetName(g.code)}: xếp hạng khối ${g.name.vi}.`),
      `${DETAIL_SHEET}: điểm từng chỉ tiêu, điểm thưởng, điểm trừ của từng đơn vị, trạng thái, nguồn điểm và giải thích.`,
    ],
  );
  return {
    name: COVER_SHEET,
    rows: out,
    columns: W.map((width) => ({ width })),
    rowHeights: heights,
    merges,
    print: { orientation: 'portrait', fitToWidth: true, margins: PRINT_MARGINS, footer: footer(input, status) },
  };
}

const capitalise = (s: string) => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);

// ------------------------------------------------------------------ one unit group

/** Column headers of a unit group sheet, in order; group columns carry the group's maximum for the khối. */
export function groupHeaders(criteria: LoadedCriteria, unitGroup: string): string[] {
  return [
    'Thứ hạng',
    'Mã đơn vị',
    'Tên đơn vị',
    ...criteria.set.groups.map((g) => `Nhóm ${g.code}\n(${groupMaxFor(criteria, g.code, unitGroup)} điểm)`),
    'Điểm quy đổi (thang 100)',
    'Điểm thưởng',
    'Điểm trừ',
    'Tổng điểm',
    'Xếp loại',
    'Đề xuất khen thưởng',
    'Tự đánh giá (tổng điểm)',
    'Chênh lệch (hội đồng − tự đánh giá)',
    'Mức đầy đủ số liệu',
    'Ghi chú',
  ];
}

/** A group's maximum over the indicators that apply to a unit group. */
function groupMaxFor(criteria: LoadedCriteria, group: string, unitGroup: string): number {
  return criteria.set.indicators.filter((i) => i.group === group && i.appliesTo.includes(unitGroup)).reduce((s, i) => s + i.max, 0);
}

function groupSheet(input: ExportInput, status: ExportStatus, code: string, name: string, members: readonly UnitRow[]): SheetSpec {
  const { criteria, result } = input;
  const groups = criteria.set.groups;
  const headers = groupHeaders(criteria, code);
  const widths = [8, 10, 32, ...groups.map(() => 9), 10, 8, 8, 9, 10, 22, 10, 12, 9, 34];
  const last = columnLetter(headers.length);
  const out: (CellInput[] | undefined)[] = [];
  const heights: Record<number, number> = {};
  out.push([cell(sheetTitle(status, `KẾT QUẢ XẾP HẠNG NĂM ${result.year} – KHỐI ${name.toLocaleUpperCase('vi')}`), status.final ? S.title : S.draftTitle)]);
  heights[1] = 30;
  const sub = `Bộ tiêu chí ${result.criteria.id}, phiên bản ${result.criteria.version} (SHA-256 ${result.criteria.sha256}) – ${status.line}`;
  out.push([cell(sub, status.final ? S.subtitle : S.draftSubtitle)]);
  heights[2] = heightFor([{ text: sub, width: widths.reduce((a, b) => a + b, 0) }]);
  out.push([cell(`Khối ${code} – ${name}: ${members.length} đơn vị. Tỉnh ${input.province}.`, S.note)]);
  out.push(headers.map((h) => cell(h, S.header)));
  heights[HEADER_ROW] = heightFor(headers.map((h, i) => ({ text: h, width: widths[i]! - 1 })));
  for (const r of members) {
    const j = r.json;
    const row: CellInput[] = [
      cell(r.result.rank, r.tied ? S.sharedRank : S.rank),
      cell(r.result.unit.code, S.center),
      cell(r.result.unit.name, S.text),
      ...groups.map((g) => cell(j.groups[g.code]?.points ?? 0, S.number)),
      cell(j.base, S.number),
      cell(j.bonus, S.number),
      cell(j.deduction, S.number),
      cell(j.score, S.boldNumber),
      cell(j.bandLabel, S.text),
      cell(r.proposal?.label ?? '', S.text),
      cell(r.selfScore, S.number),
      cell(r.difference, S.number),
      cell(r.completeness, S.percent),
      cell(r.note, S.text),
    ];
    out.push(row);
    heights[out.length] = heightFor([
      { text: r.result.unit.name, width: widths[2]! },
      { text: r.proposal?.label ?? '', width: widths[headers.length - 5]! },
      { text: r.note, width: widths[headers.length - 1]! },
    ]);
  }
  const notes = [
    'Ghi chú: thứ hạng có dấu "=" là đồng hạng (cùng tổng điểm); thứ hạng sau đó được bỏ qua. Điểm các nhóm là điểm đạt trước khi quy đổi về thang 100; điểm tối đa của nhóm ghi ở dòng tiêu đề.',
    `Các nhóm tiêu chí: ${groups.map((g) => `${g.code}. ${g.name.vi}`).join('; ')}.`,
    'Tự đánh giá: tổng điểm tính từ số liệu đơn vị tự đánh giá (trống nếu đơn vị không tự đánh giá). Mức đầy đủ số liệu: tỷ lệ chỉ tiêu áp dụng có số liệu.',
  ];
  const merges = [`A1:${last}1`, `A2:${last}2`, `A3:${last}3`];
  out.push(undefined);
  const total = widths.reduce((a, b) => a + b, 0);
  for (const n of notes) {
    out.push([cell(n, S.note)]);
    merges.push(`A${out.length}:${last}${out.length}`);
    heights[out.length] = heightFor([{ text: n, width: total }]);
  }
  return {
    name: groupSheetName(code),
    rows: out,
    columns: widths.map((width): ColumnSpec => ({ width })),
    rowHeights: heights,
    merges,
    freeze: { rows: HEADER_ROW, columns: 3 },
    print: { orientation: 'landscape', fitToWidth: true, margins: PRINT_MARGINS, centerHorizontally: true, footer: footer(input, status) },
  };
}

// ------------------------------------------------------------------ detail

export const DETAIL_HEADERS = [
  'Khối',
  'Mã đơn vị',
  'Tên đơn vị',
  'Nhóm',
  'Mã chỉ tiêu',
  'Chỉ tiêu',
  'Điểm',
  'Tối đa',
  'Trạng thái',
  'Nguồn điểm',
  'Tự đánh giá (điểm)',
  'Giải thích',
];

function detailSheet(input: ExportInput, status: ExportStatus, rows: readonly UnitRow[]): SheetSpec {
  const { criteria, result } = input;
  const set = criteria.set;
  const widths = [7, 10, 28, 9, 8, 42, 8, 8, 16, 19, 10, 70];
  const last = columnLetter(DETAIL_HEADERS.length);
  // The self-assessed points of each unit's items (rounded as unitJson rounds them); only the points are shown,
  // so the self-assessment's explanations are never made.
  const selfByUnit = new Map(
    (input.selfResult?.units ?? []).map((u) => [
      u.unit.code,
      { indicators: new Map(u.indicators.map((i) => [i.code, i])), items: new Map(u.items.map((i) => [i.code, i])) },
    ]),
  );
  const names = new Map<string, { name: string; group: string }>([
    ...set.indicators.map((i) => [i.code, { name: i.name.vi, group: `Nhóm ${i.group}` }] as const),
    ...set.bonus.items.map((i) => [i.code, { name: i.name.vi, group: 'Điểm thưởng' }] as const),
    ...set.deductions.items.map((i) => [i.code, { name: i.name.vi, group: 'Điểm trừ' }] as const),
  ]);
  const out: (CellInput[] | undefined)[] = [];
  const heights: Record<number, number> = {};
  out.push([cell(sheetTitle(status, `CHI TIẾT ĐIỂM TỪNG CHỈ TIÊU NĂM ${result.year}`), status.final ? S.title : S.draftTitle)]);
  heights[1] = 30;
  const sub = `Bộ tiêu chí ${result.criteria.id}, phiên bản ${result.criteria.version} (SHA-256 ${result.criteria.sha256}) – ${status.line}`;
  out.push([cell(sub, status.final ? S.subtitle : S.draftSubtitle)]);
  out.push([cell('Điểm sau điều kiện tài liệu kiểm chứng; điểm trừ ghi số dương. Chỉ tiêu không áp dụng để trống điểm và không tính vào điểm tối đa.', S.note)]);
  out.push(DETAIL_HEADERS.map((h) => cell(h, S.header)));
  heights[HEADER_ROW] = 34;
  for (const r of rows) {
    const u = r.result;
    const self = selfByUnit.get(u.unit.code);
    const items: readonly ScoredItem[] = [...u.indicators, ...u.items];
    for (const it of items) {
      const j = it.kind === 'indicator' ? r.json.indicators[it.code]! : r.json.items[it.code]!;
      const selfItem = self ? (it.kind === 'indicator' ? self.indicators : self.items).get(it.code) : undefined;
      const max = it.kind === 'indicator' ? r.json.indicators[it.code]!.max : Number(set[it.kind === 'bonus' ? 'bonus' : 'deductions'].items.find((x) => x.code === it.code)?.cap ?? 0);
      const info = names.get(it.code) ?? { name: it.code, group: '' };
      const explanation = j.explanation;
      out.push([
        cell(u.unit.group, S.center),
        cell(u.unit.code, S.center),
        cell(u.unit.name, S.text),
        cell(info.group, S.text),
        cell(it.code, S.center),
        cell(info.name, S.text),
        cell(it.status === 'not_applicable' ? null : j.points, S.number),
        cell(max, S.number),
        cell(STATUS_VI[it.status] ?? it.status, S.text),
        cell(SOURCE_VI[it.source] ?? it.source, S.text),
        cell(selfItem && selfItem.source === 'self' && selfItem.status !== 'not_applicable' ? R.round(selfItem.points, 2) : null, S.number),
        cell(explanation, S.text),
      ]);
      heights[out.length] = heightFor([
        { text: u.unit.name, width: widths[2]! },
        { text: info.name, width: widths[5]! },
        { text: explanation, width: widths[11]! },
      ]);
    }
  }
  return {
    name: DETAIL_SHEET,
    rows: out,
    columns: widths.map((width): ColumnSpec => ({ width })),
    rowHeights: heights,
    merges: [`A1:${last}1`, `A2:${last}2`, `A3:${last}3`],
    freeze: { rows: HEADER_ROW, columns: 3 },
    autoFilter: `A${HEADER_ROW}:${last}${out.length}`,
    print: { orientation: 'landscape', fitToWidth: true, margins: PRINT_MARGINS, footer: footer(input, status) },
  };
}
