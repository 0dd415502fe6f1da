/**
 * The shipped criteria sets are loaded without validating them at every start (shared/criteria/bundled.ts):
 * this is where they are validated instead. Each must be valid, have the SHA-256 the module writes down, and
 * load exactly as validateCriteria loads it; a set stored in a file is taken as shipped only when its text
 * is the shipped text to the character.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED, bundledCriteria, storedBundled } from '../../shared/criteria/bundled';
import { criteriaText as storedText, validateCriteria } from '../../shared/criteria/validate';

const CRITERIA_DIR = resolve(import.meta.dirname, '../../criteria');
const years = Object.keys(BUNDLED).map(Number);

/** validateCriteria's result, or the test fails with its problems. */
function validated(json: unknown) {
  const r = validateCriteria(json as never);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message.en).join('\n'));
  return r.value;
}

describe('the shipped criteria sets', () => {
  it('ships every criteria file of the criteria folder, one per year', () => {
    const files = readdirSync(CRITERIA_DIR).filter((f) => /^nq57-\d{4}\.\d+\.json$/.test(f));
    const shipped = years.map((y) => validated(BUNDLED[y]!.json).set.version);
    expect(files.map((f) => f.replace(/^nq57-|\.json$/g, '')).sort()).toEqual(shipped.sort());
  });

  it.each(years)('%i: is valid and has the SHA-256 written in shared/criteria/bundled.ts', (year) => {
    const file = readdirSync(CRITERIA_DIR).find((f) => f.startsWith(`nq57-${year}.`))!;
    // The JSON as the app bundles it is the file on disk.
    expect(BUNDLED[year]!.json).toEqual(JSON.parse(readFileSync(join(CRITERIA_DIR, file), 'utf8')));
    const v = validated(BUNDLED[year]!.json);
    expect(v.set.year).toBe(year);
    expect(BUNDLED[year]!.sha256, `criteria/${file} changed: write its new SHA-256 in shared/criteria/bundled.ts`).toBe(v.ident.sha256);
  });

  it.each(years)('%i: loads exactly as validateCriteria loads it, from the file and as a file stores it', (year) => {
    const json = BUNDLED[year]!.json;
    expect(bundledCriteria(year)).toEqual(validated(json));
    const stored = storedText(json);
    expect(stored).not.toContain('$schema');
    expect(storedBundled(BUNDLED[year]!.sha256, stored)).toEqual(validated(JSON.parse(stored)));
  });

  it('takes no other text as shipped: one character changed, another set’s key, an unknown key', () => {
    const stored = storedText(BUNDLED[2026]!.json);
    const sha = BUNDLED[2026]!.sha256;
    const altered = stored.replace('"max":', '"max": ');
    expect(altered).not.toBe(stored);
    expect(storedBundled(sha, altered)).toBeNull();
    expect(storedBundled(sha, stored.replace(/"scale":(\d+)/, (_m, n) => `"scale":${Number(n) + 1}`))).toBeNull();
    expect(storedBundled(BUNDLED[2025]!.sha256, stored)).toBeNull();
    expect(storedBundled('0'.repeat(64), stored)).toBeNull();
  });

  it('has no set for a year nothing is shipped for', () => {
    expect(bundledCriteria(2019)).toBeNull();
  });
});
