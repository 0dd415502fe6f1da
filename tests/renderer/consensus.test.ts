/**
 * The panel view's consensus value in the worker (renderer/src/worker/consensus.ts): set with a reason, it
 * replaces the members' mean for that unit and indicator; refusals change nothing; clearing needs a reason;
 * the history keeps each step. Also the grid's day-first dates.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { SELF } from '../../shared/file/evaluation-file';
import { EngineSession } from '../../renderer/src/worker/engine-session';
import { sql, testEnv } from '../file/helpers';

const DEMO = readFileSync('demo/dien-bien.csv', 'utf8');
let s: EngineSession;

beforeEach(async () => {
  s = new EngineSession(await sql(), (actor) => testEnv(actor));
  s.createDemo(DEMO, 'Thư ký');
});

const row = (code: string, unit = '03325') => s.panel(2026, unit).find((r) => r.code === code)!;
const item = (code: string, unit = '03325') => s.unitScore(2026, unit)!.indicators.find((i) => i.code === code)!;
const failureOf = (f: () => unknown): { vi: string; en: string } => {
  try {
    f();
  } catch (e) {
    return (e as { text: { vi: string; en: string } }).text;
  }
  throw new Error('no refusal');
};

describe('the consensus value in the panel view', () => {
  it('replaces the mean of the members for that unit and indicator only, and says so with the reason', () => {
    const before = row('5.1b');
    expect(before.consensus).toBeNull();
    expect(before.points).toBe(before.mean); // without a consensus the points are the members' mean
    const otherUnit = s.unitScore(2026, 'SKHCN')!.score;

    s.setConsensus({ year: 2026, unit: '03325', code: '5.1b', points: '3', reason: 'Biên bản họp ngày 20/11/2026' });
    const after = row('5.1b');
    expect(after.consensus).toMatchObject({ points: '3', reason: 'Biên bản họp ngày 20/11/2026', by: 'Thư ký' });
    expect(after.points).toBe(3);
    expect(after.mean).toBe(before.mean); // the members' own points are untouched
    expect(item('5.1b').explanation.vi).toContain('Điểm thống nhất của hội đồng: 3/5');
    expect(item('5.1b').explanation.vi).toContain('Biên bản họp ngày 20/11/2026');
    expect(s.unitScore(2026, 'SKHCN')!.score).toBe(otherUnit);
  });

  it('accepts a decimal comma, and refuses out of range, too many decimals or no reason, storing nothing', () => {
    s.setConsensus({ year: 2026, unit: '03325', code: '5.1b', points: '3,75', reason: 'Thống nhất tại cuộc họp' });
    expect(row('5.1b').points).toBe(3.75);
    const score = s.unitScore(2026, '03325')!.score;
    for (const [points, reason, pattern] of [
      ['6', 'lý do', /5\.1b/],
      ['-1', 'lý do', /5\.1b/],
      ['2,125', 'lý do', /5\.1b/],
      ['abc', 'lý do', /5\.1b/],
      ['2', '   ', /lý do/i],
    ] as const) {
      const text = failureOf(() => s.setConsensus({ year: 2026, unit: '03325', code: '5.1b', points, reason }));
      expect(text.vi, `${points} / "${reason}"`).toMatch(pattern);
      expect(text.en.length).toBeGreaterThan(10);
    }
    expect(row('5.1b').consensus?.points).toBe('3.75');
    expect(s.unitScore(2026, '03325')!.score).toBe(score);
  });

  it('clears only with a reason; the mean counts again; the history keeps set and clear with their reasons', () => {
    s.setConsensus({ year: 2026, unit: '03325', code: '5.1b', points: '3', reason: 'Họp lần 1' });
    expect(() => s.setConsensus({ year: 2026, unit: '03325', code: '5.1b', points: null, reason: '' })).toThrow();
    expect(row('5.1b').consensus).not.toBeNull();
    s.setConsensus({ year: 2026, unit: '03325', code: '5.1b', points: null, reason: 'Họp lần 2: theo trung bình' });
    expect(row('5.1b').consensus).toBeNull();
    expect(row('5.1b').points).toBe(row('5.1b').mean);
    const history = s.consensusHistory(2026, '03325', '5.1b');
    expect(history.map((h) => h.reason)).toEqual(['Họp lần 1', 'Họp lần 2: theo trung bình']);
    expect(history[0]!.after).toEqual({ vi: '3', en: '3' });
    expect(history[1]!.before).toEqual({ vi: '3', en: '3' });
    expect(history[1]!.after).toBeNull();
  });
});

describe('dates in the grid', () => {
  it('are typed day first, and a wrong day is refused with the day-first form in the message', () => {
    const ok = s.edit({ year: 2026, unit: '03325', code: '1.1', who: SELF, field: 'v1', value: '20/03/2026' });
    expect(ok.ok && ok.row.v1).toBe('2026-03-20');
    const bad = s.edit({ year: 2026, unit: '03325', code: '1.1', who: SELF, field: 'v1', value: '31/02/2026' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message.vi).toBe('Ngày không hợp lệ: cần dạng ngày/tháng/năm, ví dụ 10/06/2026');
    expect(s.snapshot(2026, '03325', '1.1', SELF)!.values).toMatchObject({ value: '2026-03-20' });
  });
});
