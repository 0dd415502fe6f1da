/**
 * Comparing years of one province: per unit (score, rank and band each year, their changes), per indicator
 * (each as a share of its maximum) and what changed between the criteria sets, so that nobody compares apples
 * with oranges. Exact throughout; `compareJson` and `compareTable` at the end are the only places that round.
 *
 * Matching (docs/scoring-rules.md, "Comparing years"):
 * - Units by code. A unit whose `predecessors` (the evaluation file's record of mergers) had results in an
 *   earlier year is compared, for that year, with them: its earlier score is the mean of their scores (its own
 *   included if it existed then), rounded to 2 decimals like every score; band and rank follow from that score.
 * - Indicators with the newest year's set: an indicator's code in an earlier year is its `previous` entry for
 *   that year (a renamed indicator, or null for "no counterpart"), else the same code.
 */
import { codeInYear, type CriteriaId, type LoadedCriteria } from '../criteria/loaded';
import type { Band, Indicator, PanelAggregate } from '../criteria/types';
import { scoreYear, type UnitResult, type YearData, type YearResult } from '../engine/score';
import { canonicalJson } from '../exact/canonical-json';
import * as Rational from '../exact/rational';
import type { Q } from '../exact/rational';
import { bothNumbers, formatIsoDate, text, type Text } from '../i18n/text';

/** The rational functions, copied into a local object: direct calls also when run as CommonJS (see rational.ts). */
const R = { ...Rational };

export interface YearInput {
  readonly criteria: LoadedCriteria;
  readonly data: YearData;
}

export interface ScoredYear {
  readonly criteria: LoadedCriteria;
  readonly result: YearResult;
}

export interface CompareOptions {
  readonly panel?: PanelAggregate;
  /** unit code → the codes of the units it was formed from (the evaluation file's `predecessors`). */
  readonly predecessors?: ReadonlyMap<string, readonly string[]>;
}

/** A unit in one year: its own result, or for a merged unit its predecessors' taken together. */
export interface UnitYear {
  readonly year: number;
  readonly group: string;
  /** The score compared, rounded to 2 decimals like every score (for a merged unit: the mean, rounded). */
  readonly score: number;
  /** Competition rank within the unit group that year (a merged unit: where its score would have stood). */
  readonly rank: number;
  readonly band: Band;
  /** The unit's own result that year; null when the year is its predecessors' (`merged`). */
  readonly result: UnitResult | null;
  /** The units whose results make this year's figures, when they are not the unit's own alone. */
  readonly merged: { readonly mean: Q; readonly members: readonly UnitResult[] } | null;
}

export interface UnitRow {
  readonly unit: string;
  readonly name: string;
  readonly group: string;
  /** One per compared year, in year order; null where the unit (and its predecessors) did not exist. */
  readonly years: readonly (UnitYear | null)[];
  /** Units formed (partly) from this one, per `predecessors`. */
  readonly successors: readonly string[];
}

export interface IndicatorYear {
  readonly year: number;
  /** The indicator's code in that year's set. */
  readonly code: string;
  readonly name: Text;
  readonly max: Q;
  /** Mean over the units it applied to of points ÷ max (exact); null when it applied to no unit. */
  readonly share: ExactMean | null;
  /** Units counted in the mean: the indicator applies to their group and was not "not applicable". */
  readonly units: number;
}

export interface IndicatorRow {
  /** The code in the newest year where the indicator exists. */
  readonly code: string;
  readonly years: readonly (IndicatorYear | null)[];
}

export interface Comparison {
  readonly years: readonly number[];
  readonly criteria: readonly LoadedCriteria[];
  readonly results: readonly YearResult[];
  readonly units: readonly UnitRow[];
  readonly indicators: readonly IndicatorRow[];
}

/** Scores each year (with its own set) and compares them. At least two distinct years. */
export function compareYears(inputs: readonly YearInput[], options: CompareOptions = {}): Comparison {
  return compareScored(
    inputs.map((y) => ({ criteria: y.criteria, result: scoreYear(y.criteria, y.data, options.panel ? { panel: options.panel } : {}) })),
    options,
  );
}

/** Compares years already scored (the app keeps its results). */
export function compareScored(input: readonly ScoredYear[], options: Pick<CompareOptions, 'predecessors'> = {}): Comparison {
  const sorted = [...input].sort((a, b) => a.result.year - b.result.year);
  const years = sorted.map((y) => y.result.year);
  if (years.length < 2) throw new RangeError('compare needs at least two years');
  if (new Set(years).size !== years.length) throw new RangeError(`a year given twice: ${years.join(', ')}`);
  const criteria = sorted.map((y) => y.criteria);
  const results = sorted.map((y) => y.result);
  const predecessors = options.predecessors ?? new Map<string, readonly string[]>();
  return { years, criteria, results, units: unitRows(criteria, results, predecessors), indicators: indicatorRows(years, criteria, results) };
}

// ------------------------------------------------------------------ units

function unitRows(criteria: readonly LoadedCriteria[], results: readonly YearResult[], predecessors: ReadonlyMap<string, readonly string[]>): UnitRow[] {
  const last = results.length - 1;
  const byCode = results.map((r) => new Map(r.units.map((u) => [u.unit.code, u])));
  const codes = new Set(results.flatMap((r) => r.units.map((u) => u.unit.code)));
  const successors = successorsOf(codes, predecessors);
  const higher = results.map(higherCounter);
  const rows: UnitRow[] = [];
  for (const code of codes) {
    let latest: UnitResult | undefined;
    for (let k = last; k >= 0 && !latest; k--) latest = byCode[k]!.get(code);
    const group = latest!.unit.group;
    const years = results.map((r, k) => {
      const own = byCode[k]!.get(code) ?? null;
      // The newest year is always the unit's own: its predecessors are what it is compared with, before.
      const members = k === last ? (own ? [own] : []) : basisMembers(code, byCode[k]!, predecessors);
      if (members.length === 0) return null;
      if (members.length === 1 && members[0] === own) return ownYear(r.year, own);
      return mergedYear(criteria[k]!, r.year, group, members, higher[k]!);
    });
    rows.push({ unit: code, name: latest!.unit.name, group, years, successors: successors.get(code) ?? [] });
  }
  // Unit groups in the newest set's order; in a group, the newest year's listing order, then the units gone, by code.
  const groupOrder = criteria[last]!.set.unitGroups.map((g) => g.code);
  const listing = new Map(results[last]!.units.map((u, i) => [u.unit.code, i]));
  const gi = (g: string) => (groupOrder.includes(g) ? groupOrder.indexOf(g) : groupOrder.length);
  return rows.sort(
    (a, b) =>
      gi(a.group) - gi(b.group) ||
      (a.group < b.group ? -1 : a.group > b.group ? 1 : 0) ||
      (listing.get(a.unit) ?? Infinity) - (listing.get(b.unit) ?? Infinity) ||
      (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0),
  );
}

/**
 * The results a unit's figures for a year come from: its own (if it existed) and those of its predecessors
 * that existed that year; a predecessor that did not is followed to its own predecessors (mergers in steps).
 */
function basisMembers(code: string, byCode: ReadonlyMap<string, UnitResult>, predecessors: ReadonlyMap<string, readonly string[]>): UnitResult[] {
  const out: UnitResult[] = [];
  const own = byCode.get(code);
  if (own) out.push(own);
  const seen = new Set([code]);
  const visit = (c: string) => {
    for (const p of predecessors.get(c) ?? []) {
      if (seen.has(p)) continue;
      seen.add(p);
      const r = byCode.get(p);
      if (r) out.push(r);
      else visit(p);
    }
  };
  visit(code);
  return out;
}

/** For each unit, the units that name it among their predecessors, directly or through a chain of mergers. */
function successorsOf(codes: ReadonlySet<string>, predecessors: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [later, list] of predecessors) {
    if (!codes.has(later)) continue;
    const seen = new Set([later]);
    const stack = [...list];
    while (stack.length) {
      const p = stack.pop()!;
      if (seen.has(p)) continue;
      seen.add(p);
      const got = out.get(p);
      if (got) got.push(later);
      else out.set(p, [later]);
      stack.push(...(predecessors.get(p) ?? []));
    }
  }
  for (const list of out.values()) list.sort();
  return out;
}

/** How many units of a group scored above a score in a year: a binary search in the group's scores, sorted once. */
function higherCounter(r: YearResult): (group: string, score: number) => number {
  const byGroup = new Map<string, number[]>();
  for (const u of r.units) {
    const list = byGroup.get(u.unit.group);
    if (list) list.push(u.rounded);
    else byGroup.set(u.unit.group, [u.rounded]);
  }
  for (const list of byGroup.values()) list.sort((a, b) => b - a);
  return (group, score) => {
    const list = byGroup.get(group) ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]! > score) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function ownYear(year: number, u: UnitResult): UnitYear {
  return { year, group: u.unit.group, score: u.rounded, rank: u.rank, band: u.band, result: u, merged: null };
}

/**
 * A merged unit's year: the mean of its members' scores, rounded like every score; the band the year's band
 * rules give that score, with the conditions checked on the members together; the rank that score would have
 * had in the year's ranking of the unit group, the members left out.
 */
function mergedYear(
  criteria: LoadedCriteria,
  year: number,
  group: string,
  members: readonly UnitResult[],
  higher: (group: string, score: number) => number,
): UnitYear {
  const mean = R.div(R.sum(members.map((m) => R.fromDecimal(m.rounded))), R.q(members.length));
  const score = R.round(mean, 2);
  let above = higher(group, score);
  for (const m of members) if (m.unit.group === group && m.rounded > score) above--;
  return { year, group, score, rank: above + 1, band: mergedBand(criteria, score, members), result: null, merged: { mean, members } };
}

/**
 * The band rules of the engine (score.ts) applied to members taken together: the first band the score
 * reaches; its extra conditions hold when every group's mean share over the members (those with a maximum in
 * that group) reaches the band's minimum and no member has an excluded item; a band-capping deduction caps
 * the band when any member has it.
 */
function mergedBand(criteria: LoadedCriteria, score: number, members: readonly UnitResult[]): Band {
  const bands = criteria.set.bands;
  const s = R.fromDecimal(score);
  let index = bands.findIndex((b) => R.ge(s, criteria.exact.bandMin.get(b.code)!));
  if (index < 0) index = bands.length - 1;
  const reached = bands[index]!;
  const has = (code: string) => members.some((m) => m.items.some((i) => i.code === code && R.gt(i.points, R.ZERO)));
  if (reached.requires) {
    let holds = true;
    const share = criteria.exact.bandGroupShare.get(reached.code);
    if (share) {
      for (const g of criteria.set.groups) {
        const shares: Q[] = [];
        for (const m of members) {
          const x = m.groups.find((y) => y.code === g.code);
          if (x && !R.isZero(x.max)) shares.push(R.div(x.points, x.max));
        }
        if (shares.length && R.lt(R.div(R.sum(shares), R.q(shares.length)), share)) holds = false;
      }
    }
    for (const code of reached.requires.withoutItems ?? []) if (has(code)) holds = false;
    if (!holds) index = bands.findIndex((b) => b.code === reached.otherwise);
  }
  for (const item of criteria.set.deductions.items) {
    if (item.bandCap === undefined || !has(item.code)) continue;
    index = Math.max(index, bands.findIndex((b) => b.code === item.bandCap));
  }
  return bands[index]!;
}

/** Score change (exact: a difference of two 2-decimal scores) and rank change (earlier − later: up is positive). */
export function unitChange(row: UnitRow, from: number, to: number): { scoreChange: Q | null; rankChange: number | null } {
  const a = row.years[from];
  const b = row.years[to];
  if (!a || !b) return { scoreChange: null, rankChange: null };
  return {
    scoreChange: R.sub(R.fromDecimal(b.score), R.fromDecimal(a.score)),
    // Ranks are within a unit group: a unit that changed group has no comparable rank.
    rankChange: a.group === b.group ? a.rank - b.rank : null,
  };
}

// ------------------------------------------------------------------ indicators

function indicatorRows(years: readonly number[], criteria: readonly LoadedCriteria[], results: readonly YearResult[]): IndicatorRow[] {
  const last = years.length - 1;
  const newest = criteria[last]!;
  const matched = years.map(() => new Set<string>());
  const sums = results.map(shareSums);
  const rows: IndicatorRow[] = newest.indicators.map((ind) => ({
    code: ind.code,
    years: years.map((year, k) => {
      const code = k === last ? ind.code : codeInYear(ind, year);
      const def = code === null ? undefined : criteria[k]!.indicators.find((i) => i.code === code);
      if (!def) return null;
      matched[k]!.add(def.code);
      return indicatorYear(year, def, sums[k]!);
    }),
  }));
  // Indicators of earlier years that no newer one continues: matched among themselves by code.
  const removed = new Map<string, (IndicatorYear | null)[]>();
  for (let k = 0; k < last; k++) {
    for (const def of criteria[k]!.indicators) {
      if (matched[k]!.has(def.code)) continue;
      let row = removed.get(def.code);
      if (!row) removed.set(def.code, (row = years.map(() => null)));
      row[k] = indicatorYear(years[k]!, def, sums[k]!);
    }
  }
  for (const [code, row] of removed) rows.push({ code, years: row });
  return rows;
}

/** Per indicator code: the shares (points ÷ max) of the units it counts (those not "not applicable"). */
function shareSums(r: YearResult): Map<string, Q[]> {
  const out = new Map<string, Q[]>();
  for (const u of r.units) {
    for (const item of u.indicators) {
      if (item.status === 'not_applicable') continue;
      const share = R.div(item.points, item.max);
      const got = out.get(item.code);
      if (got) got.push(share);
      else out.set(item.code, [share]);
    }
  }
  return out;
}

function indicatorYear(year: number, def: Indicator, sums: ReadonlyMap<string, Q[]>): IndicatorYear {
  const terms = sums.get(def.code);
  return { year, code: def.code, name: def.name, max: R.fromDecimal(def.max), share: terms ? new ExactMean(terms) : null, units: terms?.length ?? 0 };
}

/** Decimal places of the bounds that bracket a mean before it is rounded (see ExactMean). */
const BRACKET_PLACES = 40;
const BRACKET_SCALE = 10n ** BigInt(BRACKET_PLACES);

/**
 * The mean of many exact fractions: the shares of one indicator over a year's units. Adding them one by one is
 * exact but slows down badly when their denominators are many and coprime: 3.4a divides by each commune's
 * population, and the common denominator of a country's communes has thousands of digits. So the sum is built
 * one by one only while it stays small; past that, rounding brackets the mean between two exact bounds (each
 * term rounded down, then up, at 40 decimals) and builds the exact mean (a balanced sum) only when the two
 * bounds round differently, which needs the mean within 10^−36 of a rounding boundary.
 */
export class ExactMean {
  readonly count: number;
  readonly #terms: readonly Q[];
  #value: Q | undefined;
  #bounds: readonly [Q, Q] | undefined;

  constructor(terms: readonly Q[]) {
    if (terms.length === 0) throw new RangeError('mean of no values');
    this.count = terms.length;
    this.#terms = terms;
    let sum = R.ZERO;
    for (const t of terms) {
      sum = R.add(sum, t);
      if (typeof sum.d !== 'number') return;
    }
    this.#value = R.div(sum, R.q(terms.length));
  }

  /** The exact mean. */
  get value(): Q {
    return (this.#value ??= R.div(balancedSum(this.#terms), R.q(this.count)));
  }

  /** Rounded half away from zero, exactly. */
  round(places: number): number {
    if (this.#value !== undefined) return R.round(this.#value, places);
    const [lo, hi] = this.bounds();
    const a = R.round(lo, places);
    return a === R.round(hi, places) ? a : R.round(this.value, places);
  }

  /** later − earlier, rounded half away from zero, exactly. */
  static roundDifference(later: ExactMean, earlier: ExactMean, places: number): number {
    if (later.#value !== undefined && earlier.#value !== undefined) return R.round(R.sub(later.#value, earlier.#value), places);
    const [l1, h1] = later.bounds();
    const [l0, h0] = earlier.bounds();
    const a = R.round(R.sub(l1, h0), places);
    return a === R.round(R.sub(h1, l0), places) ? a : R.round(R.sub(later.value, earlier.value), places);
  }

  /** lo ≤ mean ≤ hi: the terms rounded down at 40 decimals, summed, and that sum plus one unit per inexact term. */
  private bounds(): readonly [Q, Q] {
    if (this.#value !== undefined) return [this.#value, this.#value];
    if (this.#bounds) return this.#bounds;
    let floors = 0n;
    let inexact = 0;
    for (const t of this.#terms) {
      const n = BigInt(t.n) * BRACKET_SCALE;
      const d = BigInt(t.d);
      let q = n / d;
      if (q * d !== n) {
        inexact++;
        if (n < 0n) q -= 1n;
      }
      floors += q;
    }
    const mean = (x: bigint) => R.div(R.fromDecimal(`${x}e-${BRACKET_PLACES}`), R.q(this.count));
    return (this.#bounds = [mean(floors), mean(floors + BigInt(inexact))]);
  }
}

/** An exact sum in a balanced tree: the operands of each addition stay of similar size. */
function balancedSum(terms: readonly Q[]): Q {
  if (terms.length === 0) return R.ZERO;
  let level = [...terms];
  while (level.length > 1) {
    const next: Q[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? R.add(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

// ------------------------------------------------------------------ what changed between two criteria sets

export type ChangeSubject = 'scale' | 'group' | 'indicator' | 'item' | 'band';
export type ChangeKind =
  | 'added'
  | 'removed'
  | 'mapped'
  | 'mapping_unresolved'
  | 'renamed'
  | 'regrouped'
  | 'reweighted'
  | 'applies_changed'
  | 'rule_changed'
  | 'threshold_changed';

export interface CriteriaChange {
  readonly subject: ChangeSubject;
  readonly kind: ChangeKind;
  /** The code in the newer set (null: removed, or the set as a whole). */
  readonly code: string | null;
  /** The code in the older set (null: added, or the set as a whole). */
  readonly previousCode: string | null;
  /** Numbers that changed (a maximum, a threshold, a cap), as written in the criteria files. */
  readonly before?: number | null;
  readonly after?: number | null;
  readonly text: Text;
}

/**
 * What changed from `older` to `newer`: the scale, groups, indicators (matched as in the comparison: the
 * newer set's `previous` entry for the older year, else the same code), bonus and deduction items, bands.
 * A rule counts as changed when it differs once its points are taken as shares of the indicator's maximum: a
 * rule whose points were only scaled with the maximum is reported as re-weighted, not changed.
 */
export function criteriaChanges(older: LoadedCriteria, newer: LoadedCriteria): CriteriaChange[] {
  const a = older.set;
  const b = newer.set;
  const [ya, yb] = [a.year, b.year];
  const out: CriteriaChange[] = [];
  const n = (x: number) => bothNumbers(x);
  const push = (c: CriteriaChange) => out.push(c);

  if (a.scale !== b.scale) {
    push({ subject: 'scale', kind: 'reweighted', code: null, previousCode: null, before: a.scale, after: b.scale,
      text: text(`Thang điểm ${n(a.scale).vi} → ${n(b.scale).vi}`, `Scale ${n(a.scale).en} → ${n(b.scale).en}`) });
  }

  for (const g of b.groups) {
    const old = a.groups.find((x) => x.code === g.code);
    if (!old) {
      push({ subject: 'group', kind: 'added', code: g.code, previousCode: null, after: g.max,
        text: text(`Nhóm mới ${g.code} "${g.name.vi}" (tối đa ${n(g.max).vi} điểm)`, `New group ${g.code} "${g.name.en}" (max ${n(g.max).en} points)`) });
    } else if (old.max !== g.max) {
      push({ subject: 'group', kind: 'reweighted', code: g.code, previousCode: g.code, before: old.max, after: g.max,
        text: text(`Nhóm ${g.code}: điểm tối đa ${n(old.max).vi} → ${n(g.max).vi}`, `Group ${g.code}: maximum ${n(old.max).en} → ${n(g.max).en}`) });
    }
  }
  for (const g of a.groups) {
    if (!b.groups.some((x) => x.code === g.code)) {
      push({ subject: 'group', kind: 'removed', code: null, previousCode: g.code, before: g.max,
        text: text(`Bỏ nhóm ${g.code} "${g.name.vi}" (${n(g.max).vi} điểm năm ${ya})`, `Group ${g.code} "${g.name.en}" removed (${n(g.max).en} points in ${ya})`) });
    }
  }

  const matchedOld = new Set<string>();
  const added: CriteriaChange[] = [];
  for (const ind of b.indicators) {
    const code = codeInYear(ind, ya);
    const old = code === null ? undefined : a.indicators.find((x) => x.code === code);
    if (!old) {
      if (code !== null && code !== ind.code) {
        push({ subject: 'indicator', kind: 'mapping_unresolved', code: ind.code, previousCode: code,
          text: text(`Chỉ tiêu ${ind.code} ghi mã năm ${ya} là ${code}, nhưng bộ tiêu chí năm ${ya} không có mã đó`, `Indicator ${ind.code} names ${code} as its ${ya} code, but the ${ya} set has no such code`) });
      }
      const reused = code === null && a.indicators.some((x) => x.code === ind.code);
      added.push({ subject: 'indicator', kind: 'added', code: ind.code, previousCode: null, after: ind.max,
        text: text(
          `Chỉ tiêu mới ${ind.code} "${ind.name.vi}" (${n(ind.max).vi} điểm)${reused ? `; mã ${ind.code} năm ${ya} là chỉ tiêu khác, không so sánh` : ''}`,
          `New indicator ${ind.code} "${ind.name.en}" (${n(ind.max).en} points)${reused ? `; code ${ind.code} in ${ya} was another indicator, not compared` : ''}`,
        ) });
      continue;
    }
    matchedOld.add(old.code);
    indicatorChanges(old, ind, a.scale, b.scale, ya, yb, push);
  }
  out.push(...added);
  for (const old of a.indicators) {
    if (matchedOld.has(old.code)) continue;
    push({ subject: 'indicator', kind: 'removed', code: null, previousCode: old.code, before: old.max,
      text: text(`Bỏ chỉ tiêu ${old.code} "${old.name.vi}" (${n(old.max).vi} điểm năm ${ya})`, `Indicator ${old.code} "${old.name.en}" removed (${n(old.max).en} points in ${ya})`) });
  }

  const oldItems = [...a.bonus.items, ...a.deductions.items];
  const newItems = [...b.bonus.items, ...b.deductions.items];
  const kindOf = (code: string, set: typeof a) => (set.bonus.items.some((i) => i.code === code) ? text('điểm thưởng', 'bonus') : text('điểm trừ', 'deduction'));
  for (const [key, label] of [['bonus', text('điểm thưởng', 'bonus')], ['deductions', text('điểm trừ', 'deductions')]] as const) {
    const [ca, cb] = [a[key].cap, b[key].cap];
    if (ca !== cb) {
      const show = (c: number | null) => (c === null ? text('không giới hạn', 'no cap') : n(c));
      push({ subject: 'item', kind: 'reweighted', code: null, previousCode: null, before: ca, after: cb,
        text: text(`Tổng ${label.vi} tối đa: ${show(ca).vi} → ${show(cb).vi}`, `Total ${label.en} cap: ${show(ca).en} → ${show(cb).en}`) });
    }
  }
  for (const it of newItems) {
    const old = oldItems.find((x) => x.code === it.code);
    const k = kindOf(it.code, b);
    if (!old) {
      push({ subject: 'item', kind: 'added', code: it.code, previousCode: null, after: it.cap,
        text: text(`Mục ${k.vi} mới ${it.code} "${it.name.vi}" (tối đa ${n(it.cap).vi})`, `New ${k.en} item ${it.code} "${it.name.en}" (cap ${n(it.cap).en})`) });
      continue;
    }
    if (old.cap !== it.cap) {
      push({ subject: 'item', kind: 'reweighted', code: it.code, previousCode: it.code, before: old.cap, after: it.cap,
        text: text(`Mục ${it.code}: mức tối đa ${n(old.cap).vi} → ${n(it.cap).vi}`, `Item ${it.code}: cap ${n(old.cap).en} → ${n(it.cap).en}`) });
    }
    const shape = (x: typeof it) => canonicalJson({ inputs: x.inputs.map((i) => ({ name: i.name, kind: i.kind, points: i.points })), bandCap: x.bandCap ?? null });
    if (shape(old) !== shape(it)) {
      push({ subject: 'item', kind: 'rule_changed', code: it.code, previousCode: it.code,
        text: text(`Mục ${it.code}: cách tính điểm thay đổi`, `Item ${it.code}: how it is scored changed`) });
    }
  }
  for (const it of oldItems) {
    if (newItems.some((x) => x.code === it.code)) continue;
    const k = kindOf(it.code, a);
    push({ subject: 'item', kind: 'removed', code: null, previousCode: it.code, before: it.cap,
      text: text(`Bỏ mục ${k.vi} ${it.code} "${it.name.vi}"`, `${k.en} item ${it.code} "${it.name.en}" removed`) });
  }

  for (const band of b.bands) {
    const old = a.bands.find((x) => x.code === band.code);
    if (!old) {
      push({ subject: 'band', kind: 'added', code: band.code, previousCode: null, after: band.min,
        text: text(`Xếp loại mới ${band.label.vi} (từ ${n(band.min).vi} điểm)`, `New band ${band.label.en} (from ${n(band.min).en} points)`) });
      continue;
    }
    if (old.min !== band.min) {
      push({ subject: 'band', kind: 'threshold_changed', code: band.code, previousCode: band.code, before: old.min, after: band.min,
        text: text(`Xếp loại ${band.label.vi}: ngưỡng ${n(old.min).vi} → ${n(band.min).vi}`, `Band ${band.label.en}: threshold ${n(old.min).en} → ${n(band.min).en}`) });
    }
    if (canonicalJson(old.requires ?? null) !== canonicalJson(band.requires ?? null) || old.otherwise !== band.otherwise) {
      const [ca, cb] = [bandConditions(old), bandConditions(band)];
      push({ subject: 'band', kind: 'rule_changed', code: band.code, previousCode: band.code,
        text: text(`Xếp loại ${band.label.vi}: điều kiện kèm theo ${ca.vi} → ${cb.vi}`, `Band ${band.label.en}: extra conditions ${ca.en} → ${cb.en}`) });
    }
  }
  for (const band of a.bands) {
    if (b.bands.some((x) => x.code === band.code)) continue;
    push({ subject: 'band', kind: 'removed', code: null, previousCode: band.code, before: band.min,
      text: text(`Bỏ xếp loại ${band.label.vi}`, `Band ${band.label.en} removed`) });
  }
  return out;
}

function indicatorChanges(
  old: Indicator,
  ind: Indicator,
  scaleA: number,
  scaleB: number,
  ya: number,
  yb: number,
  push: (c: CriteriaChange) => void,
): void {
  const n = (x: number) => bothNumbers(x);
  const base = { subject: 'indicator' as const, code: ind.code, previousCode: old.code };
  if (old.code !== ind.code) {
    push({ ...base, kind: 'mapped',
      text: text(`Chỉ tiêu ${ind.code} năm ${yb} là chỉ tiêu ${old.code} năm ${ya} (đổi mã)`, `Indicator ${ind.code} of ${yb} is indicator ${old.code} of ${ya} (code changed)`) });
  }
  if (old.name.vi !== ind.name.vi || old.name.en !== ind.name.en) {
    push({ ...base, kind: 'renamed',
      text: text(`Chỉ tiêu ${ind.code} đổi tên: "${old.name.vi}" → "${ind.name.vi}"`, `Indicator ${ind.code} renamed: "${old.name.en}" → "${ind.name.en}"`) });
  }
  if (old.group !== ind.group) {
    push({ ...base, kind: 'regrouped',
      text: text(`Chỉ tiêu ${ind.code} chuyển từ nhóm ${old.group} sang nhóm ${ind.group}`, `Indicator ${ind.code} moved from group ${old.group} to group ${ind.group}`) });
  }
  if (old.max !== ind.max) {
    const pa = percentOf(old.max, scaleA);
    const pb = percentOf(ind.max, scaleB);
    push({ ...base, kind: 'reweighted', before: old.max, after: ind.max,
      text: text(
        `Chỉ tiêu ${ind.code}: điểm tối đa ${n(old.max).vi} → ${n(ind.max).vi} (${pa.vi}% → ${pb.vi}% thang điểm)`,
        `Indicator ${ind.code}: maximum ${n(old.max).en} → ${n(ind.max).en} (${pa.en}% → ${pb.en}% of the scale)`,
      ) });
  }
  if (canonicalJson([...old.appliesTo].sort()) !== canonicalJson([...ind.appliesTo].sort())) {
    push({ ...base, kind: 'applies_changed',
      text: text(`Chỉ tiêu ${ind.code}: áp dụng cho ${old.appliesTo.join(', ')} → ${ind.appliesTo.join(', ')}`, `Indicator ${ind.code}: applies to ${old.appliesTo.join(', ')} → ${ind.appliesTo.join(', ')}`) });
  }
  if (ruleShape(old) !== ruleShape(ind)) {
    const [ra, rb] = [ruleText(old), ruleText(ind)];
    push({ ...base, kind: 'rule_changed',
      text: text(`Chỉ tiêu ${ind.code}: cách tính điểm ${ra.vi} → ${rb.vi}`, `Indicator ${ind.code}: rule ${ra.en} → ${rb.en}`) });
  }
}

/** A band's extra conditions in words. */
function bandConditions(b: Band): Text {
  const parts: Text[] = [];
  const share = b.requires?.minGroupShare;
  if (share !== undefined) {
    const p = bothNumbers(R.round(R.mul(R.fromDecimal(share), R.q(100)), 2));
    parts.push(text(`mọi nhóm ≥ ${p.vi}%`, `every group ≥ ${p.en}%`));
  }
  const without = b.requires?.withoutItems ?? [];
  if (without.length) parts.push(text(`không có ${without.join(', ')}`, `without ${without.join(', ')}`));
  if (parts.length === 0) return text('(không có)', '(none)');
  return text(`(${parts.map((x) => x.vi).join(', ')})`, `(${parts.map((x) => x.en).join(', ')})`);
}

const percentOf = (max: number, scale: number): Text => bothNumbers(R.round(R.div(R.mul(R.fromDecimal(max), R.q(100)), R.fromDecimal(scale)), 2));

/** The rule with every point value as a share of the indicator's maximum (labels left out), for comparison. */
function ruleShape(ind: Indicator): string {
  const max = R.fromDecimal(ind.max);
  const norm = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => norm(x));
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'label').map(([k, x]) => [k, norm(x, k)]));
    }
    if (typeof v === 'number' && (key === 'points' || key === 'late' || key === 'absent')) {
      const q = R.div(R.fromDecimal(v), max);
      return `${String(q.n)}/${String(q.d)}`;
    }
    return v;
  };
  return canonicalJson(norm(ind.rule));
}

/** A rule in a few words, both languages. */
export function ruleText(ind: Indicator): Text {
  const r = ind.rule;
  const n = (x: number) => bothNumbers(x);
  const pct = (x: number) => bothNumbers(R.round(R.mul(R.fromDecimal(x), R.q(100)), 2));
  const list = (items: readonly Text[]): Text => ({ vi: items.map((i) => i.vi).join('; '), en: items.map((i) => i.en).join('; ') });
  const max = n(ind.max);
  switch (r.type) {
    case 'yesno':
      return text(`có/không (có → ${max.vi})`, `yes/no (yes → ${max.en})`);
    case 'choice': {
      // The options as the person picks them (their labels), not the codes the file stores.
      const l = list(r.options.map((o) => text(`“${o.label.vi}” → ${n(o.points).vi}`, `“${o.label.en}” → ${n(o.points).en}`)));
      return text(`lựa chọn (${l.vi})`, `choice (${l.en})`);
    }
    case 'count-target': {
      const t = typeof r.target === 'number' ? { vi: n(r.target).vi, en: n(r.target).en } : list(Object.entries(r.target).map(([g, v]) => text(`${g} ${n(v).vi}`, `${g} ${n(v).en}`)));
      return text(`số lượng so với chỉ tiêu ${t.vi.replace(/; /g, ', ')}`, `count against a target of ${t.en.replace(/; /g, ', ')}`);
    }
    case 'ratio-target':
      return text(`tỷ lệ so với mục tiêu ${pct(r.target).vi}%`, `ratio against a target of ${pct(r.target).en}%`);
    case 'ratio-brackets': {
      const l = list(r.brackets.map((b) => text(`≥ ${pct(b.min).vi}% → ${n(b.points).vi}`, `≥ ${pct(b.min).en}% → ${n(b.points).en}`)));
      return text(`tỷ lệ theo khoảng (${l.vi})`, `ratio brackets (${l.en})`);
    }
    case 'count-steps': {
      const l = list(r.steps.map((s) => text(`≥ ${s.min} → ${n(s.points).vi}`, `≥ ${s.min} → ${n(s.points).en}`)));
      return text(`bậc theo số lượng (${l.vi})`, `count steps (${l.en})`);
    }
    case 'scale':
      return text(`hội đồng chấm 0–${max.vi}, bước ${n(r.step).vi}`, `panel judgement 0–${max.en} in steps of ${n(r.step).en}`);
    case 'date-deadline': {
      const steps = r.ladder.map((s) =>
        'onOrBefore' in s
          ? text(`≤ ${formatIsoDate(s.onOrBefore)} → ${n(s.points).vi}`, `≤ ${formatIsoDate(s.onOrBefore)} → ${n(s.points).en}`)
          : text(`muộn ≤ ${s.daysLate} ngày → ${n(s.points).vi}`, `≤ ${s.daysLate} days late → ${n(s.points).en}`),
      );
      const l = list([...steps, text(`muộn hơn → ${n(r.late).vi}`, `later → ${n(r.late).en}`), text(`không có → ${n(r.absent).vi}`, `none → ${n(r.absent).en}`)]);
      const each = r.inputs.length > 1 ? text(`, mỗi ngày trong ${r.inputs.length}`, `, each of ${r.inputs.length} dates`) : text('', '');
      return text(`theo hạn${each.vi} (${l.vi})`, `deadline ladder${each.en} (${l.en})`);
    }
  }
}

// ------------------------------------------------------------------ presentation (the only rounding)

export interface UnitYearJson {
  score: number;
  rank: number;
  band: string;
  /** Only for a merged unit: how the figures were formed, and from which units. */
  basis?: 'mean_of_predecessors';
  mergedFrom?: { unit: string; name: string; score: number; rank: number; band: string }[];
}

export interface UnitCompareJson {
  unit: string;
  name: string;
  group: string;
  from: UnitYearJson | null;
  to: UnitYearJson | null;
  scoreChange: number | null;
  rankChange: number | null;
  /** Only for a unit merged into others. */
  mergedInto?: string[];
}

export interface IndicatorCompareJson {
  code: string;
  /** Only when the indicator had another code in the earlier year. */
  fromCode?: string;
  fromShare: number | null;
  toShare: number | null;
  change: number | null;
}

export interface CriteriaChangeJson {
  subject: ChangeSubject;
  kind: ChangeKind;
  code: string | null;
  previousCode: string | null;
  before?: number | null;
  after?: number | null;
  text: Text;
}

export interface CompareJson {
  from: number;
  to: number;
  units: UnitCompareJson[];
  indicators: IndicatorCompareJson[];
  criteriaChanges: CriteriaChangeJson[];
}

/** Scores and score changes to 2 decimals; shares of a maximum as fractions of 1 to 4 decimals (0.01%). */
const score2 = (q: Q) => R.round(q, 2);

function yearIndex(c: Comparison, year: number): number {
  const i = c.years.indexOf(year);
  if (i < 0) throw new RangeError(`year ${year} is not in the comparison (${c.years.join(', ')})`);
  return i;
}

function unitYearJson(y: UnitYear | null): UnitYearJson | null {
  if (!y) return null;
  const out: UnitYearJson = { score: y.score, rank: y.rank, band: y.band.code };
  if (y.merged) {
    out.basis = 'mean_of_predecessors';
    out.mergedFrom = y.merged.members.map((m) => ({ unit: m.unit.code, name: m.unit.name, score: m.rounded, rank: m.rank, band: m.band.code }));
  }
  return out;
}

/** The indicator rows that exist in either of two years, in comparison order. */
const shownIndicators = (c: Comparison, i: number, j: number) => c.indicators.filter((row) => row.years[i] || row.years[j]);

/** The CLI's JSON for two of the compared years (the earlier first). */
export function compareJson(c: Comparison, fromYear: number, toYear: number): CompareJson {
  const [i, j] = [yearIndex(c, fromYear), yearIndex(c, toYear)];
  const units = c.units
    .filter((row) => row.years[i] || row.years[j])
    .map((row) => {
      const ch = unitChange(row, i, j);
      const out: UnitCompareJson = {
        unit: row.unit,
        name: row.name,
        group: row.group,
        from: unitYearJson(row.years[i] ?? null),
        to: unitYearJson(row.years[j] ?? null),
        scoreChange: ch.scoreChange === null ? null : score2(ch.scoreChange),
        rankChange: ch.rankChange,
      };
      if (!row.years[j] && row.successors.length) out.mergedInto = [...row.successors];
      return out;
    });
  const indicators = shownIndicators(c, i, j).map((row) => {
      const [a, b] = [row.years[i]!, row.years[j]!];
      const code = b?.code ?? a!.code;
      const [sa, sb] = [a?.share ?? null, b?.share ?? null];
      return {
        code,
        ...(a && a.code !== code ? { fromCode: a.code } : {}),
        fromShare: sa === null ? null : sa.round(4),
        toShare: sb === null ? null : sb.round(4),
        change: sa === null || sb === null ? null : ExactMean.roundDifference(sb, sa, 4),
      };
  });
  return { from: fromYear, to: toYear, units, indicators, criteriaChanges: criteriaChanges(c.criteria[i]!, c.criteria[j]!).map((x) => ({ ...x })) };
}

export type CompareTableKind = 'units' | 'indicators' | 'changes';

/** A table for CSV or a sheet: Vietnamese headers, numbers with two decimals (shares in percent). */
export function compareTable(c: Comparison, fromYear: number, toYear: number, kind: CompareTableKind = 'units'): string[][] {
  const doc = compareJson(c, fromYear, toYear);
  const [i, j] = [yearIndex(c, fromYear), yearIndex(c, toYear)];
  const fixed = (x: number | null) => (x === null ? '' : x.toFixed(2));
  if (kind === 'units') {
    const label = (k: number, code: string | undefined) => (code === undefined ? '' : (c.criteria[k]!.set.bands.find((b) => b.code === code)?.label.vi ?? code));
    const header = ['Khối', 'Mã đơn vị', 'Tên đơn vị', `Điểm ${fromYear}`, `Hạng ${fromYear}`, `Xếp loại ${fromYear}`, `Điểm ${toYear}`, `Hạng ${toYear}`, `Xếp loại ${toYear}`, 'Chênh lệch điểm', 'Thay đổi thứ hạng', 'Ghi chú'];
    const rows = doc.units.map((u) => {
      const notes: string[] = [];
      if (u.from?.mergedFrom) notes.push(`Năm ${fromYear}: trung bình của ${u.from.mergedFrom.map((m) => `${m.unit} (${m.score.toFixed(2)})`).join(', ')}`);
      if (u.mergedInto) notes.push(`Đã sáp nhập vào ${u.mergedInto.join(', ')}`);
      return [
        u.group, u.unit, u.name,
        fixed(u.from?.score ?? null), u.from ? String(u.from.rank) : '', label(i, u.from?.band),
        fixed(u.to?.score ?? null), u.to ? String(u.to.rank) : '', label(j, u.to?.band),
        fixed(u.scoreChange), u.rankChange === null ? '' : String(u.rankChange), notes.join('; '),
      ];
    });
    return [header, ...rows];
  }
  if (kind === 'indicators') {
    const percent = (x: number | null) => (x === null ? '' : R.round(R.mul(R.fromDecimal(x), R.q(100)), 2).toFixed(2));
    const header = ['Mã chỉ tiêu', `Mã năm ${fromYear}`, 'Tên chỉ tiêu', `Tỷ lệ đạt ${fromYear} (%)`, `Tỷ lệ đạt ${toYear} (%)`, 'Thay đổi (điểm %)'];
    const shown = shownIndicators(c, i, j);
    const rows = doc.indicators.map((x, k) => {
      const row = shown[k]!;
      const name = (row.years[j] ?? row.years[i])!.name.vi;
      return [x.code, row.years[i]?.code ?? '', name, percent(x.fromShare), percent(x.toShare), percent(x.change)];
    });
    return [header, ...rows];
  }
  const header = ['Đối tượng', 'Loại thay đổi', 'Mã', `Mã năm ${fromYear}`, 'Trước', 'Sau', 'Nội dung', 'Description'];
  const rows = doc.criteriaChanges.map((x) => [
    x.subject, x.kind, x.code ?? '', x.previousCode ?? '',
    x.before === undefined || x.before === null ? '' : String(x.before),
    x.after === undefined || x.after === null ? '' : String(x.after),
    x.text.vi, x.text.en,
  ]);
  return [header, ...rows];
}
