/**
 * Scoring one year: (criteria, units, entries, options) → results, every number exact and explained.
 *
 * Per indicator: the evaluators' points aggregated (leaving out entries that are not applicable), or the
 * self-assessment where no evaluator entered it; a consensus value, where the panel set one, in place of
 * either (panel scoring only); then the evidence gate. Per unit: the groups, the base
 * rescaled to the applicable maximum, bonus and deductions with their caps, the score, the band.
 * Ranking and reward proposals across units are in rank.ts.
 */
import type { LoadedCriteria, Scorable } from '../criteria/loaded';
import type { Band, PanelAggregate } from '../criteria/types';
import * as Rational from '../exact/rational';
import type { Q } from '../exact/rational';
import { text, type Text } from '../i18n/text';
import * as Panel from './panel';
import * as Rules from './rules';
import type { Values } from './rules';
import { rankYear, type ProposalOverride } from './rank';

export type { ProposalOverride } from './rank';

/** The rational functions, copied into a local object: direct calls also when run as CommonJS (see rational.ts). */
const R = { ...Rational };
/** The same for the functions of rules.ts and panel.ts that scoring calls for every entry and item. */
const { aggregate, AGGREGATE_LABEL } = Panel;
const { dayOf, describeEntry, entryPoints, pts } = Rules;

export interface Unit {
  readonly code: string;
  readonly name: string;
  readonly group: string;
}

/** One person's record of one indicator (or bonus/deduction item) for one unit: the self-assessment or an evaluator's. */
export interface Entry {
  readonly unit: string;
  readonly code: string;
  /** null = the unit's self-assessment. */
  readonly evaluator: string | null;
  readonly values: Values;
  /** Document reference or attachment name; empty = none. */
  readonly evidence: string;
  readonly explanation: string;
  /** The panel accepted the explanation (giải trình). */
  readonly accepted: boolean;
  readonly note: string;
}

/**
 * A consensus value (giá trị thống nhất): the points the panel settled on for one indicator (or bonus or
 * deduction item) of one unit, with the written reason. In panel scoring it replaces the evaluators'
 * aggregate (or the self-assessment where no evaluator entered the item); 'self' scoring ignores it.
 */
export interface Consensus {
  readonly unit: string;
  readonly code: string;
  /** An exact decimal as written ("7", "7.5"), between 0 and the item's maximum. */
  readonly points: string;
  readonly reason: string;
  /** Who set it and when, for the explanation's record (optional). */
  readonly by?: string;
  readonly at?: string;
}

export interface YearData {
  readonly year: number;
  readonly units: readonly Unit[];
  readonly entries: readonly Entry[];
  /** Consensus values, at most one per unit and item. */
  readonly consensus?: readonly Consensus[];
  /** Overrides of reward proposals, at most one per unit (panel scoring only). */
  readonly proposalOverrides?: readonly ProposalOverride[];
}

export interface ScoreOptions {
  readonly panel?: PanelAggregate;
  /** 'self' scores the self-assessments alone (what the unit claimed), for comparison with the panel. */
  readonly source?: 'panel' | 'self';
}

export type Status = 'ok' | 'missing' | 'not_applicable' | 'no_evidence';

/** A consensus value as applied to an item: its points and reason, and what it replaced. */
export interface ConsensusApplied {
  readonly points: Q;
  readonly reason: string;
  readonly by: string | null;
  readonly at: string | null;
  /**
   * What the points would have been without it: the evaluators' aggregate ('panel'), the self-assessment
   * where no evaluator entered the item ('self'), or no entry at all ('none'). null = not applicable or none.
   */
  readonly replaced: { readonly source: 'panel' | 'self' | 'none'; readonly points: Q | null };
}

export interface EvaluatorPoints {
  readonly evaluator: string;
  /** null = this evaluator marked it not applicable. */
  readonly points: Q | null;
  readonly detail: Text;
}

export interface ScoredItem {
  readonly code: string;
  readonly kind: Scorable['kind'];
  readonly points: Q;
  readonly max: Q;
  readonly status: Status;
  readonly explanation: Text;
  /** Who the points come from: 'consensus' = a value the panel settled on (see `consensus`). */
  readonly source: 'panel' | 'self' | 'consensus' | 'none';
  /** The consensus value applied, if any (panel scoring only). */
  readonly consensus?: ConsensusApplied;
  readonly self: { readonly points: Q | null; readonly detail: Text } | null;
  readonly evaluators: readonly EvaluatorPoints[];
  /** Points the rule gave before the evidence gate (equal to points unless status is no_evidence). */
  readonly computed: Q;
  readonly warnings: readonly Text[];
}

export interface GroupScore {
  readonly code: string;
  readonly points: Q;
  /** The group's maximum over the indicators that apply to this unit. */
  readonly max: Q;
}

export interface UnitResult {
  readonly unit: Unit;
  readonly earned: Q;
  readonly applicableMax: Q;
  readonly base: Q;
  readonly bonus: Q;
  readonly deduction: Q;
  /** Exact final score; `rounded` is what bands, ranks and proposals use. */
  readonly score: Q;
  readonly rounded: number;
  readonly band: Band;
  /** Why the band is below what the score reaches, if it is. */
  readonly bandNote: Text | null;
  readonly rank: number;
  /** The reward proposal: the override's where a person overrode it, else what the criteria's rules give. */
  readonly proposal: { readonly code: string; readonly label: Text } | null;
  /** Where the proposal was overridden: the proposal the rules give, and the written reason. */
  readonly override?: {
    readonly computed: { readonly code: string; readonly label: Text } | null;
    readonly reason: string;
    readonly by: string | null;
    readonly at: string | null;
  };
  readonly groups: readonly GroupScore[];
  /** The indicators that apply to the unit's group, in criteria order. */
  readonly indicators: readonly ScoredItem[];
  readonly items: readonly ScoredItem[];
  /** Date (day number) used by the date tie-break, or null. */
  readonly tieDate: number | null;
  readonly completeness: { readonly applicable: number; readonly entered: number; readonly withEvidence: number };
}

export interface YearResult {
  readonly year: number;
  readonly criteria: LoadedCriteria['ident'];
  readonly panel: PanelAggregate;
  readonly source: 'panel' | 'self';
  /** Units grouped by unit group in criteria order, each group in listing order (rank, then tie-breaks). */
  readonly units: readonly UnitResult[];
}

/** Unit results before ranking: everything that depends on one unit alone. */
export type UnscoredRank = Omit<UnitResult, 'rank' | 'proposal' | 'override'>;

export function scoreYear(criteria: LoadedCriteria, data: YearData, options: ScoreOptions = {}): YearResult {
  const panel = options.panel ?? criteria.set.panel.aggregate;
  const source = options.source ?? 'panel';
  const byUnit = entriesByUnit(source === 'self' ? data.entries.filter((e) => e.evaluator === null) : data.entries);
  // A consensus is the panel's decision: it replaces the panel's points, never what the unit claimed.
  const consensus = source === 'panel' ? consensusByUnit(data.consensus) : null;
  const scored = data.units.map((u) => scoreUnit(criteria, u, byUnit.get(u.code) ?? new Map(), panel, consensus?.get(u.code)));
  // Overrides are decisions on the panel's results; the unit's own claim is ranked as the rules give it.
  const overrides = source === 'panel' && data.proposalOverrides?.length ? new Map(data.proposalOverrides.map((o) => [o.unit, o])) : undefined;
  return { year: data.year, criteria: criteria.ident, panel, source, units: rankYear(criteria, scored, overrides) };
}

/**
 * The year's result after the entries of some units changed, equal to scoreYear on the whole year's data:
 * `data` holds those units with all their entries and consensus values, and the proposal overrides of the
 * whole year (ranking the year applies them: EvaluationFile.yearData(year, {unit}) gives this); they are scored again
 * (scoreUnit depends on one unit's entries only), every other unit's result is reused, and the year is
 * ranked again (one unit's score moves ranks and proposals across its group). For the app, which rescores
 * the unit being edited as the user types without reading and scoring the whole year each time.
 */
export function rescoreUnits(criteria: LoadedCriteria, previous: YearResult, data: YearData, options: ScoreOptions = {}): YearResult {
  const panel = options.panel ?? criteria.set.panel.aggregate;
  const source = options.source ?? 'panel';
  const byUnit = entriesByUnit(source === 'self' ? data.entries.filter((e) => e.evaluator === null) : data.entries);
  const consensus = source === 'panel' ? consensusByUnit(data.consensus) : null;
  const changed = new Map(data.units.map((u) => [u.code, scoreUnit(criteria, u, byUnit.get(u.code) ?? new Map(), panel, consensus?.get(u.code))]));
  // The others as they were (ranking sets rank and proposal afresh; an override it sets again only where
  // there is one, so a unit's former one is dropped here).
  const units: UnscoredRank[] = previous.units.map((u) => {
    const again = changed.get(u.unit.code);
    if (again) return again;
    if (u.override === undefined) return u;
    const { override: _override, ...rest } = u;
    return rest;
  });
  for (const [code, u] of changed) if (!previous.units.some((p) => p.unit.code === code)) units.push(u);
  const overrides = source === 'panel' && data.proposalOverrides?.length ? new Map(data.proposalOverrides.map((o) => [o.unit, o])) : undefined;
  return { ...previous, units: rankYear(criteria, units, overrides) };
}

/**
 * Entries by unit, then by indicator code, each list in data order. The entries of one unit and indicator
 * usually come one after the other (the reader and the file list them so): each such run becomes its list in
 * one exact-size slice, where pushing entry by entry grew an array of 17 slots for every unit and indicator.
 */
function entriesByUnit(entries: readonly Entry[]): Map<string, Map<string, Entry[]>> {
  const byUnit = new Map<string, Map<string, Entry[]>>();
  for (let i = 0; i < entries.length; ) {
    const { unit, code } = entries[i]!;
    let end = i + 1;
    while (end < entries.length && entries[end]!.unit === unit && entries[end]!.code === code) end++;
    const run = entries.slice(i, end);
    i = end;
    let codes = byUnit.get(unit);
    if (!codes) byUnit.set(unit, (codes = new Map()));
    const list = codes.get(code);
    // The same unit and indicator seen again later: its entries follow the earlier ones, as before.
    codes.set(code, list ? list.concat(run) : run);
  }
  return byUnit;
}

/** Consensus values by unit, then by item code; null when there are none. */
function consensusByUnit(list: readonly Consensus[] | undefined): Map<string, Map<string, Consensus>> | null {
  if (!list || list.length === 0) return null;
  const byUnit = new Map<string, Map<string, Consensus>>();
  for (const c of list) {
    let codes = byUnit.get(c.unit);
    if (!codes) byUnit.set(c.unit, (codes = new Map()));
    codes.set(c.code, c);
  }
  return byUnit;
}

const NO_ENTRIES: readonly Entry[] = [];

/**
 * One unit's results before ranking. `consensus` (by item code) holds the panel's consensus values for the
 * unit, which replace the aggregate of the entries; leave it out when scoring the self-assessment.
 */
export function scoreUnit(
  criteria: LoadedCriteria,
  unit: Unit,
  entries: ReadonlyMap<string, readonly Entry[]>,
  panel: PanelAggregate,
  consensus?: ReadonlyMap<string, Consensus>,
): UnscoredRank {
  const set = criteria.set;
  const indicators: ScoredItem[] = [];
  const groupPoints = new Map<string, Q>();
  const groupMax = new Map<string, Q>();
  let entered = 0;
  let withEvidence = 0;
  for (const ind of set.indicators) {
    if (!ind.appliesTo.includes(unit.group)) continue;
    const list = entries.get(ind.code) ?? NO_ENTRIES;
    const evidence = hasEvidence(list);
    const r = scoreScorable(criteria, criteria.scorables.get(ind.code)!, unit.group, list, panel, consensus?.get(ind.code), evidence);
    indicators.push(r);
    if (list.length > 0) entered++;
    if (evidence) withEvidence++;
    if (r.status === 'not_applicable') continue;
    groupPoints.set(ind.group, R.add(groupPoints.get(ind.group) ?? R.ZERO, r.points));
    groupMax.set(ind.group, R.add(groupMax.get(ind.group) ?? R.ZERO, r.max));
  }
  const groups = set.groups.map((g) => ({ code: g.code, points: groupPoints.get(g.code) ?? R.ZERO, max: groupMax.get(g.code) ?? R.ZERO }));
  const earned = R.sum(groups.map((g) => g.points));
  const applicableMax = R.sum(groups.map((g) => g.max));
  const scale = R.fromDecimal(set.scale);
  const base = R.isZero(applicableMax) ? R.ZERO : R.div(R.mul(scale, earned), applicableMax);

  const items = [...set.bonus.items, ...set.deductions.items].map((it) =>
    scoreScorable(criteria, criteria.scorables.get(it.code)!, unit.group, entries.get(it.code) ?? NO_ENTRIES, panel, consensus?.get(it.code)),
  );
  const total = (kind: 'bonus' | 'deduction', cap: Q | null) => {
    const s = R.sum(items.filter((i) => i.kind === kind).map((i) => i.points));
    return cap === null ? s : R.min(s, cap);
  };
  const bonus = total('bonus', criteria.exact.bonusCap);
  const deduction = total('deduction', criteria.exact.deductionCap);
  const score = R.max(R.ZERO, R.sub(R.add(base, bonus), deduction));
  const rounded = R.round(score, 2);
  const { band, note } = decideBand(criteria, rounded, groups, items);
  return {
    unit,
    earned,
    applicableMax,
    base,
    bonus,
    deduction,
    score,
    rounded,
    band,
    bandNote: note,
    groups,
    indicators,
    items,
    tieDate: tieDate(criteria, entries),
    completeness: { applicable: indicators.length, entered, withEvidence },
  };
}

function hasEvidence(list: readonly Entry[]): boolean {
  for (const e of list) if (e.evidence.trim() !== '' || (e.accepted && e.explanation.trim() !== '')) return true;
  return false;
}

/**
 * One indicator or item for one unit: aggregate the entries that count, or take the consensus value in their
 * place, then apply the evidence gate (a consensus settles the points, not the evidence).
 * (Loops rather than find/filter/map chains: this runs for every item of every unit, and the intermediate
 * arrays and closures were most of what scoring allocated.)
 */
function scoreScorable(
  criteria: LoadedCriteria,
  s: Scorable,
  unitGroup: string,
  list: readonly Entry[],
  panel: PanelAggregate,
  consensus: Consensus | undefined,
  /** hasEvidence(list), when the caller knows it already. */
  evidence?: boolean,
): ScoredItem {
  const context = entryContext(criteria, s, unitGroup);
  const selfEntry = firstSelfEntry(list);
  const selfPoints = selfEntry ? entryPoints(criteria, s, unitGroup, selfEntry.values) : null;
  const counted = countedPoints(context, list);
  const warnings = scaleWarnings(s, list);

  let status: Status = 'ok';
  let source: ScoredItem['source'] = 'none';
  let points = R.ZERO;
  let computed = R.ZERO;
  if (list.length === 0) {
    status = 'missing';
  } else if (counted !== null) {
    source = 'panel';
    if (counted.length === 0) status = 'not_applicable';
    else points = computed = aggregate(counted, panel);
  } else {
    source = 'self';
    if (selfPoints === null) status = 'not_applicable';
    else points = computed = selfPoints;
  }
  let applied: ConsensusApplied | undefined;
  if (consensus !== undefined) {
    applied = {
      points: R.fromDecimal(consensus.points),
      reason: consensus.reason,
      by: consensus.by ?? null,
      at: consensus.at ?? null,
      replaced: { source, points: status === 'ok' ? computed : null },
    };
    source = 'consensus';
    status = 'ok';
    points = computed = applied.points;
  }
  const gated = s.kind === 'indicator' || (s.kind === 'bonus' && criteria.set.evidenceGate.appliesToBonus);
  if (status === 'ok' && gated && R.gt(points, R.ZERO) && !(evidence ?? hasEvidence(list))) {
    status = 'no_evidence';
    points = R.ZERO;
  }
  return new Scored(context, list, warnings, points, computed, status, source, panel, applied);
}

function firstSelfEntry(list: readonly Entry[]): Entry | undefined {
  for (const e of list) if (e.evaluator === null) return e;
  return undefined;
}

/**
 * The evaluators' points that count (those who did not mark the item not applicable), in entry order: the
 * aggregate does not depend on the order. Null when no evaluator entered the item.
 */
function countedPoints(context: EntryContext, list: readonly Entry[]): Q[] | null {
  let n = 0;
  for (const e of list) if (e.evaluator !== null) n++;
  if (n === 0) return null;
  // Sized once (an array grown by push starts at 17 slots).
  const counted = new Array<Q>(n);
  let k = 0;
  for (const e of list) {
    if (e.evaluator === null) continue;
    const p = entryPoints(context.criteria, context.scorable, context.unitGroup, e.values);
    if (p !== null) counted[k++] = p;
  }
  counted.length = k;
  return counted;
}

/**
 * Each evaluator's points and words, in evaluator order, not input order: the same data must explain itself
 * in the same words. An insertion sort, stable like Array.prototype.sort and so giving the same order.
 */
function panelMembersPoints(context: EntryContext, list: readonly Entry[]): PanelMemberPoints[] {
  const out: PanelMemberPoints[] = [];
  for (const e of list) {
    if (e.evaluator === null) continue;
    const view = new PanelMemberPoints(e.evaluator, entryPoints(context.criteria, context.scorable, context.unitGroup, e.values), context, e.values);
    let i = out.length;
    for (; i > 0 && out[i - 1]!.evaluator > view.evaluator; i--) out[i] = out[i - 1]!;
    out[i] = view;
  }
  return out;
}

function selfAssessmentPoints(context: EntryContext, list: readonly Entry[]): SelfPoints | null {
  const e = firstSelfEntry(list);
  return e ? new SelfPoints(entryPoints(context.criteria, context.scorable, context.unitGroup, e.values), context, e.values) : null;
}

// ------------------------------------------------------------------ explanations, written when read

/*
 * Scoring a province makes hundreds of thousands of entry scores and tens of thousands of indicator results;
 * writing every "why" in two languages was most of the work and most of the memory, and nobody reads most of
 * them. So a scored item computes its numbers at once, and its `explanation`, its `self` and `evaluators`
 * (each person's points and words) when first read (getters, kept after). Reading them is as before, and
 * JSON.stringify gives the same document (toJSON). The getters are on the prototype: a structured clone or
 * an object spread of a result leaves them out, so copy what is needed (e.g. `item.explanation`, a plain
 * {vi, en}) rather than the item.
 */

/** What an entry's words depend on besides its values. */
interface EntryContext {
  readonly criteria: LoadedCriteria;
  readonly scorable: Scorable;
  readonly unitGroup: string;
}

/** The unit's self-assessment of one item: points (null = not applicable) and the rule's words. */
class SelfPoints {
  readonly points: Q | null;
  readonly #context: EntryContext;
  readonly #values: Values;
  #detail: Text | undefined;

  constructor(points: Q | null, context: EntryContext, values: Values) {
    this.points = points;
    this.#context = context;
    this.#values = values;
  }

  get detail(): Text {
    return (this.#detail ??= describe(this.#context, this.#values));
  }

  toJSON(): { points: Q | null; detail: Text } {
    return { points: this.points, detail: this.detail };
  }
}

/** One evaluator's points on one item (null = not applicable) and the rule's words. */
class PanelMemberPoints implements EvaluatorPoints {
  readonly evaluator: string;
  readonly points: Q | null;
  readonly #context: EntryContext;
  readonly #values: Values;
  #detail: Text | undefined;

  constructor(evaluator: string, points: Q | null, context: EntryContext, values: Values) {
    this.evaluator = evaluator;
    this.points = points;
    this.#context = context;
    this.#values = values;
  }

  get detail(): Text {
    return (this.#detail ??= describe(this.#context, this.#values));
  }

  toJSON(): { evaluator: string; points: Q | null; detail: Text } {
    return { evaluator: this.evaluator, points: this.points, detail: this.detail };
  }
}

const describe = (c: EntryContext, values: Values): Text => describeEntry(c.criteria, c.scorable, c.unitGroup, values);

/** One context per criteria set, item and unit group, shared by every unit of the group (not one per item). */
const CONTEXTS = new WeakMap<Scorable, EntryContext[]>();
function entryContext(criteria: LoadedCriteria, scorable: Scorable, unitGroup: string): EntryContext {
  let list = CONTEXTS.get(scorable);
  if (!list) CONTEXTS.set(scorable, (list = []));
  for (const c of list) if (c.criteria === criteria && c.unitGroup === unitGroup) return c;
  const c: EntryContext = { criteria, scorable, unitGroup };
  list.push(c);
  return c;
}

type ScoredFields = Omit<ScoredItem, 'explanation'>;

/** One indicator or item for one unit: the numbers at once; who gave which points, and why, when first read. */
class Scored implements ScoredItem {
  /** Instances kept so that V8 keeps their shapes (see keepShapes at the end of this file). */
  static kept: readonly object[] = [];
  readonly code: string;
  readonly kind: Scorable['kind'];
  readonly max: Q;
  readonly warnings: readonly Text[];
  readonly points: Q;
  readonly computed: Q;
  readonly status: Status;
  readonly source: ScoredItem['source'];
  readonly consensus: ConsensusApplied | undefined;
  readonly #context: EntryContext;
  readonly #entries: readonly Entry[];
  readonly #panel: PanelAggregate;
  #self: ScoredItem['self'] | undefined;
  #evaluators: readonly EvaluatorPoints[] | undefined;
  #explanation: Text | undefined;

  constructor(
    context: EntryContext,
    entries: readonly Entry[],
    warnings: readonly Text[],
    points: Q,
    computed: Q,
    status: Status,
    source: ScoredItem['source'],
    panel: PanelAggregate,
    consensus: ConsensusApplied | undefined,
  ) {
    // Fields one by one, not an object spread (several times slower; this runs for every item of every unit).
    this.code = context.scorable.code;
    this.kind = context.scorable.kind;
    this.max = context.scorable.max;
    this.warnings = warnings;
    this.points = points;
    this.computed = computed;
    this.status = status;
    this.source = source;
    this.consensus = consensus;
    this.#context = context;
    this.#entries = entries;
    this.#panel = panel;
  }

  get self(): ScoredItem['self'] {
    if (this.#self === undefined) this.#self = selfAssessmentPoints(this.#context, this.#entries);
    return this.#self;
  }

  get evaluators(): readonly EvaluatorPoints[] {
    return (this.#evaluators ??= panelMembersPoints(this.#context, this.#entries));
  }

  get explanation(): Text {
    return (this.#explanation ??= explain(this, this.#panel));
  }

  /** The document the plain object this replaces gave, key for key (and `consensus` where one applies). */
  toJSON(): ScoredItem {
    return {
      code: this.code,
      kind: this.kind,
      max: this.max,
      self: this.self,
      evaluators: this.evaluators,
      warnings: this.warnings,
      points: this.points,
      computed: this.computed,
      status: this.status,
      source: this.source,
      // Left out of the document (undefined) where no consensus applies, as before consensus existed.
      consensus: this.consensus,
      explanation: this.explanation,
    };
  }
}

/** The explanation of one scored item, from its status, its points and the entries' words. */
function explain(item: ScoredFields, panel: PanelAggregate): Text {
  const maxText = pts(item.max);
  switch (item.status) {
    case 'missing':
      return text(`0/${maxText.vi}: chưa có số liệu (thiếu, khác với 0)`, `0/${maxText.en}: no entry (missing, not a zero)`);
    case 'not_applicable':
      if (item.source === 'panel') {
        const first = item.evaluators[0]!.detail;
        return text(`Không áp dụng: ${first.vi} — hội đồng thẩm định`, `Not applicable: ${first.en} — panel appraisal`);
      }
      return text(`Không áp dụng: ${item.self!.detail.vi} — tự đánh giá`, `Not applicable: ${item.self!.detail.en} — self-assessment`);
    case 'no_evidence': {
      const p = pts(item.computed);
      if (item.source === 'consensus') {
        const c = consensusWords(item, panel);
        return text(
          `0/${maxText.vi}: ${p.vi} điểm thống nhất của hội đồng (${c.instead.vi}; lý do: ${c.reason}) nhưng không có tài liệu kiểm chứng hoặc giải trình được chấp nhận`,
          `0/${maxText.en}: ${p.en} points by panel consensus (${c.instead.en}; reason: ${c.reason}) but no evidence or accepted explanation`,
        );
      }
      const why = reason(item, panel);
      return text(
        `0/${maxText.vi}: ${p.vi} điểm theo số liệu (${why.vi}) nhưng không có tài liệu kiểm chứng hoặc giải trình được chấp nhận`,
        `0/${maxText.en}: ${p.en} points by the figures (${why.en}) but no evidence or accepted explanation`,
      );
    }
    case 'ok': {
      const p = pts(item.points);
      const sign = item.kind === 'deduction' && R.gt(item.points, R.ZERO) ? '−' : '';
      if (item.source === 'consensus') {
        const c = consensusWords(item, panel);
        return text(
          `Điểm thống nhất của hội đồng: ${sign}${p.vi}/${maxText.vi} (${c.instead.vi}); lý do: ${c.reason}`,
          `Panel consensus: ${sign}${p.en}/${maxText.en} (${c.instead.en}); reason: ${c.reason}`,
        );
      }
      const why = reason(item, panel);
      return text(`${sign}${p.vi}/${maxText.vi}: ${why.vi}`, `${sign}${p.en}/${maxText.en}: ${why.en}`);
    }
  }
}

/** Where the points come from: the one evaluator, the panel's aggregate of several, or the self-assessment. */
function reason(item: ScoredFields, panel: PanelAggregate): Text {
  if (item.source !== 'panel') return text(`${item.self!.detail.vi} — tự đánh giá`, `${item.self!.detail.en} — self-assessment`);
  const counted = item.evaluators.filter((e) => e.points !== null);
  if (counted.length === 1) {
    const e = counted[0]!;
    return text(`${e.detail.vi} — thẩm định: ${e.evaluator}`, `${e.detail.en} — appraised by ${e.evaluator}`);
  }
  const how = AGGREGATE_LABEL[panel];
  const each = counted.map((e) => ({ who: e.evaluator, p: pts(e.points!) }));
  return text(
    `${how.vi} của ${counted.length} thành viên hội đồng: ${each.map((e) => `${e.who} ${e.p.vi}`).join(', ')}`,
    `${how.en} of ${counted.length} panel members: ${each.map((e) => `${e.who} ${e.p.en}`).join(', ')}`,
  );
}

/** What a consensus value replaced, in words, and its reason. */
function consensusWords(item: ScoredFields, panel: PanelAggregate): { instead: Text; reason: string } {
  const c = item.consensus!;
  const { source, points } = c.replaced;
  let instead: Text;
  if (source === 'panel') {
    const counted = item.evaluators.filter((e) => e.points !== null);
    if (counted.length === 0) {
      instead = text('thay cho: các thành viên hội đồng đánh giá không áp dụng', 'in place of: the panel members marked it not applicable');
    } else if (counted.length === 1) {
      const e = counted[0]!;
      const p = pts(e.points!);
      instead = text(`thay cho ${p.vi} do ${e.evaluator} thẩm định`, `in place of ${p.en} appraised by ${e.evaluator}`);
    } else {
      const how = AGGREGATE_LABEL[panel];
      const p = pts(points!);
      const each = counted.map((e) => ({ who: e.evaluator, p: pts(e.points!) }));
      instead = text(
        `thay cho ${how.vi} ${p.vi} của ${counted.length} thành viên: ${each.map((e) => `${e.who} ${e.p.vi}`).join(', ')}`,
        `in place of the ${how.en} ${p.en} of ${counted.length} panel members: ${each.map((e) => `${e.who} ${e.p.en}`).join(', ')}`,
      );
    }
  } else if (source === 'self') {
    if (points === null) instead = text('thay cho tự đánh giá: không áp dụng', 'in place of the self-assessment: not applicable');
    else {
      const p = pts(points);
      instead = text(`thay cho ${p.vi} tự đánh giá`, `in place of the self-assessed ${p.en}`);
    }
  } else {
    instead = text('chưa có số liệu nào', 'no entry');
  }
  return { instead, reason: c.reason };
}

function scaleWarnings(s: Scorable, list: readonly Entry[]): Text[] {
  if (s.kind !== 'indicator' || s.def.rule.type !== 'scale') return [];
  return list
    .filter((e) => e.explanation.trim() === '' && e.note.trim() === '')
    .map((e) => {
      const who = e.evaluator ?? 'tự đánh giá';
      return text(`${who}: điểm chấm thiếu lý do bằng văn bản`, `${e.evaluator ?? 'self-assessment'}: judgement without a written reason`);
    });
}

function decideBand(criteria: LoadedCriteria, rounded: number, groups: readonly GroupScore[], items: readonly ScoredItem[]): { band: Band; note: Text | null } {
  const bands = criteria.set.bands;
  const score = R.fromDecimal(rounded);
  let index = bands.findIndex((b) => R.ge(score, criteria.exact.bandMin.get(b.code)!));
  if (index < 0) index = bands.length - 1;
  let note: Text | null = null;
  const reached = bands[index]!;
  if (reached.requires) {
    const reasons: Text[] = [];
    const share = criteria.exact.bandGroupShare.get(reached.code);
    if (share) {
      for (const g of groups) {
        if (R.isZero(g.max)) continue;
        if (R.lt(R.div(g.points, g.max), share)) {
          const [p, m, percent] = [pts(g.points), pts(g.max), R.round(R.mul(share, R.q(100)))];
          reasons.push(text(`nhóm ${g.code} đạt ${p.vi}/${m.vi}, dưới ${percent}%`, `group ${g.code} earned ${p.en}/${m.en}, under ${percent}%`));
        }
      }
    }
    for (const code of reached.requires.withoutItems ?? []) {
      const it = items.find((i) => i.code === code);
      if (it && R.gt(it.points, R.ZERO)) reasons.push(text(`có điểm trừ ${code}`, `deduction ${code} applies`));
    }
    if (reasons.length > 0) {
      index = bands.findIndex((b) => b.code === reached.otherwise);
      note = text(
        `Đủ điểm ${reached.label.vi} nhưng ${reasons.map((r) => r.vi).join('; ')}`,
        `Score reaches ${reached.label.en} but ${reasons.map((r) => r.en).join('; ')}`,
      );
    }
  }
  for (const it of items) {
    if (it.kind !== 'deduction' || !R.gt(it.points, R.ZERO)) continue;
    const capCode = (criteria.scorables.get(it.code)!.def as { bandCap?: string }).bandCap;
    if (capCode === undefined) continue;
    const capIndex = bands.findIndex((b) => b.code === capCode);
    if (capIndex > index) {
      const capBand = bands[capIndex]!;
      note = text(
        `${note ? note.vi + '; ' : ''}điểm trừ ${it.code}: xếp loại cao nhất là ${capBand.label.vi}`,
        `${note ? note.en + '; ' : ''}deduction ${it.code}: the band is at best ${capBand.label.en}`,
      );
      index = capIndex;
    }
  }
  return { band: bands[index]!, note };
}

/** The date used by the date tie-break: the evaluators' (the latest they recorded) if any evaluator entered it, else the unit's own. */
function tieDate(criteria: LoadedCriteria, entries: ReadonlyMap<string, readonly Entry[]>): number | null {
  const tb = criteria.set.ranking.tieBreak.find((t) => t.by === 'date');
  if (!tb || tb.by !== 'date') return null;
  const list = entries.get(tb.indicator) ?? NO_ENTRIES;
  const fromEvaluators = list.filter((e) => e.evaluator !== null);
  const counted = fromEvaluators.length > 0 ? fromEvaluators : list;
  let latest: number | null = null;
  for (const e of counted) {
    const v = e.values[tb.input];
    if (typeof v !== 'string') continue;
    const day = dayOf(v);
    if (day !== null && (latest === null || day > latest)) latest = day;
  }
  return latest;
}

/**
 * One instance of each result class, kept for the life of the module. V8 gives a class's instances their
 * final shape (hidden class) field by field, and forgets a shape once no instance has it, discarding the
 * optimised code that relies on it: when an application drops its results and memory is collected, the next
 * scoring would otherwise run unoptimised and be compiled again, which costs more than scoring a province.
 * Held by a static property of Scored, which lives as long as scoreYear does (a module-level constant that
 * nothing reads would not be kept).
 */
Scored.kept = keepShapes();

function keepShapes(): object[] {
  const context = { criteria: null, scorable: { kind: 'indicator', code: '', max: R.ZERO }, unitGroup: '' } as unknown as EntryContext;
  const self = new SelfPoints(R.ZERO, context, {});
  const member = new PanelMemberPoints('', R.ZERO, context, {});
  return [self, member, new Scored(context, [], [], R.ZERO, R.ZERO, 'ok', 'self', 'mean', undefined)];
}
