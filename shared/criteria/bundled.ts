/**
 * The criteria sets shipped with the app (criteria/*.json), loaded without validating them again.
 *
 * Validating a set is a pure function of its text: the checks, its canonical text and that text's SHA-256.
 * For the shipped sets the tests make it once (tests/criteria/bundled.test.ts: each is valid and has the
 * SHA-256 written below), so the app need not make it at every start: in a cold worker it cost ~150 ms of
 * the first screen in a trace (two sets, the SHA-256 in plain script most of it; npm run bench:ui, start).
 *
 * A set stored in an evaluation file is taken as shipped only when its text is exactly the shipped set's
 * canonical text (`storedBundled`); any other text, altered by one character or from another version, is
 * validated as before (EvaluationFile.criteriaBySha).
 */
import criteria2025 from '../../criteria/nq57-2025.1.json';
import criteria2026 from '../../criteria/nq57-2026.1.json';
import { indexCriteria, type LoadedCriteria } from './loaded';
import type { CriteriaSet } from './types';
import { criteriaText } from './validate';

interface Shipped {
  readonly json: unknown;
  /** SHA-256 of the set's canonical text, without `$schema` (as validateCriteria computes it). */
  readonly sha256: string;
}

/** Per year. When a file here changes, its test says the new SHA-256 to write. */
export const BUNDLED: Readonly<Record<number, Shipped>> = {
  2025: { json: criteria2025, sha256: '2c8eef33f782620112621627e5ee98375e56395dd63896cbdbeb8e2c030f68af' },
  2026: { json: criteria2026, sha256: '89ff648aabdd1699456f14ae68d4b956a0049167208a9a9b49346fd45b9cd8df' },
};

const loaded = new Map<number, LoadedCriteria>();

/** The shipped criteria set of a year, or null when none is shipped for it. */
export function bundledCriteria(year: number): LoadedCriteria | null {
  const shipped = BUNDLED[year];
  if (!shipped) return null;
  let c = loaded.get(year);
  if (!c) {
    c = indexCriteria(shipped.json as CriteriaSet, shipped.sha256);
    loaded.set(year, c);
  }
  return c;
}

/** Canonical texts of the shipped sets by SHA-256, made when first asked (a few milliseconds). */
let canonicalBySha: Map<string, string> | null = null;

/**
 * The set stored in a file under `sha256` with the text `content`, loaded as validateCriteria would load
 * it, when that text is exactly a shipped set's; otherwise null (the caller validates it).
 */
export function storedBundled(sha256: string, content: string): LoadedCriteria | null {
  canonicalBySha ??= new Map(Object.values(BUNDLED).map((s) => [s.sha256, criteriaText(s.json)]));
  if (canonicalBySha.get(sha256) !== content) return null;
  return indexCriteria(JSON.parse(content) as CriteriaSet, sha256);
}
