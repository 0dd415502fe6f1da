/**
 * Consensus values (giá trị thống nhất): in panel scoring the value the panel settled on replaces the
 * evaluators' aggregate (or the self-assessment where no evaluator entered the item); the evidence gate still
 * applies after it; 'self' scoring ignores it. Every expected number is worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import type { Consensus, Entry } from '../../shared/engine/score';
import * as R from '../../shared/exact/rational';
import { scoreJson } from '../../shared/results/present';
import { C2026, e, fr, fullMarks, indicator, unit, withChanges } from './helpers';
import { scoreYear } from '../../shared/engine/score';
import type { PanelAggregate } from '../../shared/criteria/types';

const REASON = 'Biên bản họp hội đồng ngày 20/11/2026: đối chiếu danh sách người tham gia';

/**
 * A press agency (BC) with full marks on everything that applies to it (92 points: 2.3 and 2.8 do not apply),
 * except 3.2 (max 8, ratio-target 100%), which three evaluators appraised: 5/8 → 5, 7/8 → 7, 8/8 → 8.
 */
function pressAgency(opts: { evidence?: string } = {}): Entry[] {
  const ev = opts.evidence ?? 'Danh sách 3.2';
  const appraisals = [
    e('U', '3.2', { numerator: 5, denominator: 8 }, { by: 'An', evidence: ev }),
    e('U', '3.2', { numerator: 7, denominator: 8 }, { by: 'Bình', evidence: ev }),
    e('U', '3.2', { numerator: 8, denominator: 8 }, { by: 'Chi', evidence: ev }),
  ];
  const base = fullMarks('U', 'BC').filter((x) => x.code !== '3.2');
  // The unit's own claim for 3.2: 50 of 50 → 8 (kept beside the panel's points, never mixed in).
  return [...base, e('U', '3.2', { numerator: 50, denominator: 50 }, { evidence: ev }), ...appraisals];
}

function score(entries: readonly Entry[], consensus: readonly Consensus[] = [], opts: { source?: 'panel' | 'self'; panel?: PanelAggregate } = {}) {
  return scoreYear(C2026, { year: 2026, units: [unit('U', 'BC')], entries, consensus }, opts).units[0]!;
}

const seven: Consensus = { unit: 'U', code: '3.2', points: '7', reason: REASON, by: 'Thư ký', at: '2026-11-20T09:00:00.000Z' };

describe('a consensus value replaces the evaluators’ aggregate', () => {
  it('three evaluators 5, 7, 8 of 8 → mean 20/3; a consensus of 7 changes the total by 25/69', () => {
    const without = score(pressAgency());
    const item = indicator(without, '3.2');
    expect(fr(item.points)).toBe('20/3');
    expect(item.source).toBe('panel');
    // earned = 84 (the other BC indicators) + 20/3 = 272/3 of an applicable 92 → base = 100 × 272/3 / 92 = 6800/69.
    expect(fr(without.base)).toBe('6800/69');
    expect(without.rounded).toBe(98.55);

    const withIt = score(pressAgency(), [seven]);
    const settled = indicator(withIt, '3.2');
    expect(fr(settled.points)).toBe('7');
    expect(settled.source).toBe('consensus');
    expect(settled.status).toBe('ok');
    // earned = 84 + 7 = 91 → base = 100 × 91 / 92 = 2275/23 = 98.913…
    expect(fr(withIt.base)).toBe('2275/23');
    expect(withIt.rounded).toBe(98.91);
    // The change: 2275/23 − 6800/69 = 6825/69 − 6800/69 = 25/69.
    expect(fr(R.sub(withIt.score, without.score))).toBe('25/69');
    expect(withIt.groups.find((g) => g.code === 'III')!.points).toEqual(R.q(30 - 8 + 7));
  });

  it('explains itself in both languages: the value, what the evaluators’ aggregate was, and the reason', () => {
    const item = indicator(score(pressAgency(), [seven]), '3.2');
    expect(item.explanation.vi).toBe(`Điểm thống nhất của hội đồng: 7/8 (thay cho trung bình 6,67 của 3 thành viên: An 5, Bình 7, Chi 8); lý do: ${REASON}`);
    expect(item.explanation.en).toBe(`Panel consensus: 7/8 (in place of the mean 6.67 of 3 panel members: An 5, Bình 7, Chi 8); reason: ${REASON}`);
    expect(item.consensus).toMatchObject({ reason: REASON, by: 'Thư ký', replaced: { source: 'panel' } });
    expect(fr(item.consensus!.replaced.points!)).toBe('20/3');
  });

  it('keeps each evaluator’s own points and the self-assessment visible', () => {
    const item = indicator(score(pressAgency(), [seven]), '3.2');
    expect(item.evaluators.map((x) => [x.evaluator, fr(x.points!)])).toEqual([
      ['An', '5'],
      ['Bình', '7'],
      ['Chi', '8'],
    ]);
    expect(fr(item.self!.points!)).toBe('8');
  });

  it('names the aggregate it replaced: the median of 5, 7, 8 is 7', () => {
    const item = indicator(score(pressAgency(), [{ ...seven, points: '6.5' }], { panel: 'median' }), '3.2');
    expect(fr(item.points)).toBe('13/2');
    expect(item.explanation.vi).toMatch(/^Điểm thống nhất của hội đồng: 6,5\/8 \(thay cho trung vị 7 của 3 thành viên: An 5, Bình 7, Chi 8\); lý do: /);
  });

  it('is exact: 6.25 stays 25/4, and a unit without a consensus is not touched', () => {
    const r = scoreYear(
      C2026,
      { year: 2026, units: [unit('U', 'BC'), unit('V', 'BC')], entries: [...pressAgency(), ...pressAgency().map((x) => ({ ...x, unit: 'V' }))], consensus: [{ ...seven, points: '6.25' }] },
      {},
    );
    const u = r.units.find((x) => x.unit.code === 'U')!;
    const v = r.units.find((x) => x.unit.code === 'V')!;
    expect(fr(indicator(u, '3.2').points)).toBe('25/4');
    expect(fr(indicator(v, '3.2').points)).toBe('20/3');
    expect(indicator(v, '3.2').source).toBe('panel');
    expect(indicator(v, '3.2').consensus).toBeUndefined();
  });

  it('replaces one evaluator’s points, or the self-assessment where no evaluator entered the item', () => {
    const one = score(withChanges(fullMarks('U', 'BC'), [e('U', '2.2', { value: 100 }, { by: 'An' })]), [{ ...seven, code: '2.2', points: '6' }]);
    // An: 7 × 100/200 = 3.5.
    expect(indicator(one, '2.2').explanation.vi).toBe(`Điểm thống nhất của hội đồng: 6/7 (thay cho 3,5 do An thẩm định); lý do: ${REASON}`);
    const self = score(fullMarks('U', 'BC'), [{ ...seven, code: '2.2', points: '5' }]);
    expect(indicator(self, '2.2').explanation.en).toBe(`Panel consensus: 5/7 (in place of the self-assessed 7); reason: ${REASON}`);
    expect(fr(self.earned)).toBe('90'); // 92 − 7 + 5
  });

  it('makes an indicator the evaluators all marked not applicable count, with its points and maximum', () => {
    const entries = withChanges(fullMarks('U', 'BC'), [
      e('U', '3.2', { numerator: 0, denominator: 0 }, { by: 'An' }),
      e('U', '3.2', { numerator: 0, denominator: 0 }, { by: 'Bình' }),
    ]);
    const without = score(entries);
    expect(indicator(without, '3.2').status).toBe('not_applicable');
    expect(fr(without.applicableMax)).toBe('84');
    const withIt = score(entries, [{ ...seven, points: '4' }]);
    expect(indicator(withIt, '3.2')).toMatchObject({ status: 'ok', source: 'consensus' });
    expect(indicator(withIt, '3.2').explanation.vi).toMatch(/\(thay cho: các thành viên hội đồng đánh giá không áp dụng\)/);
    // The other BC indicators earn 84 of 84; with 3.2 settled at 4 of 8: 88 of 92.
    expect(fr(withIt.applicableMax)).toBe('92');
    expect(fr(withIt.earned)).toBe('88');
  });

  it('applies to a deduction, which needs no evidence: D2 settled at 3 with no entry at all', () => {
    const r = score(fullMarks('U', 'BC'), [{ ...seven, code: 'D2', points: '3' }]);
    const d2 = indicator(r, 'D2');
    expect(d2).toMatchObject({ status: 'ok', source: 'consensus' });
    expect(d2.explanation.vi).toBe(`Điểm thống nhất của hội đồng: −3/6 (chưa có số liệu nào); lý do: ${REASON}`);
    // base 100 (92 of 92), deduction 3 → 97.
    expect(r.rounded).toBe(97);
  });
});

describe('the evidence gate still applies after a consensus', () => {
  it('no document and no accepted explanation → 0, status no_evidence, the explanation says what was settled', () => {
    const r = score(pressAgency({ evidence: '' }), [seven]);
    const item = indicator(r, '3.2');
    expect(item).toMatchObject({ status: 'no_evidence', source: 'consensus' });
    expect(fr(item.points)).toBe('0');
    expect(fr(item.computed)).toBe('7');
    expect(item.explanation.vi).toBe(
      `0/8: 7 điểm thống nhất của hội đồng (thay cho trung bình 6,67 của 3 thành viên: An 5, Bình 7, Chi 8; lý do: ${REASON}) nhưng không có tài liệu kiểm chứng hoặc giải trình được chấp nhận`,
    );
    // earned 84 of 92 → base = 8400/92 = 2100/23.
    expect(fr(r.base)).toBe('2100/23');
  });

  it('an accepted explanation lets the consensus count', () => {
    const entries = pressAgency({ evidence: '' }).map((x) => (x.code === '3.2' && x.evaluator === 'An' ? { ...x, explanation: 'Danh sách đã gửi qua thư điện tử', accepted: true } : x));
    expect(indicator(score(entries, [seven]), '3.2')).toMatchObject({ status: 'ok', points: R.q(7) });
  });
});

describe('self scoring and the document', () => {
  it('scoring the self-assessment ignores the consensus: the unit’s own claim, 8', () => {
    const r = score(pressAgency(), [seven], { source: 'self' });
    const item = indicator(r, '3.2');
    expect(item.source).toBe('self');
    expect(item.consensus).toBeUndefined();
    expect(fr(item.points)).toBe('8');
    expect(r.rounded).toBe(100);
  });

  it('the JSON shows the source and the consensus beside what it replaced; items without one keep their old keys', () => {
    const doc = scoreJson(scoreYear(C2026, { year: 2026, units: [unit('U', 'BC')], entries: pressAgency(), consensus: [seven] }));
    const u = doc.units[0]!;
    expect(u.indicators['3.2']).toMatchObject({ points: 7, max: 8, status: 'ok', source: 'consensus', consensus: { points: 7, reason: REASON, replaced: 6.67, replacedSource: 'panel' } });
    expect(u.indicators['2.2']).toEqual({ points: 7, max: 7, status: 'ok', source: 'self', explanation: expect.any(String) });
    const item = JSON.parse(JSON.stringify(indicator(score(pressAgency(), [seven]), '3.2')));
    expect(Object.keys(item)).toEqual(['code', 'kind', 'max', 'self', 'evaluators', 'warnings', 'points', 'computed', 'status', 'source', 'consensus', 'explanation']);
    const plain = JSON.parse(JSON.stringify(indicator(score(pressAgency()), '3.2')));
    expect(Object.keys(plain)).not.toContain('consensus');
  });
});
