/**
 * Reward proposal overrides in the engine: the unit's proposal becomes the override's, the computed one and
 * the reason stay beside it, the other units keep what the rules give them, and the self-assessment's
 * ranking ignores overrides.
 */
import { describe, expect, it } from 'vitest';
import { scoreYear } from '../../shared/engine/score';
import { C2026, e, fullMarks, unit, withChanges } from './helpers';

const BK = 'bang_khen_chu_tich_ubnd_tinh';
const GK = 'giay_khen_giam_doc_so_khcn';

/**
 * Two SO units: A with full marks (100, Xuất sắc, rank 1), B without 2.2 (100 − 7 = 93, Xuất sắc, rank 2).
 * n = 2: Bằng khen quota max(1, ceil(15% × 2)) = 1 → A; B, Xuất sắc, gets the Giấy khen.
 */
const units = [unit('A', 'SO'), unit('B', 'SO')];
const entries = [...fullMarks('A', 'SO'), ...withChanges(fullMarks('B', 'SO'), [e('B', '2.2', { value: 0 })])];

describe('proposal overrides', () => {
  it('the rules first: A Bằng khen, B Giấy khen', () => {
    const r = scoreYear(C2026, { year: 2026, units, entries });
    expect(r.units.map((u) => [u.unit.code, u.rounded, u.rank, u.proposal?.code ?? null, u.override])).toEqual([
      ['A', 100, 1, BK, undefined],
      ['B', 93, 2, GK, undefined],
    ]);
  });

  it('an override replaces one unit’s proposal and keeps the computed one and the reason beside it', () => {
    const reason = 'Đơn vị đã nhận Bằng khen cùng nội dung trong năm';
    const r = scoreYear(C2026, { year: 2026, units, entries, proposalOverrides: [{ unit: 'A', proposal: null, reason, by: 'Chủ tịch', at: '2026-12-20T02:00:00Z' }] });
    const [a, b] = r.units;
    expect(a!.proposal).toBeNull();
    expect(a!.override).toEqual({ computed: { code: BK, label: { vi: 'Bằng khen của Chủ tịch UBND tỉnh', en: expect.any(String) } }, reason, by: 'Chủ tịch', at: '2026-12-20T02:00:00Z' });
    // B is not moved up into the freed Bằng khen: an override changes its own unit only.
    expect(b!.proposal?.code).toBe(GK);
    expect(b!.override).toBeUndefined();
  });

  it('a proposal code gets its label from the criteria set', () => {
    const r = scoreYear(C2026, { year: 2026, units, entries, proposalOverrides: [{ unit: 'B', proposal: BK, reason: 'Mô hình được Bộ ghi nhận' }] });
    expect(r.units[1]!.proposal).toEqual({ code: BK, label: { vi: 'Bằng khen của Chủ tịch UBND tỉnh', en: expect.any(String) } });
    expect(r.units[1]!.override).toMatchObject({ computed: { code: GK }, by: null, at: null });
  });

  it('scoring the self-assessment ignores overrides', () => {
    const r = scoreYear(C2026, { year: 2026, units, entries, proposalOverrides: [{ unit: 'A', proposal: null, reason: 'x' }] }, { source: 'self' });
    expect(r.units[0]!.proposal?.code).toBe(BK);
    expect(r.units[0]!.override).toBeUndefined();
  });
});
