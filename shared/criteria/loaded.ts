/**
 * A validated criteria set, indexed for scoring: lookups by code, input specs, and every decimal parameter
 * (maxima, targets, bracket bounds, shares) turned into an exact fraction once, at load time.
 */
import { fromDecimal, type Q } from '../exact/rational';
import { indicatorInputs, itemInputs, type InputSpec } from './inputs';
import type { CriteriaSet, Indicator, Item } from './types';

export interface CriteriaId {
  readonly id: string;
  readonly version: string;
  readonly sha256: string;
}

/** Something an entry can be about: an indicator, or a bonus or deduction item. */
export type Scorable =
  | { readonly kind: 'indicator'; readonly code: string; readonly def: Indicator; readonly inputs: readonly InputSpec[]; readonly max: Q }
  | { readonly kind: 'bonus' | 'deduction'; readonly code: string; readonly def: Item; readonly inputs: readonly InputSpec[]; readonly max: Q };

export interface LoadedCriteria {
  readonly set: CriteriaSet;
  readonly ident: CriteriaId;
  readonly scorables: ReadonlyMap<string, Scorable>;
  /** Indicators in file order. */
  readonly indicators: readonly Indicator[];
  readonly exact: ExactParams;
}

export interface ExactParams {
  readonly indicatorMax: ReadonlyMap<string, Q>;
  readonly groupMax: ReadonlyMap<string, Q>;
  /** count-target and ratio-target targets, per indicator and unit group. */
  readonly targets: ReadonlyMap<string, ReadonlyMap<string, Q>>;
  /** ratio-brackets lower bounds and points; count-steps points; choice points; deadline points. */
  readonly points: ReadonlyMap<string, readonly Q[]>;
  readonly bracketMins: ReadonlyMap<string, readonly Q[]>;
  readonly bonusCap: Q | null;
  readonly deductionCap: Q | null;
  readonly itemPoints: ReadonlyMap<string, ReadonlyMap<string, Q>>;
  readonly itemCap: ReadonlyMap<string, Q>;
  readonly bandMin: ReadonlyMap<string, Q>;
  readonly bandGroupShare: ReadonlyMap<string, Q>;
  readonly proposalShares: readonly (readonly (Q | null)[])[];
}

export function indexCriteria(set: CriteriaSet, sha256: string): LoadedCriteria {
  const scorables = new Map<string, Scorable>();
  const indicatorMax = new Map<string, Q>();
  const targets = new Map<string, Map<string, Q>>();
  const points = new Map<string, Q[]>();
  const bracketMins = new Map<string, Q[]>();
  for (const ind of set.indicators) {
    const max = fromDecimal(ind.max);
    indicatorMax.set(ind.code, max);
    scorables.set(ind.code, { kind: 'indicator', code: ind.code, def: ind, inputs: indicatorInputs(ind), max });
    const r = ind.rule;
    if (r.type === 'count-target' || r.type === 'ratio-target') {
      const perGroup = new Map<string, Q>();
      for (const g of ind.appliesTo) {
        const t = typeof r.target === 'number' ? r.target : r.target[g];
        if (t !== undefined) perGroup.set(g, fromDecimal(t));
      }
      targets.set(ind.code, perGroup);
    }
    if (r.type === 'ratio-brackets') {
      points.set(ind.code, r.brackets.map((b) => fromDecimal(b.points)));
      bracketMins.set(ind.code, r.brackets.map((b) => fromDecimal(b.min)));
    }
    if (r.type === 'count-steps') points.set(ind.code, r.steps.map((s) => fromDecimal(s.points)));
    if (r.type === 'choice') points.set(ind.code, r.options.map((o) => fromDecimal(o.points)));
    if (r.type === 'date-deadline') points.set(ind.code, [...r.ladder.map((s) => fromDecimal(s.points)), fromDecimal(r.late), fromDecimal(r.absent)]);
  }
  const itemPoints = new Map<string, Map<string, Q>>();
  const itemCap = new Map<string, Q>();
  const addItems = (items: readonly Item[], kind: 'bonus' | 'deduction') => {
    for (const item of items) {
      const cap = fromDecimal(item.cap);
      itemCap.set(item.code, cap);
      itemPoints.set(item.code, new Map(item.inputs.map((i) => [i.name, fromDecimal(i.points)])));
      scorables.set(item.code, { kind, code: item.code, def: item, inputs: itemInputs(item), max: cap });
    }
  };
  addItems(set.bonus.items, 'bonus');
  addItems(set.deductions.items, 'deduction');
  return {
    set,
    ident: { id: set.id, version: set.version, sha256 },
    scorables,
    indicators: set.indicators,
    exact: {
      indicatorMax,
      groupMax: new Map(set.groups.map((g) => [g.code, fromDecimal(g.max)])),
      targets,
      points,
      bracketMins,
      bonusCap: set.bonus.cap === null ? null : fromDecimal(set.bonus.cap),
      deductionCap: set.deductions.cap === null ? null : fromDecimal(set.deductions.cap),
      itemPoints,
      itemCap,
      bandMin: new Map(set.bands.map((b) => [b.code, fromDecimal(b.min)])),
      bandGroupShare: new Map(
        set.bands.flatMap((b) => (b.requires?.minGroupShare !== undefined ? [[b.code, fromDecimal(b.requires.minGroupShare)] as const] : [])),
      ),
      proposalShares: set.proposals.map((p) => p.when.map((w) => (w.maxRank ? fromDecimal(w.maxRank.share) : null))),
    },
  };
}

export function applies(ind: Indicator, unitGroup: string): boolean {
  return ind.appliesTo.includes(unitGroup);
}

/**
 * The code an indicator had in an earlier year's set: its `previous` entry for that year if it has one
 * (null = no counterpart that year), else its own code. Only comparisons of years use this.
 */
export function codeInYear(ind: Indicator, year: number): string | null {
  const p = ind.previous?.find((x) => x.year === year);
  return p === undefined ? ind.code : p.code;
}
