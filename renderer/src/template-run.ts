/**
 * Making the self-assessment templates the panel sends to the units, on the UI side: which workbooks a choice
 * means (one per unit, or one per unit group with a sheet per unit), asking the worker for them one at a time
 * (worker/templates.ts) so that the progress shows each unit or group and Cancel stops between two, and
 * packing several into one .zip. Nothing is saved here: the caller saves what comes back, and a cancelled run
 * comes back with nothing, so Cancel writes nothing. No React, no DOM: tested in Node.
 */
import { zipSync } from 'fflate';
import { groupSlug, groupTemplateName, TEMPLATE_FILE_PREFIX, unitTemplateName } from './worker/template-names';
import type { TemplatePlan, TemplateWorkbook } from './worker/templates';

/**
 * - 'per-unit': one workbook per unit, what each unit fills in and sends back (as the CLI's `template`);
 * - 'per-group': one workbook per unit group, one sheet per unit (for a group that works from one file).
 */
export type TemplateLayout = 'per-unit' | 'per-group';

export interface TemplateRequest {
  year: number;
  /** A unit group's code, or null for every group. */
  group: string | null;
  /** One unit's code (its own template, whatever the layout), or null for every unit of the scope. */
  unit: string | null;
  layout: TemplateLayout;
}

/** One workbook to make: its units (one group), and what the progress says while it is made. */
export interface TemplateJob {
  group: string;
  units: { code: string; name: string }[];
  /** The unit's name, or the group's code for a group's workbook. */
  label: string;
}

export interface TemplateStep {
  job: TemplateJob;
  /** Workbooks made so far, and how many there will be. */
  done: number;
  total: number;
}

/** The worker as the run needs it (the EngineClient has it; tests pass the session wrapped in promises). */
export interface TemplateMaker {
  templateWorkbook(year: number, units: string[]): Promise<TemplateWorkbook>;
}

export interface TemplateResult {
  /** The file to save: one .xlsx, or a .zip of several. */
  name: string;
  bytes: Uint8Array;
  /** How many workbooks it holds, and for how many units. */
  workbooks: number;
  units: number;
}

/** The workbooks a request means, in the criteria's group order; empty when the scope has no unit. */
export function templateJobs(plan: TemplatePlan, request: TemplateRequest): TemplateJob[] {
  const groups = plan.groups.filter((g) => (request.group === null || g.code === request.group) && g.units.length > 0);
  if (request.unit !== null) {
    for (const g of groups) {
      const u = g.units.find((x) => x.code === request.unit);
      if (u) return [{ group: g.code, units: [u], label: u.name }];
    }
    return [];
  }
  return request.layout === 'per-unit'
    ? groups.flatMap((g) => g.units.map((u) => ({ group: g.code, units: [u], label: u.name })))
    : groups.map((g) => ({ group: g.code, units: g.units, label: g.code }));
}

/** The .zip's name: "bieu-mau-tu-danh-gia-2026-khoi-xa.zip", "…-tat-ca-don-vi.zip", "…-theo-khoi.zip". */
export function templateZipName(request: TemplateRequest): string {
  const base = `${TEMPLATE_FILE_PREFIX}-${request.year}`;
  if (request.group !== null) return `${base}-${groupSlug(request.group)}.zip`;
  return `${base}-${request.layout === 'per-group' ? 'theo-khoi' : 'tat-ca-don-vi'}.zip`;
}

/** The name of the file a request saves (what the dialog announces); null when the request has no unit. */
export function templateFileName(plan: TemplatePlan, request: TemplateRequest): string | null {
  const jobs = templateJobs(plan, request);
  if (jobs.length === 0) return null;
  if (jobs.length > 1) return templateZipName(request);
  const job = jobs[0]!;
  return job.units.length === 1 ? unitTemplateName(request.year, job.units[0]!) : groupTemplateName(request.year, job.group);
}

/**
 * Makes the workbooks of a request one by one, reporting each before it is made, and returns the file to
 * save; null when `cancelled()` became true (checked before and after each workbook: nothing further is
 * asked of the worker and nothing is returned). Throws when the request has no unit, or on the worker's
 * refusal. Several workbooks are zipped (stored, not deflated again: an .xlsx is compressed already); one
 * workbook per unit of every group goes in a folder per group ("khoi-xa/…").
 */
export async function makeTemplates(
  maker: TemplateMaker,
  plan: TemplatePlan,
  request: TemplateRequest,
  on: { step?: (s: TemplateStep) => void; cancelled?: () => boolean } = {},
): Promise<TemplateResult | null> {
  const cancelled = on.cancelled ?? (() => false);
  const jobs = templateJobs(plan, request);
  if (jobs.length === 0) throw new Error('makeTemplates: the request has no unit');
  const made: { job: TemplateJob; workbook: TemplateWorkbook }[] = [];
  for (const [i, job] of jobs.entries()) {
    if (cancelled()) return null;
    on.step?.({ job, done: i, total: jobs.length });
    const workbook = await maker.templateWorkbook(request.year, job.units.map((u) => u.code));
    if (cancelled()) return null;
    made.push({ job, workbook });
  }
  const units = jobs.reduce((n, j) => n + j.units.length, 0);
  if (made.length === 1) return { name: made[0]!.workbook.name, bytes: made[0]!.workbook.bytes, workbooks: 1, units };
  const folders = request.layout === 'per-unit' && request.group === null;
  const files: Record<string, Uint8Array> = {};
  for (const { job, workbook } of made) {
    files[folders ? `${groupSlug(job.group)}/${workbook.name}` : workbook.name] = workbook.bytes;
  }
  return { name: templateZipName(request), bytes: zipSync(files, { level: 0 }), workbooks: made.length, units };
}
