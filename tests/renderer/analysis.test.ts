/**
 * The analysts' views in the worker (renderer/src/worker/analysis.ts), run in Node with real sql.js on the demo
 * file: the compare tab's rows are compare.ts's own output for 2025→2026 (units, indicators, criteria changes,
 * also per unit group and for a merged unit), the targets tab's are targets.ts's, and the workbooks read back
 * with the same numbers.
 */
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { scoreYear } from '../../shared/engine/score';
import { EvaluationFile } from '../../shared/file/evaluation-file';
import { compareJson, compareScored, compareYears } from '../../shared/results/compare';
import { planTargets, targetsJson } from '../../shared/results/targets';
import { readXlsx, type ReadSheet } from '../../shared/spreadsheet/xlsx-read';
import { EngineSession } from '../../renderer/src/worker/engine-session';
import { TABLE_HEADER_ROW, type CompareUnit, type CompareViewData } from '../../renderer/src/worker/analysis';
import { DEMO_CSV, sql, testEnv } from '../file/helpers';

let SQL: SqlJsStatic;
let s: EngineSession;

beforeAll(async () => {
  SQL = await sql();
});

beforeEach(() => {
  s = new EngineSession(SQL, (actor) => testEnv(actor));
  s.createDemo(DEMO_CSV, 'Thư ký');
});

/** The open file as the CLI reads it: a separate copy of the session's bytes. */
function fileCopy(): EvaluationFile {
  return EvaluationFile.open(SQL, s.exportBytes(), testEnv('test')).file;
}

/** compare.ts on the file, exactly as `compare <file> --from 2025 --to 2026 --json` runs it. */
function cliCompare(group?: string) {
  const f = fileCopy();
  try {
    const years = [2025, 2026].map((y) => {
      const data = f.yearData(y);
      return { criteria: f.criteriaFor(y)!, data: group ? { ...data, units: data.units.filter((u) => u.group === group) } : data };
    });
    const predecessors = new Map(f.units().filter((u) => u.predecessors.length > 0).map((u) => [u.code, u.predecessors]));
    return compareJson(compareYears(years, { predecessors }), 2025, 2026);
  } finally {
    f.close();
  }
}

/** A compare-tab row in the shape of compare.ts's JSON. */
function asJson(u: CompareUnit) {
  const year = (k: number) => {
    const y = u.years[k];
    if (!y) return null;
    const out: Record<string, unknown> = { score: y.score, rank: y.rank, band: y.band.code };
    if (y.merged) {
      out.basis = 'mean_of_predecessors';
      out.mergedFrom = y.merged.map((m) => ({ unit: m.unit, name: m.name, score: m.score, rank: m.rank, band: m.band.code }));
    }
    return out;
  };
  const out: Record<string, unknown> = { unit: u.unit, name: u.name, group: u.group, from: year(0), to: year(1), scoreChange: u.scoreChange, rankChange: u.rankChange };
  if (!u.years[1] && u.successors.length) out.mergedInto = u.successors;
  return out;
}

const indicatorsAsJson = (view: CompareViewData, group: string) =>
  view.indicators[group]!.map((r) => ({
    code: r.code,
    ...(r.years[0] && r.years[1] && r.years[0].code !== r.code ? { fromCode: r.years[0].code } : {}),
    fromShare: r.years[0]?.share ?? null,
    toShare: r.years[1]?.share ?? null,
    change: r.change,
  }));

function sheetRows(sheet: ReadSheet): (string | number | boolean | null)[][] {
  const out: (string | number | boolean | null)[][] = [];
  const last = Math.max(...sheet.rows.keys());
  for (let r = 1; r <= last; r++) {
    const row = sheet.rows.get(r);
    const cols = row ? [...row.keys()] : [];
    const width = Math.max(0, ...cols.map((c) => c.length === 1 ? c.charCodeAt(0) - 64 : (c.charCodeAt(0) - 64) * 26 + c.charCodeAt(1) - 64));
    const cells: (string | number | boolean | null)[] = [];
    for (let c = 1; c <= width; c++) {
      const letter = c <= 26 ? String.fromCharCode(64 + c) : String.fromCharCode(64 + Math.floor((c - 1) / 26)) + String.fromCharCode(65 + ((c - 1) % 26));
      cells.push(row?.get(letter)?.value ?? null);
    }
    out.push(cells);
  }
  return out;
}

function readBook(bytes: Uint8Array) {
  const r = readXlsx(bytes);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message.en).join('\n'));
  return r.value;
}

describe('comparing years in the worker', () => {
  it('gives compare.ts’s units, indicators and criteria changes for the demo’s 2025 → 2026', () => {
    const view = s.compareView([2026, 2025]);
    expect(view.years).toEqual([2025, 2026]);
    expect([view.from, view.to]).toEqual([2025, 2026]);
    const expected = cliCompare();
    expect(view.units).toHaveLength(61);
    expect(view.units.map(asJson)).toEqual(expected.units);
    expect(indicatorsAsJson(view, '')).toEqual(expected.indicators);
    expect(view.changes).toHaveLength(1);
    expect(view.changes[0]!.sameSet).toBe(false);
    expect(view.changes[0]!.items).toEqual(expected.criteriaChanges);
    // The demo's criteria changes, as the tab lists them: groups re-weighted and added, 1.1 re-weighted with a new rule.
    const kinds = expected.criteriaChanges.map((c) => `${c.subject}:${c.kind}:${c.code ?? c.previousCode}`);
    expect(kinds).toEqual(expect.arrayContaining(['group:reweighted:II', 'group:added:IV', 'indicator:reweighted:1.1', 'indicator:rule_changed:1.1', 'indicator:added:3.4a']));
    expect(view.indicators['']!.find((r) => r.code === '1.1')!.changes).toEqual(['renamed', 'reweighted', 'rule_changed']);
    expect(view.indicators['']!.find((r) => r.code === '3.4a')!.changes).toEqual(['added']);
    expect(view.unitGroups.map((g) => [g.code, g.units])).toEqual([['SO', 14], ['XA', 45], ['BC', 2]]);
    expect(view.sections.map((g) => g.code)).toEqual(['I', 'II', 'III', 'IV', 'V']);
  });

  it('gives each unit group’s indicator shares as compare.ts gives them over that group’s units', () => {
    const view = s.compareView([2025, 2026]);
    for (const g of ['SO', 'XA', 'BC']) expect(indicatorsAsJson(view, g), g).toEqual(cliCompare(g).indicators);
    // Which indicators the communes improved most on: 2.5, then 1.1 (a share of the maximum, 4 decimals).
    const xa = [...view.indicators.XA!].filter((r) => r.change !== null).sort((a, b) => b.change! - a.change!);
    expect(xa.length).toBeGreaterThan(3);
    expect(xa[0]!.change).toBeGreaterThan(xa[xa.length - 1]!.change!);
  });

  it('gives the communes sorted by improvement, and one commune’s indicators with the change of each', () => {
    const view = s.compareView([2025, 2026]);
    const communes = view.units.filter((u) => u.group === 'XA').sort((a, b) => (b.scoreChange ?? -Infinity) - (a.scoreChange ?? -Infinity));
    const top = communes[0]!;
    const detail = s.compareUnit([2025, 2026], top.unit);
    expect(detail.row).toEqual(top);
    const result = (y: number) => scoreYear(fileCopy().criteriaFor(y)!, fileCopy().yearData(y)).units.find((u) => u.unit.code === top.unit)!;
    const [r25, r26] = [result(2025), result(2026)];
    // Every indicator of either year, its points and share as the engine scored them; the change of a share.
    for (const ind of detail.indicators) {
      const [a, b] = ind.years;
      const i25 = r25.indicators.find((i) => i.code === a?.code);
      const i26 = r26.indicators.find((i) => i.code === b?.code);
      if (a) expect(a.points).toBe(Math.round(Number(i25!.points.n) / Number(i25!.points.d) * 100) / 100);
      if (b) expect(b.status).toBe(i26!.status);
      if (a?.share != null && b?.share != null) expect(ind.change).toBeCloseTo(b.share - a.share, 3);
      else expect(ind.change).toBeNull();
    }
    expect(detail.indicators.find((i) => i.code === '1.1')!.years.every((y) => y !== null)).toBe(true);
    expect(detail.indicators.find((i) => i.code === '1.2')!.years[0]).toBeNull();
    // Criteria groups as shares, for the radar: I–III both years, IV and V only in 2026.
    expect(detail.sections.map((g) => [g.code, g.years.map((v) => v !== null)])).toEqual([
      ['I', [true, true]],
      ['II', [true, true]],
      ['III', [true, true]],
      ['IV', [false, true]],
      ['V', [false, true]],
    ]);
    const g1 = r26.groups.find((g) => g.code === 'I')!;
    expect(detail.sections[0]!.years[1]).toBeCloseTo(Number(g1.points.n) / Number(g1.points.d) / (Number(g1.max.n) / Number(g1.max.d)), 4);
  });

  it('shows a merged commune against the mean of its predecessors, as compare.ts does', () => {
    // Sam Mứn (03356) merged into Mường Phăng (03325) from 2026: Sam Mứn stops being evaluated after 2025.
    const view0 = s.compareView([2025, 2026]);
    const sam = view0.units.find((u) => u.unit === '03356')!;
    const r1 = s.saveUnit({ code: '03356', name: sam.name, group: 'XA', activeFrom: null, activeTo: 2025, predecessors: [], reason: 'sáp nhập' }, 'edit', true);
    expect(r1.ok).toBe(true);
    const mp = view0.units.find((u) => u.unit === '03325')!;
    const r2 = s.saveUnit({ code: '03325', name: mp.name, group: 'XA', activeFrom: null, activeTo: null, predecessors: ['03356'], reason: 'sáp nhập' }, 'edit', true);
    expect(r2.ok).toBe(true);

    const view = s.compareView([2025, 2026]);
    const expected = cliCompare();
    expect(view.units.map(asJson)).toEqual(expected.units);
    const merged = view.units.find((u) => u.unit === '03325')!;
    expect(merged.years[0]!.merged!.map((m) => m.unit).sort()).toEqual(['03325', '03356']);
    expect(merged.years[0]!.score).toBe(Math.round(((mp.years[0]!.score + sam.years[0]!.score) / 2) * 100) / 100);
    const gone = view.units.find((u) => u.unit === '03356')!;
    expect(gone.years[1]).toBeNull();
    expect(gone.successors).toEqual(['03325']);
    // The unit's detail: the merged year's shares are the members' mean, without points of its own.
    const detail = s.compareUnit([2025, 2026], '03325');
    const y25 = detail.indicators.find((i) => i.code === '2.2')!.years[0]!;
    expect(y25.points).toBeNull();
    expect(y25.share).not.toBeNull();
  });

  it('sums up each year per unit group for the charts: each unit’s own score once', () => {
    const view = s.compareView([2025, 2026]);
    const f = fileCopy();
    for (const [k, y] of [2025, 2026].entries()) {
      const result = scoreYear(f.criteriaFor(y)!, f.yearData(y));
      for (const g of ['', 'SO', 'XA', 'BC']) {
        const scores = result.units.filter((u) => !g || u.unit.group === g).map((u) => u.rounded);
        const st = view.stats[g]![k]!;
        expect(st.year).toBe(y);
        expect(st.units).toBe(scores.length);
        // The exact mean rounded half away from zero to 2 decimals.
        expect(Math.abs(st.mean! - scores.reduce((a, b) => a + b, 0) / scores.length)).toBeLessThanOrEqual(0.005 + 1e-9);
        expect(st.min).toBe(Math.min(...scores));
        expect(st.max).toBe(Math.max(...scores));
        expect(st.bins.reduce((a, b) => a + b, 0)).toBe(scores.length);
        expect(st.bins[st.bins.length - 1]).toBe(scores.filter((x) => x >= 90).length);
      }
    }
    expect(Object.keys(view.stats.XA![0]!.sections)).toEqual(['I', 'II', 'III']);
    expect(Object.keys(view.stats.XA![1]!.sections)).toEqual(['I', 'II', 'III', 'IV', 'V']);
  });

  it('refuses fewer than two years or a year the file does not have', () => {
    expect(() => s.compareView([2026])).toThrow(/at least two years/);
    expect(() => s.compareView([2024, 2026])).toThrow(/not in the file/);
  });

  it('matches compareScored on the session’s own results (the app keeps its results)', () => {
    const f = fileCopy();
    const scored = [2025, 2026].map((y) => ({ criteria: f.criteriaFor(y)!, result: scoreYear(f.criteriaFor(y)!, f.yearData(y)) }));
    const json = compareJson(compareScored(scored), 2025, 2026);
    expect(s.compareView([2025, 2026]).units.map((u) => [u.unit, u.scoreChange, u.rankChange])).toEqual(json.units.map((u) => [u.unit, u.scoreChange, u.rankChange]));
  });
});

describe('the plan targets in the worker', () => {
  it('gives targets.ts’s targets for each year of the demo', () => {
    const view = s.targetsView([2026, 2025]);
    expect(view.years).toEqual([2025, 2026]);
    const f = fileCopy();
    for (const [k, y] of [2025, 2026].entries()) {
      expect(view.perYear[k]).toEqual(targetsJson(planTargets(f.criteriaFor(y)!, f.yearData(y))));
    }
    // The demo's figures (docs/scoring-rules.md, "Plan targets"): 3.3 is not measured in 2025.
    const t26 = new Map(view.perYear[1]!.targets.map((t) => [t.key, t]));
    expect(t26.get('plan_issued')!.value).toBe(0.9508);
    expect(t26.get('residents_reached')!.yearTarget).toBe(0.6);
    expect(view.perYear[0]!.targets.find((t) => t.key === 'staff_trained')!.measured).toBe(false);
    // The criteria's step for 2026 of the 2030 targets, and whether it is reached (3.3: 30,98% < 40%).
    expect(view.stepReached[1]).toEqual({ staff_trained: false, residents_reached: false });
    expect(view.stepReached[0]).toEqual({});
  });
});

describe('the workbooks', () => {
  it('the units table: one row per unit shown, in the order shown, numbers as numbers', () => {
    const view = s.compareView([2025, 2026]);
    const communes = view.units.filter((u) => u.group === 'XA').sort((a, b) => (b.scoreChange ?? -Infinity) - (a.scoreChange ?? -Infinity));
    const book = readBook(s.compareXlsx([2025, 2026], { table: 'units', group: 'XA', order: communes.map((u) => u.unit), lang: 'vi' }));
    expect(book.sheets.map((x) => x.name)).toEqual(['Đơn vị']);
    const rows = sheetRows(book.sheets[0]!);
    expect(String(rows[0]![0])).toMatch(/So sánh kết quả các năm 2025 – 2026, khối UBND xã, phường/);
    expect(rows[TABLE_HEADER_ROW - 1]).toEqual([
      'Khối', 'Mã đơn vị', 'Tên đơn vị', 'Điểm 2025', 'Hạng 2025', 'Xếp loại 2025', 'Điểm 2026', 'Hạng 2026', 'Xếp loại 2026',
      'Chênh lệch điểm 2025–2026', 'Thay đổi thứ hạng 2025–2026', 'Ghi chú',
    ]);
    const body = rows.slice(TABLE_HEADER_ROW);
    expect(body).toHaveLength(45);
    expect(body.map((r) => r[1])).toEqual(communes.map((u) => u.unit));
    for (const [i, u] of communes.entries()) {
      expect(body[i]!.slice(3, 11)).toEqual([u.years[0]!.score, u.years[0]!.rank, u.years[0]!.band.label.vi, u.years[1]!.score, u.years[1]!.rank, u.years[1]!.band.label.vi, u.scoreChange, u.rankChange]);
    }
  });

  it('the indicators, the criteria changes, one unit’s detail and the targets', () => {
    const view = s.compareView([2025, 2026]);
    const ind = sheetRows(readBook(s.compareXlsx([2025, 2026], { table: 'indicators', group: 'XA', lang: 'en' })).sheets[0]!).slice(TABLE_HEADER_ROW);
    expect(ind.map((r) => [r[0], r[4], r[6], r[7]])).toEqual(view.indicators.XA!.map((r) => [r.code, r.years[0]?.share ?? null, r.years[1]?.share ?? null, r.change]));
    const changes = sheetRows(readBook(s.compareXlsx([2025, 2026], { table: 'changes' })).sheets[0]!).slice(TABLE_HEADER_ROW);
    expect(changes.map((r) => r[7])).toEqual(view.changes[0]!.items.map((c) => c.text.vi));
    const unit = readBook(s.compareXlsx([2025, 2026], { table: 'unit', unit: '03325' }));
    expect(unit.sheets[0]!.name).toBe('Chi tiết đơn vị');
    expect(String(sheetRows(unit.sheets[0]!)[0]![0])).toMatch(/^UBND xã Mường Phăng \(03325\), 2025 – 2026/);

    const targets = readBook(s.targetsXlsx([2025, 2026], 'vi'));
    expect(targets.sheets.map((x) => x.name)).toEqual(['Chỉ tiêu kế hoạch', 'Đơn vị chưa đạt']);
    const t = sheetRows(targets.sheets[0]!).slice(TABLE_HEADER_ROW);
    const tv = s.targetsView([2025, 2026]);
    expect(t.map((r) => [r[0], r[1], r[7]])).toEqual(tv.perYear.flatMap((d) => d.targets.map((x) => [d.year, x.clause, x.value])));
    const held = sheetRows(targets.sheets[1]!).slice(TABLE_HEADER_ROW);
    expect(held).toHaveLength(tv.perYear.flatMap((d) => d.targets.flatMap((x) => x.heldBackBy)).length);
  });
});
