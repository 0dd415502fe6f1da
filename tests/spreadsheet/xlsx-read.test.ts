/**
 * The workbook reader on files from outside: what Excel and other tools write (shared and inline strings, rich
 * text, formulas with cached values, errors, typed dates, the 1904 date system, namespace prefixes, omitted
 * cell addresses), and what it must refuse with a clear sentence naming the file, before spending memory or
 * time on it: other file types renamed .xlsx, truncated or damaged zips, zip bombs that are honest or lie about
 * their size, too many sheets, rows or cells, malformed XML, DOCTYPE entities, a spent time budget.
 */
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { isDateFormat, readXlsx } from '../../shared/spreadsheet/xlsx-read';
import { writeXlsx } from '../../shared/spreadsheet/xlsx-write';
import { decodeUtf8, encodeUtf8 } from '../../shared/spreadsheet/utf8';
import { utf8 } from '../../shared/exact/sha256';
import { handWorkbook, patchDeclaredSize, readOk, shown, zip } from './helpers';

const FILE = 'don-vi.xlsx';

function refused(bytes: Uint8Array, options: Parameters<typeof readXlsx>[1] = {}) {
  const r = readXlsx(bytes, { file: FILE, ...options });
  if (r.ok) throw new Error('expected the file to be refused');
  for (const p of r.problems) {
    expect(p.file).toBe(FILE);
    expect(p.message.vi.length).toBeGreaterThan(10);
    expect(p.message.en.length).toBeGreaterThan(10);
  }
  return { problems: r.problems, vi: r.problems.map((p) => p.message.vi).join('\n'), en: r.problems.map((p) => p.message.en).join('\n') };
}

const sheet = (data: string, rest = '') => `<sheetData>${data}</sheetData>${rest}`;
const small = () => writeXlsx({ sheets: [{ name: 'Trang 1', rows: [['Điện Biên', 1, true]] }] });

describe('reading what spreadsheet programs write', () => {
  it('reads shared strings with rich text runs, leaving out phonetic guides', () => {
    const files = handWorkbook([{ name: 'S', xml: sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>') }], {
      sst: '<si><r><rPr><b/></rPr><t>Điện </t></r><r><t xml:space="preserve">Biên Phủ</t></r></si><si><t>日本</t><rPh sb="0" eb="2"><t>にほん</t></rPh></si>',
    });
    const row = readOk(zip(files)).sheets[0]!.rows.get(1)!;
    expect(row.get('A')!.value).toBe('Điện Biên Phủ');
    expect(row.get('B')!.value).toBe('日本');
  });

  it('reads inline strings, booleans, errors, ISO dates (t="d") and formula results without computing anything', () => {
    const files = handWorkbook([
      {
        name: 'S',
        xml: sheet(
          '<row r="2">' +
            '<c r="A2" t="inlineStr"><is><r><t>Nậm </t></r><r><t>Pồ</t></r></is></c>' +
            '<c r="B2" t="b"><v>0</v></c>' +
            '<c r="C2" t="e"><v>#DIV/0!</v></c>' +
            '<c r="D2" t="d"><v>2026-06-10T00:00:00Z</v></c>' +
            '<c r="E2"><f>SUM(1,2)</f><v>3</v></c>' +
            '<c r="F2" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>' +
            '<c r="G2"><f>NOW()</f></c>' +
            '<c r="H2" t="s"/>' +
            '</row>',
        ),
      },
    ]);
    const row = readOk(zip(files)).sheets[0]!.rows.get(2)!;
    expect(row.get('A')).toEqual({ value: 'Nậm Pồ', type: 'string', hasFormula: false });
    expect(row.get('B')).toEqual({ value: false, type: 'boolean', hasFormula: false });
    expect(row.get('C')).toEqual({ value: '#DIV/0!', type: 'error', hasFormula: false });
    expect(row.get('D')).toEqual({ value: 46183, type: 'date', hasFormula: false });
    expect(row.get('E')).toEqual({ value: 3, type: 'number', hasFormula: true });
    expect(row.get('F')).toEqual({ value: 'ab', type: 'string', hasFormula: true });
    // A formula never calculated has no value, but it is still reported.
    expect(row.get('G')).toEqual({ value: '', type: 'string', hasFormula: true });
    expect(row.has('H')).toBe(false);
  });

  it('tells dates from numbers by the cell format, built-in or custom', () => {
    const styles =
      '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="#,##0.00&quot; đ&quot;"/></numFmts>' +
      '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="2"/></cellXfs>';
    const data = '<row r="1">' + [0, 1, 2, 3, 4].map((s, i) => `<c r="${'ABCDE'[i]}1" s="${s}"><v>46183</v></c>`).join('') + '</row>';
    const row = readOk(zip(handWorkbook([{ name: 'S', xml: sheet(data) }], { styles }))).sheets[0]!.rows.get(1)!;
    expect([...row.values()].map((c) => c.type)).toEqual(['number', 'date', 'date', 'number', 'number']);
    expect(['dd/mm/yyyy', 'm/d/yy h:mm', '[$-42A]d mmmm yyyy', 'yyyy-mm-dd;@'].map(isDateFormat)).toEqual([true, true, true, true]);
    expect(['General', '0.00', '#,##0 "ngày"', '0.00E+00', '[Red]0.00'].map(isDateFormat)).toEqual([false, false, false, false, false]);
  });

  it('reports that a workbook counts dates from 1904', () => {
    const book = readOk(zip(handWorkbook([{ name: 'S', xml: sheet('') }], { workbookPr: '<workbookPr date1904="1"/>' })));
    expect(book.date1904).toBe(true);
  });

  it('accepts namespace prefixes, single quotes, omitted cell and row numbers, comments and CDATA', () => {
    const files = handWorkbook([{ name: 'S', xml: '' }]);
    files['xl/worksheets/sheet1.xml'] =
      `<?xml version='1.0' encoding='UTF-8'?><!-- made by a tool --><x:worksheet xmlns:x='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>` +
      `<x:sheetData><x:row><x:c t='inlineStr'><x:is><x:t><![CDATA[a < b]]></x:t></x:is></x:c><x:c><x:v>7</x:v></x:c></x:row>` +
      `<x:row><x:c r='C2' t='inlineStr'><x:is><x:t>&#272;i&#x1EC7;n &amp; co</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`;
    const rows = readOk(zip(files)).sheets[0]!.rows;
    expect(rows.get(1)!.get('A')!.value).toBe('a < b');
    expect(rows.get(1)!.get('B')!.value).toBe(7);
    expect(rows.get(2)!.get('C')!.value).toBe('Điện & co');
  });

  it('treats attribute names like __proto__ as plain names', () => {
    const files = handWorkbook([{ name: 'S', xml: sheet('<row r="1" __proto__="x" constructor="y"><c r="A1" __proto__="1"><v>1</v></c></row>') }]);
    expect(readOk(zip(files)).sheets[0]!.rows.get(1)!.get('A')!.value).toBe(1);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('reports merged ranges, sheet visibility and defined names', () => {
    const files = handWorkbook(
      [
        { name: 'Một', xml: sheet('', '<mergeCells count="1"><mergeCell ref="B3:D4"/></mergeCells>') },
        { name: 'Hai', xml: sheet(''), state: 'veryHidden' },
      ],
      { definedNames: '<definedNames><definedName name="ds" localSheetId="1" hidden="1">Hai!$A$1:$A$3</definedName></definedNames>' },
    );
    const book = readOk(zip(files));
    expect(book.sheets.map((s) => [s.name, s.state])).toEqual([
      ['Một', 'visible'],
      ['Hai', 'veryHidden'],
    ]);
    expect(book.sheets[0]!.merges).toEqual([{ ref: 'B3:D4', top: 3, left: 2, bottom: 4, right: 4 }]);
    expect(book.definedNames).toEqual([{ name: 'ds', ref: 'Hai!$A$1:$A$3', sheet: 'Hai', hidden: true }]);
  });

  it('decodes UTF-8 like TextDecoder does, bad bytes included', () => {
    const samples = [utf8('Điện Biên Phủ 🏔️ ß'), new Uint8Array([0x61, 0xff, 0x62, 0xc3, 0x28, 0xe2, 0x82]), new Uint8Array([0xef, 0xbb, 0xbf, 0x41])];
    for (const s of samples) expect(decodeUtf8(s)).toBe(new TextDecoder().decode(s));
  });

  it('encodes UTF-8 like TextEncoder does, lone surrogates included', () => {
    for (const s of ['Điện Biên Phủ 🏔️ ß €', 'a\uD800b', '\uDC00', '']) expect(encodeUtf8(s)).toEqual(new TextEncoder().encode(s));
  });
});

describe('refusing files that are not workbooks', () => {
  it('names a PDF renamed .xlsx', () => {
    const r = refused(strToU8('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'));
    expect(r.vi).toContain('không phải bảng tính Excel .xlsx: đây là tệp PDF');
    expect(r.en).toContain('not an Excel .xlsx workbook: it is a PDF document');
  });

  it('names an old .xls (or password-protected) file, an HTML page, an empty file and random bytes', () => {
    expect(refused(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])).vi).toContain('Excel 97–2003 (.xls)');
    expect(refused(strToU8('<html><table><tr><td>1</td></tr></table></html>')).en).toContain('HTML or XML');
    expect(refused(new Uint8Array()).en).toContain('empty');
    expect(refused(Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256)).en).toContain('not the zip container');
  });

  it('refuses a truncated zip', () => {
    const b = small();
    for (const cut of [b.length - 10, Math.floor(b.length / 2), 30]) {
      expect(refused(b.subarray(0, cut)).vi).toMatch(/bị cắt cụt|bị hỏng/);
    }
  });

  it('refuses a zip whose member is damaged (CRC mismatch) without stopping on an exception', () => {
    const b = small().slice();
    // Flip one byte inside the compressed data of the first sheet.
    const name = strToU8('xl/worksheets/sheet1.xml');
    const at = b.findIndex((_, i) => name.every((x, k) => b[i + k] === x));
    b[at + name.length + 5] = b[at + name.length + 5]! ^ 0xff;
    expect(refused(b).en).toMatch(/damaged|declares a wrong size|truncated/);
  });

  it('refuses a zip that is not a workbook, naming what it looks like', () => {
    expect(refused(zip({ 'readme.txt': 'hello' })).en).toContain('no xl/workbook.xml');
    expect(refused(zip({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<x/>' })).en).toContain('.ods');
    expect(refused(zip({ 'word/document.xml': '<x/>' })).en).toContain('Word');
  });

  it('refuses malformed XML, naming the part', () => {
    const cases = [
      '<sheetData><row r="1"><c r="A1"><v>1</v></row></sheetData>',
      '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&bogus;</t></is></c></row></sheetData>',
      '<sheetData><row r="1"><c r=A1><v>1</v></c></row></sheetData>',
      '<sheetData><row r="1"><c r="A1"><v>1</v></c></row>',
    ];
    for (const xml of cases) {
      const files = handWorkbook([{ name: 'S', xml }]);
      const r = refused(zip(files));
      expect(r.vi).toContain('phần xl/worksheets/sheet1.xml không phải XML hợp lệ');
      expect(r.en).toContain('part xl/worksheets/sheet1.xml is not well-formed XML');
    }
  });

  it('refuses any DOCTYPE, so no entity can expand', () => {
    const files = handWorkbook([{ name: 'S', xml: sheet('') }]);
    files['xl/workbook.xml'] = `<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><workbook>&b;</workbook>`;
    expect(refused(zip(files)).en).toContain('DOCTYPE');
  });

  it('refuses bad cell contents precisely: a missing shared string, a number that is not one, a cell given twice', () => {
    const files = handWorkbook([{ name: 'S', xml: sheet('<row r="4"><c r="B4" t="s"><v>9</v></c><c r="C4"><v>12abc</v></c><c r="D4"><v>1</v></c><c r="D4"><v>2</v></c></row>') }], {
      sst: '<si><t>x</t></si>',
    });
    const r = refused(zip(files));
    expect(r.problems.map((p) => [p.sheet, p.line, p.column])).toEqual([
      ['S', 4, 'B'],
      ['S', 4, 'C'],
      ['S', 4, 'D'],
    ]);
  });
});

describe('limits, checked before the work they protect', () => {
  it('refuses a file over maxBytes before reading it', () => {
    const r = refused(new Uint8Array(11 * 1024 * 1024).fill(0x50));
    expect(r.vi).toContain('Tệp quá lớn: 11 MB, tối đa 10 MB');
    expect(refused(small(), { maxBytes: 1000 }).en).toContain('too large');
  });

  it('refuses a zip bomb by the sizes its directory declares, before inflating anything', () => {
    const b = patchDeclaredSize(small(), 'xl/worksheets/sheet1.xml', 0x7fff_ffff);
    const r = refused(b);
    expect(r.vi).toContain('bom nén');
    expect(r.en).toContain('over the limit of 128 MB (possibly a zip bomb)');
  });

  it('refuses an honest member larger than the per-part limit', () => {
    const big = `<sheetData>${' '.repeat(3 * 1024 * 1024)}</sheetData>`;
    const files = handWorkbook([{ name: 'S', xml: big }]);
    const r = refused(zip(files), { maxMemberBytes: 1024 * 1024 });
    expect(r.en).toContain('Part xl/worksheets/sheet1.xml inflates to 3.1 MB, over the limit of 1 MB');
  });

  it('refuses a member that inflates to more than it declared', () => {
    // (No timing here: a timed assertion flakes on a loaded machine. The refusal names the declared size,
    // which the reader only knows to compare with while inflating.)
    const files = handWorkbook([{ name: 'S', xml: `<sheetData>${' '.repeat(20 * 1024 * 1024)}</sheetData>` }]);
    const honest = zip(files);
    const liar = patchDeclaredSize(honest, 'xl/worksheets/sheet1.xml', 2000);
    const r = refused(liar);
    expect(r.en).toContain('inflates to more than its declared size (2000 bytes): possibly a zip bomb');
  });

  it('refuses too many sheets, rows or cells', () => {
    const three = zip(handWorkbook([1, 2, 3].map((i) => ({ name: `S${i}`, xml: sheet('') }))));
    expect(refused(three, { maxSheets: 2 }).en).toContain('3 sheets, more than the limit of 2');
    const rows = sheet(Array.from({ length: 50 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>1</v></c><c r="B${i + 1}"><v>1</v></c></row>`).join(''));
    expect(refused(zip(handWorkbook([{ name: 'S', xml: rows }])), { maxRows: 40 }).en).toContain('more than 40 rows');
    expect(refused(zip(handWorkbook([{ name: 'S', xml: rows }])), { maxCells: 99 }).en).toContain('more than 99 cells');
  });

  it('refuses sheets that share one part (each part is inflated once)', () => {
    const files = handWorkbook([
      { name: 'A', xml: sheet('') },
      { name: 'B', xml: sheet('') },
    ]);
    files['xl/_rels/workbook.xml.rels'] = (files['xl/_rels/workbook.xml.rels'] as string).replace('worksheets/sheet2.xml', 'worksheets/sheet1.xml');
    expect(refused(zip(files)).en).toContain('part xl/worksheets/sheet1.xml is used twice');
  });

  it('refuses a zip with too many members', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`m${i}.txt`] = 'x';
    expect(refused(zip(files), { maxEntries: 20 }).en).toContain('30 members, more than the limit of 20');
  });

  it('stops when the time budget is spent', () => {
    let t = 0;
    const rows = sheet(Array.from({ length: 5000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join(''));
    const r = refused(zip(handWorkbook([{ name: 'S', xml: rows }])), { maxMillis: 50, now: () => (t += 10) });
    expect(r.vi).toContain('Đọc tệp mất quá 0.05 giây nên đã dừng');
  });

  it('refuses encrypted members and unknown compression methods', () => {
    const b = zipSync({ 'xl/workbook.xml': [strToU8('<workbook/>'), { level: 0 }] }).slice();
    const encrypted = b.slice();
    const v = new DataView(encrypted.buffer);
    for (let p = 0; p < encrypted.length - 4; p++) if (v.getUint32(p, true) === 0x02014b50) v.setUint16(p + 8, 1, true);
    expect(refused(encrypted).en).toContain('encrypted');
    const bz = b.slice();
    const w = new DataView(bz.buffer);
    for (let p = 0; p < bz.length - 4; p++) if (w.getUint32(p, true) === 0x02014b50) w.setUint16(p + 10, 12, true);
    expect(refused(bz).en).toContain('unsupported compression method (12)');
  });

  it('never throws, whatever the bytes', () => {
    const b = small();
    for (let k = 0; k < 200; k++) {
      const broken = b.slice();
      const at = (k * 7919) % broken.length;
      broken[at] = (broken[at]! + 1 + k) & 0xff;
      expect(() => readXlsx(broken)).not.toThrow();
    }
    expect(shown(refused(b.subarray(0, 100)).problems)).toContain(FILE);
  });
});
