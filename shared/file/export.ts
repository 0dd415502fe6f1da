/**
 * An evaluation file's entries as the interchange CSV: the way data leaves the app for analysts, other
 * tools, or another file. Reading the export back gives the same entries (attachments travel with `pack`;
 * here an entry with attachments and no document reference names them in `evidence`).
 */
import { toCsv } from '../interchange/csv';
import { INTERCHANGE_COLUMNS } from '../interchange/read';
import { SELF, type EvaluationFile } from './evaluation-file';

export function interchangeRows(file: EvaluationFile, filter: { year?: number } = {}): string[][] {
  const units = new Map(file.units().map((u) => [u.code, u]));
  const attachmentNames = new Map(file.attachments().map((a) => [a.sha256, a.name]));
  const rows: string[][] = [[...INTERCHANGE_COLUMNS]];
  const criteriaByYear = new Map(file.years().map((y) => [y, file.criteriaFor(y)]));
  for (const e of file.entries(filter)) {
    const u = units.get(e.unit)!;
    const criteria = criteriaByYear.get(e.year);
    const inputs = criteria?.scorables.get(e.indicator)?.inputs.map((s) => s.name) ?? Object.keys(e.values);
    const single = inputs.length === 1;
    const evidence = e.evidence || e.attachments.map((sha) => attachmentNames.get(sha) ?? sha).join('; ');
    for (const input of inputs) {
      if (!(input in e.values)) continue;
      const v = e.values[input];
      rows.push([
        String(e.year),
        e.unit,
        u.name,
        u.group,
        e.indicator,
        single ? '' : input,
        v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? '1' : '0') : String(v),
        e.who === SELF ? '' : e.who,
        evidence,
        e.explanation,
        e.accepted ? '1' : '',
        e.note,
      ]);
    }
  }
  return rows;
}

export function interchangeCsv(file: EvaluationFile, filter: { year?: number } = {}): string {
  return toCsv(interchangeRows(file, filter), { bom: true });
}
