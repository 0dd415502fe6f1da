/**
 * The engine against results computed independently of it: tests/fixtures/province/oracle.py is a separate
 * Python implementation (exact fractions) written from criteria-2026.md without reading the engine. Its
 * expected results for the whole demo province and for small hand-checked fixtures are checked in; here the
 * CLI must reproduce them to the cent, unit by unit, in the same listing order.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run';

interface ExpectedUnit {
  unit: string;
  name: string;
  group: string;
  score: number;
  base: number;
  bonus: number;
  deduction: number;
  band: string;
  rank: number;
  proposal: string | null;
  groups: Record<string, { points: number; max: number }>;
  indicators: Record<string, { points: number; max: number; status: string }>;
}

const FIXTURES = 'tests/fixtures/province';

interface Case {
  name: string;
  data: string;
  expected: string;
  panel: string;
}

function cases(): Case[] {
  const out: Case[] = [];
  const add = (name: string, data: string, dir: string) => {
    for (const f of readdirSync(dir).filter((f) => /^expected.*\.json$/.test(f)).sort()) {
      const panel = /-(mean|median|trimmed)\.json$/.exec(f)?.[1] ?? 'mean';
      out.push({ name: `${name} ${f}`, data, expected: join(dir, f), panel });
    }
  };
  add('province', 'demo/dien-bien.csv', FIXTURES);
  for (const d of readdirSync(join(FIXTURES, 'small')).sort()) {
    const dir = join(FIXTURES, 'small', d);
    if (existsSync(join(dir, 'data.csv'))) add(d, join(dir, 'data.csv'), dir);
  }
  return out;
}

const all = cases();

it('finds the whole-province fixture and the small ones', () => {
  expect(all.filter((c) => c.name.startsWith('province')).map((c) => c.expected)).toHaveLength(4);
  expect(all.length).toBeGreaterThanOrEqual(15);
});

const outputs = new Map<string, Awaited<ReturnType<typeof runCli>>>();
for (const c of all) {
  const want = JSON.parse(readFileSync(c.expected, 'utf8')) as { year: number };
  outputs.set(c.name, await runCli(['score', '--data', c.data, '--year', String(want.year), '--panel', c.panel, '--json']));
}

describe.each(all)('$name', ({ name, expected }) => {
  const want = JSON.parse(readFileSync(expected, 'utf8')) as { year: number; units: ExpectedUnit[] };
  const out = outputs.get(name)!;
  const got = out.code === 0 ? (JSON.parse(out.stdout).units as ExpectedUnit[]) : [];

  it('scores without input problems', () => {
    expect(out.stderr.split('\n').filter((l) => l && !l.startsWith('cảnh báo'))).toEqual([]);
    expect(out.code).toBe(0);
  });

  it('lists the same units in the same order', () => {
    expect(got.map((u) => u.unit)).toEqual(want.units.map((u) => u.unit));
  });

  it.each(want.units.map((u) => [u.unit, u] as const))('unit %s: score, band, rank, proposal, groups and indicators to the cent', (code, w) => {
    const g = got.find((u) => u.unit === code)!;
    expect(g).toBeDefined();
    const pick = (u: ExpectedUnit) => ({
      name: u.name,
      group: u.group,
      score: u.score,
      base: u.base,
      bonus: u.bonus,
      deduction: u.deduction,
      band: u.band,
      rank: u.rank,
      proposal: u.proposal,
      groups: u.groups,
      indicators: Object.fromEntries(Object.entries(u.indicators).map(([k, v]) => [k, { points: v.points, max: v.max, status: v.status }])),
    });
    expect(pick(g)).toEqual(pick(w));
  });
});
