/**
 * Ranking within each unit group and reward proposals.
 *
 * Rank is competition ranking ("1224") on the rounded score: equal scores share a rank and the next rank
 * skips. The criteria's tie-breaks only order the list among units that share a rank; the unit code settles
 * what remains so that the listing never depends on input order. Proposal quotas count the units scored
 * in the group and are computed exactly: ceil over floating point goes wrong for some shares and sizes
 * (0.07 × 100 is 7.000000000000001 in binary), and a reward list must not hang on such an accident.
 *
 * A person may override a unit's proposal, with a written reason: the unit's `proposal` is then the
 * override's, and `override` keeps the computed one and the reason beside it. An override changes that unit
 * only: the quotas and the other units' proposals stay as the rules give them.
 */
import type { LoadedCriteria } from '../criteria/loaded';
import * as Rational from '../exact/rational';
import type { Q } from '../exact/rational';
import type { UnitResult, UnscoredRank } from './score';

/** A person's override of one unit's reward proposal. proposal null = no proposal. */
export interface ProposalOverride {
  readonly unit: string;
  /** A proposal code of the year's criteria set, or null for "no proposal". */
  readonly proposal: string | null;
  readonly reason: string;
  readonly by?: string;
  readonly at?: string;
}

/** The rational functions, copied into a local object: direct calls also when run as CommonJS (see rational.ts). */
const R = { ...Rational };

export function rankYear(criteria: LoadedCriteria, units: readonly UnscoredRank[], overrides?: ReadonlyMap<string, ProposalOverride>): UnitResult[] {
  const set = criteria.set;
  const out: UnitResult[] = [];
  for (const ug of set.unitGroups) {
    const members = units.filter((u) => u.unit.group === ug.code).sort((a, b) => listingOrder(criteria, a, b));
    const n = members.length;
    let rank = 0;
    members.forEach((u, i) => {
      if (i === 0 || u.rounded !== members[i - 1]!.rounded) rank = i + 1;
      const proposal = propose(criteria, u.band.code, rank, n);
      const o = overrides?.get(u.unit.code);
      if (!o) out.push({ ...u, rank, proposal });
      else out.push({ ...u, rank, proposal: proposalByCode(criteria, o.proposal), override: { computed: proposal, reason: o.reason, by: o.by ?? null, at: o.at ?? null } });
    });
  }
  return out;
}

function listingOrder(criteria: LoadedCriteria, a: UnscoredRank, b: UnscoredRank): number {
  if (a.rounded !== b.rounded) return b.rounded - a.rounded;
  for (const t of criteria.set.ranking.tieBreak) {
    if (t.by === 'group') {
      const ga = a.groups.find((g) => g.code === t.code)?.points ?? R.ZERO;
      const gb = b.groups.find((g) => g.code === t.code)?.points ?? R.ZERO;
      const c = R.cmp(gb, ga);
      if (c !== 0) return c;
    } else {
      // Earlier first; a unit without the date comes after every unit with one.
      const da = a.tieDate ?? Infinity;
      const db = b.tieDate ?? Infinity;
      if (da !== db) return da < db ? -1 : 1;
    }
  }
  return a.unit.code < b.unit.code ? -1 : a.unit.code > b.unit.code ? 1 : 0;
}

/** The proposal of a code of the criteria set (its label), null for none; an unknown code keeps the code as its label. */
export function proposalByCode(criteria: LoadedCriteria, code: string | null): UnitResult['proposal'] {
  if (code === null) return null;
  const rule = criteria.set.proposals.find((p) => p.code === code);
  return rule ? { code, label: rule.label } : { code, label: { vi: code, en: code } };
}

/** The first proposal rule any of whose conditions holds; null when none does. */
export function propose(criteria: LoadedCriteria, band: string, rank: number, n: number): UnitResult['proposal'] {
  const rules = criteria.set.proposals;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    const holds = rule.when.some((w, j) => {
      if (!w.bands.includes(band)) return false;
      if (!w.maxRank) return true;
      const share = criteria.exact.proposalShares[i]![j]!;
      const quota = Math.max(w.maxRank.atLeast ?? 0, R.ceil(R.mul(share, R.q(n))));
      return rank <= quota;
    });
    if (holds) return { code: rule.code, label: rule.label };
  }
  return null;
}
