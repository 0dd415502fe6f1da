/** The worker's logic, run in Node: edits validated at the cell, scores updated, undo restores. */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { SELF } from '../../shared/file/evaluation-file';
import { EngineSession, normaliseForInput } from '../../renderer/src/worker/engine-session';
import { MESSAGES } from '../../renderer/src/i18n/messages';
import { sql, testEnv, withDamagedPage, withDamagedUnitIndex } from '../file/helpers';

const DEMO = readFileSync('demo/dien-bien.csv', 'utf8');
let s: EngineSession;

beforeEach(async () => {
  s = new EngineSession(await sql(), (actor) => testEnv(actor));
  s.createDemo(DEMO, 'Thư ký');
});

const edit = (code: string, field: 'v1' | 'v2' | 'evidence' | 'explanation' | 'accepted' | 'note', value: string, who = SELF, unit = '03325') =>
  s.edit({ year: 2026, unit, code, who, field, value });

describe('the evidence grid in the worker', () => {
  it('lists every indicator and item that applies to the unit, with its inputs and current values', () => {
    const rows = s.sheet(2026, SELF, '03325');
    expect(rows.map((r) => r.code)).toEqual(['1.1', '1.2', '1.3', '1.4', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9', '3.1', '3.2', '3.3', '3.4a', '4.1', '4.2', '4.3', '5.1b', 'T1', 'T2', 'D1', 'D2']);
    const r14 = rows.find((r) => r.code === '1.4')!;
    expect(r14.inputs.map((i) => [i.name, i.kind])).toEqual([
      ['report_jun', 'date'],
      ['report_dec', 'date'],
    ]);
    expect(rows.find((r) => r.code === '1.2')!.inputs[0]!.options.map((o) => o.code)).toEqual(['plan_and_budget', 'plan_only', 'none']);
  });

  it('accepts a valid value, updates the row and the unit’s score, and explains the points', () => {
    // A new panel member's appraisal of 2.6 (count-target 10, max 3) joins the others in the mean.
    s.addEvaluator('Phạm Thu Hà', 'member');
    const before = s.unitScore(2026, '03325')!;
    const r = edit('2.6', 'v1', '5', 'Phạm Thu Hà');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.row.v1).toBe('5');
    expect(r.row.entryPoints).toBe(1.5); // 3 × 5/10
    expect(r.row.explanationText.vi).toMatch(/Phạm Thu Hà 1,5/);
    const after = s.unitScore(2026, '03325')!;
    expect(after.indicators.find((i) => i.code === '2.6')!.explanation.vi).toMatch(/Phạm Thu Hà 1,5/);
    expect(after.score).not.toBe(before.score);
  });

  it('refuses an invalid value with a message, storing nothing', () => {
    const before = s.snapshot(2026, '03325', '2.2', SELF);
    for (const [code, field, value, message] of [
      ['2.2', 'v1', '-3', /không được âm/],
      ['2.2', 'v1', 'abc', /Không phải số nguyên/],
      ['5.1b', 'v1', '6', /từ 0 đến 5/],
      ['1.1', 'v1', '31/02/2026', /Ngày không hợp lệ/],
      ['1.2', 'v1', 'maybe', /Lựa chọn không có trong danh sách/],
    ] as const) {
      const r = edit(code, field, value);
      expect(r.ok, `${code} ${value}`).toBe(false);
      if (!r.ok) expect(r.message.vi).toMatch(message);
    }
    expect(s.snapshot(2026, '03325', '2.2', SELF)).toEqual(before);
  });

  it('refuses a numerator above the denominator where the criteria do not allow it, but not for 3.2', () => {
    edit('3.1', 'v2', '50');
    const r = edit('3.1', 'v1', '60');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message.vi).toMatch(/Tử số 60 lớn hơn mẫu số 50/);
    edit('3.2', 'v2', '100');
    expect(edit('3.2', 'v1', '130').ok).toBe(true);
  });

  it('reads dates typed as dd/mm/yyyy and yes/no typed as có/không', () => {
    expect(normaliseForInput('date', '5/6/2026')).toBe('2026-06-05');
    expect(normaliseForInput('yesno', 'Không')).toBe('0');
    const r = edit('1.1', 'v1', '20/12/2025');
    expect(r.ok && r.row.v1).toBe('2025-12-20');
  });

  it('clearing every value of an entry removes it, so the indicator is missing again (not zero)', () => {
    expect(s.snapshot(2026, '03325', '2.6', 'Lò Thị Hương')).toBeNull();
    expect(edit('2.6', 'v1', '4', 'Lò Thị Hương').ok).toBe(true);
    expect(s.snapshot(2026, '03325', '2.6', 'Lò Thị Hương')).not.toBeNull();
    expect(edit('2.6', 'v1', '', 'Lò Thị Hương').ok).toBe(true);
    expect(s.snapshot(2026, '03325', '2.6', 'Lò Thị Hương')).toBeNull();
  });

  it('puts an entry back as it was (undo) and forward again (redo)', () => {
    const before = s.snapshot(2026, '03325', '2.2', SELF);
    edit('2.2', 'v1', '1');
    const after = s.snapshot(2026, '03325', '2.2', SELF);
    s.restoreEntry(2026, '03325', '2.2', SELF, before);
    expect(s.snapshot(2026, '03325', '2.2', SELF)).toEqual(before);
    s.restoreEntry(2026, '03325', '2.2', SELF, after);
    expect(s.snapshot(2026, '03325', '2.2', SELF)!.values).toEqual({ value: 1 });
  });

  it('keeps the history of a cell: who, when, before, after, the values in words', () => {
    edit('2.2', 'v1', '1');
    expect(edit('1.2', 'v1', 'plan_and_budget').ok).toBe(true);
    // 2.2 counts against the commune target of 12 (criteria/nq57-2026.1.json); the demo's self-assessment of
    // Mường Phăng had 13 (demo/dien-bien.csv), the target met.
    expect(s.history(2026, '03325', '2.2', SELF).at(-1)).toMatchObject({
      actor: 'Thư ký',
      action: 'entry.update',
      before: { vi: '13 so với chỉ tiêu 12 (đạt chỉ tiêu)', en: '13 against a target of 12 (target met)' },
      after: { vi: '1 so với chỉ tiêu 12', en: '1 against a target of 12' },
    });
    // A change of the evidence only says so: the values alone would read the same on both sides.
    expect(edit('2.2', 'evidence', 'Báo cáo số 12/BC-UBND').ok).toBe(true);
    expect(s.history(2026, '03325', '2.2', SELF).at(-1)).toMatchObject({
      before: { vi: expect.stringMatching(/^1 so với chỉ tiêu 12; tài liệu: /), en: expect.stringMatching(/^1 against a target of 12; evidence: /) },
      after: { vi: '1 so với chỉ tiêu 12; tài liệu: Báo cáo số 12/BC-UBND', en: '1 against a target of 12; evidence: Báo cáo số 12/BC-UBND' },
    });
    // A choice by its label, not by the code the file keeps (plan_only → plan_and_budget).
    expect(s.history(2026, '03325', '1.2', SELF).at(-1)).toMatchObject({
      before: { vi: 'Chỉ gửi kế hoạch', en: 'Plan only' },
      after: { vi: 'Đã gửi kế hoạch và dự toán', en: 'Plan and estimate sent' },
    });
  });

  it('flags evaluators who disagree beyond a quarter of the indicator’s maximum', () => {
    s.edit({ year: 2026, unit: '03325', code: '5.1b', who: 'Nguyễn Văn An', field: 'v1', value: '5' });
    s.edit({ year: 2026, unit: '03325', code: '5.1b', who: 'Lò Thị Hương', field: 'v1', value: '1' });
    expect(s.sheet(2026, SELF, '03325').find((r) => r.code === '5.1b')!.disagreement).toBe(true);
  });

  it('refuses to attach to an indicator without an entry', () => {
    expect(() => s.attach(2026, '03325', '2.6', 'Lò Thị Hương', { sha256: 'a'.repeat(64), name: 'x.pdf', mediaType: 'application/pdf', size: 10 })).toThrow(/Nhập số liệu/);
  });

  it('scores each unit with its rank in the group and the self-assessed score beside it', () => {
    const v = s.unitScore(2026, 'SKHCN')!;
    expect(v).toMatchObject({ score: 97.24, rank: 1, groupSize: 14, band: { code: 'xuat_sac' } });
    expect(v.groups.map((g) => g.code)).toEqual(['I', 'II', 'III', 'IV', 'V']);
    expect(v.self.score).toBeGreaterThan(0);
  });

  it('gives each unit of the list its band by name, and why it is not higher when a condition held it back', () => {
    const list = s.unitList(2026);
    const sct = list.find((u) => u.code === 'SCT')!;
    const skhcn = list.find((u) => u.code === 'SKHCN')!;
    // The rankings give the same band and note (what the list's colour and its tooltip say).
    const rk = new Map(s.rankings(2026).rows.map((r) => [r.unit, r]));
    expect(sct.bandLabel).toEqual(rk.get('SCT')!.band.label);
    expect(sct.bandNote).not.toBeNull();
    expect(sct.bandNote).toEqual(rk.get('SCT')!.bandNote);
    expect(skhcn).toMatchObject({ band: 'xuat_sac', bandLabel: { vi: 'Xuất sắc', en: 'Excellent' }, bandNote: null });
  });

  it("shows beside each unit the self-assessed score the year's self-assessment ranking gives it, also after the unit's own edit", async () => {
    // Scored unit by unit first (what the app asks at start), then compared with the whole year's
    // self-assessment as the rankings screen scores it.
    edit('2.2', 'v1', '1');
    const codes = s.unitList(2026).map((u) => u.code);
    const alone = new Map(codes.map((c) => [c, s.unitScore(2026, c)!.self]));
    const fresh = new EngineSession(await sql(), (actor) => testEnv(actor));
    fresh.open(s.exportBytes(), 'Thư ký');
    const year = new Map(fresh.rankings(2026).rows.map((r) => [r.unit, r.selfScore]));
    expect(codes.length).toBeGreaterThan(60);
    for (const c of codes) expect(alone.get(c)!.score, c).toBe(year.get(c) ?? 0);
    // Once the rankings have scored the year, the unit's line reads the same from them.
    expect(fresh.unitScore(2026, '03325')!.self).toEqual(alone.get('03325'));
  });
});

describe('the message catalogue', () => {
  it('has every text in both languages, Vietnamese with its diacritics', () => {
    for (const [key, m] of Object.entries(MESSAGES)) {
      expect(m.vi.trim(), key).not.toBe('');
      expect(m.en.trim(), key).not.toBe('');
    }
    const vi = Object.values(MESSAGES).map((m) => m.vi).join(' ');
    expect(vi).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/);
  });
});

describe('warming the newest year after an open', () => {
  it('gives the same unit list as scoring on demand, and does nothing on a file without years', async () => {
    const cold = new EngineSession(await sql(), (actor) => testEnv(actor));
    const bytes = s.exportBytes();
    cold.open(bytes.slice(), 'Thư ký');
    const asked = cold.unitList(2026);
    const warmed = new EngineSession(await sql(), (actor) => testEnv(actor));
    warmed.open(bytes.slice(), 'Thư ký');
    warmed.warm();
    expect(warmed.unitList(2026)).toEqual(asked);
    expect(asked.length).toBe(61);

    const empty = new EngineSession(await sql(), (actor) => testEnv(actor));
    empty.createEmpty([], 'Thư ký');
    expect(() => empty.warm()).not.toThrow();
  });
});

describe('the first screen prepared with the open', () => {
  it("holds the newest year's unit list, its first unit's rows as the unit entered them, that unit's score and the year's finalisation", async () => {
    const opened = new EngineSession(await sql(), (actor) => testEnv(actor));
    opened.open(s.exportBytes(), 'Thư ký');
    const view = opened.startView(null)!;
    expect(view.year).toBe(2026);
    // The demo's first listed unit: the top of the first group (Sở Khoa học và Công nghệ, 97,24 points).
    expect(view.unit).toBe('SKHCN');
    expect(view.units).toEqual(s.unitList(2026));
    expect(view.rows).toEqual(s.sheet(2026, SELF, 'SKHCN'));
    expect(view.score).toEqual(s.unitScore(2026, 'SKHCN'));
    expect(view.score!.score).toBe(97.24);
    expect(view.lock).toBeNull();
    // Another year when asked; none on a file without years.
    expect(opened.startView(2025)!.units).toEqual(s.unitList(2025));
    const empty = new EngineSession(await sql(), (actor) => testEnv(actor));
    empty.createEmpty([], 'Thư ký');
    expect(empty.startView(null)).toBeNull();
  });

  it('carries the lock of a finalised year, so the grid opens read only', async () => {
    s.finalise(2026, 'Chủ tịch hội đồng');
    const opened = new EngineSession(await sql(), (actor) => testEnv(actor));
    opened.open(s.exportBytes(), 'Thư ký');
    const view = opened.startView(null)!;
    expect(view.lock).not.toBeNull();
    expect(view.lock).toEqual(s.yearLock(2026));
  });
});

/** What `fn` was refused with (the test fails if it was not). */
function refusal(fn: () => unknown): { code: string; text: { vi: string; en: string } } {
  try {
    fn();
  } catch (e) {
    return e as { code: string; text: { vi: string; en: string } };
  }
  throw new Error('not refused');
}

describe("the file's quick integrity check, asked once the first screen is up", () => {
  it('opens a file with a damaged page and shows its first screen; the check then refuses it, and everything after', async () => {
    const SQL = await sql();
    // The audit log's first page damaged: nothing of the first screen reads it.
    const damaged = withDamagedPage(SQL, s.exportBytes(), 'audit_log');
    const opened = new EngineSession(SQL, (actor) => testEnv(actor));
    expect(opened.open(damaged, 'Thư ký').years).toEqual([2025, 2026]);
    expect(opened.startView(null)!.units.length).toBe(61);
    expect(refusal(() => opened.check())).toMatchObject({ code: 'damaged', text: { vi: expect.stringMatching(/^Tệp đánh giá bị hỏng \(Tree \d+ page \d+.*\); hãy khôi phục từ bản sao lưu$/) } });
    // From then on the file is refused whatever is asked: an edit, a view, a save, the check again.
    for (const ask of [
      () => opened.startView(null),
      () => opened.unitList(2026),
      () => opened.exportBytes(),
      () => opened.check(),
      () => opened.verify(),
    ]) {
      expect(refusal(ask)).toMatchObject({ code: 'damaged' });
    }
    // Another file opened in the same worker is not.
    opened.open(s.exportBytes(), 'Thư ký');
    expect(() => opened.check()).not.toThrow();
    expect(opened.startView(null)!.units.length).toBe(61);
  });

  it('says a file too damaged to open is damaged, in its own words rather than SQLite’s', async () => {
    const SQL = await sql();
    // The units' first page damaged: the file's summary reads them.
    const damaged = withDamagedPage(SQL, s.exportBytes(), 'units');
    const opened = new EngineSession(SQL, (actor) => testEnv(actor));
    expect(refusal(() => opened.open(damaged, 'Thư ký'))).toMatchObject({ code: 'damaged', text: { en: expect.stringMatching(/restore it from a backup$/) } });
  });

  it('passes a sound file, and one it made, and both save', async () => {
    const SQL = await sql();
    const opened = new EngineSession(SQL, (actor) => testEnv(actor));
    opened.open(s.exportBytes(), 'Thư ký');
    expect(() => opened.check()).not.toThrow();
    expect(() => opened.check()).not.toThrow();
    expect(() => opened.verify()).not.toThrow();
    expect(opened.exportBytes().length).toBeGreaterThan(0);
    opened.createEmpty([2026], 'Thư ký');
    expect(() => opened.check()).not.toThrow();
    expect(opened.exportBytes().length).toBeGreaterThan(0);
  });

  it('checks a file opened with a check at once (a backup restored by hand): a damaged one leaves the open file as it was', async () => {
    const SQL = await sql();
    const opened = new EngineSession(SQL, (actor) => testEnv(actor));
    opened.open(s.exportBytes(), 'Thư ký');
    const before = opened.startView(null)!;
    for (const damaged of [withDamagedPage(SQL, s.exportBytes(), 'audit_log'), withDamagedUnitIndex(SQL, s.exportBytes())]) {
      expect(refusal(() => opened.open(damaged, 'Thư ký', 'full'))).toMatchObject({ code: 'damaged' });
      expect(opened.startView(null)).toEqual(before);
      expect(opened.exportBytes().length).toBeGreaterThan(0);
    }
  });
});

describe("the file's full integrity check, after the first screen", () => {
  it('opens a file whose index is damaged, then refuses both the check and any export, so nothing is saved over it', async () => {
    const SQL = await sql();
    const damaged = withDamagedUnitIndex(SQL, s.exportBytes());
    const opened = new EngineSession(SQL, (actor) => testEnv(actor));
    expect(opened.open(damaged, 'Thư ký').years).toEqual([2025, 2026]);
    expect(opened.startView(null)!.units.length).toBe(61);
    expect(refusal(() => opened.verify())).toMatchObject({ code: 'damaged', text: { vi: expect.stringMatching(/bị hỏng.*sao lưu/) } });
    expect(refusal(() => opened.exportBytes())).toMatchObject({ code: 'damaged' });
    // The quick check (which alone would pass this file) refuses it too from then on.
    expect(refusal(() => opened.check())).toMatchObject({ code: 'damaged' });
    // An undamaged file: the check passes once, and exports go on.
    const sound = new EngineSession(SQL, (actor) => testEnv(actor));
    sound.open(s.exportBytes(), 'Thư ký');
    expect(() => sound.verify()).not.toThrow();
    expect(sound.exportBytes().length).toBeGreaterThan(0);
  });
});
