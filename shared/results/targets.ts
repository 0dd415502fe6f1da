/**
 * The plan's targets, per year, from the entries: how far the province is from each, and which units hold it
 * back. Exact throughout; `targetsJson` at the end is the only place that rounds, except counts of people,
 * which are whole numbers from the start (see `wholePeople`).
 *
 * Each target reads the inputs of one indicator (criteria-2026.md; the indicator must cite the target's plan
 * clause, else the year's set does not measure it). Per unit, the values come from the panel where any
 * evaluator entered them (the evaluators' values combined by the panel aggregate, input by input), else
 * from the self-assessment; every unit says which. No evidence gate: this counts what the entries say, and
 * the official scores stay where evidence decides.
 *
 * Two kinds of target (docs/scoring-rules.md, "Plan targets"):
 * - units (plan issued, press special pages, network): the share of the units concerned that meet it. A unit
 *   without an entry has not shown it: it counts as not met. When evaluators disagree a unit counts by the
 *   panel aggregate of their verdicts (1 met, 0 not), e.g. 2 of 3 → 2/3.
 * - people (staff informed, communication staff trained, residents reached): the province's share of people,
 *   Σ numerator ÷ Σ denominator over the units with figures (not the mean of the units' shares: a ward of
 *   9,000 residents weighs more than a department of 40 staff, as in the plan's "80% of people"). Units
 *   without figures are left out and listed; a denominator of 0 means the target does not concern the unit.
 */
import { isoDay } from '../criteria/inputs';
import type { CriteriaId, LoadedCriteria } from '../criteria/loaded';
import type { Indicator, PanelAggregate } from '../criteria/types';
import { aggregate } from '../engine/panel';
import { dayOf, type Values } from '../engine/rules';
import type { Entry, Unit, YearData } from '../engine/score';
import * as Rational from '../exact/rational';
import type { Q } from '../exact/rational';
import { text, type Text } from '../i18n/text';

/** The rational functions, copied into a local object: direct calls also when run as CommonJS (see rational.ts). */
const R = { ...Rational };

export type TargetKey = 'plan_issued' | 'staff_informed' | 'staff_trained' | 'residents_reached' | 'press_special_pages' | 'network';

export interface TargetDef {
  readonly key: TargetKey;
  /** The plan clause (plan.md). */
  readonly clause: string;
  /** The indicator whose inputs carry it (criteria-2026.md). */
  readonly indicator: string;
  readonly label: Text;
  readonly measure: 'units' | 'people';
  /** The plan's share; null when the plan sets no number (the share is shown all the same). */
  readonly target: number | null;
  /** The year the plan wants it by. */
  readonly byYear: number;
  /** Only units of these groups (default: every group the indicator applies to). */
  readonly groups?: readonly string[];
  /** units: whether one entry's values meet the target. */
  readonly met?: (ind: Indicator, values: Values, year: number) => boolean | null;
}

/** An entry's "plan issued": yes, or every date of a deadline rule entered and within the year. null: not this kind of rule. */
function issued(ind: Indicator, v: Values, year: number): boolean | null {
  if (ind.rule.type === 'yesno') return v.value === true;
  if (ind.rule.type === 'date-deadline') {
    const end = isoDay(`${year}-12-31`)!;
    return ind.rule.inputs.every((i) => {
      const raw = v[i.name];
      const day = typeof raw === 'string' ? dayOf(raw) : null;
      return day !== null && day <= end;
    });
  }
  return null;
}

function yes(ind: Indicator, v: Values): boolean | null {
  return ind.rule.type === 'yesno' ? v.value === true : null;
}

function atLeastOne(ind: Indicator, v: Values): boolean | null {
  return ind.rule.type === 'count-target' || ind.rule.type === 'count-steps' ? typeof v.value === 'number' && v.value >= 1 : null;
}

export const TARGETS: readonly TargetDef[] = [
  {
    key: 'plan_issued',
    clause: 'II.2.1.a',
    indicator: '1.1',
    label: text('Tỷ lệ cơ quan, đơn vị, UBND xã, phường ban hành kế hoạch truyền thông', 'Share of agencies, units and communes with a communication plan issued'),
    measure: 'units',
    target: 1,
    byYear: 2025,
    met: issued,
  },
  {
    key: 'staff_informed',
    clause: 'II.2.1.c',
    indicator: '3.1',
    label: text('Tỷ lệ lãnh đạo, CBCCVC được quán triệt, phổ biến NQ57', 'Share of leaders and staff informed of NQ57'),
    measure: 'people',
    target: 1,
    byYear: 2025,
  },
  {
    key: 'staff_trained',
    clause: 'II.2.3.b',
    indicator: '3.3',
    label: text('Tỷ lệ cán bộ làm công tác truyền thông được đào tạo kỹ năng truyền thông số', 'Share of communication staff trained in digital communication'),
    measure: 'people',
    target: 0.7,
    byYear: 2030,
  },
  {
    key: 'residents_reached',
    clause: 'II.2.3.a',
    indicator: '3.4a',
    label: text('Tỷ lệ người dân tiếp cận thông tin qua hệ thống thông tin cơ sở', 'Share of residents reached through the grassroots information system'),
    measure: 'people',
    target: 0.8,
    byYear: 2030,
  },
  {
    key: 'press_special_pages',
    clause: 'II.2.1.d',
    indicator: '2.9',
    label: text('Tỷ lệ cơ quan báo chí có chuyên trang, chuyên mục về NQ57', 'Share of press agencies with special pages or columns on NQ57'),
    measure: 'units',
    target: 1,
    byYear: 2025,
    groups: ['BC'],
    met: (ind, v) => atLeastOne(ind, v),
  },
  {
    key: 'network',
    clause: 'II.2.2.c',
    indicator: '4.1',
    label: text('Tỷ lệ đơn vị tham gia mạng lưới truyền thông KH, CN, ĐMST, CĐS', 'Share of units in the S&T, innovation and digital-transformation communication network'),
    measure: 'units',
    target: null,
    byYear: 2026,
    met: (ind, v) => yes(ind, v),
  },
];

export interface UnitTarget {
  readonly unit: Unit;
  /** Where the values come from: the panel, the self-assessment, or nowhere (no entry). */
  readonly source: 'panel' | 'self' | 'none';
  /** counted; missing (no figures); not_applicable (denominator 0: the target does not concern the unit). */
  readonly status: 'counted' | 'missing' | 'not_applicable';
  /** units: the verdict, 0 to 1 (a share only when evaluators disagree); a unit without an entry (missing) has 0. */
  readonly met: Q | null;
  /** people: the figures (the panel aggregate of the evaluators' figures rounded to whole people, or the self-assessed ones). */
  readonly numerator: Q | null;
  readonly denominator: Q | null;
  readonly share: Q | null;
  /** What the unit lacks: 1 − met (units), or whole people still to reach for the plan's share (⌈target × den − num⌉). */
  readonly shortfall: Q | null;
}

export interface TargetResult {
  readonly def: TargetDef;
  /** The year's indicator carrying the target; null when the year's set does not measure it. */
  readonly indicator: Indicator | null;
  /** Why the target is not measured this year, if it is not. */
  readonly note: Text | null;
  readonly target: Q | null;
  /** The year's step towards the target, from the criteria (the ratio-target of the indicator), if any. */
  readonly yearTarget: Q | null;
  /** units: Σ verdicts over every unit concerned, and their number; people: Σ numerators and Σ denominators of the counted units. */
  readonly numerator: Q;
  readonly denominator: Q;
  /** numerator ÷ denominator; null when there is nothing to divide. */
  readonly value: Q | null;
  readonly reached: boolean | null;
  /** Every unit the target concerns, in the year's order. */
  readonly units: readonly UnitTarget[];
  /**
   * The units below the target, the largest shortfall first. units: every unit not fully meeting it (those
   * without an entry included). people: units below the plan's share, then those without figures.
   */
  readonly heldBackBy: readonly UnitTarget[];
  readonly counts: { readonly applicable: number; readonly counted: number; readonly fromPanel: number; readonly fromSelf: number; readonly missing: number; readonly notApplicable: number };
}

export interface TargetsResult {
  readonly year: number;
  readonly criteria: CriteriaId;
  readonly panel: PanelAggregate;
  readonly targets: readonly TargetResult[];
}

export function planTargets(criteria: LoadedCriteria, data: YearData, options: { panel?: PanelAggregate; targets?: readonly TargetDef[] } = {}): TargetsResult {
  const panel = options.panel ?? criteria.set.panel.aggregate;
  const defs = options.targets ?? TARGETS;
  // The entries of the targets' indicators only, by indicator and unit.
  const codes = new Set(defs.map((d) => d.indicator));
  const byCode = new Map<string, Map<string, Entry[]>>();
  for (const e of data.entries) {
    if (!codes.has(e.code)) continue;
    let units = byCode.get(e.code);
    if (!units) byCode.set(e.code, (units = new Map()));
    const list = units.get(e.unit);
    if (list) list.push(e);
    else units.set(e.unit, [e]);
  }
  const entriesOf = (unit: string, code: string): readonly Entry[] => byCode.get(code)?.get(unit) ?? [];
  return { year: data.year, criteria: criteria.ident, panel, targets: defs.map((def) => oneTarget(criteria, data, def, panel, entriesOf)) };
}

function oneTarget(criteria: LoadedCriteria, data: YearData, def: TargetDef, panel: PanelAggregate, entriesOf: (unit: string, code: string) => readonly Entry[]): TargetResult {
  const target = def.target === null ? null : R.fromDecimal(def.target);
  const ind = criteria.indicators.find((i) => i.code === def.indicator);
  const unmeasured = (note: Text): TargetResult => ({
    def, indicator: null, note, target, yearTarget: null, numerator: R.ZERO, denominator: R.ZERO, value: null, reached: null, units: [], heldBackBy: [],
    counts: { applicable: 0, counted: 0, fromPanel: 0, fromSelf: 0, missing: 0, notApplicable: 0 },
  });
  if (!ind || !ind.clauses.includes(def.clause)) {
    return unmeasured(text(
      `Bộ tiêu chí năm ${data.year} không có chỉ tiêu ${def.indicator} phục vụ điều khoản ${def.clause}`,
      `The ${data.year} set has no indicator ${def.indicator} serving clause ${def.clause}`,
    ));
  }
  const isRatio = ind.rule.type === 'ratio-target' || ind.rule.type === 'ratio-brackets';
  const probe = def.met?.(ind, {}, data.year);
  if (def.measure === 'people' ? !isRatio : probe === null || probe === undefined) {
    return unmeasured(text(
      `Chỉ tiêu ${ind.code} năm ${data.year} dùng quy tắc ${ind.rule.type}, không đo được mục tiêu này`,
      `Indicator ${ind.code} of ${data.year} uses rule ${ind.rule.type}, which cannot measure this target`,
    ));
  }
  const groups = ind.appliesTo.filter((g) => !def.groups || def.groups.includes(g));
  const units = data.units
    .filter((u) => groups.includes(u.group))
    .map((u) => (def.measure === 'people' ? peopleUnit(u, entriesOf(u.code, ind.code), panel, target) : verdictUnit(u, entriesOf(u.code, ind.code), panel, ind, def, data.year)));

  const counted = units.filter((u) => u.status === 'counted');
  // people: the counted units' figures; units: every unit concerned, one without an entry counting 0.
  const numerator = def.measure === 'people' ? R.sum(counted.map((u) => u.numerator!)) : R.sum(units.map((u) => u.met!));
  const denominator = def.measure === 'people' ? R.sum(counted.map((u) => u.denominator!)) : R.q(units.length);
  const value = R.isZero(denominator) ? null : R.div(numerator, denominator);

  const lacking = units.filter((u) =>
    def.measure === 'people'
      ? u.status === 'missing' || (u.status === 'counted' && target !== null && R.lt(u.share!, target))
      : R.lt(u.met!, R.ONE),
  );
  const order = (a: UnitTarget, b: UnitTarget) => {
    if ((a.shortfall === null) !== (b.shortfall === null)) return a.shortfall === null ? 1 : -1;
    const c = a.shortfall && b.shortfall ? R.cmp(b.shortfall, a.shortfall) : 0;
    if (c !== 0) return c;
    const ga = groups.indexOf(a.unit.group);
    const gb = groups.indexOf(b.unit.group);
    return ga - gb || (a.unit.code < b.unit.code ? -1 : a.unit.code > b.unit.code ? 1 : 0);
  };
  let yearTarget: Q | null = null;
  if (ind.rule.type === 'ratio-target') {
    const per = [...(criteria.exact.targets.get(ind.code)?.values() ?? [])];
    if (per.length && per.every((t) => R.eq(t, per[0]!))) yearTarget = per[0]!;
  }
  return {
    def,
    indicator: ind,
    note: null,
    target,
    yearTarget,
    numerator,
    denominator,
    value,
    reached: target === null || value === null ? null : R.ge(value, target),
    units,
    heldBackBy: [...lacking].sort(order),
    counts: {
      applicable: units.length,
      counted: counted.length,
      fromPanel: units.filter((u) => u.source === 'panel').length,
      fromSelf: units.filter((u) => u.source === 'self').length,
      missing: units.filter((u) => u.status === 'missing').length,
      notApplicable: units.filter((u) => u.status === 'not_applicable').length,
    },
  };
}

/** A units target: each evaluator's verdict (1/0) combined by the panel aggregate, else the self-assessment's; no entry → 0. */
function verdictUnit(unit: Unit, list: readonly Entry[], panel: PanelAggregate, ind: Indicator, def: TargetDef, year: number): UnitTarget {
  const verdict = (e: Entry): Q | null => {
    // A deadline entry with its dates empty says "not issued"; for other rules an empty value is no entry.
    if (ind.rule.type !== 'date-deadline' && (e.values.value === null || e.values.value === undefined)) return null;
    return def.met!(ind, e.values, year) ? R.ONE : R.ZERO;
  };
  const fromPanel = list.filter((e) => e.evaluator !== null).map(verdict).filter((x): x is Q => x !== null);
  const self = list.find((e) => e.evaluator === null);
  const selfVerdict = self ? verdict(self) : null;
  const [source, met] =
    fromPanel.length > 0 ? (['panel', aggregate(fromPanel, panel)] as const) : selfVerdict !== null ? (['self', selfVerdict] as const) : (['none', R.ZERO] as const);
  return { unit, source, status: source === 'none' ? 'missing' : 'counted', met, numerator: null, denominator: null, share: null, shortfall: R.sub(R.ONE, met) };
}

/**
 * A count of people as the panel states it: whole.
 *
 * The panel's figure for a unit is the year's panel aggregate of the evaluators' figures (the criteria file's
 * rule, mean by default, median or trimmed mean selectable: the same rule the panel's points follow,
 * scoring-and-workflow.md, "Scores"). A consensus value cannot stand in for it: consensus values are set on
 * points, not on inputs, and a ratio's points do not give back its people. Every aggregate of whole numbers
 * can fall between two (the mean of 2,842 and 2,843, and equally the median of an even panel), but what the
 * plan counts is people (plan.md II.2.1.c, II.2.3: "100% of leaders and staff", "at least 70% of staff", "at
 * least 80% of people"), so the figure is rounded to a whole person, half away from zero, the rounding the
 * criteria use for every score (criteria-2026.md, "Exact semantics"). Rounding is monotone, so a panel whose
 * every evaluator entered numerator ≤ denominator still has numerator ≤ denominator, and a denominator of at
 * least one person stays at least one. Unanimous evaluators and self-assessed figures are whole already and
 * unchanged.
 */
function wholePeople(q: Q): Q {
  return R.q(R.round(q, 0));
}

/**
 * People a unit still lacks for the plan's share: the fewest whole people k with (numerator + k) ÷ denominator
 * ≥ target, i.e. ⌈target × denominator − numerator⌉ (80% of 1,001 residents is 800.8: 801 people, not 800.8).
 */
function peopleShort(target: Q, numerator: Q, denominator: Q): Q {
  return R.max(R.ZERO, R.q(R.ceil(R.sub(R.mul(target, denominator), numerator))));
}

/** A people target: the panel aggregate of the evaluators' numerators and of their denominators (whole people), else the self-assessed figures. */
function peopleUnit(unit: Unit, list: readonly Entry[], panel: PanelAggregate, target: Q | null): UnitTarget {
  const figures = (e: Entry) => {
    const n = e.values.numerator;
    const d = e.values.denominator;
    return typeof n === 'number' && typeof d === 'number' ? { n, d } : null;
  };
  const evaluators = list.filter((e) => e.evaluator !== null).map(figures).filter((x): x is { n: number; d: number } => x !== null);
  const self = list.find((e) => e.evaluator === null);
  const selfFigures = self ? figures(self) : null;
  const none = (source: UnitTarget['source'], status: UnitTarget['status']): UnitTarget => ({ unit, source, status, met: null, numerator: null, denominator: null, share: null, shortfall: null });
  let source: UnitTarget['source'];
  let numerator: Q;
  let denominator: Q;
  if (evaluators.length > 0) {
    source = 'panel';
    // Evaluators who found a denominator of 0 say the target does not concern the unit; the others count.
    const counted = evaluators.filter((f) => f.d > 0);
    if (counted.length === 0) return none(source, 'not_applicable');
    numerator = wholePeople(aggregate(counted.map((f) => R.q(f.n)), panel));
    denominator = wholePeople(aggregate(counted.map((f) => R.q(f.d)), panel));
  } else if (selfFigures) {
    source = 'self';
    if (selfFigures.d === 0) return none(source, 'not_applicable');
    numerator = R.q(selfFigures.n);
    denominator = R.q(selfFigures.d);
  } else {
    return none('none', 'missing');
  }
  const share = R.div(numerator, denominator);
  const shortfall = target === null ? null : peopleShort(target, numerator, denominator);
  return { unit, source, status: 'counted', met: null, numerator, denominator, share, shortfall };
}

// ------------------------------------------------------------------ presentation (the only rounding)

export interface UnitTargetJson {
  unit: string;
  name: string;
  group: string;
  source: UnitTarget['source'];
  status: UnitTarget['status'];
  /** units: the verdict (0–1); people: the unit's share. Fractions of 1 to 4 decimals. */
  value: number | null;
  numerator?: number | null;
  denominator?: number | null;
  /** units: 1 − verdict (4 decimals); people: whole people still to reach for the plan's share. */
  shortfall: number | null;
}

export interface TargetJson {
  key: TargetKey;
  clause: string;
  indicator: string | null;
  label: Text;
  measure: 'units' | 'people';
  target: number | null;
  targetYear: number;
  yearTarget: number | null;
  measured: boolean;
  note: Text | null;
  value: number | null;
  reached: boolean | null;
  /** target − value, when below it. */
  gap: number | null;
  numerator: number;
  denominator: number;
  aggregation: Text;
  units: TargetResult['counts'];
  heldBackBy: UnitTargetJson[];
}

export interface TargetsJson {
  year: number;
  criteria: { id: string; version: string; sha256: string };
  panel: PanelAggregate;
  targets: TargetJson[];
}

const share4 = (q: Q) => R.round(q, 4);
const num2 = (q: Q) => R.round(q, 2);

const AGGREGATION: Record<'units' | 'people', Text> = {
  units: text(
    'số đơn vị đạt ÷ số đơn vị thuộc diện; đơn vị chưa có số liệu tính là chưa đạt; khi các thành viên hội đồng khác ý kiến, đơn vị được tính theo giá trị tổng hợp của hội đồng',
    'units meeting it ÷ units concerned; a unit without an entry counts as not meeting it; where evaluators disagree a unit counts by the panel aggregate of their verdicts',
  ),
  people: text(
    'tổng tử số ÷ tổng mẫu số của các đơn vị có số liệu (tỷ lệ của cả tỉnh, không phải trung bình tỷ lệ các đơn vị); đơn vị chưa có số liệu không được tính và được liệt kê; số người của hội đồng là giá trị tổng hợp số liệu của các thành viên, làm tròn đến người',
    'sum of numerators ÷ sum of denominators over the units with figures (the province’s share, not the mean of the units’ shares); units without figures are left out and listed; the panel’s count of people is the panel aggregate of the evaluators’ figures, rounded to a whole person',
  ),
};

export function targetsJson(r: TargetsResult): TargetsJson {
  return {
    year: r.year,
    criteria: { id: r.criteria.id, version: r.criteria.version, sha256: r.criteria.sha256 },
    panel: r.panel,
    targets: r.targets.map((t) => ({
      key: t.def.key,
      clause: t.def.clause,
      indicator: t.indicator?.code ?? null,
      label: t.def.label,
      measure: t.def.measure,
      target: t.def.target,
      targetYear: t.def.byYear,
      yearTarget: t.yearTarget === null ? null : share4(t.yearTarget),
      measured: t.indicator !== null,
      note: t.note,
      value: t.value === null ? null : share4(t.value),
      reached: t.reached,
      gap: t.value === null || t.target === null || R.ge(t.value, t.target) ? null : share4(R.sub(t.target, t.value)),
      numerator: num2(t.numerator),
      denominator: num2(t.denominator),
      aggregation: AGGREGATION[t.def.measure],
      units: t.counts,
      heldBackBy: t.heldBackBy.map((u) => unitTargetJson(u, t.def.measure)),
    })),
  };
}

function unitTargetJson(u: UnitTarget, measure: 'units' | 'people'): UnitTargetJson {
  const base = { unit: u.unit.code, name: u.unit.name, group: u.unit.group, source: u.source, status: u.status };
  const shortfall = u.shortfall === null ? null : measure === 'people' ? num2(u.shortfall) : share4(u.shortfall);
  if (measure === 'units') return { ...base, value: u.met === null ? null : share4(u.met), shortfall };
  return {
    ...base,
    value: u.share === null ? null : share4(u.share),
    numerator: u.numerator === null ? null : num2(u.numerator),
    denominator: u.denominator === null ? null : num2(u.denominator),
    shortfall,
  };
}

/** One row per target, for CSV: Vietnamese headers, shares in percent with two decimals, people as whole numbers. */
export function targetsTable(r: TargetsResult): string[][] {
  // units: Σ verdicts may hold a share of a unit (evaluators who disagree); people are whole.
  const count = (t: TargetJson, x: number) => (t.measure === 'people' ? String(x) : x.toFixed(2));
  const doc = targetsJson(r);
  const percent = (x: number | null) => (x === null ? '' : R.round(R.mul(R.fromDecimal(x), R.q(100)), 2).toFixed(2));
  const header = ['Năm', 'Điều khoản', 'Chỉ tiêu', 'Mục tiêu', 'Mục tiêu (%)', 'Đến năm', 'Mục tiêu năm (%)', 'Kết quả (%)', 'Đạt', 'Tử số', 'Mẫu số', 'Số đơn vị thuộc diện', 'Theo hội đồng', 'Theo tự đánh giá', 'Chưa có số liệu', 'Đơn vị chưa đạt', 'Ghi chú'];
  const rows = doc.targets.map((t) => [
    String(doc.year), t.clause, t.indicator ?? '', t.label.vi, percent(t.target), String(t.targetYear), percent(t.yearTarget), percent(t.value),
    t.reached === null ? '' : t.reached ? 'Đạt' : 'Chưa đạt', count(t, t.numerator), count(t, t.denominator),
    String(t.units.applicable), String(t.units.fromPanel), String(t.units.fromSelf), String(t.units.missing),
    t.heldBackBy.map((u) => u.unit).join(' '), t.note?.vi ?? '',
  ]);
  return [header, ...rows];
}
