/**
 * The self-assessment templates (biểu mẫu tự đánh giá) the panel sends to the units, the worker's half: which
 * units of a year each unit group has (what the template dialog offers), and one workbook for one unit or for
 * several units of one group (shared/spreadsheet/self-assessment.ts, the same generator as the CLI's
 * `template` command). A template is made from the year's criteria set in the file, so that what the unit
 * sends back is read against the same set (its SHA-256 is in the template's marker sheet).
 *
 * Nothing here changes the evaluation file. The UI asks for one workbook at a time (template-run.ts), so that
 * it can show progress per unit and stop between two.
 */
import type { LoadedCriteria } from '../../../shared/criteria/loaded';
import { isActiveIn, type EvaluationFile } from '../../../shared/file/evaluation-file';
import { FileError } from '../../../shared/file/open';
import { text, type Text } from '../../../shared/i18n/text';
import { selfAssessmentTemplate, type TemplateUnit } from '../../../shared/spreadsheet/self-assessment';
import { groupTemplateName, unitTemplateName } from './template-names';

/** What the template dialog offers for a year: its unit groups with their units, in the criteria's order. */
export interface TemplatePlan {
  year: number;
  criteria: { id: string; version: string };
  groups: { code: string; name: Text; units: { code: string; name: string }[] }[];
  /** Units active in the year whose unit group the year's criteria do not have: no template can hold them. */
  outside: { code: string; name: string; group: string }[];
}

/** One workbook: the suggested file name and the bytes (.xlsx). */
export interface TemplateWorkbook {
  name: string;
  bytes: Uint8Array;
}

export function templatePlan(f: EvaluationFile, criteria: LoadedCriteria, year: number): TemplatePlan {
  const units = f.unitsActiveIn(year);
  const known = new Set(criteria.set.unitGroups.map((g) => g.code));
  return {
    year,
    criteria: { id: criteria.ident.id, version: criteria.ident.version },
    groups: criteria.set.unitGroups.map((g) => ({
      code: g.code,
      name: g.name,
      units: units.filter((u) => u.group === g.code).map((u) => ({ code: u.code, name: u.name })),
    })),
    outside: units.filter((u) => !known.has(u.group)).map((u) => ({ code: u.code, name: u.name, group: u.group })),
  };
}

/**
 * The template of the given units (codes) for the year: one unit, or several units of one unit group (one
 * sheet each). Refused with a sentence when a unit is unknown or not evaluated that year, when the units are
 * of different groups, or when the criteria do not have their group.
 */
export function templateWorkbook(f: EvaluationFile, criteria: LoadedCriteria, year: number, codes: readonly string[]): TemplateWorkbook {
  if (codes.length === 0) throw new FileError('template-empty', text('Chưa chọn đơn vị nào để tạo biểu mẫu', 'No unit chosen for the template'));
  const units: TemplateUnit[] = [];
  for (const code of new Set(codes)) {
    const u = f.unit(code);
    if (!u || !isActiveIn(u, year)) {
      throw new FileError('template-unit', text(`Không có đơn vị ${code} trong năm ${year}`, `No unit ${code} in ${year}`));
    }
    units.push({ code: u.code, name: u.name, group: u.group });
  }
  const group = units[0]!.group;
  if (units.some((u) => u.group !== group)) {
    throw new FileError(
      'template-groups',
      text('Một biểu mẫu chỉ chứa các đơn vị cùng một khối', 'One template holds units of one unit group only'),
    );
  }
  const def = criteria.set.unitGroups.find((g) => g.code === group);
  if (!def) {
    throw new FileError(
      'template-group',
      text(
        `Bộ tiêu chí ${criteria.ident.version} của năm ${year} không có khối ${group} (của đơn vị ${units[0]!.code}): không tạo được biểu mẫu`,
        `The ${year} criteria set ${criteria.ident.version} has no unit group ${group} (of unit ${units[0]!.code}): no template can be made`,
      ),
    );
  }
  const bytes = selfAssessmentTemplate(criteria, units, year);
  return { name: units.length === 1 ? unitTemplateName(year, units[0]!) : groupTemplateName(year, group), bytes };
}
