/**
 * The self-assessment templates the app makes for the units ("Biểu mẫu…"), run in Node: the worker's half
 * (worker/templates.ts through EngineSession) and the UI's run (template-run.ts) driving it as the dialog does.
 * Every workbook is read back with the app's own reader (readSelfAssessment): it holds exactly the units
 * chosen, for the year chosen, from the file's criteria set. A cancelled run asks nothing further of the
 * worker and gives nothing to save; the evaluation file never changes.
 */
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationFile } from '../../shared/file/evaluation-file';
import { FileError } from '../../shared/file/open';
import { readSelfAssessment } from '../../shared/spreadsheet/self-assessment';
import { makeTemplates, templateFileName, templateJobs, type TemplateRequest, type TemplateStep } from '../../renderer/src/template-run';
import { EngineSession } from '../../renderer/src/worker/engine-session';
import { groupTemplateName, unitTemplateName } from '../../renderer/src/worker/template-names';
import type { TemplatePlan } from '../../renderer/src/worker/templates';
import { DEMO_CSV, sql, testEnv } from '../file/helpers';

let s: EngineSession;
let plan: TemplatePlan;
beforeAll(async () => {
  s = new EngineSession(await sql(), (actor) => testEnv(actor));
  s.createDemo(DEMO_CSV, 'Thư ký hội đồng');
  plan = s.templatePlan(2026);
}, 120_000);

const file = (session: EngineSession) => (session as unknown as { f: EvaluationFile }).f;

/** The session as the UI's engine client: each call a promise; `calls` counts what was asked. */
function maker(session: EngineSession, onCall?: () => void) {
  const m = {
    calls: [] as string[][],
    async templateWorkbook(year: number, units: string[]) {
      m.calls.push(units);
      onCall?.();
      return session.templateWorkbook(year, units);
    },
  };
  return m;
}

/** A workbook read back with the app's reader: its year, criteria and units (code, group) in sheet order. */
function readBack(bytes: Uint8Array) {
  const f = file(s);
  const r = readSelfAssessment(bytes, (y) => f.criteriaFor(y));
  expect(r.problems).toEqual([]);
  expect(r.meta).not.toBeNull();
  return { year: r.meta!.year, criteria: r.meta!.criteria, units: r.meta!.units.map((u) => `${u.code}:${u.group}`) };
}

const unitsOf = (group: string) => plan.groups.find((g) => g.code === group)!.units;
const request = (r: Partial<TemplateRequest>): TemplateRequest => ({ year: 2026, group: null, unit: null, layout: 'per-unit', ...r });

describe('the templates the dialog offers (templatePlan)', () => {
  it('lists every unit of the year under its group, in the criteria’s group order, none left outside', () => {
    const f = file(s);
    const criteria = f.criteriaFor(2026)!;
    expect(plan.criteria).toEqual({ id: criteria.ident.id, version: criteria.ident.version });
    expect(plan.groups.map((g) => g.code)).toEqual(criteria.set.unitGroups.map((g) => g.code));
    const listed = plan.groups.flatMap((g) => g.units.map((u) => u.code)).sort();
    expect(listed).toEqual(f.unitsActiveIn(2026).map((u) => u.code).sort());
    expect(listed).toHaveLength(61);
    for (const g of plan.groups) for (const u of g.units) expect(f.unit(u.code)!.group).toBe(g.code);
    expect(plan.outside).toEqual([]);
    expect(unitsOf('BC')).toHaveLength(2);
  });

  it('refuses a year the file has no criteria for, with a sentence', () => {
    expect(() => s.templatePlan(2031)).toThrow(FileError);
  });
});

describe('one workbook from the worker (templateWorkbook)', () => {
  it('one unit: its own template, named after it, reading back as that unit for that year and criteria set', () => {
    const wb = s.templateWorkbook(2026, ['03325']);
    expect(wb.name).toBe('bieu-mau-tu-danh-gia-2026-03325-UBND-xa-Muong-Phang.xlsx');
    const back = readBack(wb.bytes);
    const c = file(s).criteriaFor(2026)!.ident;
    expect(back).toEqual({ year: 2026, criteria: { id: c.id, version: c.version, sha256: c.sha256 }, units: ['03325:XA'] });
  });

  it('several units of one group: one sheet each; units of two groups, unknown units, none at all are refused', () => {
    const bc = unitsOf('BC').map((u) => u.code);
    const wb = s.templateWorkbook(2026, bc);
    expect(wb.name).toBe(groupTemplateName(2026, 'BC'));
    expect(readBack(wb.bytes).units).toEqual(bc.map((c) => `${c}:BC`));
    const refused = (units: string[]) => {
      try {
        s.templateWorkbook(2026, units);
      } catch (e) {
        expect(e).toBeInstanceOf(FileError);
        return (e as FileError).text;
      }
      throw new Error('expected a refusal');
    };
    expect(refused([bc[0]!, '03325']).vi).toMatch(/cùng một khối/);
    expect(refused(['KHONG-CO']).vi).toMatch(/Không có đơn vị KHONG-CO trong năm 2026/);
    expect(refused([]).en).toMatch(/No unit chosen/);
  });
});

describe('the dialog’s run (makeTemplates)', () => {
  it('one workbook per unit of a group: progress per unit, a .zip of the units’ own templates', async () => {
    const m = maker(s);
    const steps: TemplateStep[] = [];
    const r = request({ group: 'BC' });
    const made = (await makeTemplates(m, plan, r, { step: (x) => steps.push(x) }))!;
    expect(made.name).toBe('bieu-mau-tu-danh-gia-2026-khoi-bc.zip');
    expect(made.name).toBe(templateFileName(plan, r));
    expect([made.workbooks, made.units]).toEqual([2, 2]);
    expect(steps.map((x) => [x.job.label, x.done, x.total])).toEqual(unitsOf('BC').map((u, i) => [u.name, i, 2]));
    const files = unzipSync(made.bytes);
    expect(Object.keys(files).sort()).toEqual(unitsOf('BC').map((u) => unitTemplateName(2026, u)).sort());
    for (const u of unitsOf('BC')) expect(readBack(files[unitTemplateName(2026, u)]!).units).toEqual([`${u.code}:BC`]);
  });

  it('every unit of every group: 61 templates in a folder per group, each holding its one unit', async () => {
    const m = maker(s);
    const made = (await makeTemplates(m, plan, request({})))!;
    expect(made.name).toBe('bieu-mau-tu-danh-gia-2026-tat-ca-don-vi.zip');
    expect([made.workbooks, made.units, m.calls.length]).toEqual([61, 61, 61]);
    const files = unzipSync(made.bytes);
    const expected = plan.groups.flatMap((g) => g.units.map((u) => `khoi-${g.code.toLowerCase()}/${unitTemplateName(2026, u)}`));
    expect(Object.keys(files).sort()).toEqual(expected.sort());
    const seen = Object.entries(files).flatMap(([path, bytes]) => {
      const back = readBack(bytes);
      expect(back.units).toHaveLength(1);
      expect(path.startsWith(`khoi-${back.units[0]!.split(':')[1]!.toLowerCase()}/`)).toBe(true);
      return back.units;
    });
    expect(seen.map((x) => x.split(':')[0]).sort()).toEqual(plan.groups.flatMap((g) => g.units.map((u) => u.code)).sort());
  }, 60_000);

  it('one workbook per group: progress per group; one group gives its .xlsx, all groups a .zip of one per group', async () => {
    const one = (await makeTemplates(maker(s), plan, request({ group: 'SO', layout: 'per-group' })))!;
    expect(one.name).toBe(groupTemplateName(2026, 'SO'));
    expect(readBack(one.bytes).units).toEqual(unitsOf('SO').map((u) => `${u.code}:SO`));

    const steps: TemplateStep[] = [];
    const all = (await makeTemplates(maker(s), plan, request({ layout: 'per-group' }), { step: (x) => steps.push(x) }))!;
    const groups = plan.groups.filter((g) => g.units.length > 0);
    expect(steps.map((x) => x.job.label)).toEqual(groups.map((g) => g.code));
    expect(all.name).toBe('bieu-mau-tu-danh-gia-2026-theo-khoi.zip');
    const files = unzipSync(all.bytes);
    expect(Object.keys(files).sort()).toEqual(groups.map((g) => groupTemplateName(2026, g.code)).sort());
    for (const g of groups) {
      const name = g.units.length === 1 ? unitTemplateName(2026, g.units[0]!) : groupTemplateName(2026, g.code);
      expect(readBack(files[name]!).units).toEqual(g.units.map((u) => `${u.code}:${g.code}`));
    }
  });

  it('one unit chosen: its .xlsx whatever the layout', async () => {
    for (const layout of ['per-unit', 'per-group'] as const) {
      const made = (await makeTemplates(maker(s), plan, request({ unit: '03325', layout })))!;
      expect(made.name).toBe('bieu-mau-tu-danh-gia-2026-03325-UBND-xa-Muong-Phang.xlsx');
      expect(readBack(made.bytes).units).toEqual(['03325:XA']);
    }
    expect(templateJobs(plan, request({ group: 'SO', unit: '03325' }))).toEqual([]);
  });

  it('Cancel: nothing further is asked of the worker and nothing comes back to be saved; the file does not change', async () => {
    const f = file(s);
    const state = () => JSON.stringify({ audit: f.auditLog(), units: f.units(), data: f.yearData(2026), meta: f.meta() });
    const before = state();

    // Cancelled between two units (after the progress of the third one was shown).
    let cancelled = false;
    const m = maker(s);
    const steps: number[] = [];
    const made = await makeTemplates(m, plan, request({ group: 'XA' }), {
      cancelled: () => cancelled,
      step: ({ done }) => {
        steps.push(done);
        if (done === 2) cancelled = true;
      },
    });
    expect(made).toBeNull();
    expect(steps).toEqual([0, 1, 2]);
    expect(m.calls).toHaveLength(3); // the one in hand when Cancel came; its workbook is dropped

    // Cancelled while the worker is making a workbook: that workbook is dropped too.
    let flag = false;
    const m2 = maker(s, () => {
      if (m2.calls.length === 2) flag = true;
    });
    expect(await makeTemplates(m2, plan, request({ layout: 'per-group' }), { cancelled: () => flag })).toBeNull();
    expect(m2.calls).toHaveLength(2);

    // Cancelled before it started: the worker is never asked.
    const m3 = maker(s);
    expect(await makeTemplates(m3, plan, request({}), { cancelled: () => true })).toBeNull();
    expect(m3.calls).toHaveLength(0);

    expect(state()).toBe(before);
  });

  it('a request without units is refused before anything is made', async () => {
    const empty: TemplatePlan = { ...plan, groups: plan.groups.map((g) => ({ ...g, units: [] })) };
    const m = maker(s);
    await expect(makeTemplates(m, empty, request({}))).rejects.toThrow(/no unit/);
    expect(templateFileName(empty, request({}))).toBeNull();
    expect(m.calls).toHaveLength(0);
  });
});
