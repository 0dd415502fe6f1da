/**
 * The rule types: one entry's inputs → exact points, whether the entry is "not applicable", and why,
 * in one sentence fragment per language. Pure functions of (criteria, unit group, inputs).
 */
import { isoDay, type InputValue } from '../criteria/inputs';
import type { LoadedCriteria, Scorable } from '../criteria/loaded';
import type { DateDeadlineRule, Indicator, Item } from '../criteria/types';
import * as R from '../exact/rational';
import { formatIsoDate, formatNumber, text, type Text } from '../i18n/text';

export type Values = Readonly<Record<string, InputValue | null | undefined>>;

export interface EntryScore {
  readonly points: R.Q;
  /** The entry says the indicator does not apply to this unit (e.g. a ratio with denominator 0). */
  readonly notApplicable: boolean;
  readonly detail: Text;
}

export const pts = (x: R.Q): Text => ({ vi: formatNumber(R.round(x, 2), 'vi'), en: formatNumber(R.round(x, 2), 'en') });
const num = (x: number): Text => ({ vi: formatNumber(x, 'vi'), en: formatNumber(x, 'en') });
const percent = (x: R.Q): Text => {
  const p = R.round(R.mul(x, R.q(100)), 2);
  return { vi: `${formatNumber(p, 'vi')}%`, en: `${formatNumber(p, 'en')}%` };
};

function ok(points: R.Q, vi: string, en: string): EntryScore {
  return { points, notApplicable: false, detail: text(vi, en) };
}

export function scoreEntry(criteria: LoadedCriteria, s: Scorable, unitGroup: string, values: Values): EntryScore {
  return s.kind === 'indicator' ? scoreIndicatorEntry(criteria, s.def, s.max, unitGroup, values) : scoreItemEntry(criteria, s.def, values);
}

function scoreIndicatorEntry(criteria: LoadedCriteria, ind: Indicator, max: R.Q, unitGroup: string, values: Values): EntryScore {
  const x = criteria.exact;
  const rule = ind.rule;
  const v = values.value;
  switch (rule.type) {
    case 'yesno':
      return v === true ? ok(max, 'có', 'yes') : ok(R.ZERO, 'không', 'no');
    case 'choice': {
      const i = rule.options.findIndex((o) => o.code === v);
      const opt = rule.options[i];
      if (!opt) return ok(R.ZERO, 'không chọn', 'nothing chosen');
      return ok(x.points.get(ind.code)![i]!, opt.label.vi, opt.label.en);
    }
    case 'count-target': {
      const count = typeof v === 'number' ? v : 0;
      const target = x.targets.get(ind.code)!.get(unitGroup)!;
      const share = R.min(R.ONE, R.div(R.q(count), target));
      const t = num(R.toNumber(target));
      return ok(
        R.mul(max, share),
        `${count} so với chỉ tiêu ${t.vi}${R.ge(share, R.ONE) ? ' (đạt chỉ tiêu)' : ''}`,
        `${count} against a target of ${t.en}${R.ge(share, R.ONE) ? ' (target met)' : ''}`,
      );
    }
    case 'count-steps': {
      const count = typeof v === 'number' ? v : 0;
      let i = 0;
      rule.steps.forEach((s, k) => {
        if (count >= s.min) i = k;
      });
      const step = rule.steps[i]!;
      return ok(x.points.get(ind.code)![i]!, `${count}, bậc từ ${step.min} trở lên`, `${count}, step from ${step.min} up`);
    }
    case 'ratio-target':
    case 'ratio-brackets': {
      const n = values.numerator;
      const d = values.denominator;
      if (typeof n !== 'number' || typeof d !== 'number') return ok(R.ZERO, 'thiếu tử số hoặc mẫu số', 'numerator or denominator missing');
      if (d === 0) return { points: R.ZERO, notApplicable: true, detail: text('mẫu số bằng 0', 'denominator 0') };
      const r = R.q(n, d);
      const shown = `${formatNumber(n, 'vi', 0)}/${formatNumber(d, 'vi', 0)} = ${percent(r).vi}`;
      const shownEn = `${formatNumber(n, 'en', 0)}/${formatNumber(d, 'en', 0)} = ${percent(r).en}`;
      if (rule.type === 'ratio-target') {
        const target = x.targets.get(ind.code)!.get(unitGroup)!;
        const share = R.div(r, target);
        const capped = R.gt(share, R.ONE);
        return ok(
          R.mul(max, R.min(R.ONE, share)),
          `${shown} so với mục tiêu ${percent(target).vi}${capped ? ' (vượt mục tiêu, tính tối đa)' : ''}`,
          `${shownEn} against a target of ${percent(target).en}${capped ? ' (above target, capped)' : ''}`,
        );
      }
      const mins = x.bracketMins.get(ind.code)!;
      const points = x.points.get(ind.code)!;
      const i = mins.findIndex((m) => R.ge(r, m));
      if (i < 0) return ok(R.ZERO, `${shown}, dưới mọi khoảng`, `${shownEn}, below every bracket`);
      const upper = i > 0 ? mins[i - 1]! : null;
      const range = (lang: 'vi' | 'en') =>
        upper === null
          ? lang === 'vi'
            ? `từ ${percent(mins[i]!).vi} trở lên`
            : `${percent(mins[i]!).en} or more`
          : lang === 'vi'
            ? `khoảng ${percent(mins[i]!).vi} – dưới ${percent(upper).vi}`
            : `bracket ${percent(mins[i]!).en} – under ${percent(upper).en}`;
      return ok(points[i]!, `${shown}, ${range('vi')}`, `${shownEn}, ${range('en')}`);
    }
    case 'scale': {
      const val = typeof v === 'number' ? R.fromDecimal(v) : R.ZERO;
      return ok(val, `hội đồng chấm ${pts(val).vi}`, `panel judgement ${pts(val).en}`);
    }
    case 'date-deadline':
      return scoreDeadlines(criteria, ind.code, rule, values);
  }
}

function scoreDeadlines(criteria: LoadedCriteria, code: string, rule: DateDeadlineRule, values: Values): EntryScore {
  const points = criteria.exact.points.get(code)!;
  const latePts = points[rule.ladder.length]!;
  const absentPts = points[rule.ladder.length + 1]!;
  let total = R.ZERO;
  let onTime = 0;
  const vi: string[] = [];
  const en: string[] = [];
  for (const input of rule.inputs) {
    const raw = values[input.name];
    const day = typeof raw === 'string' ? isoDay(raw) : null;
    const dueDay = input.due ? isoDay(input.due) : null;
    const dueVi = input.due ? `hạn ${formatIsoDate(input.due)}` : '';
    const dueEn = input.due ? `due ${formatIsoDate(input.due)}` : '';
    if (day === null) {
      total = R.add(total, absentPts);
      vi.push(`${dueVi ? dueVi + ': ' : ''}chưa có (${pts(absentPts).vi} điểm)`);
      en.push(`${dueEn ? dueEn + ': ' : ''}none (${pts(absentPts).en} points)`);
      continue;
    }
    const step = rule.ladder.findIndex((s) =>
      'onOrBefore' in s ? day <= isoDay(s.onOrBefore)! : dueDay !== null && day - dueDay <= s.daysLate,
    );
    const p = step < 0 ? latePts : points[step]!;
    total = R.add(total, p);
    const date = formatIsoDate(raw as string);
    const late = dueDay === null ? 0 : day - dueDay;
    if (step === 0) onTime++;
    const first = rule.ladder[0]!;
    if (dueDay !== null && !('onOrBefore' in first)) {
      const when = late <= 0 ? ['đúng hạn', 'on time'] : [`muộn ${late} ngày`, `${late} days late`];
      vi.push(`${dueVi}: ngày ${date}, ${when[0]} (${pts(p).vi} điểm)`);
      en.push(`${dueEn}: ${date}, ${when[1]} (${pts(p).en} points)`);
    } else {
      const met = step < 0 ? null : rule.ladder[step]!;
      const bound = met && 'onOrBefore' in met ? formatIsoDate(met.onOrBefore) : null;
      vi.push(bound ? `ngày ${date}, không muộn hơn ${bound} (${pts(p).vi} điểm)` : `ngày ${date}, quá mọi mốc (${pts(p).vi} điểm)`);
      en.push(bound ? `${date}, on or before ${bound} (${pts(p).en} points)` : `${date}, after every deadline (${pts(p).en} points)`);
    }
  }
  if (rule.inputs.length > 1) {
    vi.unshift(`${onTime} trên ${rule.inputs.length} đúng hạn`);
    en.unshift(`${onTime} of ${rule.inputs.length} on time`);
  }
  return ok(total, vi.join('; '), en.join('; '));
}

function scoreItemEntry(criteria: LoadedCriteria, item: Item, values: Values): EntryScore {
  const weights = criteria.exact.itemPoints.get(item.code)!;
  const cap = criteria.exact.itemCap.get(item.code)!;
  let raw = R.ZERO;
  const vi: string[] = [];
  const en: string[] = [];
  for (const input of item.inputs) {
    const v = values[input.name];
    const count = v === true ? 1 : typeof v === 'number' ? v : 0;
    raw = R.add(raw, R.mul(weights.get(input.name)!, R.q(count)));
    const shown = input.kind === 'yesno' ? (count ? ['có', 'yes'] : ['không', 'no']) : [String(count), String(count)];
    vi.push(`${input.label.vi}: ${shown[0]}`);
    en.push(`${input.label.en}: ${shown[1]}`);
  }
  const capped = R.gt(raw, cap);
  if (capped) {
    vi.push(`${pts(raw).vi} điểm, tính tối đa ${pts(cap).vi}`);
    en.push(`${pts(raw).en} points, capped at ${pts(cap).en}`);
  }
  return ok(R.min(raw, cap), vi.join('; '), en.join('; '));
}
