/**
 * The workbook writer: its output is a zip whose parts are well-formed XML, in the element order the OOXML
 * schema prescribes, holding the styles, validations, merges, panes, names and protection asked for; and the
 * reader gets back exactly the values written (Vietnamese text, numbers, booleans, dates).
 */
import { describe, expect, it } from 'vitest';
import { isoToSerial, serialToIso } from '../../shared/spreadsheet/cells';
import { child, childrenNamed, parseXmlTree, type XmlElement } from '../../shared/spreadsheet/xml';
import { writeXlsx, type SheetSpec, type WorkbookSpec } from '../../shared/spreadsheet/xlsx-write';
import { partText, readOk, unzip } from './helpers';

const tree = (bytes: Uint8Array, path: string) => parseXmlTree(partText(bytes, path));

/** CT_Worksheet's sequence, as far as the writer uses it. */
const WORKSHEET_ORDER = ['sheetPr', 'dimension', 'sheetViews', 'sheetFormatPr', 'cols', 'sheetData', 'sheetProtection', 'mergeCells', 'dataValidations', 'pageMargins', 'pageSetup'];
const STYLES_ORDER = ['numFmts', 'fonts', 'fills', 'borders', 'cellStyleXfs', 'cellXfs', 'cellStyles'];
const WORKBOOK_ORDER = ['workbookPr', 'workbookProtection', 'bookViews', 'sheets', 'definedNames'];

function expectInOrder(el: XmlElement, order: string[]): void {
  const names = el.children.map((c) => c.name);
  for (const n of names) expect(order, `unexpected <${n}>`).toContain(n);
  const positions = names.map((n) => order.indexOf(n));
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
}

const form: SheetSpec = {
  name: 'Biểu mẫu',
  rows: [
    [{ value: 'Tên đơn vị', style: { bold: true, fill: 'BDD7EE', border: 'thin', horizontal: 'center' } }, 'Điểm', 'Ngày', 'Đạt'],
    ['UBND phường Điện Biên Phủ', { value: 2.5, style: { numberFormat: '0.00' } }, { date: '2026-06-10' }, true],
    [{ value: 'Nhập vào ô vàng, chữ dài tự xuống dòng', style: { wrap: true, vertical: 'top' } }, { value: null, style: { fill: 'FFF2CC', locked: false, border: 'thin' } }],
  ],
  columns: [{ width: 40 }, { width: 12 }, { width: 14 }],
  rowHeights: { 3: 45 },
  merges: ['A5:D5'],
  freeze: { rows: 1 },
  validations: [
    { ref: 'D2', rule: { type: 'list', options: ['Có', 'Không'] }, error: { title: 'Giá trị không hợp lệ', message: 'Chọn Có hoặc Không.' } },
    { ref: 'B3', rule: { type: 'whole', min: 0, max: 3 }, error: { title: 'Giá trị không hợp lệ', message: 'Nhập số nguyên từ 0 đến 3.' } },
    { ref: 'B4', rule: { type: 'whole', min: 0 } },
    { ref: 'B2', rule: { type: 'decimal', min: 0, max: 5 }, prompt: { title: 'Cách nhập', message: '0–5, bước 0,25' } },
    { ref: 'C2', rule: { type: 'date', min: '2000-01-01', max: '2027-12-31' } },
    { ref: 'A4', rule: { type: 'list', source: 'danh_sach' } },
  ],
  protect: true,
  landscape: true,
};

const spec: WorkbookSpec = {
  font: { name: 'Times New Roman', size: 12 },
  protectStructure: true,
  sheets: [form, { name: 'ẩn', state: 'hidden', rows: [['a']] }, { name: '_rất ẩn', state: 'veryHidden', rows: [['Lựa chọn 1'], ['Lựa chọn 2']] }],
  definedNames: [
    { name: 'danh_sach', ref: "'_rất ẩn'!$A$1:$A$2", hidden: true },
    { name: '_xlnm.Print_Titles', sheet: 'Biểu mẫu', ref: "'Biểu mẫu'!$1:$1" },
  ],
};

describe('the workbook writer', () => {
  const bytes = writeXlsx(spec);

  it('writes a zip holding the parts of a SpreadsheetML package, each well-formed XML', () => {
    const parts = Object.keys(unzip(bytes)).sort();
    expect(parts).toEqual(
      [
        '[Content_Types].xml',
        '_rels/.rels',
        'docProps/core.xml',
        'xl/_rels/workbook.xml.rels',
        'xl/sharedStrings.xml',
        'xl/styles.xml',
        'xl/workbook.xml',
        'xl/worksheets/sheet1.xml',
        'xl/worksheets/sheet2.xml',
        'xl/worksheets/sheet3.xml',
      ].sort(),
    );
    for (const p of parts) expect(() => tree(bytes, p), p).not.toThrow();
    const types = partText(bytes, '[Content_Types].xml');
    expect(types).toContain('PartName="/xl/worksheets/sheet3.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"');
  });

  it('keeps the children of worksheet, styleSheet and workbook in schema order', () => {
    for (const i of [1, 2, 3]) expectInOrder(tree(bytes, `xl/worksheets/sheet${i}.xml`), WORKSHEET_ORDER);
    expectInOrder(tree(bytes, 'xl/styles.xml'), STYLES_ORDER);
    expectInOrder(tree(bytes, 'xl/workbook.xml'), WORKBOOK_ORDER);
  });

  it('writes the same bytes for the same workbook', () => {
    expect(writeXlsx(spec)).toEqual(bytes);
  });

  it('declares sheet visibility, defined names and a protected structure in the workbook', () => {
    const wb = tree(bytes, 'xl/workbook.xml');
    const sheets = childrenNamed(child(wb, 'sheets')!, 'sheet');
    expect(sheets.map((s) => [s.attrs.get('name'), s.attrs.get('state') ?? 'visible'])).toEqual([
      ['Biểu mẫu', 'visible'],
      ['ẩn', 'hidden'],
      ['_rất ẩn', 'veryHidden'],
    ]);
    expect(child(wb, 'workbookProtection')!.attrs.get('lockStructure')).toBe('1');
    const names = childrenNamed(child(wb, 'definedNames')!, 'definedName').map((d) => [d.attrs.get('name'), d.attrs.get('localSheetId'), d.attrs.get('hidden'), d.text]);
    expect(names).toEqual([
      ['danh_sach', undefined, '1', "'_rất ẩn'!$A$1:$A$2"],
      ['_xlnm.Print_Titles', '0', undefined, "'Biểu mẫu'!$1:$1"],
    ]);
    expect(readOk(bytes).definedNames).toEqual([
      { name: 'danh_sach', ref: "'_rất ẩn'!$A$1:$A$2", hidden: true },
      { name: '_xlnm.Print_Titles', ref: "'Biểu mẫu'!$1:$1", sheet: 'Biểu mẫu', hidden: false },
    ]);
  });

  it('writes the styles asked for: bold, fill, thin borders, wrap, alignment, 0.00 and dd/mm/yyyy, Times New Roman, unlocked cells', () => {
    const styles = tree(bytes, 'xl/styles.xml');
    const numFmts = childrenNamed(child(styles, 'numFmts')!, 'numFmt').map((f) => f.attrs.get('formatCode'));
    expect(numFmts).toEqual(['dd/mm/yyyy']);
    const fonts = childrenNamed(child(styles, 'fonts')!, 'font');
    expect(fonts.every((f) => child(f, 'name')!.attrs.get('val') === 'Times New Roman')).toBe(true);
    expect(fonts.some((f) => child(f, 'b'))).toBe(true);
    const fills = childrenNamed(child(styles, 'fills')!, 'fill').map((f) => child(f, 'patternFill')!);
    // Excel reserves the first two fills.
    expect(fills.slice(0, 2).map((f) => f.attrs.get('patternType'))).toEqual(['none', 'gray125']);
    expect(fills.map((f) => child(f, 'fgColor')?.attrs.get('rgb'))).toContain('FFFFF2CC');
    const borders = childrenNamed(child(styles, 'borders')!, 'border');
    expect(borders.some((b) => child(b, 'left')!.attrs.get('style') === 'thin')).toBe(true);

    const xfs = childrenNamed(child(styles, 'cellXfs')!, 'xf');
    const styleOf = (ref: string) => {
      const sheet = tree(bytes, 'xl/worksheets/sheet1.xml');
      const c = child(sheet, 'sheetData')!.children.flatMap((r) => r.children).find((x) => x.attrs.get('r') === ref)!;
      return xfs[Number(c.attrs.get('s') ?? 0)]!;
    };
    expect(styleOf('B2').attrs.get('numFmtId')).toBe('2'); // the built-in "0.00"
    expect(styleOf('C2').attrs.get('numFmtId')).toBe('164');
    expect(child(styleOf('A3'), 'alignment')!.attrs.get('wrapText')).toBe('1');
    expect(child(styleOf('A1'), 'alignment')!.attrs.get('horizontal')).toBe('center');
    expect(child(styleOf('B3'), 'protection')!.attrs.get('locked')).toBe('0');
    expect(child(styleOf('A2'), 'protection')).toBeUndefined();
  });

  it('writes widths, heights, merges, a frozen header, protection without password, landscape printing', () => {
    const sheet = tree(bytes, 'xl/worksheets/sheet1.xml');
    expect(childrenNamed(child(sheet, 'cols')!, 'col').map((c) => c.attrs.get('width'))).toEqual(['40', '12', '14']);
    const row3 = child(sheet, 'sheetData')!.children.find((r) => r.attrs.get('r') === '3')!;
    expect([row3.attrs.get('ht'), row3.attrs.get('customHeight')]).toEqual(['45', '1']);
    expect(childrenNamed(child(sheet, 'mergeCells')!, 'mergeCell').map((m) => m.attrs.get('ref'))).toEqual(['A5:D5']);
    const pane = child(child(child(sheet, 'sheetViews')!, 'sheetView')!, 'pane')!;
    expect(Object.fromEntries(pane.attrs)).toEqual({ ySplit: '1', topLeftCell: 'A2', activePane: 'bottomLeft', state: 'frozen' });
    const protection = child(sheet, 'sheetProtection')!;
    expect(protection.attrs.get('sheet')).toBe('1');
    expect(protection.attrs.has('password')).toBe(false);
    expect(child(sheet, 'pageSetup')!.attrs.get('orientation')).toBe('landscape');
    expect(readOk(bytes).sheets[0]!.merges).toEqual([{ ref: 'A5:D5', top: 5, left: 1, bottom: 5, right: 4 }]);
  });

  it('writes data validations: literal lists, lists from a name, whole numbers ≥ 0 with a maximum, decimals, dates, with Vietnamese messages', () => {
    const dvs = childrenNamed(child(tree(bytes, 'xl/worksheets/sheet1.xml'), 'dataValidations')!, 'dataValidation');
    const summary = dvs.map((d) => ({
      ref: d.attrs.get('sqref'),
      type: d.attrs.get('type'),
      operator: d.attrs.get('operator'),
      f1: child(d, 'formula1')?.text,
      f2: child(d, 'formula2')?.text,
    }));
    expect(summary).toEqual([
      { ref: 'D2', type: 'list', operator: undefined, f1: '"Có,Không"', f2: undefined },
      { ref: 'B3', type: 'whole', operator: undefined, f1: '0', f2: '3' },
      { ref: 'B4', type: 'whole', operator: 'greaterThanOrEqual', f1: '0', f2: undefined },
      { ref: 'B2', type: 'decimal', operator: undefined, f1: '0', f2: '5' },
      { ref: 'C2', type: 'date', operator: undefined, f1: String(isoToSerial('2000-01-01')), f2: String(isoToSerial('2027-12-31')) },
      { ref: 'A4', type: 'list', operator: undefined, f1: 'danh_sach', f2: undefined },
    ]);
    expect(dvs[0]!.attrs.get('errorTitle')).toBe('Giá trị không hợp lệ');
    expect(dvs[0]!.attrs.get('error')).toBe('Chọn Có hoặc Không.');
    expect(dvs[0]!.attrs.get('showErrorMessage')).toBe('1');
    expect(dvs[3]!.attrs.get('prompt')).toBe('0–5, bước 0,25');
  });

  it('reads back every value as written: Vietnamese text, numbers, booleans, dates', () => {
    const book = readOk(bytes);
    const cells = book.sheets[0]!.rows;
    expect(cells.get(1)!.get('A')).toEqual({ value: 'Tên đơn vị', type: 'string', hasFormula: false });
    expect(cells.get(2)!.get('A')!.value).toBe('UBND phường Điện Biên Phủ');
    expect(cells.get(2)!.get('B')).toEqual({ value: 2.5, type: 'number', hasFormula: false });
    expect(cells.get(2)!.get('C')).toEqual({ value: isoToSerial('2026-06-10'), type: 'date', hasFormula: false });
    expect(serialToIso(cells.get(2)!.get('C')!.value as number)).toBe('2026-06-10');
    expect(cells.get(2)!.get('D')).toEqual({ value: true, type: 'boolean', hasFormula: false });
    // A styled empty cell is written (so it can be unlocked and coloured) but holds no value.
    expect(cells.get(3)!.has('B')).toBe(false);
    expect(book.sheets.map((s) => s.state)).toEqual(['visible', 'hidden', 'veryHidden']);
  });

  it('keeps text that XML cannot carry as is: markup characters, control characters, _xHHHH_, spaces, line breaks, emoji', () => {
    const nasty = ['<b>&amp;"\'</b>', 'tab\there\nline two\r\n', '  spaces around  ', 'bell\u0007 and nul\u0000', '_x0041_ stays literal', 'Điện Biên 🏔️', '', 'ß'];
    for (const sharedStrings of [true, false]) {
      const b = writeXlsx({ sharedStrings, sheets: [{ name: 'S', rows: nasty.map((s) => [s]) }] });
      const rows = readOk(b).sheets[0]!.rows;
      const back = nasty.map((_, i) => rows.get(i + 1)?.get('A')?.value ?? '');
      expect(back).toEqual(nasty);
    }
  });

  it('writes numbers exactly, including large, small and negative ones', () => {
    const nums = [0, -0, 3, -12, 2.5, 0.1 + 0.2, 1e-7, 123456789012, 1e21];
    const rows = readOk(writeXlsx({ sheets: [{ name: 'S', rows: nums.map((n) => [n]) }] })).sheets[0]!.rows;
    expect(nums.map((_, i) => rows.get(i + 1)!.get('A')!.value)).toEqual(nums.map((n) => (Object.is(n, -0) ? 0 : n)));
  });

  it('converts dates to Excel serial numbers, counting Excel’s 29 February 1900', () => {
    expect(isoToSerial('1900-01-01')).toBe(1);
    expect(isoToSerial('1900-02-28')).toBe(59);
    expect(isoToSerial('1900-03-01')).toBe(61);
    expect(isoToSerial('2026-06-10')).toBe(46183);
    expect(isoToSerial('2026-06-10', true)).toBe(46183 - 1462);
    expect(serialToIso(60)).toBeNull();
    expect(serialToIso(46183.75)).toBe('2026-06-10');
    expect(serialToIso(46183 - 1462, true)).toBe('2026-06-10');
  });

  it('refuses what Excel would refuse to open, instead of writing a broken file', () => {
    const one = (s: Partial<SheetSpec>, extra: Partial<WorkbookSpec> = {}) => () => writeXlsx({ ...extra, sheets: [{ name: 'S', rows: [], ...s }] });
    expect(one({ name: 'Tên trang dài hơn ba mươi mốt ký tự' })).toThrow(/31 characters/);
    expect(one({ name: 'a/b' })).toThrow(/character/);
    expect(() => writeXlsx({ sheets: [{ name: 'A', rows: [] }, { name: 'a', rows: [] }] })).toThrow(/two sheets/);
    expect(() => writeXlsx({ sheets: [{ name: 'A', rows: [], state: 'hidden' }] })).toThrow(/visible/);
    expect(one({ merges: ['A1:B2', 'B2:C3'] })).toThrow(/overlap/);
    expect(one({ validations: [{ ref: 'A1', rule: { type: 'list', options: ['a, b', 'c'] } }] })).toThrow(/commas/);
    expect(one({ validations: [{ ref: 'A1', rule: { type: 'whole', min: 0 }, error: { title: 'x'.repeat(33), message: '' } }] })).toThrow(/32/);
    expect(one({ validations: [{ ref: 'A1', rule: { type: 'whole', min: 0 }, error: { title: 'x', message: 'x'.repeat(256) } }] })).toThrow(/255/);
    expect(one({ rows: [[Number.NaN]] })).toThrow(/finite/);
    expect(one({ rows: [['x'.repeat(32_768)]] })).toThrow(/32 767/);
    expect(one({}, { definedNames: [{ name: 'A1', ref: 'S!$A$1' }] })).toThrow(/defined name/);
  });
});
