/**
 * What the workbook writer gained for the exports: print setup (A4, orientation, fit to width, margins in
 * millimetres, centring), headers and footers in Excel's codes (page numbers, a literal "&", a first page of
 * its own), an auto filter, underlined text — in the order the schema prescribes, and refused where Excel
 * would refuse the file.
 */
import { describe, expect, it } from 'vitest';
import { child, childrenNamed } from '../../shared/spreadsheet/xml';
import { headerFooterText, writeXlsx, type SheetSpec } from '../../shared/spreadsheet/xlsx-write';
import { partXml, readBack, styleAt } from './helpers';

const base: SheetSpec = { name: 'Danh sách', rows: [[{ value: 'Độc lập - Tự do - Hạnh phúc', style: { bold: true, underline: true } }], ['a', 1], ['b', 2]] };

describe('print setup and headers', () => {
  it('writes A4 portrait or landscape, fit to width, margins in inches from millimetres, centring', () => {
    const bytes = writeXlsx({
      sheets: [{ ...base, print: { orientation: 'portrait', fitToWidth: true, centerHorizontally: true, margins: { top: 20, bottom: 20, left: 30, right: 15, header: 8, footer: 8 } } }],
    });
    const sheet = partXml(bytes, 'xl/worksheets/sheet1.xml');
    expect(Object.fromEntries(child(sheet, 'pageSetup')!.attrs)).toEqual({ paperSize: '9', orientation: 'portrait', fitToWidth: '1', fitToHeight: '0' });
    expect(Object.fromEntries(child(sheet, 'pageMargins')!.attrs)).toEqual({ left: '1.1811', right: '0.5906', top: '0.7874', bottom: '0.7874', header: '0.315', footer: '0.315' });
    expect(child(sheet, 'printOptions')!.attrs.get('horizontalCentered')).toBe('1');
    expect(child(child(sheet, 'sheetPr')!, 'pageSetUpPr')!.attrs.get('fitToPage')).toBe('1');
  });

  it('writes header and footer codes: page numbers, a literal ampersand, a first page of its own', () => {
    expect(headerFooterText({ left: 'Sở KH&CN', center: 'Trang {page}/{pages}' })).toBe('&LSở KH&&CN&CTrang &P/&N');
    const bytes = writeXlsx({ sheets: [{ ...base, print: { header: { center: '{page}' }, footer: { left: 'DỰ THẢO' }, firstPage: { footer: { left: 'DỰ THẢO' } } } }] });
    const hf = child(partXml(bytes, 'xl/worksheets/sheet1.xml'), 'headerFooter')!;
    expect(hf.attrs.get('differentFirst')).toBe('1');
    expect(hf.children.map((c) => [c.name, c.text])).toEqual([
      ['oddHeader', '&C&P'],
      ['oddFooter', '&LDỰ THẢO'],
      ['firstFooter', '&LDỰ THẢO'],
    ]);
  });

  it('refuses a header or footer over Excel’s 255 characters', () => {
    expect(() => writeXlsx({ sheets: [{ ...base, print: { footer: { left: 'x'.repeat(254) } } }] })).toThrow(/255/);
  });

  it('writes an auto filter and underlined text, the parts in schema order; the reader reads the workbook', () => {
    const bytes = writeXlsx({ sheets: [{ ...base, autoFilter: 'A2:B3', merges: ['A1:B1'], print: { orientation: 'landscape', footer: { center: '{page}' } } }] });
    const sheet = partXml(bytes, 'xl/worksheets/sheet1.xml');
    expect(sheet.children.map((c) => c.name)).toEqual(['dimension', 'sheetViews', 'sheetFormatPr', 'sheetData', 'autoFilter', 'mergeCells', 'pageMargins', 'pageSetup', 'headerFooter']);
    expect(child(sheet, 'autoFilter')!.attrs.get('ref')).toBe('A2:B3');
    expect(styleAt(bytes, 1, 'A1')).toMatchObject({ bold: true, underline: true });
    expect(readBack(bytes).sheets[0]!.rows.get(2)!.get('B')!.value).toBe(1);
    expect(childrenNamed(child(sheet, 'mergeCells')!, 'mergeCell')).toHaveLength(1);
    expect(() => writeXlsx({ sheets: [{ ...base, autoFilter: 'A2:' }] })).toThrow(/auto filter/);
  });

  it('keeps `landscape: true` as it was: landscape, fitted to the width, the old margins', () => {
    const sheet = partXml(writeXlsx({ sheets: [{ ...base, landscape: true }] }), 'xl/worksheets/sheet1.xml');
    expect(Object.fromEntries(child(sheet, 'pageMargins')!.attrs)).toEqual({ left: '0.5', right: '0.5', top: '0.6', bottom: '0.6', header: '0.3', footer: '0.3' });
    expect(Object.fromEntries(child(sheet, 'pageSetup')!.attrs)).toEqual({ paperSize: '9', orientation: 'landscape', fitToWidth: '1', fitToHeight: '0' });
  });
});
