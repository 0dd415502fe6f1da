/**
 * Importing interchange rows (from a CSV or a self-assessment workbook) into an evaluation file.
 * All or nothing: the rows are validated first (shared/interchange/read.ts) and against what the file already
 * holds, then written in one transaction; any problem leaves the file exactly as it was. The report counts
 * what was created, updated and left unchanged, so importing the same rows twice visibly changes nothing.
 */
import type { InputValue } from '../criteria/inputs';
import type { LoadedCriteria } from '../criteria/loaded';
import { text } from '../i18n/text';
import type { Problem } from '../problems';
import { readInterchangeCsv, validateRows, type RawRow, type RowSource, type TableRead } from '../interchange/read';
import { readSelfAssessment } from '../spreadsheet/self-assessment';
import { FileError } from './open';
import { SELF, widenedRange, type EvaluationFile } from './evaluation-file';

export interface ImportReport {
  readonly rowsRead: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly unitsCreated: number;
  readonly evaluatorsCreated: number;
  readonly years: number[];
  /** Empty when the import took place; otherwise nothing was written. */
  readonly problems: Problem[];
}

/**
 * The criteria that rows of a year are checked against: the file's set for that year if it has one (frozen
 * once used), else the default the host offers (the set under criteria/ for that year).
 */
export function criteriaForImport(file: EvaluationFile, defaults: (year: number) => LoadedCriteria | null): (year: number) => LoadedCriteria | null {
  return (year) => file.criteriaFor(year) ?? defaults(year);
}

export function importCsv(file: EvaluationFile, csv: string, defaults: (year: number) => LoadedCriteria | null, source: { file?: string } = {}): ImportReport {
  const criteriaFor = criteriaForImport(file, defaults);
  return importRead(file, readInterchangeCsv(csv, { criteriaFor }, source.file), criteriaFor, source.file);
}

export function importRows(file: EvaluationFile, rows: RawRow[], defaults: (year: number) => LoadedCriteria | null, source: RowSource = {}): ImportReport {
  const criteriaFor = criteriaForImport(file, defaults);
  return importRead(file, validateRows(rows, { criteriaFor }, source), criteriaFor, source.file);
}

/** A filled self-assessment workbook (shared/spreadsheet/self-assessment.ts), read as untrusted input. */
export function importWorkbook(file: EvaluationFile, bytes: Uint8Array, defaults: (year: number) => LoadedCriteria | null, source: { file?: string } = {}): ImportReport {
  const criteriaFor = criteriaForImport(file, defaults);
  const read = readSelfAssessment(bytes, criteriaFor, source.file !== undefined ? { file: source.file } : {});
  if (read.problems.length > 0) {
    return { rowsRead: 0, created: 0, updated: 0, unchanged: 0, unitsCreated: 0, evaluatorsCreated: 0, years: [], problems: read.problems };
  }
  return importRows(file, read.rows, defaults, source);
}

function importRead(file: EvaluationFile, read: TableRead, criteriaFor: (year: number) => LoadedCriteria | null, fileName?: string): ImportReport {
  const empty = { rowsRead: read.rows, created: 0, updated: 0, unchanged: 0, unitsCreated: 0, evaluatorsCreated: 0, years: [...read.years.keys()].sort() };
  if (read.problems.length > 0) return { ...empty, problems: read.problems };

  // What the rows say about units must agree with the file: an import never renames a unit or moves it to another group.
  const problems: Problem[] = [];
  for (const y of read.years.values()) {
    for (const u of y.units) {
      const known = file.unit(u.code);
      if (!known) continue;
      const line = y.entries.find((e) => e.unit === u.code)?.firstLine;
      const at = { ...(fileName ? { file: fileName } : {}), ...(line !== undefined ? { line } : {}), value: u.code };
      if (known.group !== u.group) {
        problems.push({ ...at, column: 'group', message: text(`Đơn vị ${u.code} thuộc khối ${known.group} trong tệp đánh giá, không phải ${u.group}`, `Unit ${u.code} is in group ${known.group} in the evaluation file, not ${u.group}`) });
      } else if (known.name !== u.name && u.name !== u.code) {
        problems.push({ ...at, column: 'unit_name', message: text(`Đơn vị ${u.code} có tên "${known.name}" trong tệp đánh giá, không phải "${u.name}"`, `Unit ${u.code} is named "${known.name}" in the evaluation file, not "${u.name}"`) });
      }
    }
  }
  if (problems.length > 0) return { ...empty, problems };

  try {
    return file.tx(() => {
      let created = 0;
      let updated = 0;
      let unchanged = 0;
      let unitsCreated = 0;
      let evaluatorsCreated = 0;
      const firstYear = new Map<string, number>();
      for (const y of read.years.values()) for (const u of y.units) firstYear.set(u.code, Math.min(firstYear.get(u.code) ?? y.year, y.year));
      for (const y of [...read.years.values()].sort((a, b) => a.year - b.year)) {
        file.useCriteria(criteriaFor(y.year)!);
        for (const u of y.units) {
          const known = file.unit(u.code);
          if (!known) {
            file.putUnit({ code: u.code, name: u.name, group: u.group, activeFrom: firstYear.get(u.code) ?? y.year, activeTo: null }, 'nhập dữ liệu / import');
            unitsCreated++;
          } else {
            // Rows for a year show the unit is evaluated that year.
            const wider = widenedRange(known, { activeFrom: y.year, activeTo: y.year });
            if (wider) file.putUnit({ ...known, ...wider }, 'nhập dữ liệu / import');
          }
        }
        for (const e of y.entries) {
          const who = e.evaluator ?? SELF;
          if (who !== SELF && !file.hasEvaluator(who)) {
            file.putEvaluator({ id: who, name: who, role: 'member' }, 'nhập dữ liệu / import');
            evaluatorsCreated++;
          }
          const key = { year: y.year, unit: e.unit, indicator: e.code, who };
          // Imported rows carry no files: an entry keeps the attachments it already has.
          const content = { values: definedValues(e.values), evidence: e.evidence, explanation: e.explanation, accepted: e.accepted, note: e.note, attachments: [] };
          const change = file.putEntry(key, content, { reason: 'nhập dữ liệu / import', keepAttachments: true });
          if (change === 'created') created++;
          else if (change === 'updated') updated++;
          else unchanged++;
        }
      }
      if (created + updated + unitsCreated + evaluatorsCreated > 0) {
        file.audit('import', fileName ?? 'import', null, { rows: read.rows, created, updated, unchanged, unitsCreated, evaluatorsCreated });
      }
      return { ...empty, created, updated, unchanged, unitsCreated, evaluatorsCreated, problems: [] };
    });
  } catch (e) {
    if (e instanceof FileError) return { ...empty, problems: [{ ...(fileName ? { file: fileName } : {}), message: e.text }] };
    throw e;
  }
}

function definedValues(values: Readonly<Record<string, InputValue | null | undefined>>): Record<string, InputValue | null> {
  const out: Record<string, InputValue | null> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined) out[k] = v;
  return out;
}
