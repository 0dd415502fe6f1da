/** Fixtures of the results tests: two small criteria sets, a province in which communes merged, and its data. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedCriteria } from '../../shared/criteria/loaded';
import { loadCriteria, validateCriteria } from '../../shared/criteria/validate';
import type { YearData } from '../../shared/engine/score';
import { readInterchange } from '../../shared/interchange/read';

export const FIXTURES = join(__dirname, 'fixtures');
export const fixture = (name: string) => join(FIXTURES, name);

export function criteriaFile(path: string): LoadedCriteria {
  const r = loadCriteria(readFileSync(path, 'utf8'), path);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

/** A criteria set from JSON, which must load. */
export function criteriaJson(json: unknown): LoadedCriteria {
  const r = validateCriteria(json);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

export const rawJson = (name: string) => JSON.parse(readFileSync(fixture(name), 'utf8'));

export function yearOf(csvPath: string, criteria: LoadedCriteria, year = criteria.set.year): YearData {
  const r = readInterchange(readFileSync(csvPath, 'utf8'), year, criteria, csvPath);
  if (!r.data) throw new Error(JSON.stringify(r.problems));
  return r.data;
}

/**
 * The compare fixture (hand computation in compare.test.ts): 2025 with 7 units, 2026 with 5, after X01 and
 * X02 merged into X10 and X04 absorbed X05 (keeping its code). Indicator 2.1 of 2025 is 2.10 in 2026.
 */
export const C2025 = () => criteriaFile(fixture('compare-2025.json'));
export const C2026 = () => criteriaFile(fixture('compare-2026.json'));
export const MERGERS = new Map([
  ['X10', ['X01', 'X02']],
  ['X04', ['X05']],
]);
