/**
 * The self-assessment workbook: the template the panel sends to a unit (what it shows, which cells take input
 * and how Excel checks them, the hidden marker), reading a filled template back into interchange rows that
 * validate like a CSV, and the error matrix of issue 3: every broken or foreign file gives a clear message
 * and no row at all.
 *
 * Filled workbooks are made the way a person fills them: values typed into the value cells of the sheet XML
 * inside the zip (see helpers.ts), with the row of each (indicator, input) taken from the marker.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateRows, type RawRow } from '../../shared/interchange/read';
import { isoToSerial } from '../../shared/spreadsheet/cells';
import { numberText, readSelfAssessment, selfAssessmentTemplate, type TemplateUnit } from '../../shared/spreadsheet/self-assessment';
import { child, childrenNamed, parseXmlTree } from '../../shared/spreadsheet/xml';
import { writeXlsx } from '../../shared/spreadsheet/xlsx-write';
import type { Problem } from '../../shared/problems';
import {
  C2026,
  CRITERIA_TEXT,
  criteriaFrom,
  editMarker,
  editParts,
  only2026,
  partText,
  patchDeclaredSize,
  readOk,
  ROOT,
  rowOf,
  sheetPath,
  shown,
  typeInto,
  type Typed,
} from './helpers';

const FILE = 'tu-danh-gia-03127.xlsx';
const DBP: TemplateUnit = { code: '03127', name: 'UBND phường Điện Biên Phủ', group: 'XA' };
const DBP_SHEET = '03127 UBND phường Điện Biên Phủ';
const SKHCN: TemplateUnit = { code: 'SKHCN', name: 'Sở Khoa học và Công nghệ', group: 'SO' };
const SVHTTDL: TemplateUnit = { code: 'SVHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', group: 'SO' };

const commune = selfAssessmentTemplate(C2026, [DBP], 2026);
const departments = selfAssessmentTemplate(C2026, [SKHCN, SVHTTDL], 2026);

/** Types values into a sheet, addressed by (indicator, input) and column: G value, H evidence, I explanation, J note. */
function fill(bytes: Uint8Array, sheet: string, values: [indicator: string, input: string, column: 'G' | 'H' | 'I' | 'J' | 'B', value: Typed][]): Uint8Array {
  const cells: Record<string, Typed> = {};
  for (const [indicator, input, column, value] of values) cells[`${column}${rowOf(bytes, sheet, indicator, input)}`] = value;
  return typeInto(bytes, sheet, cells);
}

const read = (bytes: Uint8Array, options: Parameters<typeof readSelfAssessment>[2] = {}) => readSelfAssessment(bytes, only2026, { file: FILE, ...options });

/** Reading refused: no row, at least one problem, every problem naming the file; returns the messages. */
function refused(bytes: Uint8Array, options: Parameters<typeof readSelfAssessment>[2] = {}) {
  const r = read(bytes, options);
  expect(r.rows).toEqual([]);
  expect(r.problems.length).toBeGreaterThan(0);
  for (const p of r.problems) expect(p.file).toBe(FILE);
  return { problems: r.problems, vi: r.problems.map((p) => p.message.vi).join('\n'), en: r.problems.map((p) => p.message.en).join('\n') };
}

const at = (p: Problem) => [p.sheet, p.line, p.column];

function markerRows(bytes: Uint8Array): [string, string, string][] {
  const marker = readOk(bytes).sheets.find((s) => s.name === '_nq57')!;
  const out: [string, string, string][] = [];
  let inRows = false;
  for (const cells of marker.rows.values()) {
    const a = String(cells.get('A')?.value ?? '');
    if (a === '[rows]') inRows = true;
    else if (inRows && a) out.push([a, String(cells.get('C')!.value), String(cells.get('D')!.value)]);
  }
  return out;
}

describe('the self-assessment template', () => {
  it('has one sheet per unit, named by code and name within 31 characters, and a very hidden marker sheet', () => {
    expect(readOk(commune).sheets.map((s) => [s.name, s.state])).toEqual([
      [DBP_SHEET, 'visible'],
      ['_nq57', 'veryHidden'],
    ]);
    expect(readOk(departments).sheets.map((s) => s.name)).toEqual(['SKHCN Sở Khoa học và Công nghệ', 'SVHTTDL Sở Văn hóa, Thể thao và', '_nq57']);
    const long = 'MA-DON-VI-RAT-DAI-DE-THU-CAT-TEN';
    const twins = selfAssessmentTemplate(C2026, [{ code: `${long}-1`, name: 'A', group: 'SO' }, { code: `${long}-2`, name: 'B', group: 'SO' }], 2026);
    expect(readOk(twins).sheets.map((s) => s.name)).toEqual([long.slice(0, 31), `${long.slice(0, 27)} (2)`, '_nq57']);
  });

  it('shows the unit, its group, the year and the criteria set on a cover block above the table', () => {
    const rows = readOk(commune).sheets[0]!.rows;
    const v = (r: number, c: string) => rows.get(r)?.get(c)?.value;
    expect(v(1, 'A')).toBe('PHIẾU TỰ ĐÁNH GIÁ NĂM 2026');
    expect([v(3, 'A'), v(3, 'C'), v(3, 'E'), v(3, 'F')]).toEqual(['Mã đơn vị', '03127', 'Khối', 'XA — UBND xã, phường']);
    expect(rows.get(3)!.get('C')!.type).toBe('string'); // the code keeps its leading zero
    expect([v(4, 'A'), v(4, 'C'), v(4, 'E'), v(4, 'F')]).toEqual(['Tên đơn vị', 'UBND phường Điện Biên Phủ', 'Năm đánh giá', 2026]);
    expect([v(5, 'A'), v(5, 'C'), v(5, 'E'), v(5, 'F')]).toEqual(['Bộ tiêu chí', 'nq57-truyen-thong-dien-bien', 'Phiên bản', '2026.1']);
    expect([...rows.get(7)!.values()].map((c) => c.value)).toEqual([
      'STT',
      'Mã chỉ tiêu',
      'Tên chỉ tiêu',
      'Đầu vào',
      'Cách nhập',
      'Điểm tối đa',
      'Giá trị',
      'Tài liệu kiểm chứng',
      'Giải trình',
      'Ghi chú',
    ]);
  });

  it('has one row per input of every indicator of the unit’s group, then the bonus and deduction items', () => {
    const common1 = ['1.1/value', '1.2/value', '1.3/value', '1.4/report_jun', '1.4/report_dec'];
    const common2 = ['2.1/value', '2.2/value', '2.3/numerator', '2.3/denominator', '2.4/value', '2.5/value', '2.6/value', '2.7/value', '2.8/value', '2.9/value'];
    const common3 = ['3.1/numerator', '3.1/denominator', '3.2/numerator', '3.2/denominator', '3.3/numerator', '3.3/denominator'];
    const tail = ['4.1/value', '4.2/value', '4.3/value', '5.1b/value', 'T1/provincial', 'T1/national', 'T2/value', 'D1/value', 'D2/value'];
    const listed = (b: Uint8Array, sheet: string) => markerRows(b).filter(([s]) => s === sheet).map(([, i, n]) => `${i}/${n}`);
    expect(listed(commune, DBP_SHEET)).toEqual([...common1, ...common2, ...common3, '3.4a/numerator', '3.4a/denominator', ...tail]);
    const so = [...common1, ...common2, ...common3, '3.4b/value', ...tail];
    expect(listed(departments, 'SKHCN Sở Khoa học và Công nghệ')).toEqual(so);
    expect(listed(departments, 'SVHTTDL Sở Văn hóa, Thể thao và')).toEqual(so);
  });

  it('says on each row what to enter and the most it can earn', () => {
    const rows = readOk(commune).sheets[0]!.rows;
    const line = (indicator: string, input = 'value') => {
      const cells = rows.get(rowOf(commune, DBP_SHEET, indicator, input))!;
      return ['A', 'B', 'D', 'E', 'F'].map((c) => cells.get(c)?.value ?? null);
    };
    expect(line('1.1')).toEqual([1, '1.1', 'Ngày ban hành kế hoạch', 'Ngày dd/mm/yyyy; để trống nếu chưa có', 6]);
    expect(line('1.2')).toEqual([2, '1.2', 'Mức đạt được', 'Chọn một: Đã gửi kế hoạch và dự toán; Chỉ gửi kế hoạch; Chưa gửi', 4]);
    expect(line('1.3')).toEqual([3, '1.3', 'Đã thực hiện', 'Chọn Có hoặc Không', 2]);
    expect(line('1.4', 'report_jun')).toEqual([4, '1.4', 'Ngày gửi báo cáo 6 tháng đầu năm', 'Ngày dd/mm/yyyy (hạn 10/06/2026); để trống nếu chưa có', 8]);
    expect(line('1.4', 'report_dec')).toEqual([null, '1.4', 'Ngày gửi báo cáo năm', 'Ngày dd/mm/yyyy (hạn 10/12/2026); để trống nếu chưa có', null]);
    expect(line('2.2')).toEqual([6, '2.2', 'Số tin, bài, sản phẩm', 'Số nguyên ≥ 0', 7]);
    expect(line('3.1', 'numerator')).toEqual([14, '3.1', 'Số người được quán triệt', 'Số nguyên ≥ 0, không lớn hơn mẫu số', 8]);
    expect(line('3.2', 'numerator')[3]).toBe('Số nguyên ≥ 0'); // 3.2 may exceed its target
    expect(line('4.3')).toEqual([20, '4.3', 'Số ngày đã hưởng ứng (0–3)', 'Số nguyên từ 0 đến 3', 3]);
    expect(line('5.1b')).toEqual([21, '5.1b', 'Điểm do hội đồng chấm (0–5, bước 0,25)', '0–5, bước 0,25', 5]);
    expect(line('T1', 'national')).toEqual([null, 'T1', 'Số giải quốc gia', 'Số nguyên ≥ 0', null]);
    expect(line('D1')).toEqual([24, 'D1', 'Có vi phạm', 'Chọn Có hoặc Không', 10]);
  });

  it('checks each value cell in Excel: lists for yes/no and choices, whole numbers ≥ 0 (up to a maximum), a score range, dates', () => {
    const sheet = parseXmlTree(partText(commune, sheetPath(commune, DBP_SHEET)));
    const dvs = childrenNamed(child(sheet, 'dataValidations')!, 'dataValidation');
    const dv = (indicator: string, input = 'value') => {
      const d = dvs.find((x) => x.attrs.get('sqref') === `G${rowOf(commune, DBP_SHEET, indicator, input)}`)!;
      return [d.attrs.get('type'), d.attrs.get('operator') ?? 'between', child(d, 'formula1')!.text, child(d, 'formula2')?.text ?? null, d.attrs.get('error')];
    };
    expect(dv('1.3')).toEqual(['list', 'between', '"Có,Không"', null, 'Chọn Có hoặc Không trong danh sách.']);
    expect(dv('1.2')).toEqual(['list', 'between', '_nq57_list_1', null, 'Chọn một mức trong danh sách.']);
    expect(dv('2.1')).toEqual(['list', 'between', '_nq57_list_2', null, 'Chọn một mức trong danh sách.']);
    expect(dv('2.2')).toEqual(['whole', 'greaterThanOrEqual', '0', null, 'Nhập số nguyên từ 0 trở lên.']);
    expect(dv('4.3')).toEqual(['whole', 'between', '0', '3', 'Nhập số nguyên từ 0 đến 3.']);
    expect(dv('5.1b')).toEqual(['decimal', 'between', '0', '5', 'Nhập điểm từ 0 đến 5, là bội của 0,25.']);
    expect(dv('1.1')).toEqual(['date', 'between', String(isoToSerial('2000-01-01')), String(isoToSerial('2027-12-31')), expect.stringContaining('dd/mm/yyyy')]);
    expect(dvs.every((d) => d.attrs.get('errorTitle') === undefined || d.attrs.get('errorTitle') === 'Giá trị không hợp lệ')).toBe(true);

    // The choice lists name their Vietnamese labels, kept beside the marker (with commas, so not literal lists).
    const book = readOk(commune);
    expect(book.definedNames.find((d) => d.name === '_nq57_list_2')).toEqual({ name: '_nq57_list_2', ref: "'_nq57'!$G$1:$G$3", hidden: true });
    const marker = book.sheets.find((s) => s.name === '_nq57')!;
    expect([1, 2, 3].map((r) => marker.rows.get(r)!.get('G')!.value)).toEqual(['Chưa có chuyên mục', 'Có chuyên mục, dưới 12 tin bài trong năm', 'Có chuyên mục, từ 12 tin bài trở lên trong năm']);
  });

  it('unlocks and colours only the input cells, and protects sheets (no password) and the workbook structure', () => {
    const styles = parseXmlTree(partText(commune, 'xl/styles.xml'));
    const xfs = childrenNamed(child(styles, 'cellXfs')!, 'xf');
    const fills = childrenNamed(child(styles, 'fills')!, 'fill');
    const sheet = parseXmlTree(partText(commune, sheetPath(commune, DBP_SHEET)));
    const row = rowOf(commune, DBP_SHEET, '2.2');
    const cell = (ref: string) => {
      const c = child(sheet, 'sheetData')!.children.flatMap((r) => r.children).find((x) => x.attrs.get('r') === ref)!;
      const xf = xfs[Number(c.attrs.get('s'))]!;
      const fill = child(child(fills[Number(xf.attrs.get('fillId'))]!, 'patternFill')!, 'fgColor')?.attrs.get('rgb');
      return { unlocked: child(xf, 'protection')?.attrs.get('locked') === '0', fill };
    };
    for (const c of ['G', 'H', 'I', 'J']) expect(cell(`${c}${row}`).unlocked, c).toBe(true);
    for (const c of ['A', 'B', 'C', 'D', 'E', 'F']) expect(cell(`${c}${row}`), c).toEqual({ unlocked: false, fill: undefined });
    expect(cell(`G${row}`).fill).toBe('FFFFF2CC');
    expect(cell(`C3`).unlocked).toBe(false);
    const protection = child(sheet, 'sheetProtection')!;
    expect([protection.attrs.get('sheet'), protection.attrs.has('password'), protection.attrs.has('hashValue')]).toEqual(['1', false, false]);
    expect(child(child(child(sheet, 'sheetViews')!, 'sheetView')!, 'pane')!.attrs.get('ySplit')).toBe('7');
    expect(partText(commune, 'xl/workbook.xml')).toContain('<workbookProtection lockStructure="1"/>');
  });

  it('is the same file every time it is made from the same data', () => {
    expect(selfAssessmentTemplate(C2026, [DBP], 2026)).toEqual(commune);
  });

  it('refuses units of different groups, unknown groups and repeated codes', () => {
    expect(() => selfAssessmentTemplate(C2026, [DBP, SKHCN], 2026)).toThrow(/one group/);
    expect(() => selfAssessmentTemplate(C2026, [{ ...DBP, group: 'HUYEN' }], 2026)).toThrow(/HUYEN/);
    expect(() => selfAssessmentTemplate(C2026, [DBP, DBP], 2026)).toThrow(/distinct/);
    expect(() => selfAssessmentTemplate(C2026, [], 2026)).toThrow(/at least one/);
  });
});

describe('reading a filled template', () => {
  const row = (line: number, indicator: string, input: string, value: string, evidence = '', explanation = '', note = ''): RawRow => ({
    line,
    sheet: DBP_SHEET,
    fields: ['2026', '03127', 'UBND phường Điện Biên Phủ', 'XA', indicator, input, value, '', evidence, explanation, '', note],
  });
  const r = (indicator: string, input = 'value') => rowOf(commune, DBP_SHEET, indicator, input);

  it('turns a commune’s filled cells into interchange rows that validate without problems', () => {
    const filled = fill(commune, DBP_SHEET, [
      ['1.1', 'value', 'G', isoToSerial('2025-12-20')],
      ['1.1', 'value', 'H', 'Kế hoạch số 12/KH-UBND ngày 20/12/2025'],
      ['1.2', 'value', 'G', 'Chỉ gửi kế hoạch'],
      ['1.3', 'value', 'G', 'Có'],
      ['2.5', 'value', 'G', 'Không'],
      ['1.4', 'report_jun', 'G', '09/06/2026'],
      ['1.4', 'report_jun', 'H', 'Báo cáo số 101/BC-UBND'],
      ['1.4', 'report_dec', 'H', 'Chưa đến hạn gửi'],
      ['2.1', 'value', 'G', 'Có chuyên mục, từ 12 tin bài trở lên trong năm'],
      ['2.2', 'value', 'G', 15],
      ['3.1', 'numerator', 'G', 45],
      ['3.1', 'denominator', 'G', 50],
      ['3.1', 'numerator', 'I', 'Năm người nghỉ ốm'],
      ['5.1b', 'value', 'G', 2.5],
      ['T1', 'national', 'G', 1],
      ['T1', 'national', 'J', 'Giải C báo chí quốc gia'],
      ['D2', 'value', 'G', 0],
    ]);
    const got = read(filled);
    expect(shown(got.problems)).toBe('');
    expect(got.rows).toEqual([
      row(r('1.1'), '1.1', 'value', '2025-12-20', 'Kế hoạch số 12/KH-UBND ngày 20/12/2025'),
      row(r('1.2'), '1.2', 'value', 'plan_only'),
      row(r('1.3'), '1.3', 'value', '1'),
      row(r('1.4', 'report_jun'), '1.4', 'report_jun', '2026-06-09', 'Báo cáo số 101/BC-UBND'),
      // An empty date with its evidence filled is a row: "not sent yet" is information.
      row(r('1.4', 'report_dec'), '1.4', 'report_dec', '', 'Chưa đến hạn gửi'),
      row(r('2.1'), '2.1', 'value', 'active'),
      row(r('2.2'), '2.2', 'value', '15'),
      row(r('2.5'), '2.5', 'value', '0'),
      row(r('3.1', 'numerator'), '3.1', 'numerator', '45', '', 'Năm người nghỉ ốm'),
      row(r('3.1', 'denominator'), '3.1', 'denominator', '50'),
      row(r('5.1b'), '5.1b', 'value', '2.5'),
      row(r('T1', 'national'), 'T1', 'national', '1', '', '', 'Giải C báo chí quốc gia'),
      row(r('D2'), 'D2', 'value', '0'),
    ]);
    expect(got.meta).toEqual({
      year: 2026,
      units: [{ ...DBP, sheet: DBP_SHEET }],
      criteria: C2026.ident,
    });

    const table = validateRows(got.rows, { criteriaFor: only2026 });
    expect(table.problems).toEqual([]);
    const entries = table.years.get(2026)!.entries;
    const values = Object.fromEntries(entries.map((e) => [e.code, e.values]));
    expect(values).toEqual({
      '1.1': { value: '2025-12-20' },
      '1.2': { value: 'plan_only' },
      '1.3': { value: true },
      '1.4': { report_jun: '2026-06-09', report_dec: null },
      '2.1': { value: 'active' },
      '2.2': { value: 15 },
      '2.5': { value: false },
      '3.1': { numerator: 45, denominator: 50 },
      '5.1b': { value: 2.5 },
      T1: { national: 1 },
      D2: { value: 0 },
    });
    expect(entries.every((e) => e.evaluator === null)).toBe(true);
    expect(entries.find((e) => e.code === '1.4')!.evidence).toBe('Báo cáo số 101/BC-UBND; Chưa đến hạn gửi');
  });

  it('reads the departments of one workbook, each from its own sheet', () => {
    const [a, b] = ['SKHCN Sở Khoa học và Công nghệ', 'SVHTTDL Sở Văn hóa, Thể thao và'];
    let filled = fill(departments, a, [
      ['3.4b', 'value', 'G', 4],
      ['1.3', 'value', 'G', 'Có'],
    ]);
    filled = fill(filled, b, [['3.4b', 'value', 'G', 2]]);
    const got = read(filled);
    expect(shown(got.problems)).toBe('');
    expect(got.rows.map((x) => [x.sheet, x.fields[1], x.fields[2], x.fields[3], x.fields[4], x.fields[6]])).toEqual([
      [a, 'SKHCN', 'Sở Khoa học và Công nghệ', 'SO', '1.3', '1'],
      [a, 'SKHCN', 'Sở Khoa học và Công nghệ', 'SO', '3.4b', '4'],
      [b, 'SVHTTDL', 'Sở Văn hóa, Thể thao và Du lịch', 'SO', '3.4b', '2'],
    ]);
    expect(validateRows(got.rows, { criteriaFor: only2026 }).problems).toEqual([]);
  });

  it('accepts what people type instead of picking from the list: TRUE, 1, lower case, codes, numbers as text, 2,5', () => {
    const filled = fill(commune, DBP_SHEET, [
      ['1.3', 'value', 'G', true],
      ['2.5', 'value', 'G', 'không'],
      ['4.1', 'value', 'G', 1],
      ['1.2', 'value', 'G', 'plan_and_budget'],
      ['2.1', 'value', 'G', '  có chuyên mục, dưới 12 tin bài trong năm '],
      ['2.2', 'value', 'G', '12'],
      ['5.1b', 'value', 'G', '2,5'],
      ['2.4', 'value', 'G', 3.0000000000000004],
      ['1.1', 'value', 'G', '2025-12-20'],
      ['1.1', 'value', 'H', isoToSerial('2025-12-20')],
    ]);
    const got = read(filled);
    expect(shown(got.problems)).toBe('');
    const value = (indicator: string) => got.rows.find((x) => x.fields[4] === indicator)!.fields[6];
    expect(['1.3', '2.5', '4.1', '1.2', '2.1', '2.2', '5.1b', '2.4', '1.1'].map(value)).toEqual(['1', '0', '1', 'plan_and_budget', 'exists', '12', '2,5', '3', '2025-12-20']);
    // A number typed into an evidence cell stays as written.
    expect(got.rows.find((x) => x.fields[4] === '1.1')!.fields[8]).toBe(String(isoToSerial('2025-12-20')));
  });

  it('writes numbers as the person wrote them, without binary noise', () => {
    expect([2.5, 3, 0.1 + 0.2, 2.7500000000000004, 1234567, 0].map(numberText)).toEqual(['2.5', '3', '0.3', '2.75', '1234567', '0']);
  });

  it('converts date serials of a workbook that counts from 1904', () => {
    let filled = fill(commune, DBP_SHEET, [['1.1', 'value', 'G', isoToSerial('2025-12-20', true)]]);
    filled = editParts(filled, { 'xl/workbook.xml': (x) => x.replace('<workbookPr/>', '<workbookPr date1904="1"/>') });
    expect(read(filled).rows.map((x) => x.fields[6])).toEqual(['2025-12-20']);
  });

  it('reads a template filled here and then opened and saved by LibreOffice Calc 7.4 (fixture)', () => {
    // fixtures/03127-filled-saved-by-libreoffice.xlsx: this commune's template with cells typed as in the test
    // above (1.1 as a date serial, 1.2 a label, 1.3 "Có", 1.4 a dd/mm/yyyy text and an evidence only, 3.1, 5.1b
    // 2.5, D2 0), converted by `soffice --headless --convert-to xlsx`. LibreOffice rewrites every part (its own
    // shared strings, styles, booleans written "true"), turns the very hidden marker into a hidden one and drops
    // the structure lock; reading must not care.
    const bytes = new Uint8Array(readFileSync(resolve(ROOT, 'tests/spreadsheet/fixtures/03127-filled-saved-by-libreoffice.xlsx')));
    const got = read(bytes);
    expect(shown(got.problems)).toBe('');
    expect(got.rows).toEqual([
      row(9, '1.1', 'value', '2025-12-20', 'Kế hoạch số 12/KH-UBND ngày 20/12/2025'),
      row(10, '1.2', 'value', 'plan_only'),
      row(11, '1.3', 'value', '1'),
      row(12, '1.4', 'report_jun', '2026-06-09'),
      row(13, '1.4', 'report_dec', '', 'Chưa gửi'),
      row(26, '3.1', 'numerator', '45'),
      row(27, '3.1', 'denominator', '50'),
      row(39, '5.1b', 'value', '2.5'),
      row(46, 'D2', 'value', '0'),
    ]);
    expect(readOk(bytes).sheets.map((x) => x.state)).toEqual(['visible', 'hidden']);
  });

  it('reads a template filled and saved by openpyxl 3.0 (fixture)', () => {
    // fixtures/03127-filled-by-openpyxl.xlsx: this commune's template loaded with Python's openpyxl, cells set
    // (G9 a datetime.date, G10 "Chưa gửi", G11 "Không", 3.1 45 and 50, 5.1b 4.75 with an explanation) and saved.
    const bytes = new Uint8Array(readFileSync(resolve(ROOT, 'tests/spreadsheet/fixtures/03127-filled-by-openpyxl.xlsx')));
    const got = read(bytes);
    expect(shown(got.problems)).toBe('');
    expect(got.rows).toEqual([
      row(9, '1.1', 'value', '2025-12-20', 'KH 12/KH-UBND'),
      row(10, '1.2', 'value', 'none'),
      row(11, '1.3', 'value', '0'),
      row(26, '3.1', 'numerator', '45'),
      row(27, '3.1', 'denominator', '50'),
      row(39, '5.1b', 'value', '4.75', '', 'Tự chấm'),
    ]);
  });

  it('gives no row for an empty template', () => {
    expect(read(commune)).toEqual({ rows: [], problems: [], meta: expect.objectContaining({ year: 2026 }) });
  });
});

describe('the error matrix: nothing is read, and the message says what is wrong and where', () => {
  const good = fill(commune, DBP_SHEET, [
    ['2.2', 'value', 'G', 15],
    ['1.3', 'value', 'G', 'Có'],
  ]);
  const r = (indicator: string, input = 'value') => rowOf(commune, DBP_SHEET, indicator, input);
  const setMarker = (bytes: Uint8Array, key: string, value: string) =>
    editMarker(bytes, (rows) => {
      const line = rows.find((l) => l?.[0] === key)!;
      line[1] = value;
    });

  it('a template of another version', () => {
    const m = refused(setMarker(good, 'template_version', '2'));
    expect(m.vi).toContain('Biểu mẫu là phiên bản 2; ứng dụng này đọc được biểu mẫu phiên bản 1');
    expect(m.en).toContain('The template is version 2; this app reads template version 1');
  });

  it('a template made with another version of the criteria, or with the same version changed', () => {
    const json = JSON.parse(CRITERIA_TEXT);
    json.version = '2026.2';
    const other = selfAssessmentTemplate(criteriaFrom(JSON.stringify(json)), [DBP], 2026);
    const m = refused(fill(other, DBP_SHEET, [['2.2', 'value', 'G', 15]]));
    expect(m.vi).toContain('Biểu mẫu được tạo theo bộ tiêu chí nq57-truyen-thong-dien-bien 2026.2, nhưng năm 2026 đang dùng nq57-truyen-thong-dien-bien 2026.1');
    expect(m.en).toContain('made with criteria set nq57-truyen-thong-dien-bien 2026.2, but 2026 uses nq57-truyen-thong-dien-bien 2026.1');

    const tweaked = JSON.parse(CRITERIA_TEXT);
    tweaked.indicators[0].evidence.vi += ' (bản sửa)';
    const same = refused(selfAssessmentTemplate(criteriaFrom(JSON.stringify(tweaked)), [DBP], 2026));
    expect(same.vi).toContain('2026.1 với nội dung khác');
  });

  it('a year without a criteria set', () => {
    expect(refused(setMarker(good, 'year', '2031')).vi).toContain('Không có bộ tiêu chí cho năm 2031');
  });

  it('an indicator in the marker that the criteria do not have', () => {
    const bytes = editMarker(good, (rows) => {
      const line = rows.find((l) => l?.[2] === '2.2')!;
      line[2] = '9.9';
    });
    const m = refused(bytes);
    expect(m.problems.map((p) => p.sheet)).toEqual(['_nq57']);
    expect(m.vi).toContain(`ghi chỉ tiêu "9.9", đầu vào "value", không có trong bộ tiêu chí 2026.1 cho khối XA`);
  });

  it('values of the wrong type, each reported at its sheet, row and column', () => {
    const bytes = fill(commune, DBP_SHEET, [
      ['2.2', 'value', 'G', 'mười lăm'],
      ['2.4', 'value', 'G', -3],
      ['1.1', 'value', 'G', '31/02/2026'],
      ['1.4', 'report_jun', 'G', 'tháng 6'],
      ['1.2', 'value', 'G', 'Gửi một phần'],
      ['4.3', 'value', 'G', 4],
      ['5.1b', 'value', 'G', 2.3],
      ['1.3', 'value', 'G', 'Chắc có'],
      ['2.6', 'value', 'G', 12],
    ]);
    const m = refused(bytes);
    const where = (indicator: string, input = 'value') => [DBP_SHEET, r(indicator, input), 'G (Giá trị)'];
    expect(m.problems.map(at)).toEqual(
      expect.arrayContaining([where('2.2'), where('2.4'), where('1.1'), where('1.4', 'report_jun'), where('1.2'), where('4.3'), where('5.1b'), where('1.3')]),
    );
    expect(m.problems).toHaveLength(8);
    expect(m.vi).toContain('Không phải số nguyên không âm');
    expect(m.vi).toContain('Số lượng không được âm');
    expect(m.vi).toContain('Ngày không hợp lệ: nhập ngày có thật dạng dd/mm/yyyy');
    expect(m.vi).toContain('Mức không có trong danh sách; chọn một trong: Đã gửi kế hoạch và dự toán; Chỉ gửi kế hoạch; Chưa gửi');
    expect(m.vi).toContain('Số lượng vượt quá tối đa 3');
    expect(m.vi).toContain('là bội của 0,25');
    expect(m.vi).toContain('Giá trị có/không phải là 1/0, có/không hoặc yes/no');
  });

  it('a numerator above its denominator (found by the interchange validation)', () => {
    const m = refused(
      fill(good, DBP_SHEET, [
        ['3.1', 'numerator', 'G', 60],
        ['3.1', 'denominator', 'G', 50],
      ]),
    );
    expect(m.problems.map(at)).toEqual([[DBP_SHEET, r('3.1', 'numerator'), 'G (Giá trị)']]);
    expect(m.vi).toContain(`Tử số 60 lớn hơn mẫu số 50 (dòng ${r('3.1', 'denominator')})`);
  });

  it('a formula in an input cell, even with a sensible cached value', () => {
    const m = refused(
      fill(good, DBP_SHEET, [
        ['2.6', 'value', 'G', { formula: 'SUM(2,3)', cached: 5 }],
        ['2.6', 'value', 'H', { formula: '"KH "&"12"', cached: 'KH 12' }],
      ]),
    );
    expect(m.problems.map(at)).toEqual([
      [DBP_SHEET, r('2.6'), 'G (Giá trị)'],
      [DBP_SHEET, r('2.6'), 'H (Tài liệu kiểm chứng)'],
    ]);
    expect(m.vi).toContain('Ô nhập liệu chứa công thức; hãy nhập giá trị, không dùng công thức');
  });

  it('merged cells in the table (the cover block may keep its own)', () => {
    const row = r('2.2');
    const bytes = editParts(good, {
      [sheetPath(good, DBP_SHEET)]: (x) => x.replace(/<mergeCells count="6">/, `<mergeCells count="7"><mergeCell ref="H${row}:I${row + 1}"/>`),
    });
    const m = refused(bytes);
    expect(m.problems.map(at)).toEqual([[DBP_SHEET, row, 'H (Tài liệu kiểm chứng)']]);
    expect(m.vi).toContain(`Bảng có ô gộp H${row}:I${row + 1}; hãy bỏ gộp ô`);
  });

  it('a sheet emptied of its table', () => {
    const bytes = editParts(good, { [sheetPath(good, DBP_SHEET)]: (x) => x.replace(/<sheetData>.*<\/sheetData>/s, '<sheetData/>') });
    const m = refused(bytes);
    expect(m.problems.map(at)).toEqual([[DBP_SHEET, 7, undefined]]);
    expect(m.vi).toContain('Trang không có bảng tự đánh giá: dòng tiêu đề (dòng 7) không còn như biểu mẫu');
  });

  it('a unit sheet that was renamed or deleted', () => {
    const bytes = editParts(good, { 'xl/workbook.xml': (x) => x.replace(`name="${DBP_SHEET}"`, 'name="Trang 1"') });
    expect(refused(bytes).vi).toContain(`Thiếu trang "${DBP_SHEET}" của đơn vị 03127`);
  });

  it('a table whose rows were moved, or a cover showing another unit', () => {
    const moved = refused(fill(good, DBP_SHEET, [['2.2', 'value', 'B', '2.3']]));
    expect(moved.problems.map(at)).toEqual([[DBP_SHEET, r('2.2'), 'B (Mã chỉ tiêu)']]);
    expect(moved.vi).toContain('Dòng này phải là chỉ tiêu 2.2 nhưng đang ghi "2.3": bảng đã bị chèn, xoá hoặc sắp xếp lại dòng');
    const other = refused(typeInto(good, DBP_SHEET, { C3: '03334' }));
    expect(other.vi).toContain('Mã đơn vị trên trang là "03334" nhưng biểu mẫu được tạo cho đơn vị 03127');
  });

  it('a cell holding an Excel error', () => {
    const bytes = editParts(good, {
      [sheetPath(good, DBP_SHEET)]: (x) => x.replace(new RegExp(`<c r="G${r('2.7')}"( s="\\d+")/>`), `<c r="G${r('2.7')}"$1 t="e"><v>#N/A</v></c>`),
    });
    expect(refused(bytes).vi).toContain('Ô chứa lỗi #N/A');
  });

  it('a workbook that is not one of our templates', () => {
    const plain = writeXlsx({ sheets: [{ name: 'Tự đánh giá', rows: [['Mã chỉ tiêu', 'Giá trị'], ['2.2', 15]] }] });
    const m = refused(plain);
    expect(m.vi).toContain('Không phải biểu mẫu tự đánh giá do ứng dụng này tạo ra (không có trang đánh dấu _nq57)');
    expect(m.en).toContain('Not a self-assessment template made by this app');
  });

  it('a PDF renamed .xlsx', () => {
    expect(refused(new TextEncoder().encode('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n')).vi).toContain('đây là tệp PDF');
  });

  it('a truncated file', () => {
    expect(refused(good.subarray(0, Math.floor(good.length * 0.6))).en).toContain('truncated or damaged');
  });

  it('a file over the size limit', () => {
    expect(refused(good, { maxBytes: 4096 }).vi).toBe(`Tệp quá lớn: ${Math.ceil(good.length / 1024)} KB, tối đa 4 KB`);
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(good);
    expect(refused(big).en).toBe('The file is too large: 10.1 MB, at most 10 MB');
  });

  it('zip bombs: a part declaring a huge size, and a part inflating to more than it declares', () => {
    const sheet = sheetPath(good, DBP_SHEET);
    expect(refused(patchDeclaredSize(good, sheet, 3_000_000_000)).vi).toContain('bom nén');
    const real = new TextEncoder().encode(partText(good, sheet)).length;
    expect(refused(patchDeclaredSize(good, sheet, real - 100)).en).toContain('inflates to more than its declared size');
  });

  it('a file that takes too long to read', () => {
    let t = 0;
    expect(refused(good, { maxMillis: 100, now: () => (t += 40) }).en).toContain('Reading took over 0.1 s and was stopped');
  });

  it('all or nothing: one bad cell among good ones returns no row', () => {
    expect(read(good).rows).toHaveLength(2);
    const m = refused(fill(good, DBP_SHEET, [['2.7', 'value', 'G', 'nhiều']]));
    expect(m.problems).toHaveLength(1);
  });
});
