/**
 * The rule types: one entry's inputs → exact points, whether the entry is "not applicable", and why,
 * in one sentence fragment per language. Pure functions of (criteria, unit group, inputs).
 *
 * Points and words are two functions over the same helpers (`entryPoints`, `describeEntry`): scoring a
 * province needs hundreds of thousands of points and, until someone reads an explanation, none of the words,
 * which cost more to write than the points cost to compute.
 */
import { isoDay, type InputValue } from '../criteria/inputs';
import type { LoadedCriteria, Scorable } from '../criteria/loaded';
import type { ChoiceRule, DateDeadlineRule, Indicator, Item } from '../criteria/types';
import * as Rational from '../exact/rational';
import type { Q } from '../exact/rational';
import { bothNumbers, formatIsoDate, formatNumber, text, type Text } from '../i18n/text';

/** The rational functions, copied into a local object: direct calls also when run as CommonJS (see rational.ts). */
const R = { ...Rational };

export type Values = Readonly<Record<string, InputValue | null | undefined>>;

export interface EntryScore {
  readonly points: Q;
  /** The entry says the indicator does not apply to this unit (e.g. a ratio with denominator 0). */
  readonly notApplicable: boolean;
  /** Written when first read (a getter), then kept. */
  readonly detail: Text;
}

/** Points as shown: rounded once to 2 decimals, written in both languages. */
export const pts = (x: Q): Text => bothNumbers(R.round(x, 2));
const num = (x: number): Text => bothNumbers(x);
const percent = (x: Q): Text => {
  const p = bothNumbers(R.round(R.mul(x, R.q(100)), 2));
  return { vi: `${p.vi}%`, en: `${p.en}%` };
};

export function scoreEntry(criteria: LoadedCriteria, s: Scorable, unitGroup: string, values: Values): EntryScore {
  return new ScoredEntry(criteria, s, unitGroup, values);
}

/** An entry's points at once; its words on the first read of `detail`. */
class ScoredEntry implements EntryScore {
  readonly points: Q;
  readonly notApplicable: boolean;
  readonly #criteria: LoadedCriteria;
  readonly #scorable: Scorable;
  readonly #unitGroup: string;
  readonly #values: Values;
  #detail: Text | undefined;

  constructor(criteria: LoadedCriteria, s: Scorable, unitGroup: string, values: Values) {
    const points = entryPoints(criteria, s, unitGroup, values);
    this.points = points ?? R.ZERO;
    this.notApplicable = points === null;
    this.#criteria = criteria;
    this.#scorable = s;
    this.#unitGroup = unitGroup;
    this.#values = values;
  }

  get detail(): Text {
    return (this.#detail ??= describeEntry(this.#criteria, this.#scorable, this.#unitGroup, this.#values));
  }

  /** JSON as when `detail` was a plain property. */
  toJSON(): { points: Q; notApplicable: boolean; detail: Text } {
    return { points: this.points, notApplicable: this.notApplicable, detail: this.detail };
  }
}

// ------------------------------------------------------------------ points

/** One entry's points; null when the entry says the indicator does not apply (a ratio with denominator 0). */
export function entryPoints(criteria: LoadedCriteria, s: Scorable, unitGroup: string, values: Values): Q | null {
  return s.kind === 'indicator' ? indicatorPoints(criteria, s.def, s.max, unitGroup, values) : itemPoints(criteria, s.def, values).points;
}

function indicatorPoints(criteria: LoadedCriteria, ind: Indicator, max: Q, unitGroup: string, values: Values): Q | null {
  const x = criteria.exact;
  const rule = ind.rule;
  const v = values.value;
  switch (rule.type) {
    case 'yesno':
      return v === true ? max : R.ZERO;
    case 'choice': {
      const i = optionIndex(rule, v);
      return i < 0 ? R.ZERO : x.points.get(ind.code)![i]!;
    }
    case 'count-target':
      return R.mul(max, targetShare(criteria, ind, unitGroup, countOf(v)));
    case 'count-steps':
      return x.points.get(ind.code)![stepIndex(rule.steps, countOf(v))]!;
    case 'ratio-target':
    case 'ratio-brackets': {
      const r = ratioOf(values);
      if (r === 'missing') return R.ZERO;
      if (r === 'zero-denominator') return null;
      if (rule.type === 'ratio-target') return R.mul(max, R.min(R.ONE, R.div(r, x.targets.get(ind.code)!.get(unitGroup)!)));
      const i = bracketIndex(x.bracketMins.get(ind.code)!, r);
      return i < 0 ? R.ZERO : x.points.get(ind.code)![i]!;
    }
    case 'scale':
      return scaleValue(v);
    case 'date-deadline': {
      let total = R.ZERO;
      for (let k = 0; k < rule.inputs.length; k++) {
        const day = inputDay(rule, k, values);
        total = R.add(total, deadlinePoints(criteria, ind.code, rule, day === null ? null : ladderStep(rule, k, day)));
      }
      return total;
    }
  }
}

// ------------------------------------------------------------------ what both sides use

const countOf = (v: InputValue | null | undefined): number => (typeof v === 'number' ? v : 0);

/** count ÷ the unit group's target, at most 1. */
function targetShare(criteria: LoadedCriteria, ind: Indicator, unitGroup: string, count: number): Q {
  return R.min(R.ONE, R.div(R.q(count), criteria.exact.targets.get(ind.code)!.get(unitGroup)!));
}

/** The last step whose `min` the count reaches (the first step when none does). */
function stepIndex(steps: readonly { readonly min: number }[], count: number): number {
  let i = 0;
  for (let k = 0; k < steps.length; k++) if (count >= steps[k]!.min) i = k;
  return i;
}

/** The first bracket (highest lower bound first) that r reaches, or −1. */
function bracketIndex(mins: readonly Q[], r: Q): number {
  for (let i = 0; i < mins.length; i++) if (R.ge(r, mins[i]!)) return i;
  return -1;
}

/** The option with this code, or −1. */
function optionIndex(rule: ChoiceRule, v: InputValue | null | undefined): number {
  for (let i = 0; i < rule.options.length; i++) if (rule.options[i]!.code === v) return i;
  return -1;
}

function ratioOf(values: Values): Q | 'missing' | 'zero-denominator' {
  const n = values.numerator;
  const d = values.denominator;
  if (typeof n !== 'number' || typeof d !== 'number') return 'missing';
  return d === 0 ? 'zero-denominator' : R.q(n, d);
}

const scaleValue = (v: InputValue | null | undefined): Q => (typeof v === 'number' ? R.fromDecimal(v) : R.ZERO);

/** The day number of the date entered for input k of a date-deadline rule; null when there is none. */
function inputDay(rule: DateDeadlineRule, k: number, values: Values): number | null {
  const raw = values[rule.inputs[k]!.name];
  return typeof raw === 'string' ? dayOf(raw) : null;
}

/**
 * isoDay, remembered: a year's entries hold few distinct dates, each parsed (a regular expression and two
 * Date objects) for every entry and every unit's tie-break. The memory is bounded: it starts over when full.
 */
const DAYS = new Map<string, number | null>();
export function dayOf(iso: string): number | null {
  let day = DAYS.get(iso);
  if (day === undefined) {
    if (DAYS.size >= 10_000) DAYS.clear();
    day = isoDay(iso);
    DAYS.set(iso, day);
  }
  return day;
}

/** The first ladder step that `day`, entered for input k, meets; −1 when it meets none (late). */
function ladderStep(rule: DateDeadlineRule, k: number, day: number): number {
  const days = ruleDays(rule);
  const dueDay = days.due[k]!;
  for (let j = 0; j < rule.ladder.length; j++) {
    const s = rule.ladder[j]!;
    if ('onOrBefore' in s ? day <= days.bounds[j]! : dueDay !== null && day - dueDay <= s.daysLate) return j;
  }
  return -1;
}

/** The points of a ladder step, of a late date (−1), or of no date (null). */
function deadlinePoints(criteria: LoadedCriteria, code: string, rule: DateDeadlineRule, step: number | null): Q {
  const points = criteria.exact.points.get(code)!;
  return step === null ? points[rule.ladder.length + 1]! : step < 0 ? points[rule.ladder.length]! : points[step]!;
}

/**
 * The day numbers of a rule's due dates and `onOrBefore` bounds, worked out once per rule: they are constants
 * of the criteria set, and parsing dates was a large part of scoring a deadline.
 */
const RULE_DAYS = new WeakMap<DateDeadlineRule, { readonly due: (number | null)[]; readonly bounds: (number | null)[] }>();
function ruleDays(rule: DateDeadlineRule): { readonly due: (number | null)[]; readonly bounds: (number | null)[] } {
  let days = RULE_DAYS.get(rule);
  if (!days) {
    days = {
      due: rule.inputs.map((i) => (i.due ? isoDay(i.due) : null)),
      bounds: rule.ladder.map((s) => ('onOrBefore' in s ? isoDay(s.onOrBefore) : null)),
    };
    RULE_DAYS.set(rule, days);
  }
  return days;
}

/** A bonus or deduction item: Σ points per input × count, and that sum capped by the item's cap. */
function itemPoints(criteria: LoadedCriteria, item: Item, values: Values): { raw: Q; cap: Q; points: Q } {
  const weights = criteria.exact.itemPoints.get(item.code)!;
  const cap = criteria.exact.itemCap.get(item.code)!;
  let raw = R.ZERO;
  for (const input of item.inputs) raw = R.add(raw, R.mul(weights.get(input.name)!, R.q(itemCount(values[input.name]))));
  return { raw, cap, points: R.min(raw, cap) };
}

const itemCount = (v: InputValue | null | undefined): number => (v === true ? 1 : typeof v === 'number' ? v : 0);

// ------------------------------------------------------------------ words

/** Why an entry earns its points, in one sentence fragment per language. */
export function describeEntry(criteria: LoadedCriteria, s: Scorable, unitGroup: string, values: Values): Text {
  return s.kind === 'indicator' ? describeIndicatorEntry(criteria, s.def, unitGroup, values) : describeItemEntry(criteria, s.def, values);
}

function describeIndicatorEntry(criteria: LoadedCriteria, ind: Indicator, unitGroup: string, values: Values): Text {
  const x = criteria.exact;
  const rule = ind.rule;
  const v = values.value;
  switch (rule.type) {
    case 'yesno':
      return v === true ? text('có', 'yes') : text('không', 'no');
    case 'choice': {
      const opt = rule.options.find((o) => o.code === v);
      return opt ? text(opt.label.vi, opt.label.en) : text('không chọn', 'nothing chosen');
    }
    case 'count-target': {
      const count = countOf(v);
      const met = R.ge(targetShare(criteria, ind, unitGroup, count), R.ONE);
      const t = num(R.toNumber(x.targets.get(ind.code)!.get(unitGroup)!));
      return text(
        `${count} so với chỉ tiêu ${t.vi}${met ? ' (đạt chỉ tiêu)' : ''}`,
        `${count} against a target of ${t.en}${met ? ' (target met)' : ''}`,
      );
    }
    case 'count-steps': {
      const count = countOf(v);
      const step = rule.steps[stepIndex(rule.steps, count)]!;
      return text(`${count}, bậc từ ${step.min} trở lên`, `${count}, step from ${step.min} up`);
    }
    case 'ratio-target':
    case 'ratio-brackets': {
      const r = ratioOf(values);
      if (r === 'missing') return text('thiếu tử số hoặc mẫu số', 'numerator or denominator missing');
      if (r === 'zero-denominator') return text('mẫu số bằng 0', 'denominator 0');
      const n = values.numerator as number;
      const d = values.denominator as number;
      const rp = percent(r);
      const shown = `${formatNumber(n, 'vi', 0)}/${formatNumber(d, 'vi', 0)} = ${rp.vi}`;
      const shownEn = `${formatNumber(n, 'en', 0)}/${formatNumber(d, 'en', 0)} = ${rp.en}`;
      if (rule.type === 'ratio-target') {
        const target = x.targets.get(ind.code)!.get(unitGroup)!;
        const capped = R.gt(R.div(r, target), R.ONE);
        const tp = percent(target);
        return text(
          `${shown} so với mục tiêu ${tp.vi}${capped ? ' (vượt mục tiêu, tính tối đa)' : ''}`,
          `${shownEn} against a target of ${tp.en}${capped ? ' (above target, capped)' : ''}`,
        );
      }
      const mins = x.bracketMins.get(ind.code)!;
      const i = bracketIndex(mins, r);
      if (i < 0) return text(`${shown}, dưới mọi khoảng`, `${shownEn}, below every bracket`);
      const low = percent(mins[i]!);
      if (i === 0) return text(`${shown}, từ ${low.vi} trở lên`, `${shownEn}, ${low.en} or more`);
      const high = percent(mins[i - 1]!);
      return text(`${shown}, khoảng ${low.vi} – dưới ${high.vi}`, `${shownEn}, bracket ${low.en} – under ${high.en}`);
    }
    case 'scale': {
      const p = pts(scaleValue(v));
      return text(`hội đồng chấm ${p.vi}`, `panel judgement ${p.en}`);
    }
    case 'date-deadline':
      return describeDeadlines(criteria, ind.code, rule, values);
  }
}

function describeDeadlines(criteria: LoadedCriteria, code: string, rule: DateDeadlineRule, values: Values): Text {
  const vi: string[] = [];
  const en: string[] = [];
  let onTime = 0;
  const first = rule.ladder[0]!;
  rule.inputs.forEach((input, k) => {
    const day = inputDay(rule, k, values);
    const step = day === null ? null : ladderStep(rule, k, day);
    const p = pts(deadlinePoints(criteria, code, rule, step));
    const dueVi = input.due ? `hạn ${formatIsoDate(input.due)}` : '';
    const dueEn = input.due ? `due ${formatIsoDate(input.due)}` : '';
    if (day === null || step === null) {
      vi.push(`${dueVi ? dueVi + ': ' : ''}chưa có (${p.vi} điểm)`);
      en.push(`${dueEn ? dueEn + ': ' : ''}none (${p.en} points)`);
      return;
    }
    const date = formatIsoDate(values[input.name] as string);
    const dueDay = ruleDays(rule).due[k]!;
    if (step === 0) onTime++;
    if (dueDay !== null && !('onOrBefore' in first)) {
      const late = day - dueDay;
      const when = late <= 0 ? ['đúng hạn', 'on time'] : [`muộn ${late} ngày`, `${late} days late`];
      vi.push(`${dueVi}: ngày ${date}, ${when[0]} (${p.vi} điểm)`);
      en.push(`${dueEn}: ${date}, ${when[1]} (${p.en} points)`);
    } else {
      const met = step < 0 ? null : rule.ladder[step]!;
      const bound = met && 'onOrBefore' in met ? formatIsoDate(met.onOrBefore) : null;
      vi.push(bound ? `ngày ${date}, không muộn hơn ${bound} (${p.vi} điểm)` : `ngày ${date}, quá mọi mốc (${p.vi} điểm)`);
      en.push(bound ? `${date}, on or before ${bound} (${p.en} points)` : `${date}, after every deadline (${p.en} points)`);
    }
  });
  if (rule.inputs.length > 1) {
    vi.unshift(`${onTime} trên ${rule.inputs.length} đúng hạn`);
    en.unshift(`${onTime} of ${rule.inputs.length} on time`);
  }
  return text(vi.join('; '), en.join('; '));
}

function describeItemEntry(criteria: LoadedCriteria, item: Item, values: Values): Text {
  const vi: string[] = [];
  const en: string[] = [];
  for (const input of item.inputs) {
    const count = itemCount(values[input.name]);
    const shown = input.kind === 'yesno' ? (count ? ['có', 'yes'] : ['không', 'no']) : [String(count), String(count)];
    vi.push(`${input.label.vi}: ${shown[0]}`);
    en.push(`${input.label.en}: ${shown[1]}`);
  }
  const { raw, cap } = itemPoints(criteria, item, values);
  if (R.gt(raw, cap)) {
    const r = pts(raw);
    const c = pts(cap);
    vi.push(`${r.vi} điểm, tính tối đa ${c.vi}`);
    en.push(`${r.en} points, capped at ${c.en}`);
  }
  return text(vi.join('; '), en.join('; '));
}
