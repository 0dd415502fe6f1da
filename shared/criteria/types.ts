/**
 * The criteria set (bộ tiêu chí) as data. One JSON file per year and version under criteria/; everything the
 * province may change (points, targets, brackets, deadlines, bands, quotas) lives here, not in code.
 * The shape is checked at load time by `validate.ts`, which also checks that the numbers add up.
 */
import type { Text } from '../i18n/text';

export type UnitGroupCode = string;

export interface CriteriaSet {
  readonly id: string;
  readonly version: string;
  readonly year: number;
  readonly title: Text;
  readonly issuer?: Text;
  /** The points of a full score before bonus and deductions (100). */
  readonly scale: number;
  readonly unitGroups: readonly UnitGroupDef[];
  readonly groups: readonly GroupDef[];
  readonly indicators: readonly Indicator[];
  readonly bonus: ItemSection;
  readonly deductions: ItemSection;
  readonly evidenceGate: { readonly appliesToBonus: boolean };
  readonly bands: readonly Band[];
  readonly ranking: Ranking;
  readonly proposals: readonly ProposalRule[];
  readonly panel: PanelSettings;
}

export interface UnitGroupDef {
  readonly code: UnitGroupCode;
  readonly name: Text;
}

export interface GroupDef {
  readonly code: string;
  readonly name: Text;
  readonly max: number;
}

export interface Indicator {
  readonly code: string;
  readonly group: string;
  readonly name: Text;
  readonly appliesTo: readonly UnitGroupCode[];
  readonly max: number;
  readonly rule: Rule;
  /** What the unit must show (tài liệu kiểm chứng). */
  readonly evidence: Text;
  /** The plan clauses (plan.md ids) this indicator serves. */
  readonly clauses: readonly string[];
  /** What to enter in each input, for forms and templates. */
  readonly inputLabels?: Readonly<Record<string, Text>>;
  /**
   * For comparing years only (never for scoring): the indicator's code in an earlier year's set when it
   * differs (the indicator was renamed), or null when that year's indicator with the same code measured
   * something else. A year not listed is matched by the same code. See shared/results/compare.ts.
   */
  readonly previous?: readonly PreviousCode[];
}

/** An indicator's counterpart in an earlier year's set: its code there, or null for none. */
export interface PreviousCode {
  readonly year: number;
  readonly code: string | null;
}

export type Rule =
  | YesNoRule
  | DateDeadlineRule
  | ChoiceRule
  | CountTargetRule
  | RatioTargetRule
  | RatioBracketsRule
  | CountStepsRule
  | ScaleRule;

export type RuleType = Rule['type'];

export const RULE_TYPES: readonly RuleType[] = [
  'yesno',
  'date-deadline',
  'choice',
  'count-target',
  'ratio-target',
  'ratio-brackets',
  'count-steps',
  'scale',
];

/** yes → max, no → 0. */
export interface YesNoRule {
  readonly type: 'yesno';
}

/**
 * One or more dates, each scored on the ladder; the indicator earns the sum. A ladder step is met when the
 * date is on or before `onOrBefore`, or at most `daysLate` days after the input's `due` date. The first step
 * met gives the points; a date meeting none earns `late`, an absent date earns `absent`.
 */
export interface DateDeadlineRule {
  readonly type: 'date-deadline';
  readonly inputs: readonly { readonly name: string; readonly due?: string }[];
  readonly ladder: readonly DeadlineStep[];
  readonly late: number;
  readonly absent: number;
}

export type DeadlineStep =
  | { readonly onOrBefore: string; readonly points: number }
  | { readonly daysLate: number; readonly points: number };

export interface ChoiceRule {
  readonly type: 'choice';
  readonly options: readonly { readonly code: string; readonly label: Text; readonly points: number }[];
}

/** points = max × min(1, count ÷ target); the target may differ per unit group. */
export interface CountTargetRule {
  readonly type: 'count-target';
  readonly target: number | Readonly<Record<UnitGroupCode, number>>;
  /** A count above this is an input error (e.g. 4.3 counts days, at most 3). */
  readonly maxCount?: number;
}

/** r = numerator ÷ denominator; points = max × min(1, r ÷ target). Denominator 0 → not applicable. */
export interface RatioTargetRule {
  readonly type: 'ratio-target';
  readonly target: number;
  /** Whether numerator > denominator is allowed (over-achievement, capped at max). */
  readonly allowOver?: boolean;
}

/** r against brackets listed from the highest lower bound down; bounds are inclusive. */
export interface RatioBracketsRule {
  readonly type: 'ratio-brackets';
  readonly brackets: readonly { readonly min: number; readonly points: number }[];
  readonly allowOver?: boolean;
}

/** Steps on a count listed from the lowest up: the last step whose `min` the count reaches gives the points. */
export interface CountStepsRule {
  readonly type: 'count-steps';
  readonly steps: readonly { readonly min: number; readonly points: number }[];
}

/** Panel judgement from 0 to max in multiples of `step`; needs a written reason. */
export interface ScaleRule {
  readonly type: 'scale';
  readonly step: number;
}

/** Bonus and deduction items: points per occurrence (or for a yes), capped per item. */
export interface ItemSection {
  /** Cap on the section's total; null = no cap beyond the items' own. */
  readonly cap: number | null;
  readonly items: readonly Item[];
}

export interface Item {
  readonly code: string;
  readonly name: Text;
  readonly inputs: readonly ItemInput[];
  readonly cap: number;
  /** A deduction that caps the band: with it, the band is at best this one. */
  readonly bandCap?: string;
  readonly evidence?: Text;
  readonly clauses?: readonly string[];
}

export interface ItemInput {
  readonly name: string;
  readonly label: Text;
  readonly kind: 'count' | 'yesno';
  readonly points: number;
}

export interface Band {
  readonly code: string;
  readonly label: Text;
  /** Lowest rounded score that reaches the band. */
  readonly min: number;
  /** Extra conditions; when they fail, the unit gets `otherwise`. */
  readonly requires?: {
    /** Every group with an applicable maximum must earn at least this share of it. */
    readonly minGroupShare?: number;
    /** None of these bonus/deduction items may have points. */
    readonly withoutItems?: readonly string[];
  };
  readonly otherwise?: string;
}

export interface Ranking {
  readonly method: 'competition';
  readonly within: 'unitGroup';
  /** Orders units that share a rank in the list; the rank itself stays shared. Unit code breaks what remains. */
  readonly tieBreak: readonly TieBreak[];
}

export type TieBreak =
  | { readonly by: 'group'; readonly code: string }
  | { readonly by: 'date'; readonly indicator: string; readonly input: string; readonly prefer: 'earlier' };

export interface ProposalRule {
  readonly code: string;
  readonly label: Text;
  /** Any one condition suffices; rules are tried in order and a unit gets at most one proposal. */
  readonly when: readonly ProposalCondition[];
}

export interface ProposalCondition {
  readonly bands: readonly string[];
  /** rank ≤ max(atLeast, ceil(share × n)), n = units scored in the unit group. */
  readonly maxRank?: { readonly share: number; readonly atLeast?: number };
}

export type PanelAggregate = 'mean' | 'median' | 'trimmed';

export interface PanelSettings {
  readonly aggregate: PanelAggregate;
  /** Evaluators disagree when max − min exceeds this share of the indicator's max. */
  readonly disagreementShare: number;
}
