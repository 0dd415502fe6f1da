/**
 * Edits rescore only the edited unit (engine/score.ts, rescoreUnits): after any sequence of edits, by anyone,
 * what the worker answers and shows is what a session that scores the whole year from the file would show.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SELF } from '../../shared/file/evaluation-file';
import { EngineSession } from '../../renderer/src/worker/engine-session';
import type { UnitListItem } from '../../renderer/src/worker/protocol';
import { applyListChanges, autosaveDelay, guessExportMs } from '../../renderer/src/screens/workspace-logic';
import { sql, testEnv } from '../file/helpers';

const DEMO = readFileSync('demo/dien-bien.csv', 'utf8');
const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;


describe('incremental rescoring', () => {
  it('equals scoring the whole year again, for the unit edited, another unit, the list and the panel view', async () => {
    const SQL = await sql();
    const s = new EngineSession(SQL, (actor) => testEnv(actor));
    s.createDemo(DEMO, 'Thư ký');
    const units = s.unitList(2026).map((u) => u.code);
    const who = [SELF, ...s.summary().evaluators.map((e) => e.id)];
    const edit = fc.record({
      unit: fc.constantFrom(...units),
      who: fc.constantFrom(...who),
      code: fc.constantFrom('1.3', '2.2', '2.4', '2.6', '4.2', 'T2'),
      value: fc.oneof(fc.integer({ min: 0, max: 30 }).map(String), fc.constantFrom('', '0', '1')),
    });
    let list = s.unitList(2026);
    s.unitScore(2026, units[0]!); // the self-assessment's results cached too
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), fc.constantFrom(...units), (edits, other) => {
        for (const e of edits) {
          const r = s.edit({ year: 2026, unit: e.unit, code: e.code, who: e.who, field: 'v1', value: e.value });
          if (!r.ok || !r.changed) continue;
          list = applyListChanges(list, r.units);
          const fresh = new EngineSession(SQL, (actor) => testEnv(actor));
          fresh.open(s.exportBytes(), 'Thư ký');
          expect(list).toEqual(fresh.unitList(2026));
          expect(plain(r.score)).toEqual(plain(fresh.unitScore(2026, e.unit)));
          expect(plain(s.unitScore(2026, other))).toEqual(plain(fresh.unitScore(2026, other)));
          expect(plain(s.sheet(2026, e.who, e.unit))).toEqual(plain(fresh.sheet(2026, e.who, e.unit)));
          expect(plain(s.panel(2026, e.unit))).toEqual(plain(fresh.panel(2026, e.unit)));
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});

describe('autosave timing', () => {
  it('saves a province 1.5 s after the last change and a file slow to export only after a pause of 20 exports, at most a minute', () => {
    expect(autosaveDelay(0)).toBe(1500);
    expect(autosaveDelay(40)).toBe(1500); // a province exports in tens of milliseconds
    expect(autosaveDelay(200)).toBe(4000);
    expect(autosaveDelay(5000)).toBe(60_000);
  });

  it('guesses the export from the file size until one is timed: a province waits 1.5 s, a national file most of a minute', () => {
    expect(autosaveDelay(guessExportMs(undefined))).toBe(1500);
    expect(autosaveDelay(guessExportMs(2_867_200))).toBe(1500); // the demo file
    const national = autosaveDelay(guessExportMs(234 * 1024 * 1024)); // 4,000 units
    expect(national).toBeGreaterThanOrEqual(45_000);
    expect(national).toBeLessThanOrEqual(60_000);
  });
});

describe('unit list changes', () => {
  const item = (code: string, score: number, rank: number): UnitListItem => ({ code, name: code, group: 'XA', score, rank, band: 'B', bandLabel: { vi: 'B', en: 'B' }, bandNote: null, completeness: 50 });
  const list = [item('A', 90, 1), item('B', 80, 2), item('C', 70, 3)];

  it('keeps the unchanged items themselves and follows a new order', () => {
    const b = item('B', 95, 1);
    const next = applyListChanges(list, { changed: [b, item('A', 90, 2)], order: ['B', 'A', 'C'], complete: false });
    expect(next.map((u) => u.code)).toEqual(['B', 'A', 'C']);
    expect(next[0]).toBe(b);
    expect(next[2]).toBe(list[2]); // same object: its row is not rendered again
  });

  it('returns the same list when nothing changed, and the whole new list when complete', () => {
    expect(applyListChanges(list, { changed: [], order: null, complete: false })).toBe(list);
    const whole = [item('C', 99, 1)];
    expect(applyListChanges(list, { changed: whole, order: null, complete: true })).toBe(whole);
  });
});
