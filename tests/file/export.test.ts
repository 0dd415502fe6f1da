import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scoreYear } from '../../shared/engine/score';
import { EvaluationFile } from '../../shared/file/evaluation-file';
import { interchangeCsv } from '../../shared/file/export';
import { importCsv } from '../../shared/file/import';
import { readInterchange } from '../../shared/interchange/read';
import { scoreJson } from '../../shared/results/present';
import { C2026, defaults, DEMO_CSV, sql, testEnv } from './helpers';

describe('exporting a file as the interchange CSV', () => {
  it('exports what scores exactly as the file, and imports into a new file with the same entries', async () => {
    const SQL = await sql();
    const f = EvaluationFile.create(SQL, testEnv());
    importCsv(f, DEMO_CSV, defaults);
    const csv = interchangeCsv(f);
    const fromExport = scoreJson(scoreYear(C2026, readInterchange(csv, 2026, C2026).data!));
    const fromFile = scoreJson(scoreYear(f.criteriaFor(2026)!, f.yearData(2026)));
    expect(fromExport).toEqual(fromFile);

    const g = EvaluationFile.create(SQL, testEnv('khác'));
    expect(importCsv(g, csv, defaults).problems).toEqual([]);
    const strip = (file: EvaluationFile) => file.entries().map(({ year, unit, indicator, who, values, evidence, explanation, accepted, note }) => ({ year, unit, indicator, who, values, evidence, explanation, accepted, note }));
    expect(strip(g)).toEqual(strip(f));
  });

  it('exports one year on request', async () => {
    const SQL = await sql();
    const f = EvaluationFile.create(SQL, testEnv());
    importCsv(f, DEMO_CSV, defaults);
    const lines = interchangeCsv(f, { year: 2025 }).trim().split('\r\n');
    expect(lines.slice(1).every((l) => l.startsWith('2025,'))).toBe(true);
    expect(lines.length).toBeGreaterThan(500);
  });
});

describe('no input, however malformed, loses what the file holds', () => {
  it('an import either succeeds or leaves every entry and the history as they were; entries it does not mention never change', async () => {
    const SQL = await sql();
    const base = EvaluationFile.create(SQL, testEnv());
    importCsv(base, DEMO_CSV, defaults);
    const image = base.export();
    const auditLength = base.auditLog().length;
    const HEADER = 'year,unit,unit_name,group,indicator,input,value,evaluator,evidence,explanation,accepted,note';
    const field = fc.oneof(
      fc.constantFrom('', '2026', '2025', '2031', '03127', 'SKHCN', 'XA', 'SO', 'BC', '1.1', '1.4', '2.2', '3.1', '5.1b', 'T1', 'D1', 'numerator', 'denominator', 'report_jun', '1', '0', '-1', '2.5', '2026-06-10', '2026-02-30', 'có', 'yes', 'Nguyễn Văn An', 'UBND phường Điện Biên Phủ'),
      fc.string({ maxLength: 6 }),
    );
    const row = fc.array(field, { minLength: 10, maxLength: 13 }).map((fs) => fs.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(','));
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 8 }), async (rows) => {
        const { file } = EvaluationFile.open(SQL, image, testEnv());
        const before = new Map(file.entries().map((e) => [`${e.year}|${e.unit}|${e.indicator}|${e.who}`, e]));
        const r = importCsv(file, [HEADER, ...rows].join('\n'), defaults);
        if (r.problems.length > 0) {
          expect(file.entries()).toEqual([...before.values()]);
          expect(file.auditLog().length).toBe(auditLength);
        } else {
          const mentioned = new Set(rows.map((r) => r.split(',').slice(0, 8)).map((f) => `${f[0]}|${f[1]}|${f[4]}|${f[7]}`));
          for (const e of file.entries()) {
            const key = `${e.year}|${e.unit}|${e.indicator}|${e.who}`;
            if (!mentioned.has(key) && before.has(key)) expect(e).toEqual(before.get(key));
          }
        }
        file.close();
      }),
      { numRuns: 40 },
    );
  });
});
