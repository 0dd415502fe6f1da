import { describe, expect, it } from 'vitest';
import { EvaluationFile, SELF } from '../../shared/file/evaluation-file';
import { importCsv } from '../../shared/file/import';
import { readInterchange } from '../../shared/interchange/read';
import { scoreYear } from '../../shared/engine/score';
import { scoreJson } from '../../shared/results/present';
import { C2025, C2026, defaults, DEMO_CSV, sql, testEnv } from './helpers';

describe('CSV → evaluation file → score equals CSV → score', () => {
  it.each([
    [2026, C2026],
    [2025, C2025],
  ] as const)('for the demo province, %i', async (year, criteria) => {
    const SQL = await sql();
    const file = EvaluationFile.create(SQL, testEnv());
    const report = importCsv(file, DEMO_CSV, defaults, { file: 'demo/dien-bien.csv' });
    expect(report.problems).toEqual([]);
    expect(report.unitsCreated).toBe(61);
    expect(report.evaluatorsCreated).toBe(3);

    // Through the saved bytes, as a user's file on disk would be.
    const { file: reopened } = EvaluationFile.open(SQL, file.export(), testEnv());
    const fromFile = scoreJson(scoreYear(reopened.criteriaFor(year)!, reopened.yearData(year)));
    const fromCsv = scoreJson(scoreYear(criteria, readInterchange(DEMO_CSV, year, criteria).data!));
    expect(fromFile).toEqual(fromCsv);
    expect(fromFile.units).toHaveLength(61);
  });

  it('importing the same CSV twice changes nothing the second time', async () => {
    const SQL = await sql();
    const file = EvaluationFile.create(SQL, testEnv());
    const first = importCsv(file, DEMO_CSV, defaults);
    const auditBefore = file.auditLog().length;
    const bytesBefore = file.db.export();
    const second = importCsv(file, DEMO_CSV, defaults);
    expect(first.created).toBeGreaterThan(1000);
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: first.created, unitsCreated: 0, evaluatorsCreated: 0, problems: [] });
    expect(file.auditLog()).toHaveLength(auditBefore);
    expect(file.db.export()).toEqual(bytesBefore);
  });

  it('an import with any bad row writes nothing and reports every problem', async () => {
    const SQL = await sql();
    const file = EvaluationFile.create(SQL, testEnv());
    importCsv(file, DEMO_CSV, defaults);
    const before = file.db.export();
    const bad =
      'year,unit,unit_name,group,indicator,input,value,evaluator,evidence,explanation,accepted,note\n' +
      '2026,03127,UBND phường Điện Biên Phủ,XA,2.2,,40,,DM,,,\n' + // fine on its own
      '2026,03127,UBND phường Điện Biên Phủ,XA,2.4,,-2,,,,,\n' +
      '2027,03127,UBND phường Điện Biên Phủ,XA,1.3,,1,,,,,\n';
    const r = importCsv(file, bad, defaults, { file: 'bad.csv' });
    expect(r.created + r.updated).toBe(0);
    expect(r.problems.map((p) => [p.line, p.column])).toEqual([
      [3, 'value'],
      [4, 'year'],
    ]);
    expect(r.problems[1]!.message.vi).toMatch(/Không có bộ tiêu chí cho năm 2027/);
    expect(file.db.export()).toEqual(before);
  });

  it('refuses rows that would rename a unit or move it to another group', async () => {
    const SQL = await sql();
    const file = EvaluationFile.create(SQL, testEnv());
    importCsv(file, DEMO_CSV, defaults);
    const header = 'year,unit,unit_name,group,indicator,input,value,evaluator,evidence,explanation,accepted,note\n';
    const renamed = importCsv(file, header + '2026,03127,UBND xã Điện Biên Phủ,XA,1.3,,1,,VB,,,\n', defaults);
    expect(renamed.problems[0]!.message.vi).toMatch(/có tên "UBND phường Điện Biên Phủ" trong tệp đánh giá/);
    const moved = importCsv(file, header + '2026,03127,UBND phường Điện Biên Phủ,SO,1.3,,1,,VB,,,\n', defaults);
    expect(moved.problems[0]!.message.en).toMatch(/is in group XA in the evaluation file, not SO/);
  });
});

describe('a year read for scoring (yearData)', () => {
  it('holds every entry of the year as the file holds it, attachments counted, for the year and for one unit', async () => {
    const SQL = await sql();
    const file = EvaluationFile.create(SQL, testEnv());
    importCsv(file, DEMO_CSV, defaults);
    // An entry whose only evidence is two attached documents, and one with an explanation the panel accepted.
    const shas = ['a', 'b'].map((c) => c.repeat(64));
    for (const sha of shas) file.putAttachment({ sha256: sha, name: `${sha[0]}.pdf`, mediaType: 'application/pdf', size: 10 });
    const attached = { year: 2026, unit: '03325', indicator: '2.2', who: SELF };
    file.putEntry(attached, { ...file.entry(attached)!, evidence: '', attachments: shas });
    const explained = { ...attached, indicator: '1.3' };
    file.putEntry(explained, { ...file.entry(explained)!, explanation: 'Đã nộp muộn do thiên tai', accepted: true, note: 'xem biên bản' });
    const { file: reopened } = EvaluationFile.open(SQL, file.export(), testEnv());
    const names = new Map(reopened.evaluators().map((e) => [e.id, e.name]));
    // Each entry as `entries` reads it, record by record.
    const expected = (unit?: string) =>
      reopened.entries({ year: 2026, unit }).map((e) => ({
        unit: e.unit,
        code: e.indicator,
        evaluator: e.who === SELF ? null : names.get(e.who),
        values: e.values,
        evidence: e.evidence || (e.attachments.length ? `${e.attachments.length} tệp đính kèm` : ''),
        explanation: e.explanation,
        accepted: e.accepted,
        note: e.note,
      }));
    const year = reopened.yearData(2026);
    expect(year.entries.length).toBeGreaterThan(3000);
    expect(year.entries).toEqual(expected());
    const one = reopened.yearData(2026, { unit: '03325' });
    expect(one.entries).toEqual(expected('03325'));
    expect(one.entries.find((e) => e.code === '2.2' && e.evaluator === null)?.evidence).toBe('2 tệp đính kèm');
    expect(one.entries.find((e) => e.code === '1.3' && e.evaluator === null)).toMatchObject({ explanation: 'Đã nộp muộn do thiên tai', accepted: true, note: 'xem biên bản' });
    expect(reopened.yearData(2019).entries).toEqual([]);
  });
});
