/**
 * Shared helpers for the engine tests: the two criteria sets as loaded by the app, compact builders for
 * units and entries, a "full marks" unit per group, and readers for the exact fractions the engine returns.
 *
 * Nothing here computes an expected value: expectations are written by hand in the tests.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadedCriteria } from '../../shared/criteria/loaded';
import { loadCriteria } from '../../shared/criteria/validate';
import type { PanelAggregate } from '../../shared/criteria/types';
import * as R from '../../shared/exact/rational';
import { scoreYear, type Entry, type ScoredItem, type Unit, type UnitResult, type YearResult } from '../../shared/engine/score';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CRITERIA_DIR = resolve(ROOT, 'criteria');
export const DOMAIN_DIR = '/work/shared/domain';

export function loadSet(file: string): LoadedCriteria {
  const path = resolve(CRITERIA_DIR, file);
  const r = loadCriteria(readFileSync(path, 'utf8'), path);
  if (!r.ok) throw new Error(`criteria ${file} did not load: ${JSON.stringify(r.problems)}`);
  return r.value;
}

export const C2026 = loadSet('nq57-2026.1.json');
export const C2025 = loadSet('nq57-2025.1.json');

export type Group = 'SO' | 'XA' | 'BC';
export type Values = Entry['values'];

export interface EntryOpts {
  /** Evaluator id; absent = the unit's self-assessment. */
  by?: string;
  evidence?: string;
  explanation?: string;
  accepted?: boolean;
  note?: string;
}

/** One entry (self-assessment unless `by` is given), with a document reference unless told otherwise. */
export const e = (unit: string, code: string, values: Values, opts: EntryOpts = {}): Entry => ({
  unit,
  code,
  evaluator: opts.by ?? null,
  values,
  evidence: opts.evidence ?? 'VB 01/KH',
  explanation: opts.explanation ?? '',
  accepted: opts.accepted ?? false,
  note: opts.note ?? '',
});

export const unit = (code: string, group: Group, name = `Đơn vị ${code}`): Unit => ({ code, name, group });

/**
 * Entries giving every indicator that applies to `group` its full points in 2026:
 * SO and XA 100 points, BC 92 (2.3 and 2.8 do not apply to the press).
 */
export function fullMarks(u: string, group: Group): Entry[] {
  const list: Entry[] = [
    e(u, '1.1', { value: '2025-12-01' }), // 6
    e(u, '1.2', { value: 'plan_and_budget' }), // 4
    e(u, '1.3', { value: true }), // 2
    e(u, '1.4', { report_jun: '2026-06-01', report_dec: '2026-12-01' }), // 4 + 4
    e(u, '2.1', { value: 'active' }), // 5
    e(u, '2.2', { value: group === 'SO' ? 24 : group === 'XA' ? 12 : 200 }), // 7
    e(u, '2.4', { value: 3 }), // 4
    e(u, '2.5', { value: true }), // 2
    e(u, '2.6', { value: 10 }), // 3
    e(u, '2.7', { value: group === 'BC' ? 2 : 4 }), // 3
    e(u, '2.9', { value: 4 }), // 3
    e(u, '3.1', { numerator: 100, denominator: 100 }), // 8
    e(u, '3.2', { numerator: 50, denominator: 50 }), // 8
    e(u, '3.3', { numerator: 4, denominator: 10 }), // 6
    e(u, '4.1', { value: true }), // 3
    e(u, '4.2', { value: 2 }), // 4
    e(u, '4.3', { value: 3 }), // 3
  ];
  if (group !== 'BC') {
    list.push(e(u, '2.3', { numerator: 5, denominator: 5 })); // 6
    list.push(e(u, '2.8', { value: group === 'SO' ? 5 : 20 })); // 2
    list.push(e(u, '5.1b', { value: 5 }, { explanation: 'Báo cáo theo dõi đầy đủ' })); // 5
  } else {
    list.push(e(u, '5.1a', { value: 6 })); // 5
  }
  if (group === 'SO') list.push(e(u, '3.4b', { value: 3 })); // 8
  if (group === 'XA') list.push(e(u, '3.4a', { numerator: 60, denominator: 100 })); // 8
  if (group === 'BC') list.push(e(u, '3.4c', { value: 24 })); // 8
  return list;
}

/** Replaces (by indicator code) the self-assessed entries of `base` with `changes`, keeping the rest. */
export function withChanges(base: readonly Entry[], changes: readonly Entry[]): Entry[] {
  const replaced = new Set(changes.filter((c) => c.evaluator === null).map((c) => `${c.unit}|${c.code}`));
  return [...base.filter((b) => b.evaluator !== null || !replaced.has(`${b.unit}|${b.code}`)), ...changes];
}

export interface RunOpts {
  panel?: PanelAggregate;
  source?: 'panel' | 'self';
  criteria?: LoadedCriteria;
  year?: number;
}

export function run(units: readonly Unit[], entries: readonly Entry[], opts: RunOpts = {}): YearResult {
  const criteria = opts.criteria ?? C2026;
  const options = { ...(opts.panel ? { panel: opts.panel } : {}), ...(opts.source ? { source: opts.source } : {}) };
  return scoreYear(criteria, { year: opts.year ?? criteria.set.year, units, entries }, options);
}

/** Scores a single unit "U" of `group` with the given entries. */
export function scoreOne(group: Group, entries: readonly Entry[], opts: RunOpts = {}): UnitResult {
  const r = run([unit('U', group)], entries, opts);
  return r.units[0]!;
}

export function indicator(r: UnitResult, code: string): ScoredItem {
  const found = r.indicators.find((i) => i.code === code) ?? r.items.find((i) => i.code === code);
  if (!found) throw new Error(`no indicator or item ${code} for unit ${r.unit.code}`);
  return found;
}

/** The scored indicator `code` for a single unit of `group` that has only this one entry. */
export function scoreIndicator(group: Group, code: string, values: Values, opts: EntryOpts & RunOpts = {}): ScoredItem {
  return indicator(scoreOne(group, [e('U', code, values, opts)], opts), code);
}

/** Points of an indicator for a unit with only that entry, as a plain number (exact for the values used). */
export function points(group: Group, code: string, values: Values, opts: EntryOpts & RunOpts = {}): number {
  return R.toNumber(scoreIndicator(group, code, values, opts).points);
}

/** An exact fraction as "n/d" (or "n" for an integer), for exact comparisons such as 35/12. */
export function fr(x: R.Q): string {
  const n = BigInt(x.n);
  const d = BigInt(x.d);
  return d === 1n ? String(n) : `${n}/${d}`;
}

export function byCode(result: YearResult, code: string): UnitResult {
  const u = result.units.find((x) => x.unit.code === code);
  if (!u) throw new Error(`no unit ${code}`);
  return u;
}

export function group(r: UnitResult, code: string): { points: string; max: string } {
  const g = r.groups.find((x) => x.code === code);
  if (!g) throw new Error(`no group ${code}`);
  return { points: fr(g.points), max: fr(g.max) };
}
