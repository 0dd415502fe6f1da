/**
 * The worker's units screen, merge dialog and conflict resolution, run in Node with real sql.js: validation
 * with messages naming the field, nothing written on refusal, merges and imports on a copy that replaces the
 * open file only when confirmed, and conflicts settled only with a choice and a reason.
 */
import { readFileSync } from 'node:fs';
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SELF, type FileEnv } from '../../shared/file/evaluation-file';
import { EngineSession } from '../../renderer/src/worker/engine-session';
import type { UnitInput, UnitProblem } from '../../renderer/src/worker/protocol';
import { sql } from '../file/helpers';

const DEMO = readFileSync('demo/dien-bien.csv', 'utf8');
const AN = 'Nguyễn Văn An';
const MP = '03325'; // UBND xã Mường Phăng (XA): entries in 2026

let SQL: SqlJsStatic;
/** Ids unique across every file of a test (as crypto.randomUUID makes them in the app), a clock that ticks. */
let ids = 0;
let clock = Date.UTC(2026, 10, 1, 8);
const env = (actor: string): FileEnv => ({
  now: () => new Date((clock += 1000)).toISOString(),
  newId: () => `id-${++ids}`,
  actor,
  appVersion: '0.1.0',
});
const session = () => new EngineSession(SQL, env);

beforeAll(async () => {
  SQL = await sql();
});

/** Everything a user could see of a file, to compare before and after. */
function state(s: EngineSession) {
  const image = (s as unknown as { file: { db: { export(): Uint8Array } } }).file.db.export();
  return { summary: s.summary(), units: s.unitsView(), conflicts: s.conflicts(false), image: Buffer.from(image).toString('base64') };
}

const unit = (over: Partial<UnitInput> = {}): UnitInput => ({ code: 'X01', name: 'UBND xã Thử Nghiệm', group: 'XA', activeFrom: null, activeTo: null, predecessors: [], reason: '', ...over });

function refused(r: ReturnType<EngineSession['saveUnit']>): UnitProblem[] {
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.problems;
}

describe('units screen (worker)', () => {
  let s: EngineSession;
  beforeEach(() => {
    s = session();
    s.createEmpty([2026], 'Thư ký');
  });

  it('adds a unit to a new, empty file; it is scored in the year and its creation is audited', () => {
    expect(s.unitsView()).toMatchObject({ units: [], years: [2026] });
    expect(s.unitsView().groups.map((g) => g.code)).toEqual(['SO', 'XA', 'BC']);
    const r = s.saveUnit(unit(), 'add', false);
    expect(r).toMatchObject({ ok: true, change: 'created', unit: { code: 'X01', name: 'UBND xã Thử Nghiệm', group: 'XA', entries: [], successors: [] } });
    expect(s.summary().units.map((u) => u.code)).toEqual(['X01']);
    expect(s.unitList(2026).map((u) => u.code)).toEqual(['X01']);
    expect(s.sheet(2026, SELF, 'X01').length).toBeGreaterThan(10);
    const file = (s as unknown as { file: { auditLog(): { action: string; target: string; reason: string }[] } }).file;
    expect(file.auditLog().at(-1)).toMatchObject({ action: 'unit.create', target: 'unit X01', reason: 'thêm đơn vị / unit added' });
  });

  it('refuses an invalid unit with a bilingual message naming the field, and writes nothing', () => {
    s.saveUnit(unit({ code: 'A', name: 'Đơn vị A', group: 'SO' }), 'add', false);
    s.saveUnit(unit({ code: 'B', name: 'Đơn vị B', group: 'SO', predecessors: ['A'] }), 'add', false);
    const before = state(s);
    const cases: [Partial<UnitInput>, 'add' | 'edit', string, RegExp, RegExp][] = [
      [{ code: '  ' }, 'add', 'code', /^Mã đơn vị: chưa nhập/, /^Unit code: missing/],
      [{ code: 'A' }, 'add', 'code', /^Mã đơn vị: đã có đơn vị mã A \(“Đơn vị A”\)/, /^Unit code: unit A .* is already in the file/],
      [{ code: 'X 1' }, 'add', 'code', /khoảng trắng/, /spaces/],
      [{ code: 'ZZZ' }, 'edit', 'code', /không có đơn vị mã ZZZ/, /no unit ZZZ/],
      [{ name: '' }, 'add', 'name', /^Tên đơn vị: chưa nhập/, /^Unit name: missing/],
      [{ group: 'HUYEN' }, 'add', 'group', /^Khối: “HUYEN” không có trong bộ tiêu chí năm 2026 \(các khối: SO, XA, BC\)/, /^Unit group: “HUYEN” is not in the 2026 criteria set/],
      [{ group: '' }, 'add', 'group', /^Khối: chưa chọn/, /^Unit group: not chosen/],
      [{ predecessors: ['X01'] }, 'add', 'predecessors', /^Đơn vị tiền thân: đơn vị X01 không thể là tiền thân của chính nó/, /cannot be its own predecessor/],
      [{ predecessors: ['NOPE'] }, 'add', 'predecessors', /không có đơn vị mã NOPE/, /no unit NOPE/],
      [{ code: 'A', name: 'Đơn vị A', group: 'SO', predecessors: ['B'] }, 'edit', 'predecessors', /B đã nhận A là tiền thân/, /each other's predecessors/],
      [{ activeFrom: 2026, activeTo: 2025 }, 'add', 'activeTo', /^Được đánh giá đến năm: năm 2025 ở trước năm bắt đầu 2026/, /^Evaluated until year: 2025 is before the first year 2026/],
      [{ activeFrom: 26 }, 'add', 'activeFrom', /^Được đánh giá từ năm: phải là một năm/, /must be a year/],
    ];
    for (const [over, mode, field, vi, en] of cases) {
      const problems = refused(s.saveUnit(unit(over), mode, true));
      const p = problems.find((x) => x.field === field);
      expect(p, `${JSON.stringify(over)} → ${field}: ${JSON.stringify(problems)}`).toBeDefined();
      expect(p!.message.vi).toMatch(vi);
      expect(p!.message.en).toMatch(en);
    }
    expect(state(s)).toEqual(before);
  });

  it('edits the name and group of a unit without entries; the code stays', () => {
    s.saveUnit(unit(), 'add', false);
    const r = s.saveUnit(unit({ name: 'Sở Thử Nghiệm', group: 'SO', reason: 'nhập nhầm khối' }), 'edit', false);
    expect(r).toMatchObject({ ok: true, change: 'updated', unit: { code: 'X01', name: 'Sở Thử Nghiệm', group: 'SO' } });
    expect(s.saveUnit(unit({ name: 'Sở Thử Nghiệm', group: 'SO' }), 'edit', false)).toMatchObject({ ok: true, change: 'unchanged' });
  });

  it('sets predecessors among the other units and shows the successor on each predecessor', () => {
    s.saveUnit(unit({ code: 'A', name: 'Xã A', activeTo: 2025 }), 'add', false);
    s.saveUnit(unit({ code: 'B', name: 'Xã B', activeTo: 2025 }), 'add', false);
    const r = s.saveUnit(unit({ code: 'AB', name: 'Xã A-B', activeFrom: 2026, predecessors: ['A', 'B', 'A', ' '] }), 'add', false);
    expect(r).toMatchObject({ ok: true, unit: { predecessors: ['A', 'B'] } });
    const rows = s.unitsView().units;
    expect(rows.find((u) => u.code === 'A')!.successors).toEqual(['AB']);
    expect(s.unitList(2026).map((u) => u.code)).toEqual(['AB']);
  });
});

describe('units with entries (the demo)', () => {
  let s: EngineSession;
  beforeEach(() => {
    s = session();
    s.createDemo(DEMO, 'Thư ký');
  });

  it('refuses to move a unit with entries to another khối, saying why and what to do instead', () => {
    const mp = s.unitsView().units.find((u) => u.code === MP)!;
    expect(mp.entries.map((e) => e.year)).toContain(2026);
    const before = state(s);
    const problems = refused(s.saveUnit(unit({ code: MP, name: mp.name, group: 'SO' }), 'edit', true));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'group' });
    expect(problems[0]!.message.vi).toMatch(/^Khối: đơn vị 03325 đã có số liệu .* không đổi từ XA sang SO được.*đơn vị tiền thân/);
    expect(problems[0]!.message.en).toMatch(/^Unit group: unit 03325 already has entries .*predecessor/);
    expect(state(s)).toEqual(before);
    // Its name may change (audited).
    expect(s.saveUnit(unit({ code: MP, name: 'UBND xã Mường Phăng (mới)', group: 'XA' }), 'edit', false)).toMatchObject({ ok: true, change: 'updated' });
  });

  it('deactivates a unit from a year (after a warning about its entries) and reactivates it', () => {
    const mp = s.unitsView().units.find((u) => u.code === MP)!;
    const input = unit({ code: MP, name: mp.name, group: mp.group, activeFrom: mp.activeFrom, activeTo: 2025 });
    const before = state(s);
    const first = s.saveUnit(input, 'edit', false);
    expect(first.ok).toBe(false);
    if (first.ok) return;
    expect(first.problems).toEqual([]);
    expect(first.warnings[0]).toMatchObject({ field: 'activeTo' });
    expect(first.warnings[0]!.message.vi).toMatch(/không được chấm điểm, xếp hạng/);
    expect(state(s)).toEqual(before);

    expect(s.saveUnit(input, 'edit', true)).toMatchObject({ ok: true, change: 'updated', unit: { activeTo: 2025 } });
    expect(s.unitList(2026).some((u) => u.code === MP)).toBe(false);
    expect(s.unitList(2025).some((u) => u.code === MP)).toBe(true);

    expect(s.saveUnit({ ...input, activeTo: null }, 'edit', false)).toMatchObject({ ok: true, unit: { activeTo: null } });
    expect(s.unitList(2026).some((u) => u.code === MP)).toBe(true);
  });
});

// ── merging ─────────────────────────────────────────────────────────────────────────────────────────────

/** An evaluator's file: a copy of the master's bytes, edited by that evaluator in their own app. */
function evaluatorCopy(masterBytes: Uint8Array, actor: string, edits: (s: EngineSession) => void): Uint8Array {
  const e = session();
  e.open(masterBytes, actor);
  edits(e);
  return e.exportBytes();
}

const ok = (r: ReturnType<EngineSession['edit']>) => {
  if (!r.ok) throw new Error(r.message.vi);
};

describe('merging evaluators’ files on a copy', () => {
  let s: EngineSession;
  let a: Uint8Array;
  let b: Uint8Array;
  beforeEach(() => {
    s = session();
    const { bytes } = s.createDemo(DEMO, 'Thư ký');
    // An, in his copy: 5.1b of Mường Phăng from 4,5 to 5. Someone else, in another copy, set An's 5.1b to 2
    // and added a new member's appraisal.
    a = evaluatorCopy(bytes, AN, (e) => ok(e.edit({ year: 2026, unit: MP, code: '5.1b', who: AN, field: 'v1', value: '5' })));
    b = evaluatorCopy(bytes, 'Đỗ Văn Bình', (e) => {
      ok(e.edit({ year: 2026, unit: MP, code: '5.1b', who: AN, field: 'v1', value: '2' }));
      ok(e.edit({ year: 2026, unit: MP, code: '5.1b', who: AN, field: 'note', value: 'Theo biên bản kiểm tra' }));
      e.addEvaluator('Đỗ Văn Bình', 'member');
      ok(e.edit({ year: 2026, unit: MP, code: '2.6', who: 'Đỗ Văn Bình', field: 'v1', value: '4' }));
    });
  });

  it('shows what each file brings before anything changes; confirmed, the copy becomes the file', () => {
    const before = state(s);
    const d = s.beginDraft();
    const ra = s.draftMerge(d, 'an.nq57', a.slice());
    expect(ra).toMatchObject({ name: 'an.nq57', problems: [], created: 0, updated: 1, conflicts: 0, unitsAdded: [], evaluatorsAdded: [] });
    const rb = s.draftMerge(d, 'binh.nq57', b.slice());
    expect(rb).toMatchObject({ problems: [], created: 1, updated: 0, conflicts: 1, newConflicts: 1, evaluatorsAdded: ['Đỗ Văn Bình'] });
    expect(rb.conflictList).toEqual([{ unit: MP, unitName: 'UBND xã Mường Phăng', indicator: '5.1b', who: AN, consensus: false }]);
    // The open file has not changed yet.
    expect(state(s)).toEqual(before);

    const summary = s.commitDraft(d);
    expect(summary.openConflicts).toBe(1);
    expect(summary.evaluators.map((e) => e.name)).toContain('Đỗ Văn Bình');
    expect(s.snapshot(2026, MP, '5.1b', AN)!.values).toEqual({ value: 5 }); // An's own newer value
    expect(s.snapshot(2026, MP, '2.6', 'Đỗ Văn Bình')!.values).toEqual({ value: 4 });
  });

  it('lists the conflict with both versions side by side and settles it only with a choice and a reason', () => {
    const d = s.beginDraft();
    s.draftMerge(d, 'an.nq57', a.slice());
    s.draftMerge(d, 'binh.nq57', b.slice());
    s.commitDraft(d);
    const [c] = s.conflicts(true);
    expect(c).toMatchObject({
      year: 2026,
      unit: MP,
      unitName: 'UBND xã Mường Phăng',
      indicator: '5.1b',
      who: AN,
      whoName: { vi: AN },
      sourceName: 'binh.nq57',
      master: { points: 5, note: '' },
      other: { points: 2, note: 'Theo biên bản kiểm tra' },
      differs: { values: true, note: true, evidence: false },
      resolution: null,
    });
    expect(c!.master.values[0]!.value).toEqual({ vi: '5', en: '5' });
    expect(c!.other.values[0]!.value).toEqual({ vi: '2', en: '2' });
    expect(c!.indicatorName.vi.length).toBeGreaterThan(5);

    expect(() => s.resolveConflict(c!.id, 'other', '   ')).toThrow(/lý do/);
    expect(s.summary().openConflicts).toBe(1);
    const r = s.resolveConflict(c!.id, 'other', 'Theo biên bản kiểm tra ngày 12/11/2026');
    expect(r.summary.openConflicts).toBe(0);
    expect(r.conflicts[0]!.resolution).toMatchObject({ choice: 'other', reason: 'Theo biên bản kiểm tra ngày 12/11/2026', by: 'Thư ký' });
    expect(s.snapshot(2026, MP, '5.1b', AN)).toMatchObject({ values: { value: 2 }, note: 'Theo biên bản kiểm tra' });
    expect(s.history(2026, MP, '5.1b', AN).at(-1)).toMatchObject({ action: 'merge.resolve', reason: 'Theo biên bản kiểm tra ngày 12/11/2026' });
    // Re-merging the same file raises nothing new.
    const again = s.beginDraft();
    expect(s.draftMerge(again, 'binh.nq57', b.slice())).toMatchObject({ conflicts: 0, created: 0, updated: 0 });
    s.discardDraft(again);
  });

  it('cancelled (the copy discarded, at any step), the open file is exactly as before', () => {
    const before = state(s);
    const d = s.beginDraft();
    s.draftMerge(d, 'an.nq57', a.slice());
    expect(s.discardDraft(d + 1)).toBe(false); // a later run's number: not this copy
    expect(s.discardDraft(d)).toBe(true);
    expect(state(s)).toEqual(before);
    expect(s.discardDraft()).toBe(false);
    // A step of the cancelled run arriving late touches neither the file nor a newer run's copy.
    const next = s.beginDraft();
    expect(() => s.draftMerge(d, 'an.nq57', a.slice())).toThrow(/Không có thao tác gộp/);
    expect(s.discardDraft(d)).toBe(false);
    expect(s.draftMerge(next, 'an.nq57', a.slice())).toMatchObject({ updated: 1 });
    s.discardDraft(next);
    expect(() => s.commitDraft(d)).toThrow(/Không có thao tác gộp/);
    expect(() => s.draftMerge(d, 'b', b.slice())).toThrow(/Không có thao tác gộp/);
  });

  it('refuses to swap in a copy when the open file changed meanwhile, keeping that change', () => {
    const d = s.beginDraft();
    s.draftMerge(d, 'an.nq57', a.slice());
    ok(s.edit({ year: 2026, unit: MP, code: '2.2', who: SELF, field: 'v1', value: '1' }));
    expect(() => s.commitDraft(d)).toThrow(/đã thay đổi trong lúc gộp/);
    expect(s.snapshot(2026, MP, '2.2', SELF)!.values).toEqual({ value: 1 });
    expect(s.snapshot(2026, MP, '5.1b', AN)!.values).toEqual({ value: 4.5 });
    expect(s.summary().openConflicts).toBe(0);
  });

  it('says why a file that is not an evaluation file brings nothing, and merges the others', () => {
    const d = s.beginDraft();
    const bad = s.draftMerge(d, 'ghi-chu.nq57', new TextEncoder().encode('không phải SQLite'));
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0]!.vi.length).toBeGreaterThan(5);
    expect(bad).toMatchObject({ created: 0, updated: 0, conflicts: 0 });
    expect(s.draftMerge(d, 'an.nq57', a.slice())).toMatchObject({ updated: 1 });
    s.commitDraft(d);
    expect(s.snapshot(2026, MP, '5.1b', AN)!.values).toEqual({ value: 5 });
  });

  it('knows the documents a conflicting version cites, so choosing it works; lists them to copy', () => {
    const sha = 'c'.repeat(64);
    const withDoc = evaluatorCopy(s.exportBytes(), 'Lò Thị Hương', (e) => {
      ok(e.edit({ year: 2026, unit: MP, code: '5.1b', who: AN, field: 'v1', value: '3' }));
      e.attach(2026, MP, '5.1b', AN, { sha256: sha, name: 'Biên bản.pdf', mediaType: 'application/pdf', size: 100 });
    });
    const d = s.beginDraft();
    s.draftMerge(d, 'an.nq57', a.slice());
    const r = s.draftMerge(d, 'huong.nq57', withDoc);
    expect(r).toMatchObject({ conflicts: 1, attachmentsNeeded: [sha] });
    s.commitDraft(d);
    const [c] = s.conflicts(true);
    expect(c!.other.attachments).toEqual([{ sha256: sha, name: 'Biên bản.pdf' }]);
    expect(c!.differs.attachments).toBe(true);
    s.resolveConflict(c!.id, 'other', 'Có biên bản');
    expect(s.snapshot(2026, MP, '5.1b', AN)!.attachments).toEqual([sha]);
  });
});

describe('consensus values in a merge', () => {
  it('brings a new consensus value in, and a differing one becomes a conflict settled like the others', () => {
    const s = session();
    const { bytes } = s.createDemo(DEMO, 'Thư ký');
    type WithFile = { file: { setConsensus(c: { year: number; unit: string; indicator: string; points: string; reason: string }): unknown; consensusFor(k: object): { points: string } | null } };
    const consensus = (points: string, reason: string) => (e: EngineSession) => {
      (e as unknown as WithFile).file.setConsensus({ year: 2026, unit: MP, indicator: '5.1b', points, reason });
    };
    const a = evaluatorCopy(bytes, 'Thư ký A', consensus('4', 'Họp hội đồng ngày 10/11'));
    const b = evaluatorCopy(bytes, 'Thư ký B', consensus('3', 'Theo biên bản kiểm tra'));
    const d = s.beginDraft();
    expect(s.draftMerge(d, 'a.nq57', a)).toMatchObject({ consensusAdded: 1, conflicts: 0 });
    const rb = s.draftMerge(d, 'b.nq57', b);
    expect(rb).toMatchObject({ conflicts: 1, consensusConflicts: 1, newConflicts: 1 });
    expect(rb.conflictList).toEqual([{ unit: MP, unitName: 'UBND xã Mường Phăng', indicator: '5.1b', who: '', consensus: true }]);
    expect(s.commitDraft(d).openConflicts).toBe(1);
    const [c] = s.conflicts(true);
    expect(c).toMatchObject({ kind: 'consensus', who: '', master: { points: 4, note: 'Họp hội đồng ngày 10/11', by: 'Thư ký A' }, other: { points: 3, note: 'Theo biên bản kiểm tra', by: 'Thư ký B' }, differs: { values: true, note: true } });
    expect(c!.master.values).toEqual([{ label: { vi: 'Điểm thống nhất', en: 'Consensus points' }, value: { vi: '4', en: '4' } }]);
    expect(() => s.resolveConflict(c!.id, 'other', '')).toThrow(/lý do/);
    expect(s.resolveConflict(c!.id, 'other', 'Biên bản có chữ ký').summary.openConflicts).toBe(0);
    expect((s as unknown as WithFile).file.consensusFor({ year: 2026, unit: MP, indicator: '5.1b' })!.points).toBe('3');
  });
});

describe('import on a copy: all or nothing, cancellable', () => {
  const HEADER = 'year,unit,unit_name,group,indicator,input,value,evaluator,evidence,explanation,accepted,note\n';
  const enc = (s: string) => new TextEncoder().encode(s);

  it('a file with a problem keeps every file out; the good files alone come in', () => {
    const s = session();
    s.createEmpty([2026], 'Thư ký');
    const good = enc(HEADER + '2026,X01,UBND xã Thử Nghiệm,XA,2.2,,7,,CV 1,,,\n');
    const bad = enc(HEADER + '2026,X02,UBND xã Khác,XA,2.2,,-3,,,,,\n');
    const before = state(s);
    const r = s.importFiles([
      { name: 'tot.csv', bytes: good },
      { name: 'loi.csv', bytes: bad },
    ]);
    expect(r.files).toEqual([]);
    expect(r.problems.length).toBeGreaterThan(0);
    expect(state(s)).toEqual(before);

    const ok2 = s.importFiles([{ name: 'tot.csv', bytes: good }]);
    expect(ok2).toMatchObject({ problems: [], files: [{ name: 'tot.csv', created: 1, unitsCreated: 1 }] });
    expect(s.summary().units.map((u) => u.code)).toEqual(['X01']);
  });

  it('step by step on a copy: discarded, nothing came in', () => {
    const s = session();
    s.createEmpty([2026], 'Thư ký');
    const before = state(s);
    const d = s.beginDraft();
    expect(s.draftImport(d, 'a.csv', enc(HEADER + '2026,X01,UBND xã Thử Nghiệm,XA,2.2,,7,,,,,\n'))).toMatchObject({ created: 1, problems: [] });
    expect(s.draftImport(d, 'b.txt', enc('x'))).toMatchObject({ problems: [{ message: { vi: 'chỉ nhập được tệp .csv hoặc .xlsx' } }] });
    s.discardDraft(d);
    expect(state(s)).toEqual(before);
  });
});
