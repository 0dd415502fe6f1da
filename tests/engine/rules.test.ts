/**
 * Each rule type of the 2026 set, from criteria-2026.md. Every expectation is worked out by hand from the
 * spec's tables; the arithmetic is in a comment where it is not obvious.
 */
import { describe, expect, it } from 'vitest';
import * as R from '../../shared/exact/rational';
import { e, fr, fullMarks, group, indicator, points, scoreIndicator, scoreOne, withChanges } from './helpers';

describe('1.1 implementation plan issued (date-deadline: ≤31/12/2025 → 6; ≤31/03/2026 → 4; ≤31/12/2026 → 2; later or none → 0)', () => {
  it.each([
    ['2025-06-15', 6],
    ['2025-12-31', 6],
    ['2026-01-01', 4],
    ['2026-03-31', 4],
    ['2026-04-01', 2],
    ['2026-12-31', 2],
    ['2027-01-01', 0],
  ])('a plan issued on %s earns %i of 6 points', (date, expected) => {
    expect(points('SO', '1.1', { value: date })).toBe(expected);
  });

  it('a plan with no issue date earns 0 (the entry exists, so this is a real zero, not "missing")', () => {
    const r = scoreIndicator('XA', '1.1', { value: null });
    expect(R.toNumber(r.points)).toBe(0);
    expect(r.status).toBe('ok');
  });

  it('an empty or absent date earns 0', () => {
    expect(points('BC', '1.1', { value: '' })).toBe(0);
    expect(points('BC', '1.1', {})).toBe(0);
  });

  it('the maximum of 1.1 is 6', () => {
    expect(R.toNumber(scoreIndicator('SO', '1.1', { value: '2025-12-31' }).max)).toBe(6);
  });
});

describe('1.4 half-year reports due 10/6 and 10/12 (per report: on time 4; ≤10 days late 2; later 1; missing 0)', () => {
  const both = (jun: string | null, dec: string | null) => points('SO', '1.4', { report_jun: jun, report_dec: dec });

  it('both reports on the due day earn 4 + 4 = 8', () => {
    expect(both('2026-06-10', '2026-12-10')).toBe(8);
  });

  it('reports sent early are on time: 8', () => {
    expect(both('2026-05-02', '2026-11-30')).toBe(8);
  });

  it('a June report exactly 10 days late (20/6) earns 2, so 2 + 4 = 6', () => {
    expect(both('2026-06-20', '2026-12-10')).toBe(6);
  });

  it('a June report 11 days late (21/6) earns 1, so 1 + 4 = 5', () => {
    expect(both('2026-06-21', '2026-12-10')).toBe(5);
  });

  it('a December report 1 day late (11/12) earns 2, so 4 + 2 = 6', () => {
    expect(both('2026-06-10', '2026-12-11')).toBe(6);
  });

  it('a December report exactly 10 days late (20/12) earns 2 and 11 days late (21/12) earns 1', () => {
    expect(both('2026-06-10', '2026-12-20')).toBe(6);
    expect(both('2026-06-10', '2026-12-21')).toBe(5);
  });

  it('a report sent months late still earns 1 (a June report sent in 2027: 1 + 4 = 5)', () => {
    expect(both('2027-01-15', '2026-12-01')).toBe(5);
  });

  it('a missing December report earns 0 for that half: 4 + 0 = 4', () => {
    expect(both('2026-06-01', null)).toBe(4);
    expect(points('SO', '1.4', { report_jun: '2026-06-01' })).toBe(4);
  });

  it('a missing June report earns 0 for that half: 0 + 4 = 4', () => {
    expect(both('', '2026-12-09')).toBe(4);
  });

  it('both reports missing earn 0', () => {
    expect(both(null, null)).toBe(0);
  });

  it('both halves late: June 11 days late (1) + December exactly 10 days late (2) = 3', () => {
    expect(both('2026-06-21', '2026-12-20')).toBe(3);
  });

  it('the explanation counts the reports on time and states days late', () => {
    const r = scoreIndicator('SO', '1.4', { report_jun: '2026-06-10', report_dec: '2026-12-21' });
    expect(r.explanation.en).toContain('1 of 2 on time');
    expect(r.explanation.en).toContain('11 days late');
  });
});

describe('1.2 annual plan and budget estimate (choice)', () => {
  it.each([
    ['plan_and_budget', 4],
    ['plan_only', 2],
    ['none', 0],
  ])('choosing %s earns %i of 4 points', (choice, expected) => {
    expect(points('SO', '1.2', { value: choice })).toBe(expected);
  });

  it('no choice at all earns 0', () => {
    expect(points('SO', '1.2', { value: null })).toBe(0);
  });
});

describe('2.1 NQ57 section on the portal (choice)', () => {
  it.each([
    ['none', 0],
    ['exists', 2],
    ['active', 5],
  ])('a section marked %s earns %i of 5 points', (choice, expected) => {
    expect(points('XA', '2.1', { value: choice })).toBe(expected);
  });
});

describe('yes/no indicators: yes → max, no → 0', () => {
  it.each([
    ['1.3', 2],
    ['2.5', 2],
    ['4.1', 3],
  ])('%s: yes earns %i, no earns 0', (code, max) => {
    expect(points('SO', code, { value: true })).toBe(max);
    expect(points('SO', code, { value: false })).toBe(0);
  });
});

describe('2.2 items published (count-target with per-group targets SO 24, XA 12, BC 200; max 7)', () => {
  it('a department with 24 items meets its target: 7', () => {
    expect(points('SO', '2.2', { value: 24 })).toBe(7);
  });

  it('a department with 12 items earns 7 × 12/24 = 3.5', () => {
    expect(points('SO', '2.2', { value: 12 })).toBe(3.5);
  });

  it('a commune with 12 items meets its target: 7', () => {
    expect(points('XA', '2.2', { value: 12 })).toBe(7);
  });

  it('a commune with 6 items earns 7 × 6/12 = 3.5', () => {
    expect(points('XA', '2.2', { value: 6 })).toBe(3.5);
  });

  it('a press agency with 200 items meets its target: 7; with 50 items 7 × 50/200 = 1.75', () => {
    expect(points('BC', '2.2', { value: 200 })).toBe(7);
    expect(points('BC', '2.2', { value: 50 })).toBe(1.75);
  });

  it('the same 12 items are worth 3.5 (SO), 7 (XA) and 7 × 12/200 = 0.42 (BC)', () => {
    expect(points('SO', '2.2', { value: 12 })).toBe(3.5);
    expect(points('XA', '2.2', { value: 12 })).toBe(7);
    expect(fr(scoreIndicator('BC', '2.2', { value: 12 }).points)).toBe('21/50'); // 84/200 = 0.42
  });

  it('a department with 10 items earns exactly 7 × 10/24 = 35/12 (≈ 2.92)', () => {
    const r = scoreIndicator('SO', '2.2', { value: 10 });
    expect(fr(r.points)).toBe('35/12');
    expect(R.round(r.points, 2)).toBe(2.92);
  });

  it('going over target is capped: 30 items (SO) or 500 items (BC) still earn 7', () => {
    expect(points('SO', '2.2', { value: 30 })).toBe(7);
    expect(points('BC', '2.2', { value: 500 })).toBe(7);
  });

  it('no items earn 0', () => {
    expect(points('SO', '2.2', { value: 0 })).toBe(0);
  });
});

describe('other count-target indicators', () => {
  it('2.6 repository (target 10, max 3): 5 items earn 3 × 5/10 = 1.5; 10 earn 3', () => {
    expect(points('SO', '2.6', { value: 5 })).toBe(1.5);
    expect(points('SO', '2.6', { value: 10 })).toBe(3);
  });

  it('2.7 events (SO 4, XA 4, BC 2; max 3): 2 events earn 1.5 for a department and 3 for the press', () => {
    expect(points('SO', '2.7', { value: 2 })).toBe(1.5); // 3 × 2/4
    expect(points('BC', '2.7', { value: 2 })).toBe(3);
  });

  it('2.8 visual propaganda (SO 5, XA 20; max 2): 5 items earn 2 for a department, 2 × 5/20 = 0.5 for a commune', () => {
    expect(points('SO', '2.8', { value: 5 })).toBe(2);
    expect(points('XA', '2.8', { value: 5 })).toBe(0.5);
  });

  it('2.9 press coordination (target 4, max 3): 3 products earn 3 × 3/4 = 2.25', () => {
    expect(points('XA', '2.9', { value: 3 })).toBe(2.25);
  });

  it('3.4b events for scientists (SO only, target 3, max 8): 1 event earns 8/3', () => {
    expect(fr(scoreIndicator('SO', '3.4b', { value: 1 }).points)).toBe('8/3');
    expect(points('SO', '3.4b', { value: 3 })).toBe(8);
  });

  it('3.4c products for the young (BC only, target 24, max 8): 6 products earn 8 × 6/24 = 2', () => {
    expect(points('BC', '3.4c', { value: 6 })).toBe(2);
  });

  it('5.1a countering articles (BC only, target 6, max 5): 3 articles earn 5 × 3/6 = 2.5', () => {
    expect(points('BC', '5.1a', { value: 3 })).toBe(2.5);
  });
});

describe('4.3 days responded to (count-target 3, max 3: one point a day)', () => {
  it.each([
    [0, 0],
    [1, 1],
    [2, 2],
    [3, 3],
  ])('responding to %i of the 3 days earns %i points', (days, expected) => {
    expect(points('SO', '4.3', { value: days })).toBe(expected);
  });
});

describe('count-steps indicators', () => {
  it.each([
    [0, 0],
    [1, 2],
    [2, 3],
    [3, 4],
    [7, 4],
  ])('2.4: %i active channels earn %i of 4 points', (count, expected) => {
    expect(points('SO', '2.4', { value: count })).toBe(expected);
  });

  it.each([
    [0, 0],
    [1, 2],
    [2, 4],
    [3, 4],
    [7, 4],
  ])('4.2: %i nominations earn %i of 4 points', (count, expected) => {
    expect(points('XA', '4.2', { value: count })).toBe(expected);
  });
});

describe('2.3 tasks communicated (ratio-target 100%, max 6, SO and XA only)', () => {
  it('3 of 4 tasks communicated earns 6 × 3/4 = 4.5', () => {
    expect(points('SO', '2.3', { numerator: 3, denominator: 4 })).toBe(4.5);
  });

  it('all tasks communicated earns 6', () => {
    expect(points('XA', '2.3', { numerator: 7, denominator: 7 })).toBe(6);
  });

  it('1 of 3 tasks earns 6 × 1/3 = 2', () => {
    expect(points('SO', '2.3', { numerator: 1, denominator: 3 })).toBe(2);
  });

  it('a unit with no tasks (denominator 0) is not applicable for 2.3', () => {
    const r = scoreIndicator('SO', '2.3', { numerator: 0, denominator: 0 });
    expect(r.status).toBe('not_applicable');
    expect(R.toNumber(r.points)).toBe(0);
  });

  it('a missing numerator or denominator earns 0 (not "not applicable")', () => {
    const r = scoreIndicator('SO', '2.3', { numerator: 3 });
    expect(r.status).toBe('ok');
    expect(R.toNumber(r.points)).toBe(0);
  });

  it('2.3 does not exist for press agencies', () => {
    const r = scoreOne('BC', [e('U', '2.3', { numerator: 1, denominator: 1 })]);
    expect(r.indicators.map((i) => i.code)).not.toContain('2.3');
    expect(R.toNumber(r.applicableMax)).toBe(92);
  });

  it('not applicable rescales: a department with full marks elsewhere and no tasks scores 100 × 94/94 = 100', () => {
    const entries = withChanges(fullMarks('U', 'SO'), [e('U', '2.3', { numerator: 0, denominator: 0 })]);
    const r = scoreOne('SO', entries);
    expect(R.toNumber(r.applicableMax)).toBe(94);
    expect(R.toNumber(r.earned)).toBe(94);
    expect(R.toNumber(r.base)).toBe(100);
    expect(group(r, 'II')).toEqual({ points: '29', max: '29' });
  });

  it('not applicable rescales the rest: only 1.1 (6 points) entered besides 2.3 = 0/0 gives 100 × 6/94 = 300/47 ≈ 6.38', () => {
    const r = scoreOne('SO', [e('U', '1.1', { value: '2025-12-31' }), e('U', '2.3', { numerator: 0, denominator: 0 })]);
    expect(fr(r.base)).toBe('300/47');
    expect(r.rounded).toBe(6.38);
  });

  it('a real zero (0 of 4 tasks) is not rescaled away: 100 × 94/100 = 94', () => {
    const entries = withChanges(fullMarks('U', 'SO'), [e('U', '2.3', { numerator: 0, denominator: 4 })]);
    const r = scoreOne('SO', entries);
    expect(R.toNumber(r.applicableMax)).toBe(100);
    expect(R.toNumber(r.base)).toBe(94);
  });
});

describe('3.1 staff informed (ratio-brackets: 100% → 8; 90–<100% → 6; 70–<90% → 4; 50–<70% → 2; <50% → 0)', () => {
  it.each([
    [1000, 1000, 8],
    [999, 1000, 6],
    [900, 1000, 6],
    [27, 30, 6], // exactly 90%
    [899, 1000, 4],
    [700, 1000, 4],
    [7, 10, 4], // exactly 70%
    [699, 1000, 2],
    [500, 1000, 2],
    [1, 2, 2], // exactly 50%
    [499, 1000, 0],
    [0, 1000, 0],
  ])('%i of %i staff informed earns %i of 8 points', (num, den, expected) => {
    expect(points('SO', '3.1', { numerator: num, denominator: den })).toBe(expected);
  });

  it('applies to every group: the press with 9 of 10 informed earns 6', () => {
    expect(points('BC', '3.1', { numerator: 9, denominator: 10 })).toBe(6);
  });
});

describe('3.2 digital literacy participants against the assigned target (ratio-target 100%, over-achievement allowed, max 8)', () => {
  it('50 of 100 assigned earns 8 × 1/2 = 4', () => {
    expect(points('SO', '3.2', { numerator: 50, denominator: 100 })).toBe(4);
  });

  it('meeting the target exactly earns 8', () => {
    expect(points('SO', '3.2', { numerator: 100, denominator: 100 })).toBe(8);
  });

  it('over-achievement (150 of 100) is capped at 8', () => {
    const r = scoreIndicator('XA', '3.2', { numerator: 150, denominator: 100 });
    expect(R.toNumber(r.points)).toBe(8);
    expect(r.explanation.en).toContain('capped');
  });

  it('1 of 3 earns exactly 8/3', () => {
    expect(fr(scoreIndicator('BC', '3.2', { numerator: 1, denominator: 3 }).points)).toBe('8/3');
  });

  it('1599 of 1600 earns 8 × 1599/1600 = 7.995 exactly', () => {
    expect(fr(scoreIndicator('SO', '3.2', { numerator: 1599, denominator: 1600 }).points)).toBe('1599/200');
  });
});

describe('3.3 communication staff trained (ratio-target 40%, max 6)', () => {
  it('3 of 10 trained earns 6 × (30% ÷ 40%) = 6 × 0.75 = 4.5', () => {
    expect(points('SO', '3.3', { numerator: 3, denominator: 10 })).toBe(4.5);
  });

  it('4 of 10 (exactly the 40% target) earns 6', () => {
    expect(points('XA', '3.3', { numerator: 4, denominator: 10 })).toBe(6);
  });

  it('5 of 10 (above target) is capped at 6', () => {
    expect(points('BC', '3.3', { numerator: 5, denominator: 10 })).toBe(6);
  });

  it('1 of 10 earns 6 × 0.25 = 1.5; 1 of 3 earns 6 × (1/3 ÷ 2/5) = 6 × 5/6 = 5', () => {
    expect(points('SO', '3.3', { numerator: 1, denominator: 10 })).toBe(1.5);
    expect(points('SO', '3.3', { numerator: 1, denominator: 3 })).toBe(5);
  });
});

describe('3.4a residents reached (ratio-target 60%, max 8, communes only)', () => {
  it('60 of 100 residents (the target) earns 8', () => {
    expect(points('XA', '3.4a', { numerator: 60, denominator: 100 })).toBe(8);
  });

  it('45% earns 8 × 45/60 = 6; 30% earns 8 × 1/2 = 4', () => {
    expect(points('XA', '3.4a', { numerator: 45, denominator: 100 })).toBe(6);
    expect(points('XA', '3.4a', { numerator: 3, denominator: 10 })).toBe(4);
  });

  it('90% (above target) is capped at 8', () => {
    expect(points('XA', '3.4a', { numerator: 90, denominator: 100 })).toBe(8);
  });

  it('3.4a does not apply to departments', () => {
    const r = scoreOne('SO', [e('U', '3.4a', { numerator: 60, denominator: 100 })]);
    expect(r.indicators.map((i) => i.code)).not.toContain('3.4a');
  });
});

describe('5.1b monitoring false information (scale 0–5 in steps of 0.25, with a written reason)', () => {
  it('a judgement of 3.25 earns 3.25', () => {
    expect(points('SO', '5.1b', { value: 3.25 }, { explanation: 'Có báo cáo theo dõi hằng quý' })).toBe(3.25);
  });

  it('the ends of the scale: 0 and 5', () => {
    expect(points('XA', '5.1b', { value: 0 }, { explanation: 'Không có hoạt động' })).toBe(0);
    expect(points('XA', '5.1b', { value: 5 }, { explanation: 'Đầy đủ' })).toBe(5);
  });

  it('a judgement with a reason carries no warning', () => {
    expect(scoreIndicator('SO', '5.1b', { value: 4 }, { explanation: 'Đủ hồ sơ' }).warnings).toEqual([]);
    expect(scoreIndicator('SO', '5.1b', { value: 4 }, { note: 'Lý do ghi ở ghi chú' }).warnings).toEqual([]);
  });

  it('a judgement without a written reason is flagged with a warning (points still counted)', () => {
    const r = scoreIndicator('SO', '5.1b', { value: 4 });
    expect(R.toNumber(r.points)).toBe(4);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]!.en).toContain('without a written reason');
  });

  it('each evaluator without a reason gets its own warning, naming the evaluator', () => {
    const r = scoreOne('SO', [
      e('U', '5.1b', { value: 4 }, { by: 'ev-A' }),
      e('U', '5.1b', { value: 3 }, { by: 'ev-B', explanation: 'ok' }),
    ]);
    const w = indicator(r, '5.1b').warnings;
    expect(w).toHaveLength(1);
    expect(w[0]!.en).toContain('ev-A');
  });
});

describe('missing entries', () => {
  it('an indicator with no entry earns 0, is marked missing and still counts in the applicable maximum', () => {
    const r = scoreOne('SO', [e('U', '1.1', { value: '2025-12-31' })]);
    const ind = indicator(r, '2.2');
    expect(ind.status).toBe('missing');
    expect(ind.source).toBe('none');
    expect(R.toNumber(ind.points)).toBe(0);
    expect(R.toNumber(r.applicableMax)).toBe(100);
    expect(R.toNumber(r.base)).toBe(6); // 100 × 6/100
  });

  it('a unit with no entries at all scores 0 over a maximum of 100', () => {
    const r = scoreOne('XA', []);
    expect(r.indicators.every((i) => i.status === 'missing')).toBe(true);
    expect(R.toNumber(r.applicableMax)).toBe(100);
    expect(r.rounded).toBe(0);
    expect(r.band.code).toBe('yeu');
  });
});

describe('the evidence gate (points above 0 need a document reference or an accepted explanation)', () => {
  it('points without evidence or explanation count 0, status no_evidence, the computed points kept', () => {
    const r = scoreIndicator('SO', '2.2', { value: 24 }, { evidence: '' });
    expect(r.status).toBe('no_evidence');
    expect(R.toNumber(r.points)).toBe(0);
    expect(R.toNumber(r.computed)).toBe(7);
  });

  it('whitespace is not evidence', () => {
    expect(scoreIndicator('SO', '1.3', { value: true }, { evidence: '   ' }).status).toBe('no_evidence');
  });

  it('an explanation the panel has not accepted is not enough', () => {
    const r = scoreIndicator('SO', '1.3', { value: true }, { evidence: '', explanation: 'Đã phân công miệng', accepted: false });
    expect(r.status).toBe('no_evidence');
    expect(R.toNumber(r.points)).toBe(0);
  });

  it('an accepted explanation stands in for evidence', () => {
    const r = scoreIndicator('SO', '1.3', { value: true }, { evidence: '', explanation: 'Văn bản bị thất lạc, có xác nhận', accepted: true });
    expect(r.status).toBe('ok');
    expect(R.toNumber(r.points)).toBe(2);
  });

  it('"accepted" with an empty explanation is not enough', () => {
    expect(scoreIndicator('SO', '1.3', { value: true }, { evidence: '', explanation: '', accepted: true }).status).toBe('no_evidence');
  });

  it('evidence on any entry of the unit and indicator counts (the evaluator attached it, the unit did not)', () => {
    const r = scoreOne('SO', [
      e('U', '2.2', { value: 24 }, { evidence: '' }),
      e('U', '2.2', { value: 12 }, { by: 'ev-A', evidence: 'CV 12/SKHCN' }),
    ]);
    expect(indicator(r, '2.2').status).toBe('ok');
    expect(R.toNumber(indicator(r, '2.2').points)).toBe(3.5); // the evaluator's 7 × 12/24
  });

  it('evidence on the unit\'s self entry lets the evaluators\' points stand', () => {
    const r = scoreOne('SO', [
      e('U', '2.2', { value: 24 }),
      e('U', '2.2', { value: 12 }, { by: 'ev-A', evidence: '' }),
    ]);
    expect(indicator(r, '2.2').status).toBe('ok');
    expect(R.toNumber(indicator(r, '2.2').points)).toBe(3.5);
  });

  it('a zero needs no evidence: status ok', () => {
    expect(scoreIndicator('SO', '2.2', { value: 0 }, { evidence: '' }).status).toBe('ok');
  });

  it('bonus items are gated too: an award without evidence earns no bonus', () => {
    const r = scoreOne('SO', [...fullMarks('U', 'SO'), e('U', 'T1', { provincial: 1, national: 0 }, { evidence: '' })]);
    expect(indicator(r, 'T1').status).toBe('no_evidence');
    expect(R.toNumber(r.bonus)).toBe(0);
    expect(r.rounded).toBe(100);
  });

  it('deductions are never gated: a sanction without evidence still costs 3', () => {
    const r = scoreOne('SO', [...fullMarks('U', 'SO'), e('U', 'D2', { value: 1 }, { evidence: '' })]);
    expect(indicator(r, 'D2').status).toBe('ok');
    expect(R.toNumber(r.deduction)).toBe(3);
    expect(r.rounded).toBe(97);
  });

  it('an unevidenced indicator lowers the total but keeps its place in the maximum: full SO minus 2.2 → 93', () => {
    const entries = withChanges(fullMarks('U', 'SO'), [e('U', '2.2', { value: 24 }, { evidence: '' })]);
    const r = scoreOne('SO', entries);
    expect(R.toNumber(r.applicableMax)).toBe(100);
    expect(r.rounded).toBe(93); // 100 × (100 − 7)/100
  });
});

describe('bonus (T1 provincial +1 / national +2, cap 3; T2 +2 each, cap 2; total cap 5)', () => {
  const withBonus = (...extra: ReturnType<typeof e>[]) => scoreOne('SO', [...fullMarks('U', 'SO'), ...extra]);

  it('one provincial and one national award: 1 + 2 = 3', () => {
    const r = withBonus(e('U', 'T1', { provincial: 1, national: 1 }));
    expect(R.toNumber(indicator(r, 'T1').points)).toBe(3);
    expect(R.toNumber(r.bonus)).toBe(3);
  });

  it('two provincial awards: +2', () => {
    expect(R.toNumber(withBonus(e('U', 'T1', { provincial: 2, national: 0 })).bonus)).toBe(2);
  });

  it('T1 is capped at 3: two national awards (2 × 2 = 4) → 3; 2 provincial + 1 national (4) → 3', () => {
    expect(R.toNumber(withBonus(e('U', 'T1', { provincial: 0, national: 2 })).bonus)).toBe(3);
    expect(R.toNumber(withBonus(e('U', 'T1', { provincial: 2, national: 1 })).bonus)).toBe(3);
  });

  it('T2: one recognised model +2; two models (4) capped at 2', () => {
    expect(R.toNumber(withBonus(e('U', 'T2', { value: 1 })).bonus)).toBe(2);
    expect(R.toNumber(withBonus(e('U', 'T2', { value: 2 })).bonus)).toBe(2);
  });

  it('T1 and T2 at their caps make the total cap of 5; the score goes above 100: 100 + 5 = 105', () => {
    const r = withBonus(e('U', 'T1', { provincial: 5, national: 5 }), e('U', 'T2', { value: 3 }));
    expect(R.toNumber(r.bonus)).toBe(5);
    expect(r.rounded).toBe(105);
  });

  it('the bonus is added after rescaling: BC at 92/92 plus T2 → 100 + 2 = 102', () => {
    const r = scoreOne('BC', [...fullMarks('U', 'BC'), e('U', 'T2', { value: 1 })]);
    expect(R.toNumber(r.base)).toBe(100);
    expect(r.rounded).toBe(102);
  });
});

describe('deductions (D1 false figures −10 and band capped; D2 −3 each, cap −6)', () => {
  const withDeductions = (...extra: ReturnType<typeof e>[]) => scoreOne('XA', [...fullMarks('U', 'XA'), ...extra]);

  it('D1 costs 10 points: 100 − 10 = 90', () => {
    const r = withDeductions(e('U', 'D1', { value: true }));
    expect(R.toNumber(r.deduction)).toBe(10);
    expect(r.rounded).toBe(90);
  });

  it('D1 "no" costs nothing', () => {
    expect(withDeductions(e('U', 'D1', { value: false })).rounded).toBe(100);
  });

  it.each([
    [0, 0],
    [1, 3],
    [2, 6],
    [3, 6],
    [5, 6],
  ])('D2 with %i sanctions costs %i points', (count, cost) => {
    expect(R.toNumber(withDeductions(e('U', 'D2', { value: count })).deduction)).toBe(cost);
  });

  it('D1 and D2 together: 100 − 10 − 6 = 84', () => {
    expect(withDeductions(e('U', 'D1', { value: true }), e('U', 'D2', { value: 2 })).rounded).toBe(84);
  });

  it('the score never goes below 0: 6 points earned (base 6) − 10 − 6 → 0', () => {
    const r = scoreOne('SO', [e('U', '1.1', { value: '2025-12-31' }), e('U', 'D1', { value: true }), e('U', 'D2', { value: 4 })]);
    expect(R.toNumber(r.base)).toBe(6);
    expect(R.toNumber(r.deduction)).toBe(16);
    expect(R.toNumber(r.score)).toBe(0);
    expect(r.rounded).toBe(0);
  });

  it('bonus and deduction combine: 100 + 3 − 3 = 100', () => {
    expect(withDeductions(e('U', 'T1', { provincial: 3, national: 0 }), e('U', 'D2', { value: 1 })).rounded).toBe(100);
  });
});

describe('base = 100 × earned ÷ applicable maximum', () => {
  it('a press agency with full marks has 92 of 92 → base 100', () => {
    const r = scoreOne('BC', fullMarks('U', 'BC'));
    expect(R.toNumber(r.earned)).toBe(92);
    expect(R.toNumber(r.applicableMax)).toBe(92);
    expect(R.toNumber(r.base)).toBe(100);
  });

  it('a press agency losing 2.1 (5 points) has 87/92 → 100 × 87/92 = 2175/23 ≈ 94.57', () => {
    const r = scoreOne('BC', withChanges(fullMarks('U', 'BC'), [e('U', '2.1', { value: 'none' })]));
    expect(fr(r.base)).toBe('2175/23');
    expect(r.rounded).toBe(94.57); // 94.5652… → 94.57
  });

  it('groups add up: a department losing 2 in group I, 5 in II, 4 in III, 2 in IV, 1.25 in V', () => {
    const entries = withChanges(fullMarks('U', 'SO'), [
      e('U', '1.2', { value: 'plan_only' }), // 4 → 2
      e('U', '2.1', { value: 'none' }), // 5 → 0
      e('U', '3.2', { numerator: 1, denominator: 2 }), // 8 → 4
      e('U', '4.2', { value: 1 }), // 4 → 2
      e('U', '5.1b', { value: 3.75 }, { explanation: 'Thiếu báo cáo quý IV' }), // 5 → 3.75
    ]);
    const r = scoreOne('SO', entries);
    expect(group(r, 'I')).toEqual({ points: '18', max: '20' });
    expect(group(r, 'II')).toEqual({ points: '30', max: '35' });
    expect(group(r, 'III')).toEqual({ points: '26', max: '30' });
    expect(group(r, 'IV')).toEqual({ points: '8', max: '10' });
    expect(group(r, 'V')).toEqual({ points: '15/4', max: '5' });
    expect(fr(r.earned)).toBe('343/4'); // 18 + 30 + 26 + 8 + 3.75 = 85.75
    expect(r.rounded).toBe(85.75);
    expect(r.band.code).toBe('tot');
  });
});
