/**
 * readCsvRecords, the record-at-a-time reader under parseCsv and the interchange reader: with `reuse` it hands
 * every record in one overwritten array and keeps a field's string when the record before had the same field,
 * and it must read exactly what parseCsv reads. And the entries the interchange reader hands out look like the
 * plain objects they were: their keys, in order, and nothing else.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCriteria } from '../../shared/criteria/validate';
import { parseCsv, readCsvRecords, type CsvRecord } from '../../shared/interchange/csv';
import { readInterchange } from '../../shared/interchange/read';

/** Copies of what each call saw (with `reuse`, the record itself changes after the call). */
function collect(input: string, reuse: boolean): { records: { line: number; fields: string[] }[]; problems: unknown[] } {
  const records: { line: number; fields: string[] }[] = [];
  const problems = readCsvRecords(input, (r: CsvRecord, out: typeof records) => out.push({ line: r.line, fields: [...r.fields] }), records, { reuse });
  return { records, problems };
}

/** CSV text with the awkward parts: quotes, doubled quotes, commas and newlines in fields, CRLF, blank lines. */
const csvArb = fc
  .array(
    fc.array(fc.constantFrom('', 'a', 'ab', 'a,b', '"q"', 'x y', 'dòng\nhai', ' lề ', '2026', '1.1', 'Nguyễn Văn An'), { minLength: 1, maxLength: 5 }),
    { minLength: 0, maxLength: 12 },
  )
  .chain((rows) =>
    fc.tuple(fc.constant(rows), fc.constantFrom('\r\n', '\n'), fc.boolean(), fc.constantFrom('', '\uFEFF'), fc.constantFrom('', '"open,x', 'x"y,z', '\n\n')),
  )
  .map(([rows, eol, blank, bom, tail]) => {
    const field = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
    const lines = rows.map((r) => r.map(field).join(','));
    if (blank && lines.length > 1) lines.splice(1, 0, '');
    return bom + lines.join(eol) + eol + tail;
  });

describe('readCsvRecords', () => {
  it('reads what parseCsv reads, with and without reuse, problems included', () => {
    fc.assert(
      fc.property(csvArb, (csv) => {
        const parsed = parseCsv(csv);
        const expected = parsed.records.map((r) => ({ line: r.line, fields: r.fields }));
        for (const reuse of [false, true]) {
          const got = collect(csv, reuse);
          expect(got.records).toEqual(expected);
          expect(got.problems).toEqual(parsed.problems);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('with reuse, a field equal to the one above it is the same string, and the array is the same array', () => {
    const seen: string[][] = [];
    const arrays = new Set<string[]>();
    readCsvRecords('2026,03127,x\r\n2026,03127,y\r\n', (r, out: string[][]) => (arrays.add(r.fields), out.push([...r.fields])), seen, { reuse: true });
    expect(seen).toEqual([['2026', '03127', 'x'], ['2026', '03127', 'y']]);
    expect(arrays.size).toBe(1);
  });
});

describe('the entries the interchange reader hands out', () => {
  const path = 'criteria/nq57-2026.1.json';
  const loaded = loadCriteria(readFileSync(path, 'utf8'), path);
  if (!loaded.ok) throw new Error('criteria');
  const header = 'year,unit,unit_name,group,indicator,input,value,evaluator,evidence,explanation,accepted,note';
  const csv = [header, '2026,03127,UBND phường Điện Biên Phủ,XA,3.1,numerator,45,,BB 3,,,', '2026,03127,,XA,3.1,denominator,50,,,,,'].join('\r\n');

  it('have the keys of a ReadEntry, in order, and JSON gives nothing more', () => {
    const r = readInterchange(csv, 2026, loaded.value);
    expect(r.problems).toEqual([]);
    const entry = r.data!.entries[0]!;
    const keys = ['unit', 'code', 'evaluator', 'values', 'evidence', 'explanation', 'accepted', 'note', 'year', 'unitName', 'group', 'firstLine'];
    expect(Object.keys(entry)).toEqual(keys);
    expect(Object.keys(JSON.parse(JSON.stringify(entry)))).toEqual(keys);
    expect({ ...entry }).toEqual({
      unit: '03127',
      code: '3.1',
      evaluator: null,
      values: { numerator: 45, denominator: 50 },
      evidence: 'BB 3',
      explanation: '',
      accepted: false,
      note: '',
      year: 2026,
      unitName: 'UBND phường Điện Biên Phủ',
      group: 'XA',
      firstLine: 2,
    });
  });
});
