import { describe, expect, it } from 'vitest';
import { csvField, parseCsv, toCsv } from '../../shared/interchange/csv';

describe('RFC 4180 CSV', () => {
  it('reads plain fields, CRLF and LF line ends, and drops a leading BOM', () => {
    const { records, problems } = parseCsv('\uFEFFa,b\r\n1,2\n3,4');
    expect(problems).toEqual([]);
    expect(records.map((r) => r.fields)).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it('keeps commas, doubled quotes and newlines inside quoted fields, and counts physical lines', () => {
    const { records, problems } = parseCsv('x,y\r\n"a, b","say ""hi"""\r\n"line1\nline2",z\r\nlast,1\r\n');
    expect(problems).toEqual([]);
    expect(records[1]!.fields).toEqual(['a, b', 'say "hi"']);
    expect(records[2]!.fields).toEqual(['line1\nline2', 'z']);
    // The record after a two-line field starts on physical line 5.
    expect(records[3]!.line).toBe(5);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(parseCsv('a,,c,\n').records[0]!.fields).toEqual(['a', '', 'c', '']);
  });

  it('skips blank lines', () => {
    expect(parseCsv('a\n\n\nb\n').records.map((r) => r.fields[0])).toEqual(['a', 'b']);
  });

  it('reports a quote that never closes, with the line it opened on', () => {
    const { problems } = parseCsv('a,b\n1,"open\n2,3\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.line).toBe(2);
    expect(problems[0]!.message.vi).toMatch(/ngoặc kép/);
  });

  it('reports text after a closing quote', () => {
    const { problems } = parseCsv('"a"b,c\n');
    expect(problems[0]!.message.en).toMatch(/closing quote/);
  });

  it('writes what it reads back unchanged, Vietnamese included', () => {
    const rows = [['mã', 'tên'], ['03127', 'UBND phường "Điện Biên Phủ", tỉnh Điện Biên'], ['x', 'hai\r\ndòng'], [' lề', '']];
    const csv = toCsv(rows, { bom: true });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(parseCsv(csv).records.map((r) => r.fields)).toEqual(rows);
    expect(csvField('plain')).toBe('plain');
  });
});
