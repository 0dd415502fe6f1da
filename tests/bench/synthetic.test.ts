import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LoadedCriteria } from '../../shared/criteria/loaded';
import { loadCriteria } from '../../shared/criteria/validate';
import { scoreYear } from '../../shared/engine/score';
import { parseCsv } from '../../shared/interchange/csv';
import { readInterchange } from '../../shared/interchange/read';
import { HEADER, indicatorsFor, syntheticCsv } from './synthetic';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function criteria(): LoadedCriteria {
  const loaded = loadCriteria(readFileSync(resolve(root, 'criteria/nq57-2026.1.json'), 'utf8'));
  if (!loaded.ok) throw new Error('the 2026 criteria do not load');
  return loaded.value;
}

describe('the synthetic interchange CSV', () => {
  const c = criteria();
  const small = syntheticCsv({ units: 50, seed: 57, evaluators: 3 });

  it('is deterministic for a seed and changes with it', () => {
    expect(syntheticCsv({ units: 50, seed: 57, evaluators: 3 }).csv).toBe(small.csv);
    expect(syntheticCsv({ units: 50, seed: 58, evaluators: 3 }).csv).not.toBe(small.csv);
  });

  it('has the interchange header, a BOM, CRLF line ends and the row count it reports', () => {
    expect(small.csv.startsWith('\uFEFF' + HEADER + '\r\n')).toBe(true);
    const parsed = parseCsv(small.csv);
    expect(parsed.problems).toEqual([]);
    expect(parsed.records.length).toBe(small.rows + 1);
    expect(small.groups).toEqual({ XA: 42, SO: 7, BC: 1 });
    // Realistic text: quoted fields with commas, doubled quotes, some empty evidence.
    expect(small.csv).toMatch(/,"[^"\r\n]*, [^"\r\n]*",/);
    expect(small.csv).toContain('""Bình dân học vụ số""');
    const evidence = parsed.records.slice(1).filter((r) => r.fields[7] === '').map((r) => r.fields[8]);
    expect(evidence.some((e) => e === '')).toBe(true);
    expect(evidence.some((e) => e !== '')).toBe(true);
  });

  it('reads with no problem and scores every unit on every indicator that applies', () => {
    const read = readInterchange(small.csv, 2026, c);
    expect(read.problems).toEqual([]);
    expect(read.data).not.toBeNull();
    const data = read.data!;
    expect(data.units.length).toBe(50);
    const result = scoreYear(c, data);
    expect(result.units.length).toBe(50);
    for (const u of result.units) {
      const codes = indicatorsFor(u.unit.group as 'SO' | 'XA' | 'BC');
      expect(u.indicators.map((i) => i.code)).toEqual(codes);
      expect(u.completeness.entered).toBe(u.completeness.applicable);
      expect(u.indicators.every((i) => i.status !== 'missing')).toBe(true);
      // Every indicator has the self-assessment and three evaluators; the panel's points count.
      expect(u.indicators.every((i) => i.self !== null && i.evaluators.length === 3)).toBe(true);
      expect(u.indicators.every((i) => i.source === 'panel' || i.status === 'not_applicable')).toBe(true);
      expect(u.rounded).toBeGreaterThanOrEqual(0);
      expect(u.rounded).toBeLessThanOrEqual(105);
    }
    // A spread of bands, not one degenerate value.
    expect(new Set(result.units.map((u) => u.band.code)).size).toBeGreaterThanOrEqual(3);
  });

  it('builds the province shape (45 XA, 14 SO, 2 BC) and other evaluator counts, all valid', () => {
    const province = syntheticCsv({ units: 61, seed: 1, evaluators: 3, groups: { XA: 45, SO: 14, BC: 2 }, provinces: 1 });
    const read = readInterchange(province.csv, 2026, c);
    expect(read.problems).toEqual([]);
    const groups = read.data!.units.reduce<Record<string, number>>((n, u) => ({ ...n, [u.group]: (n[u.group] ?? 0) + 1 }), {});
    expect(groups).toEqual({ XA: 45, SO: 14, BC: 2 });
    expect(scoreYear(c, read.data!).units.length).toBe(61);

    for (const evaluators of [0, 1, 5]) {
      const s = syntheticCsv({ units: 12, seed: 7, evaluators });
      const r = readInterchange(s.csv, 2026, c);
      expect(r.problems).toEqual([]);
      expect(scoreYear(c, r.data!).units.length).toBe(12);
    }
  });

  it('stays valid across seeds (ratios, dates, counts, scale values)', () => {
    for (let seed = 100; seed < 110; seed++) {
      const s = syntheticCsv({ units: 40, seed, evaluators: 3 });
      expect(readInterchange(s.csv, 2026, c).problems).toEqual([]);
    }
  });
});
