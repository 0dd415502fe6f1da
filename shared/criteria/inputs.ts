/**
 * The inputs each indicator or bonus/deduction item takes, and how a raw value (a CSV cell, a form field)
 * becomes a typed value. Shared by the interchange CSV reader, the app's cell editors and the workbook import,
 * so a value refused in one place is refused everywhere with the same message.
 */
import { text, type Text } from '../i18n/text';
import type { CountTargetRule, Indicator, Item, Rule } from './types';

export type InputKind = 'yesno' | 'date' | 'choice' | 'count' | 'scale';

export interface InputSpec {
  readonly name: string;
  readonly kind: InputKind;
  readonly label?: Text;
  /** choice: the allowed option codes. */
  readonly options?: readonly string[];
  /** count: largest allowed count; scale: largest allowed value. */
  readonly max?: number;
  /** scale: values must be multiples of this. */
  readonly step?: number;
}

/** yes/no, a date, a choice code, a whole number or a scale value; null = left empty. */
export type InputValue = boolean | number | string;

export const RATIO_INPUTS = ['numerator', 'denominator'] as const;

export function ruleInputs(rule: Rule, indicatorMax: number): InputSpec[] {
  switch (rule.type) {
    case 'yesno':
      return [{ name: 'value', kind: 'yesno' }];
    case 'date-deadline':
      return rule.inputs.map((i) => ({ name: i.name, kind: 'date' }));
    case 'choice':
      return [{ name: 'value', kind: 'choice', options: rule.options.map((o) => o.code) }];
    case 'count-target':
      return [countSpec(rule)];
    case 'count-steps':
      return [{ name: 'value', kind: 'count' }];
    case 'ratio-target':
    case 'ratio-brackets':
      return RATIO_INPUTS.map((name) => ({ name, kind: 'count' }));
    case 'scale':
      return [{ name: 'value', kind: 'scale', max: indicatorMax, step: rule.step }];
  }
}

function countSpec(rule: CountTargetRule): InputSpec {
  return rule.maxCount === undefined ? { name: 'value', kind: 'count' } : { name: 'value', kind: 'count', max: rule.maxCount };
}

export function indicatorInputs(indicator: Indicator): InputSpec[] {
  return ruleInputs(indicator.rule, indicator.max).map((s) => {
    const label = indicator.inputLabels?.[s.name];
    return label ? { ...s, label } : s;
  });
}

export function itemInputs(item: Item): InputSpec[] {
  return item.inputs.map((i) => ({ name: i.name, kind: i.kind, label: i.label }));
}

const YES = new Set(['1', 'yes', 'có', 'co', 'true']);
const NO = new Set(['0', 'no', 'không', 'khong', 'false']);

export type ParsedInput = { ok: true; value: InputValue | null } | { ok: false; message: Text };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a valid ISO date, or null. Pure arithmetic on UTC, so no time zone can shift it. */
export function isoDay(iso: string): number | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return t / 86_400_000;
}

/** Parses one raw value. Empty text means "not entered" (null), which is not the same as zero. */
export function parseInput(spec: InputSpec, raw: string): ParsedInput {
  const s = raw.trim();
  if (s === '') return { ok: true, value: null };
  switch (spec.kind) {
    case 'yesno': {
      const k = s.toLowerCase();
      if (YES.has(k)) return { ok: true, value: true };
      if (NO.has(k)) return { ok: true, value: false };
      return fail('Giá trị có/không phải là 1/0, có/không hoặc yes/no', 'A yes/no value must be 1/0, có/không or yes/no');
    }
    case 'date':
      if (isoDay(s) === null) {
        return fail('Ngày không hợp lệ, cần dạng YYYY-MM-DD (ví dụ 2026-06-10)', 'Invalid date, expected YYYY-MM-DD (e.g. 2026-06-10)');
      }
      return { ok: true, value: s };
    case 'choice': {
      const options = spec.options ?? [];
      if (!options.includes(s)) {
        return fail(`Lựa chọn không có trong danh sách: ${options.join(', ')}`, `Choice not among the options: ${options.join(', ')}`);
      }
      return { ok: true, value: s };
    }
    case 'count': {
      if (/^-\d+$/.test(s)) return fail('Số lượng không được âm', 'A count cannot be negative');
      if (!/^\d+$/.test(s)) return fail('Không phải số nguyên không âm', 'Not a whole number ≥ 0');
      const n = Number(s);
      if (!Number.isSafeInteger(n)) return fail('Số quá lớn', 'Number too large');
      if (spec.max !== undefined && n > spec.max) {
        return fail(`Số lượng vượt quá tối đa ${spec.max}`, `Count above the maximum of ${spec.max}`);
      }
      return { ok: true, value: n };
    }
    case 'scale': {
      // Vietnamese spreadsheets write 2,5 for 2.5; both are accepted.
      const norm = s.replace(',', '.');
      if (/^-\d+(\.\d+)?$/.test(norm)) return fail('Điểm không được âm', 'A score cannot be negative');
      if (!/^\d+(\.\d+)?$/.test(norm)) return fail('Không phải số', 'Not a number');
      const v = Number(norm);
      const max = spec.max ?? Infinity;
      const step = spec.step ?? 0.25;
      const steps = v / step;
      if (v > max || Math.abs(steps - Math.round(steps)) > 1e-9) {
        return fail(
          `Điểm phải từ 0 đến ${String(max).replace('.', ',')}, là bội của ${String(step).replace('.', ',')}`,
          `A score must be from 0 to ${max} in steps of ${step}`,
        );
      }
      return { ok: true, value: Math.round(steps) * step };
    }
  }
}

function fail(vi: string, en: string): ParsedInput {
  return { ok: false, message: text(vi, en) };
}
