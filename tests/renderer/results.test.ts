/**
 * The results screen's logic in the worker, run in Node: the ranking it shows is the engine's, a proposal
 * override needs a reason and shows the computed proposal beside it, finalising freezes the year (an edit
 * in the grid is refused with the file's sentence) until it is reopened with a reason, every step audited;
 * the documents it exports read back as the results.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { scoreYear } from '../../shared/engine/score';
import { SELF } from '../../shared/file/evaluation-file';
import { FileError } from '../../shared/file/open';
import { readXlsx, type ReadWorkbook } from '../../shared/spreadsheet/xlsx-read';
import { EngineSession } from '../../renderer/src/worker/engine-session';
import { combineDocuments, documentName, localDateTime } from '../../renderer/src/worker/results';
import { EXPORT_KINDS } from '../../renderer/src/worker/results-protocol';
import { DEMO_CSV, sql, testEnv } from '../file/helpers';

const MP = '03325'; // UBND xã Mường Phăng: XA, rank 8 of 45, Xuất sắc, Giấy khen by the rules (Bằng khen: ranks 1–7)
const BANG_KHEN = 'bang_khen_chu_tich_ubnd_tinh';
const GIAY_KHEN = 'giay_khen_giam_doc_so_khcn';

let s: EngineSession;
beforeEach(async () => {
  s = new EngineSession(await sql(), (actor) => testEnv(actor));
  s.createDemo(DEMO_CSV, 'Thư ký hội đồng');
});

/** The open file itself (the session keeps it private): what the tests check behind the screen's back. */
const file = (session: EngineSession) => (session as unknown as { f: import('../../shared/file/evaluation-file').EvaluationFile }).f;

/** A rejection of the worker as the UI receives it: a FileError with a sentence in each language. */
function refusal(run: () => unknown): FileError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(FileError);
    return e as FileError;
  }
  throw new Error('expected a refusal');
}

const audit = (session: EngineSession) => file(session).auditLog().map((a) => ({ action: a.action, target: a.target, reason: a.reason, actor: a.actor }));

describe('the ranking the results screen shows', () => {
  it('is the engine’s: every unit’s rank, score, band and proposal, in the official order, with the official fingerprint', () => {
    const f = file(s);
    const engine = scoreYear(f.criteriaFor(2026)!, f.yearData(2026));
    const self = scoreYear(f.criteriaFor(2026)!, f.yearData(2026), { source: 'self' });
    const view = s.rankings(2026);
    expect(view.rows.map((r) => r.unit)).toEqual(engine.units.map((u) => u.unit.code));
    for (const [i, u] of engine.units.entries()) {
      const r = view.rows[i]!;
      expect([r.rank, r.score, r.band.code, r.proposal?.code ?? null, r.group]).toEqual([u.rank, u.rounded, u.band.code, u.proposal?.code ?? null, u.unit.group]);
      const su = self.units.find((x) => x.unit.code === u.unit.code)!;
      expect(r.selfScore).toBe(su.rounded);
      expect(r.difference).toBeCloseTo(u.rounded - su.rounded, 9);
      expect(Object.keys(r.groups)).toEqual(['I', 'II', 'III', 'IV', 'V']);
    }
    expect(view.fingerprint).toBe(f.officialResults(2026).fingerprint);
    expect(view.finalisation).toBeNull();
    expect(view.matchesFinal).toBe(false);
    expect(view.unitGroups.map((g) => [g.code, g.size])).toEqual([
      ['SO', 14],
      ['XA', 45],
      ['BC', 2],
    ]);
    expect(view.proposals.map((p) => p.code)).toEqual([BANG_KHEN, GIAY_KHEN]);
    const mp = view.rows.find((r) => r.unit === MP)!;
    expect(mp).toMatchObject({ rank: 8, rankLabel: '8', band: { code: 'xuat_sac' }, proposal: { code: GIAY_KHEN }, computedProposal: { code: GIAY_KHEN }, override: null });
  });

  it('shows shared ranks as “16=” and names the units sharing them', () => {
    const rows = s.rankings(2026).rows;
    const tied = rows.filter((r) => r.group === 'XA' && r.rank === 16);
    expect(tied.map((r) => r.rankLabel)).toEqual(['16=', '16=']);
    expect(tied[0]!.tiedWith).toEqual([tied[1]!.name]);
    expect(tied[0]!.score).toBe(tied[1]!.score);
    // The next rank is skipped (competition ranking, "1224").
    expect(rows.filter((r) => r.group === 'XA').map((r) => r.rank)).not.toContain(17);
    expect(rows.find((r) => r.group === 'XA' && r.rank === 18)!.rankLabel).toBe('18');
  });
});

describe('overriding a reward proposal', () => {
  it('needs a written reason; with one, the row shows the override, the computed proposal and the reason; other units keep theirs', () => {
    const before = s.rankings(2026);
    const auditBefore = audit(s).length;
    const e = refusal(() => s.setProposalOverride(2026, MP, BANG_KHEN, '   '));
    expect(e.text.vi).toMatch(/cần ghi lý do/);
    expect(e.text.en).toMatch(/reason is required/);
    expect(audit(s)).toHaveLength(auditBefore);
    expect(refusal(() => s.setProposalOverride(2026, MP, 'huan_chuong', 'Lý do')).text.vi).toMatch(/không có hình thức khen thưởng "huan_chuong"/);

    const view = s.setProposalOverride(2026, MP, BANG_KHEN, 'Đơn vị điển hình của tỉnh về chuyển đổi số (Biên bản họp hội đồng ngày 15/12/2026)');
    const mp = view.rows.find((r) => r.unit === MP)!;
    expect(mp.proposal).toMatchObject({ code: BANG_KHEN, label: { vi: 'Bằng khen của Chủ tịch UBND tỉnh' } });
    expect(mp.computedProposal).toMatchObject({ code: GIAY_KHEN });
    expect(mp.override).toMatchObject({ reason: 'Đơn vị điển hình của tỉnh về chuyển đổi số (Biên bản họp hội đồng ngày 15/12/2026)', by: 'Thư ký hội đồng' });
    // An override changes its own unit only.
    for (const r of view.rows.filter((x) => x.unit !== MP)) expect(r.proposal).toEqual(before.rows.find((x) => x.unit === r.unit)!.proposal);
    expect(view.fingerprint).not.toBe(before.fingerprint);
    expect(audit(s).at(-1)).toMatchObject({ action: 'override.create', target: `2026 ${MP} (đề xuất khen thưởng)`, actor: 'Thư ký hội đồng' });

    // None is a choice too.
    expect(s.setProposalOverride(2026, MP, null, 'Đơn vị xin không nhận khen thưởng năm nay').rows.find((r) => r.unit === MP)).toMatchObject({
      proposal: null,
      computedProposal: { code: GIAY_KHEN },
      override: { reason: 'Đơn vị xin không nhận khen thưởng năm nay' },
    });
  });

  it('is cleared only with a reason too, and the rules’ proposal counts again', () => {
    const before = s.rankings(2026);
    s.setProposalOverride(2026, MP, BANG_KHEN, 'Đơn vị điển hình');
    expect(refusal(() => s.clearProposalOverride(2026, MP, '')).text.vi).toMatch(/Cần ghi lý do khi bỏ điều chỉnh đề xuất/);
    const view = s.clearProposalOverride(2026, MP, 'Hội đồng họp lại, giữ đề xuất theo quy tắc');
    expect(view.rows.find((r) => r.unit === MP)).toMatchObject({ proposal: { code: GIAY_KHEN }, override: null });
    expect(view.fingerprint).toBe(before.fingerprint);
    expect(audit(s).at(-1)).toMatchObject({ action: 'override.clear', reason: 'Hội đồng họp lại, giữ đề xuất theo quy tắc' });
  });
});

describe('finalising a year', () => {
  it('freezes it: an edit in the grid is refused with the file’s sentence, nothing changes; reopened with a reason, it edits again; all audited', () => {
    const draft = s.rankings(2026);
    expect(s.yearLock(2026)).toBeNull();
    const view = s.finalise(2026, 'Nguyễn Văn Chủ tịch');
    expect(view.finalisation).toMatchObject({ by: 'Nguyễn Văn Chủ tịch', fingerprint: draft.fingerprint });
    expect(view.finalisation!.date).toMatch(/^\d{2}\/\d{2}\/2026$/);
    expect(view.matchesFinal).toBe(true);
    expect(view.history.map((h) => [h.action, h.actor, h.fingerprint])).toEqual([['finalise', 'Nguyễn Văn Chủ tịch', draft.fingerprint]]);

    // The grid: refused with the file's own sentence, whatever was typed, and nothing stored.
    const lock = s.yearLock(2026)!;
    expect(lock.message.vi).toMatch(/^Năm 2026 đã được chốt kết quả ngày \d{2}\/\d{2}\/2026 \(Nguyễn Văn Chủ tịch\); muốn sửa phải mở lại với lý do/);
    const before = s.snapshot(2026, MP, '2.2', SELF);
    for (const value of ['7', 'abc']) {
      const r = s.edit({ year: 2026, unit: MP, code: '2.2', who: SELF, field: 'v1', value });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toEqual(lock.message);
    }
    expect(s.snapshot(2026, MP, '2.2', SELF)).toEqual(before);
    // Undo (restoreEntry) and overrides are refused by the file too; another year stays open.
    expect(refusal(() => s.restoreEntry(2026, MP, '2.2', SELF, null)).text.vi).toMatch(/đã được chốt kết quả/);
    expect(refusal(() => s.setProposalOverride(2026, MP, BANG_KHEN, 'Lý do')).text.vi).toMatch(/đã được chốt kết quả/);
    expect(s.yearLock(2025)).toBeNull();
    expect(s.edit({ year: 2025, unit: MP, code: '2.2', who: SELF, field: 'v1', value: '9' }).ok).toBe(true);
    // Finalising again is refused.
    expect(refusal(() => s.finalise(2026, 'Ai đó')).text.vi).toMatch(/đã được chốt kết quả ngày/);

    // Reopening needs a reason.
    expect(refusal(() => s.reopen(2026, '  ', 'Nguyễn Văn Chủ tịch')).text.vi).toMatch(/Cần ghi lý do khi mở lại/);
    const reopened = s.reopen(2026, 'Sở Y tế gửi bổ sung tài liệu kiểm chứng chỉ tiêu 2.2', 'Nguyễn Văn Chủ tịch');
    expect(reopened.finalisation).toBeNull();
    expect(reopened.history.map((h) => [h.action, h.reason])).toEqual([
      ['finalise', ''],
      ['reopen', 'Sở Y tế gửi bổ sung tài liệu kiểm chứng chỉ tiêu 2.2'],
    ]);
    expect(s.yearLock(2026)).toBeNull();
    const r = s.edit({ year: 2026, unit: MP, code: '2.2', who: SELF, field: 'v1', value: '7' });
    expect(r.ok && r.changed).toBe(true);

    const log = audit(s).filter((a) => a.action.startsWith('year.'));
    expect(log).toEqual([
      { action: 'year.finalise', target: 'year 2026', reason: '', actor: 'Nguyễn Văn Chủ tịch' },
      { action: 'year.reopen', target: 'year 2026', reason: 'Sở Y tế gửi bổ sung tài liệu kiểm chứng chỉ tiêu 2.2', actor: 'Nguyễn Văn Chủ tịch' },
    ]);
  });

  it('is refused while the year has open merge conflicts, with the file’s message; needs a name', () => {
    const f = file(s);
    f.run(
      `INSERT INTO merge_conflicts (id, year, unit, indicator, who, master_json, other_json, other_sha256, master_updated_at, other_updated_at, source_file_id, source_name, detected_at)
       VALUES ('c1', 2026, '${MP}', '2.2', '', '{}', '{}', 'x', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', 'x', 'x.nq57', '2026-11-01T00:00:00Z')`,
    );
    expect(s.rankings(2026).openConflicts).toBe(1);
    const e = refusal(() => s.finalise(2026, 'Chủ tịch'));
    expect(e.code).toBe('finalise-conflicts');
    expect(e.text.vi).toMatch(/còn 1 xung đột khi gộp tệp chưa giải quyết/);
    expect(s.rankings(2026).finalisation).toBeNull();
    f.run('DELETE FROM merge_conflicts');
    expect(refusal(() => s.finalise(2026, '  ')).text.vi).toMatch(/Cần ghi tên người chốt/);
  });
});

describe('the documents the screen exports', () => {
  const sheetCells = (wb: ReadWorkbook, name: string) => {
    const sheet = wb.sheets.find((x) => x.name === name)!;
    const cells = [...sheet.rows.values()].flatMap((r) => [...r.values()]);
    return { sheet, text: cells.map((c) => String(c.value)).join('\n') };
  };

  it('every kind can be made; a draft is marked DỰ THẢO in the name and the content, a final year is not', () => {
    for (const kind of EXPORT_KINDS) {
      const d = s.exportDocument(2026, kind, kind === 'scorecard-pdf' ? MP : null);
      expect(d.final).toBe(false);
      expect(d.name, kind).toMatch(/-du-thao\.(xlsx|pdf|csv|json)$/);
      expect((d.bytes?.length ?? 0) + (d.html?.length ?? 0), kind).toBeGreaterThan(100);
      if (d.html) expect(d.html).toContain('DỰ THẢO');
    }
    const view = s.finalise(2026, 'Chủ tịch');
    const wb = readXlsx(s.exportDocument(2026, 'rankings-xlsx', null).bytes!);
    if (!wb.ok) throw new Error('the workbook does not read back');
    const cover = sheetCells(wb.value, 'Thông tin');
    expect(cover.text).toContain(view.fingerprint);
    expect(cover.text).not.toContain('DỰ THẢO');
    const xa = sheetCells(wb.value, 'Khối XA');
    // The ranking sheet lists the units in the screen's order with the same ranks.
    const rows = view.rows.filter((r) => r.group === 'XA');
    for (const r of rows.slice(0, 20)) expect(xa.text).toContain(r.name);
    expect(s.exportDocument(2026, 'nominations-pdf', null)).toMatchObject({ name: 'de-nghi-khen-thuong-2026.pdf', final: true, bytes: null });
  });

  it('a unit’s scorecard is named after it; all scorecards make one document, one unit per page', () => {
    expect(s.exportDocument(2026, 'scorecard-pdf', MP).name).toBe('phieu-diem-2026-03325-UBND-xa-Muong-Phang-du-thao.pdf');
    expect(refusal(() => s.exportDocument(2026, 'scorecard-pdf', 'KHONG-CO')).text.vi).toMatch(/Không có đơn vị KHONG-CO/);
    const all = s.exportDocument(2026, 'scorecards-pdf', null).html!;
    expect(all.match(/<section class="combined-document"/g)).toHaveLength(61);
    expect(all.match(/break-before: page/g)).toHaveLength(60);
    expect(all.match(/class="watermark"/g)).toHaveLength(1);
    expect(all.match(/<body>/g)).toHaveLength(1);
    expect(all).toContain('UBND xã Mường Phăng');
    expect(all).toContain('Sở Khoa học và Công nghệ');
  });

  it('file names and dates as officials read them', () => {
    expect(documentName('rankings-xlsx', 2026, true)).toBe('xep-hang-2026.xlsx');
    expect(documentName('results-json', 2025, false)).toBe('ket-qua-2025-du-thao.json');
    expect(localDateTime('2026-12-20T01:30:00.000Z')).toBe('20/12/2026 08:30');
    expect(localDateTime('2026-12-20T18:05:00.000Z')).toBe('21/12/2026 01:05');
    expect(() => combineDocuments([], 'x')).toThrow();
  });
});
