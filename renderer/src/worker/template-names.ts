/**
 * The file names of the self-assessment templates, shared by the worker (templates.ts, which names each
 * workbook) and the UI (template-run.ts, which names a .zip and says beforehand what will be saved). ASCII
 * only (shared/results/export-common.ts fileSafe), as the results' exports: names survive every e-mail client
 * and every unzip tool; the workbook itself carries the unit's name with its diacritics.
 */
import { fileSafe } from '../../../shared/results/export-common';

export const TEMPLATE_FILE_PREFIX = 'bieu-mau-tu-danh-gia';

/** "bieu-mau-tu-danh-gia-2026-03325-UBND-xa-Muong-Phang.xlsx": one unit's template. */
export function unitTemplateName(year: number, unit: { code: string; name: string }): string {
  return `${TEMPLATE_FILE_PREFIX}-${year}-${fileSafe(unit.code)}-${fileSafe(unit.name)}.xlsx`;
}

/** "bieu-mau-tu-danh-gia-2026-khoi-xa.xlsx": a unit group's template, one sheet per unit. */
export function groupTemplateName(year: number, group: string): string {
  return `${TEMPLATE_FILE_PREFIX}-${year}-${groupSlug(group)}.xlsx`;
}

/** "khoi-xa": a unit group in a file or folder name. */
export function groupSlug(group: string): string {
  return `khoi-${fileSafe(group).toLowerCase()}`;
}
