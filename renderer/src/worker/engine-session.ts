/**
 * The worker's state and logic: one open evaluation file, the engine, and the views the UI shows. Pure
 * (sql.js is handed in), so it runs in the Web Worker and in Node tests alike.
 */
import type { SqlJsStatic } from 'sql.js';
import { parseInput, type InputValue } from '../../../shared/criteria/inputs';
import type { LoadedCriteria, Scorable } from '../../../shared/criteria/loaded';
import { bundledCriteria } from '../../../shared/criteria/bundled';
import { describeEntry, scoreEntry, type Values } from '../../../shared/engine/rules';
import { rescoreUnits, scoreYear, type ScoredItem, type UnitResult, type YearResult } from '../../../shared/engine/score';
import * as R from '../../../shared/exact/rational';
import { describeKey, EvaluationFile, isActiveIn, SELF, type EntryContent, type EntryKey, type FileEnv } from '../../../shared/file/evaluation-file';
import { FileError, type IntegrityCheck, type OpenCheck } from '../../../shared/file/open';
import { importCsv, importWorkbook, type ImportReport } from '../../../shared/file/import';
import { conflicts as fileConflicts, consensusConflicts, merge, resolveConflict as settleConflict, resolveConsensusConflict } from '../../../shared/file/merge';
import { formatProblemIn, type Problem } from '../../../shared/problems';
import { text, type Text } from '../../../shared/i18n/text';
import { conflictView, consensusConflictView } from './conflict-view';
import { applyConsensus, consensusByRow, consensusHistory, historyOf, type ConsensusRequest } from './consensus';
import type {
  CellEdit,
  ConflictView,
  EditResult,
  EntrySnapshot,
  FileSummary,
  HistoryRow,
  ImportFileResult,
  ImportSummary,
  InputInfo,
  MergeFileReport,
  PanelRow,
  SheetRow,
  StartView,
  UnitInput,
  UnitListChanges,
  UnitListItem,
  UnitSaveResult,
  UnitScoreView,
  UnitsView,
  WorkerApi,
} from './protocol';
import { checkUnit, fileUnitGroups, unitRows, unitsView } from './units';
import { editRefusal, exportDocument, exportInput, rankingsView, yearLock } from './results';
import type { ExportedDocument, ExportKind, RankingsView, YearLock } from './results-protocol';
import { compareUnitDetail, compareView, compareWorkbook, targetsView, targetsWorkbook, type AnalysisSource, type CompareExportRequest, type CompareUnitDetail, type CompareViewData, type TargetsViewData } from './analysis';
import { templatePlan, templateWorkbook, type TemplatePlan, type TemplateWorkbook } from './templates';

const round = (q: R.Q) => R.round(q, 2);

/** The key of a year's scored results in EngineSession's cache. */
const scoreKey = (year: number, source: 'panel' | 'self') => `${year}:${source}`;

export class EngineSession implements WorkerApi {
  private file: EvaluationFile | null = null;
  /**
   * A copy of the open file that long work (merge, import) writes to; it becomes the open file only when the
   * work is confirmed, so a cancelled or failed merge or import leaves the open file exactly as it was.
   * `since` is the open file's last audit entry when the copy was taken: every change is audited, so a
   * different one at commit time means the open file changed meanwhile and the copy is stale.
   */
  private draft: { id: number; file: EvaluationFile; since: number } | null = null;
  private drafts = 0;
  private actor = 'người dùng';
  /** Scores per year, dropped on every change (a province rescored takes milliseconds). */
  private cache = new Map<string, YearResult>();
  /**
   * How far the open file has passed SQLite's integrity checks. A file is opened with none, so that its first
   * screen comes sooner; the app asks for the quick check once that screen is up (check) and for the full one
   * a moment later (verify); the full one also runs before the first export,
   * whichever comes first: damaged bytes are never written back over the file.
   */
  private checked: 'none' | IntegrityCheck = 'full';
  /** A check of the open file failed: every request about it is refused with that failure from then on. */
  private damage: FileError | null = null;

  constructor(
    private readonly SQL: SqlJsStatic,
    private readonly envFor: (actor: string) => FileEnv,
  ) {}

  private get f(): EvaluationFile {
    if (this.damage) throw this.damage;
    if (!this.file) throw new FileError('no-file', text('Chưa mở tệp đánh giá nào', 'No evaluation file is open'));
    return this.file;
  }

  open(bytes: Uint8Array, actor: string, integrity: OpenCheck = 'later'): FileSummary {
    this.actor = actor;
    // A file refused by a check made now leaves the open one as it was.
    const { file } = EvaluationFile.open(this.SQL, bytes, this.envFor(actor), integrity);
    this.replace(file, integrity === 'later' ? 'none' : integrity);
    try {
      return this.summary();
    } catch (e) {
      // Unreadable: a damaged file says so in our words ("restore it from a backup"), not SQLite's.
      this.check();
      throw e;
    }
  }

  check(): void {
    this.integrity('quick');
  }

  verify(): void {
    this.integrity('full');
  }

  private integrity(kind: IntegrityCheck): void {
    // Through `f`: a file a check found damaged is refused, also a second check of it.
    const f = this.f;
    if (this.checked === 'full' || this.checked === kind) return;
    try {
      f.verifyIntegrity(kind);
      this.checked = kind;
    } catch (e) {
      if (e instanceof FileError && e.code === 'damaged') {
        this.damage = e;
        // Nothing read from it is answered any more, also what was scored before.
        this.cache.clear();
      }
      throw e;
    }
  }

  createDemo(csv: string, actor: string): { bytes: Uint8Array; summary: FileSummary } {
    this.actor = actor;
    const file = EvaluationFile.create(this.SQL, this.envFor(actor));
    const report = importCsv(file, csv, bundledCriteria, { file: 'dien-bien.csv' });
    if (report.problems.length) throw new FileError('demo', report.problems[0]!.message);
    this.replace(file);
    return { bytes: file.export(), summary: this.summary() };
  }

  createEmpty(years: number[], actor: string): { bytes: Uint8Array; summary: FileSummary } {
    this.actor = actor;
    const file = EvaluationFile.create(this.SQL, this.envFor(actor));
    for (const y of years) {
      const c = bundledCriteria(y);
      if (!c) throw new FileError('no-criteria', text(`Không có bộ tiêu chí cho năm ${y}`, `No criteria set for ${y}`));
      file.useCriteria(c);
    }
    this.replace(file);
    return { bytes: file.export(), summary: this.summary() };
  }

  /** `checked`: how far the file has been checked (made here: it is sound). */
  private replace(file: EvaluationFile, checked: 'none' | IntegrityCheck = 'full'): void {
    this.checked = checked;
    this.damage = null;
    this.discardDraft();
    this.file?.close();
    this.file = file;
    this.cache.clear();
  }

  exportBytes(): Uint8Array {
    this.verify();
    return this.f.export();
  }

  setActor(actor: string): void {
    this.actor = actor;
    if (this.file) (this.file.env as { actor: string }).actor = actor;
    if (this.draft) (this.draft.file.env as { actor: string }).actor = actor;
  }

  summary(): FileSummary {
    const f = this.f;
    const years = f.years();
    const latest = years.length ? f.criteriaFor(years[years.length - 1]!) : bundledCriteria(2026);
    const criteria: FileSummary['criteria'] = {};
    for (const y of years) {
      const c = f.criteriaFor(y)!;
      criteria[y] = { id: c.ident.id, version: c.ident.version, sha256: c.ident.sha256, title: c.set.title };
    }
    return {
      fileId: f.meta().fileId,
      province: f.meta().province,
      years,
      evaluators: f.evaluators(),
      units: f.units(),
      unitGroups: years.length ? fileUnitGroups(f) : (latest?.set.unitGroups.map((g) => ({ code: g.code, name: g.name })) ?? []),
      groups: latest?.set.groups.map((g) => ({ code: g.code, name: g.name })) ?? [],
      criteria,
      openConflicts:
        Number(f.rows('SELECT count(*) FROM merge_conflicts WHERE resolved_at IS NULL')[0]?.[0] ?? 0) +
        Number(f.rows('SELECT count(*) FROM consensus_conflicts WHERE resolved_at IS NULL')[0]?.[0] ?? 0),
    };
  }

  /**
   * Scores the newest year before anyone asks (the workspace opens on it and asks for its unit list first):
   * the worker calls it right after answering an open, so the scoring overlaps the page's rendering. Never
   * throws: a year it cannot score is scored, and its failure reported, when asked for.
   */
  warm(): void {
    try {
      const years = this.f.years();
      const latest = years[years.length - 1];
      if (latest !== undefined && this.f.criteriaFor(latest)) this.scored(latest);
    } catch {
      // reported by the call that needs it
    }
  }

  private criteria(year: number): LoadedCriteria {
    const c = this.f.criteriaFor(year);
    if (!c) throw new FileError('no-criteria', text(`Tệp chưa có bộ tiêu chí cho năm ${year}`, `The file has no criteria set for ${year}`));
    return c;
  }

  private scored(year: number, source: 'panel' | 'self' = 'panel'): YearResult {
    const key = scoreKey(year, source);
    let r = this.cache.get(key);
    if (!r) {
      r = scoreYear(this.criteria(year), this.f.yearData(year), { source });
      this.cache.set(key, r);
    }
    return r;
  }

  /**
   * After a change of one unit's entries by one person: the year's cached results updated by rescoring that
   * unit alone and ranking the year again, rather than dropped (reading and scoring a national year takes
   * seconds). The self-assessment's results move only with the unit's own entries.
   */
  private rescore(year: number, unit: string, who: string): void {
    let data: ReturnType<EvaluationFile['yearData']> | null = null;
    for (const source of ['panel', 'self'] as const) {
      const key = scoreKey(year, source);
      const previous = this.cache.get(key);
      if (!previous || (source === 'self' && who !== SELF)) continue;
      data ??= this.f.yearData(year, { unit });
      this.cache.set(key, rescoreUnits(this.criteria(year), previous, data, { source }));
    }
  }

  private unitResult(year: number, unit: string): UnitResult | undefined {
    return this.scored(year).units.find((u) => u.unit.code === unit);
  }

  // ── the evidence grid ────────────────────────────────────────────────────────────────────────────────

  sheet(year: number, who: string, unit: string | null): SheetRow[] {
    const criteria = this.criteria(year);
    const one = unit === null ? null : this.f.unit(unit);
    const units = unit === null ? this.f.unitsActiveIn(year) : one && isActiveIn(one, year) ? [one] : [];
    const entries = new Map(this.f.entries(unit === null ? { year, who } : { year, unit, who }).map((e) => [`${e.unit}|${e.indicator}`, e]));
    const attachmentNames = new Map(this.f.attachments().map((a) => [a.sha256, a.name]));
    const rows: SheetRow[] = [];
    for (const u of units) {
      const result = this.unitResult(year, u.code);
      for (const s of criteria.scorables.values()) {
        if (s.kind === 'indicator' && !s.def.appliesTo.includes(u.group)) continue;
        rows.push(this.row(criteria, s, u, entries.get(`${u.code}|${s.code}`) ?? null, result, attachmentNames));
      }
    }
    return rows;
  }

  private row(
    criteria: LoadedCriteria,
    s: Scorable,
    u: { code: string; name: string; group: string },
    entry: EntryContent | null,
    result: UnitResult | undefined,
    attachmentNames: Map<string, string>,
  ): SheetRow {
    const inputs: InputInfo[] = s.inputs.map((spec) => ({
      name: spec.name,
      kind: spec.kind,
      label: spec.label ?? null,
      options:
        s.kind === 'indicator' && s.def.rule.type === 'choice' ? s.def.rule.options.map((o) => ({ code: o.code, label: o.label })) : [],
      max: spec.max ?? null,
      step: spec.step ?? null,
    }));
    const raw = (i: number) => {
      const name = inputs[i]?.name;
      const v = name && entry ? entry.values[name] : null;
      return v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
    };
    const scored = result ? [...result.indicators, ...result.items].find((i) => i.code === s.code) : undefined;
    const isRatio = s.kind === 'indicator' && (s.def.rule.type === 'ratio-target' || s.def.rule.type === 'ratio-brackets');
    const n = entry?.values.numerator;
    const d = entry?.values.denominator;
    const entryScore = entry ? this.entryPoints(criteria, s, u.group, entry) : null;
    return {
      id: `${u.code}|${s.code}`,
      unit: u.code,
      unitName: u.name,
      unitGroup: u.group,
      code: s.code,
      name: s.def.name,
      section: s.kind === 'indicator' ? s.def.group : s.kind === 'bonus' ? '+' : '−',
      max: R.toNumber(s.max),
      inputs,
      v1: raw(0),
      v2: raw(1),
      ratio: isRatio && typeof n === 'number' && typeof d === 'number' && d > 0 ? Math.round((n / d) * 10000) / 100 : null,
      evidence: entry?.evidence ?? '',
      attachments: (entry?.attachments ?? []).map((sha) => ({ sha256: sha, name: attachmentNames.get(sha) ?? sha.slice(0, 12) })),
      explanation: entry?.explanation ?? '',
      accepted: entry?.accepted ?? false,
      note: entry?.note ?? '',
      entered: entry !== null,
      entryPoints: entryScore,
      points: scored ? round(scored.points) : 0,
      status: scored?.status ?? 'missing',
      explanationText: scored?.explanation ?? text('', ''),
      disagreement: scored ? disagrees(scored, criteria.set.panel.disagreementShare) : false,
    };
  }

  private entryPoints(criteria: LoadedCriteria, s: Scorable, group: string, entry: EntryContent): number | null {
    // One entry scored alone, as the rule sees it (before the panel and the evidence gate).
    const r = scoreEntry(criteria, s, group, entry.values);
    return r.notApplicable ? null : round(r.points);
  }

  edit(e: CellEdit): EditResult {
    // A final year refuses every change: said at once, in the file's words, whatever was typed.
    const frozen = editRefusal(this.f, e.year);
    if (frozen) return { ok: false, message: frozen };
    const criteria = this.criteria(e.year);
    const s = criteria.scorables.get(e.code);
    const unit = this.f.unit(e.unit);
    if (!s || !unit) return { ok: false, message: text('Không tìm thấy chỉ tiêu hoặc đơn vị', 'Indicator or unit not found') };
    const key: EntryKey = { year: e.year, unit: e.unit, indicator: e.code, who: e.who };
    const current = this.f.entry(key);
    const content: EntryContent = current
      ? { values: { ...current.values }, evidence: current.evidence, explanation: current.explanation, accepted: current.accepted, note: current.note, attachments: current.attachments }
      : { values: {}, evidence: '', explanation: '', accepted: false, note: '', attachments: [] };

    if (e.field === 'v1' || e.field === 'v2') {
      const spec = s.inputs[e.field === 'v1' ? 0 : 1];
      if (!spec) return { ok: false, message: text('Chỉ tiêu này không có ô nhập thứ hai', 'This indicator has no second input') };
      const parsed = parseInput(spec, normaliseForInput(spec.kind, e.value));
      // The grid takes dates day first (dd/mm/yyyy); the parser's own message speaks of the ISO form of files.
      if (!parsed.ok && spec.kind === 'date') return { ok: false, message: DATE_IN_GRID };
      if (!parsed.ok) return { ok: false, message: parsed.message };
      if (parsed.value === null) delete content.values[spec.name];
      else content.values[spec.name] = parsed.value;
      const problem = ratioProblem(s, content.values);
      if (problem) return { ok: false, message: problem };
    } else if (e.field === 'accepted') {
      content.accepted = /^(1|true|có|co|yes|x)$/i.test(e.value.trim());
    } else {
      content[e.field] = e.value.trim();
    }

    const empty =
      Object.values(content.values).every((v) => v === null || v === undefined) &&
      !content.evidence &&
      !content.explanation &&
      !content.note &&
      content.attachments.length === 0;
    let changed: boolean;
    if (empty) {
      changed = current ? this.f.deleteEntry(key, 'xóa số liệu / cleared') : false;
    } else {
      if (e.who !== SELF && !this.f.hasEvaluator(e.who)) {
        return { ok: false, message: text('Người chấm này chưa có trong tệp', 'This evaluator is not in the file') };
      }
      changed = this.f.putEntry(key, content) !== 'unchanged';
    }
    const row = () => this.sheet(e.year, e.who, e.unit).find((r) => r.code === e.code)!;
    if (!changed) return { ok: true, changed, row: row() };
    const listBefore = this.cache.get(scoreKey(e.year, 'panel'));
    this.rescore(e.year, e.unit, e.who);
    return {
      ok: true,
      changed,
      row: row(),
      before: current ? snapshotOf(current) : null,
      after: this.snapshot(e.year, e.unit, e.code, e.who),
      // What the score panel and the unit list show after it, so that the page needs no further call.
      score: this.unitScore(e.year, e.unit),
      units: listBefore ? this.unitListChanges(e.year, listBefore) : { changed: this.unitList(e.year), order: null, complete: true },
    };
  }

  /** The unit list's items that differ from those of `before`, and the new order of codes if it changed. */
  private unitListChanges(year: number, before: YearResult): UnitListChanges {
    const old = new Map(before.units.map((u) => [u.unit.code, u]));
    const now = this.scored(year).units;
    const changed: UnitListItem[] = [];
    let moved = now.length !== before.units.length;
    now.forEach((u, i) => {
      const was = old.get(u.unit.code);
      const c = u.completeness;
      if (
        !was ||
        was.rounded !== u.rounded ||
        was.rank !== u.rank ||
        was.band.code !== u.band.code ||
        was.bandNote?.vi !== u.bandNote?.vi ||
        was.completeness.entered !== c.entered ||
        was.completeness.applicable !== c.applicable ||
        was.unit.name !== u.unit.name
      ) {
        changed.push(listItem(u));
      }
      if (!moved && before.units[i]!.unit.code !== u.unit.code) moved = true;
    });
    return { changed, order: moved ? now.map((u) => u.unit.code) : null, complete: false };
  }

  snapshot(year: number, unit: string, code: string, who: string): EntrySnapshot | null {
    const e = this.f.entry({ year, unit, indicator: code, who });
    return e ? { values: { ...e.values }, evidence: e.evidence, explanation: e.explanation, accepted: e.accepted, note: e.note, attachments: [...e.attachments] } : null;
  }

  restoreEntry(year: number, unit: string, code: string, who: string, content: EntrySnapshot | null): SheetRow {
    const key = { year, unit, indicator: code, who };
    if (content === null) this.f.deleteEntry(key, 'hoàn tác / undo');
    else this.f.putEntry(key, content as EntryContent, { reason: 'hoàn tác / undo' });
    this.rescore(year, unit, who);
    return this.sheet(year, who, unit).find((r) => r.code === code)!;
  }

  // ── scores ───────────────────────────────────────────────────────────────────────────────────────────

  unitScore(year: number, unit: string): UnitScoreView | null {
    const r = this.unitResult(year, unit);
    if (!r) return null;
    const criteria = this.criteria(year);
    // The unit's own claim: from the year's self-assessment results when they were needed already (the
    // rankings), otherwise this unit alone is scored (a unit's score depends on its entries only), not the year.
    const self = this.cache.get(scoreKey(year, 'self'))?.units.find((u) => u.unit.code === unit) ?? scoreYear(criteria, this.f.yearData(year, { unit }), { source: 'self' }).units[0];
    const groupOf = new Map(criteria.set.indicators.map((i) => [i.code, i.group]));
    const line = (i: ScoredItem) => ({ code: i.code, group: groupOf.get(i.code) ?? '', points: round(i.points), max: round(i.max), status: i.status, explanation: i.explanation });
    return {
      unit: r.unit.code,
      name: r.unit.name,
      group: r.unit.group,
      score: r.rounded,
      base: round(r.base),
      bonus: round(r.bonus),
      deduction: round(r.deduction),
      band: { code: r.band.code, label: r.band.label },
      bandNote: r.bandNote,
      rank: r.rank,
      groupSize: this.scored(year).units.filter((u) => u.unit.group === r.unit.group).length,
      proposal: r.proposal,
      groups: r.groups.map((g) => ({ code: g.code, name: criteria.set.groups.find((x) => x.code === g.code)!.name, points: round(g.points), max: round(g.max) })),
      indicators: r.indicators.map(line),
      items: r.items.map(line),
      self: self ? { score: self.rounded, band: { code: self.band.code, label: self.band.label } } : { score: 0, band: { code: '', label: text('', '') } },
      completeness: r.completeness,
    };
  }

  unitList(year: number): UnitListItem[] {
    return this.scored(year).units.map(listItem);
  }

  history(year: number, unit: string, code: string, who: string): HistoryRow[] {
    const criteria = this.f.criteriaFor(year);
    const scorable = criteria?.scorables.get(code);
    const group = this.f.unit(unit)?.group ?? '';
    // The values as the evidence grid's explanations word them ("Đã gửi kế hoạch và dự toán", "hội đồng chấm
    // 4,25"), not as the file stores them ("plan_and_budget", 4.25).
    const valuesText = (values: Values): Text => {
      const plain = text(JSON.stringify(values), JSON.stringify(values));
      if (!criteria || !scorable) return plain;
      try {
        return describeEntry(criteria, scorable, group, values);
      } catch {
        // A unit since moved to a group the indicator has no target for: the values as stored, not no history.
        return plain;
      }
    };
    return historyOf(this.f, describeKey({ year, unit, indicator: code, who }), (before, after) => {
      const b = entryContent(before);
      const a = entryContent(after);
      // The other fields only where this change touched them: a line about the evidence says so.
      const changedFields = ENTRY_FIELDS.filter((f) => b && a && f.get(b) !== f.get(a));
      const shown = (c: EntryContent | null): Text | null => {
        if (!c) return null;
        const v = valuesText(c.values);
        const extra = changedFields.map((f) => {
          const value = f.show ? f.show(c) : text(f.get(c) || '—', f.get(c) || '—');
          return text(`${f.label.vi}: ${value.vi}`, `${f.label.en}: ${value.en}`);
        });
        return { vi: [v.vi, ...extra.map((e) => e.vi)].join('; '), en: [v.en, ...extra.map((e) => e.en)].join('; ') };
      };
      return { before: shown(b), after: shown(a) };
    });
  }

  panel(year: number, unit: string | null): PanelRow[] {
    const criteria = this.criteria(year);
    const names = new Map(this.f.evaluators().map((e) => [e.name, e.id]));
    const settled = consensusByRow(this.f, year);
    const rows: PanelRow[] = [];
    for (const u of this.scored(year).units) {
      if (unit !== null && u.unit.code !== unit) continue;
      for (const item of u.indicators) {
        const evaluators: Record<string, number | null> = {};
        for (const e of item.evaluators) evaluators[names.get(e.evaluator) ?? e.evaluator] = e.points === null ? null : round(e.points);
        const pts = item.evaluators.map((e) => e.points).filter((p): p is R.Q => p !== null);
        const stats = spread(pts);
        rows.push({
          id: `${u.unit.code}|${item.code}`,
          unit: u.unit.code,
          unitName: u.unit.name,
          code: item.code,
          name: criteria.set.indicators.find((i) => i.code === item.code)!.name,
          max: round(item.max),
          self: item.self && item.self.points !== null ? round(item.self.points) : null,
          evaluators,
          mean: stats ? round(stats.mean) : null,
          range: stats ? round(stats.range) : null,
          sd: stats ? stats.sd : null,
          flagged: disagrees(item, criteria.set.panel.disagreementShare),
          points: round(item.points),
          status: item.status,
          consensus: settled.get(`${u.unit.code}|${item.code}`) ?? null,
        });
      }
    }
    return rows;
  }

  setConsensus(request: ConsensusRequest): void {
    applyConsensus(this.f, request);
    this.cache.clear();
  }

  consensusHistory(year: number, unit: string, code: string): HistoryRow[] {
    return consensusHistory(this.f, year, unit, code);
  }

  addEvaluator(name: string, role: 'member' | 'chair' | 'secretary'): FileSummary {
    const n = name.trim();
    if (!n) throw new FileError('evaluator-name', text('Cần nhập tên người chấm', 'An evaluator needs a name'));
    this.f.putEvaluator({ id: n, name: n, role });
    return this.summary();
  }

  attach(year: number, unit: string, code: string, who: string, meta: { sha256: string; name: string; mediaType: string; size: number }): SheetRow {
    const key = { year, unit, indicator: code, who };
    const current = this.f.entry(key);
    if (!current) {
      throw new FileError('no-entry', text('Nhập số liệu của chỉ tiêu trước khi đính kèm tài liệu', 'Enter the indicator’s figures before attaching documents'));
    }
    this.f.tx(() => {
      this.f.putAttachment(meta);
      this.f.putEntry(key, { ...current, attachments: [...new Set([...current.attachments, meta.sha256])] }, { reason: 'đính kèm tài liệu / attached a document' });
    });
    this.rescore(year, unit, who);
    return this.sheet(year, who, unit).find((r) => r.code === code)!;
  }

  /**
   * Imports files all or nothing: into a copy of the open file, which replaces it only if every file was
   * accepted. (The app drives the same steps itself, file by file, to show progress and allow cancelling.)
   */
  importFiles(files: { name: string; bytes: Uint8Array }[]): ImportSummary {
    const draft = this.beginDraft();
    const results: ImportFileResult[] = [];
    try {
      for (const file of files) results.push(this.draftImport(draft, file.name, file.bytes));
    } catch (e) {
      this.discardDraft(draft);
      throw e;
    }
    const problems = results.flatMap((r) => r.problems);
    if (problems.length) this.discardDraft(draft);
    else this.commitDraft(draft);
    return { files: problems.length ? [] : results.map(({ problems: _p, ...counts }) => counts), problems };
  }

  // ── long work on a copy ──────────────────────────────────────────────────────────────────────────────

  beginDraft(): number {
    this.discardDraft();
    const f = this.f;
    // The image as it is (db.export, not f.export: taking a copy must not stamp the open file as modified).
    const { file } = EvaluationFile.open(this.SQL, f.db.export(), this.envFor(this.actor));
    this.draft = { id: ++this.drafts, file, since: lastAudit(f) };
    return this.draft.id;
  }

  private d(id: number): EvaluationFile {
    if (!this.draft || this.draft.id !== id) throw new FileError('no-draft', text('Không có thao tác gộp hay nhập dữ liệu nào đang chờ', 'No merge or import is in progress'));
    return this.draft.file;
  }

  draftImport(draft: number, name: string, bytes: Uint8Array): ImportFileResult {
    const d = this.d(draft);
    const ext = name.toLowerCase().split('.').pop();
    const report: ImportReport | null =
      ext === 'csv'
        ? importCsv(d, utf8Decode(bytes), bundledCriteria, { file: name })
        : ext === 'xlsx'
          ? importWorkbook(d, bytes, bundledCriteria, { file: name })
          : null;
    if (!report) {
      return {
        name,
        rowsRead: 0,
        created: 0,
        updated: 0,
        unchanged: 0,
        unitsCreated: 0,
        evaluatorsCreated: 0,
        problems: [{ where: text(name, name), message: text('chỉ nhập được tệp .csv hoặc .xlsx', 'only .csv or .xlsx files can be imported') }],
      };
    }
    return {
      name,
      rowsRead: report.rowsRead,
      created: report.created,
      updated: report.updated,
      unchanged: report.unchanged,
      unitsCreated: report.unitsCreated,
      evaluatorsCreated: report.evaluatorsCreated,
      problems: report.problems.map((p) => ({ where: text(formatWhere(p, 'vi'), formatWhere(p, 'en')), message: p.message })),
    };
  }

  draftMerge(draft: number, name: string, bytes: Uint8Array): MergeFileReport {
    const d = this.d(draft);
    const empty: MergeFileReport = {
      name,
      problems: [],
      created: 0,
      updated: 0,
      unchanged: 0,
      conflicts: 0,
      newConflicts: 0,
      consensusConflicts: 0,
      unitsAdded: [],
      evaluatorsAdded: [],
      yearsAdded: [],
      unitDifferences: [],
      attachmentsNeeded: [],
      consensusAdded: 0,
      conflictList: [],
    };
    let other: EvaluationFile;
    try {
      other = EvaluationFile.open(this.SQL, bytes, this.envFor(this.actor)).file;
    } catch (e) {
      if (e instanceof FileError) return { ...empty, problems: [e.text] };
      throw e;
    }
    try {
      const unitsBefore = new Set(d.units().map((u) => u.code));
      const evaluatorsBefore = new Set(d.evaluators().map((e) => e.id));
      const r = merge(d, other, name);
      if (r.problems.length) return { ...empty, problems: r.problems.map((p) => p.message) };
      // merge() registers the documents a conflict's other version cites and lists them with the others
      // to copy, so that choosing that version later finds them.
      const needed = [...r.attachmentsNeeded];
      const unitName = new Map(d.units().map((u) => [u.code, u.name]));
      const evaluatorName = new Map(d.evaluators().map((e) => [e.id, e.name]));
      return {
        name,
        problems: [],
        created: r.added,
        updated: r.updated,
        unchanged: r.unchanged,
        conflicts: r.conflicts.length + r.consensusConflicts.length,
        newConflicts: r.newConflicts + r.newConsensusConflicts,
        consensusConflicts: r.consensusConflicts.length,
        unitsAdded: d.units().filter((u) => !unitsBefore.has(u.code)).map((u) => ({ code: u.code, name: u.name })),
        evaluatorsAdded: d.evaluators().filter((e) => !evaluatorsBefore.has(e.id)).map((e) => e.name),
        yearsAdded: [...r.yearsAdded],
        unitDifferences: [...r.unitDifferences],
        attachmentsNeeded: needed,
        consensusAdded: r.consensusAdded,
        conflictList: [
          ...r.conflicts.map((c) => ({
            unit: c.key.unit,
            unitName: unitName.get(c.key.unit) ?? c.key.unit,
            indicator: c.key.indicator,
            who: c.key.who === SELF ? '' : (evaluatorName.get(c.key.who) ?? c.key.who),
            consensus: false,
          })),
          ...r.consensusConflicts.map((c) => ({ unit: c.key.unit, unitName: unitName.get(c.key.unit) ?? c.key.unit, indicator: c.key.indicator, who: '', consensus: true })),
        ],
      };
    } finally {
      other.close();
    }
  }

  commitDraft(id: number): FileSummary {
    this.d(id);
    const draft = this.draft!;
    if (lastAudit(this.f) !== draft.since) {
      this.discardDraft();
      throw new FileError(
        'changed-meanwhile',
        text('Tệp đã thay đổi trong lúc gộp hoặc nhập dữ liệu, nên không áp dụng gì cả. Hãy làm lại.', 'The file changed while merging or importing, so nothing was applied. Please do it again.'),
      );
    }
    this.draft = null;
    this.file?.close();
    this.file = draft.file;
    // The copy was opened with the full check.
    this.checked = 'full';
    this.cache.clear();
    return this.summary();
  }

  discardDraft(id?: number): boolean {
    if (!this.draft || (id !== undefined && this.draft.id !== id)) return false;
    this.draft.file.close();
    this.draft = null;
    return true;
  }

  // ── units ────────────────────────────────────────────────────────────────────────────────────────────

  unitsView(): UnitsView {
    return unitsView(this.f);
  }

  saveUnit(input: UnitInput, mode: 'add' | 'edit', confirmed: boolean): UnitSaveResult {
    const f = this.f;
    const check = checkUnit(f, input, mode, (y) => f.criteriaFor(y));
    if (check.problems.length || (check.warnings.length && !confirmed)) return { ok: false, problems: check.problems, warnings: check.warnings };
    const reason = String(input.reason ?? '').trim();
    const change = f.putUnit(check.unit, reason || (mode === 'add' ? 'thêm đơn vị / unit added' : 'sửa đơn vị / unit edited'));
    if (change !== 'unchanged') this.cache.clear();
    return { ok: true, change, summary: this.summary(), unit: unitRows(f).find((u) => u.code === check.unit.code)! };
  }

  // ── merge conflicts ──────────────────────────────────────────────────────────────────────────────────

  conflicts(openOnly: boolean): ConflictView[] {
    const f = this.f;
    const criteriaFor = (y: number) => f.criteriaFor(y);
    return [
      ...fileConflicts(f, { open: openOnly }).map((c) => conflictView(f, c, criteriaFor)),
      ...consensusConflicts(f, { open: openOnly }).map((c) => consensusConflictView(f, c, criteriaFor)),
    ].sort((a, b) => a.year - b.year || cmp(a.unit, b.unit) || cmp(a.indicator, b.indicator) || cmp(a.who, b.who) || cmp(a.detectedAt, b.detectedAt));
  }

  resolveConflict(id: string, choice: 'master' | 'other', reason: string): { summary: FileSummary; conflicts: ConflictView[] } {
    if (choice !== 'master' && choice !== 'other') throw new FileError('conflict-choice', text('Hãy chọn một trong hai bản', 'Choose one of the two versions'));
    const f = this.f;
    const why = String(reason ?? '').trim();
    if (consensusConflicts(f).some((c) => c.id === id)) resolveConsensusConflict(f, id, choice, why);
    else settleConflict(f, id, choice, why);
    this.cache.clear();
    return { summary: this.summary(), conflicts: this.conflicts(false) };
  }

  // ── comparing years and the plan's targets (analysis.ts) ─────────────────────────────────────────────

  private get analysis(): AnalysisSource {
    return { file: this.f, criteria: (y) => this.criteria(y), scored: (y) => this.scored(y) };
  }

  compareView(years: number[]): CompareViewData {
    return compareView(this.analysis, years);
  }

  compareUnit(years: number[], unit: string): CompareUnitDetail {
    return compareUnitDetail(this.analysis, years, unit);
  }

  compareXlsx(years: number[], request: CompareExportRequest): Uint8Array {
    return compareWorkbook(this.analysis, years, request);
  }

  targetsView(years: number[]): TargetsViewData {
    return targetsView(this.analysis, years);
  }

  targetsXlsx(years: number[], lang: 'vi' | 'en'): Uint8Array {
    return targetsWorkbook(this.analysis, years, lang);
  }

  attachmentsToVerify(): { sha256: string; size: number }[] {
    return this.f.attachments().map((a) => ({ sha256: a.sha256, size: a.size }));
  }

  // ── results: ranking, proposal overrides, finalisation, exports (./results.ts) ──────────────────────

  rankings(year: number): RankingsView {
    return rankingsView(this.f, year, this.scored(year), this.scored(year, 'self'));
  }

  setProposalOverride(year: number, unit: string, proposal: string | null, reason: string): RankingsView {
    this.f.setProposalOverride({ year, unit, proposal: proposal || null, reason: String(reason ?? '') });
    this.cache.clear();
    return this.rankings(year);
  }

  clearProposalOverride(year: number, unit: string, reason: string): RankingsView {
    this.f.clearProposalOverride({ year, unit }, String(reason ?? ''));
    this.cache.clear();
    return this.rankings(year);
  }

  finalise(year: number, by: string): RankingsView {
    this.f.finalise(year, { by: String(by ?? '') });
    return this.rankings(year);
  }

  reopen(year: number, reason: string, by: string): RankingsView {
    this.f.reopen(year, String(reason ?? ''), { by: String(by ?? '') });
    return this.rankings(year);
  }

  yearLock(year: number): YearLock | null {
    return yearLock(this.f, year);
  }

  startView(asked: number | null): StartView | null {
    const years = this.f.years();
    const year = asked ?? years[years.length - 1];
    if (year === undefined) return null;
    const units = this.unitList(year);
    const unit = units[0]?.code ?? null;
    return {
      year,
      units,
      unit,
      rows: unit === null ? [] : this.sheet(year, SELF, unit),
      score: unit === null ? null : this.unitScore(year, unit),
      lock: this.yearLock(year),
    };
  }

  exportDocument(year: number, kind: ExportKind, unit: string | null): ExportedDocument {
    const env = this.envFor(this.actor);
    const input = exportInput(this.f, year, this.scored(year), this.scored(year, 'self'), { appVersion: env.appVersion, generatedAt: env.now(), withData: kind.startsWith('scorecard') });
    return exportDocument(input, kind, unit);
  }

  // ── self-assessment templates for the units (./templates.ts) ────────────────────────────────────────

  templatePlan(year: number): TemplatePlan {
    return templatePlan(this.f, this.criteria(year), year);
  }

  templateWorkbook(year: number, units: string[]): TemplateWorkbook {
    return templateWorkbook(this.f, this.criteria(year), year, units);
  }
}

/** An entry's content as the audit log keeps it, or null (nothing before a creation, after a removal). */
function entryContent(content: unknown): EntryContent | null {
  return content && typeof content === 'object' && 'values' in content ? (content as EntryContent) : null;
}

/** An entry's fields besides its values, as a history line names them when a change touched them. */
const ENTRY_FIELDS: readonly { label: Text; get: (c: EntryContent) => string; show?: (c: EntryContent) => Text }[] = [
  { label: text('tài liệu', 'evidence'), get: (c) => c.evidence },
  { label: text('giải trình', 'explanation'), get: (c) => c.explanation },
  { label: text('giải trình được chấp nhận', 'explanation accepted'), get: (c) => String(c.accepted), show: (c) => (c.accepted ? text('có', 'yes') : text('không', 'no')) },
  { label: text('ghi chú', 'note'), get: (c) => c.note },
  { label: text('tệp đính kèm', 'attachments'), get: (c) => String(c.attachments?.length ?? 0) },
];

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The sequence number of the file's last audit entry (every change writes one). */
function lastAudit(f: EvaluationFile): number {
  return Number(f.rows('SELECT max(seq) FROM audit_log')[0]?.[0] ?? 0);
}

function formatWhere(p: Problem, lang: 'vi' | 'en'): string {
  return formatProblemIn({ ...p, message: { vi: '', en: '' } }, lang).replace(/: $/, '');
}

/** UTF-8 bytes to text, dropping a BOM (TextDecoder is there in a worker and in Node alike). */
function utf8Decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

const DATE_IN_GRID = text('Ngày không hợp lệ: cần dạng ngày/tháng/năm, ví dụ 10/06/2026', 'Invalid date: expected day/month/year, e.g. 10/06/2026');

/** What people type in a cell, in the form the interchange parser reads: dd/mm/yyyy dates become ISO. */
export function normaliseForInput(kind: string, value: string): string {
  const v = value.trim();
  if (kind === 'date') {
    const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
    if (m) return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  }
  if (kind === 'yesno') {
    if (/^(c|có|co|y|yes|1|x|true)$/i.test(v)) return '1';
    if (/^(k|không|khong|n|no|0|false)$/i.test(v)) return '0';
  }
  return v;
}

function ratioProblem(s: Scorable, values: Record<string, InputValue | null>): Text | null {
  if (s.kind !== 'indicator') return null;
  const rule = s.def.rule;
  if (rule.type !== 'ratio-target' && rule.type !== 'ratio-brackets') return null;
  const n = values.numerator;
  const d = values.denominator;
  if (typeof n !== 'number' || typeof d !== 'number') return null;
  if (d === 0 && n > 0) return text(`Mẫu số bằng 0 nhưng tử số là ${n}`, `The denominator is 0 but the numerator is ${n}`);
  if (n > d && !rule.allowOver) {
    return text(`Tử số ${n} lớn hơn mẫu số ${d}: chỉ tiêu ${s.code} không cho phép vượt 100%`, `Numerator ${n} is above denominator ${d}: indicator ${s.code} does not allow more than 100%`);
  }
  return null;
}

/** Mean, max − min and the standard deviation (over the evaluators themselves, not a sample) of their points. */
export function spread(pts: readonly R.Q[]): { mean: R.Q; range: R.Q; sd: number } | null {
  if (pts.length === 0) return null;
  const sorted = [...pts].sort(R.cmp);
  const mean = R.div(R.sum(pts), R.q(pts.length));
  const variance = R.div(R.sum(pts.map((p) => R.mul(R.sub(p, mean), R.sub(p, mean)))), R.q(pts.length));
  return { mean, range: R.sub(sorted[sorted.length - 1]!, sorted[0]!), sd: Math.round(Math.sqrt(R.toNumber(variance)) * 100) / 100 };
}

function disagrees(item: ScoredItem, share: number): boolean {
  const pts = item.evaluators.map((e) => e.points).filter((p): p is R.Q => p !== null);
  const s = spread(pts);
  return s !== null && pts.length > 1 && R.gt(s.range, R.mul(item.max, R.fromDecimal(share)));
}

function listItem(u: UnitResult): UnitListItem {
  return {
    code: u.unit.code,
    name: u.unit.name,
    group: u.unit.group,
    score: u.rounded,
    rank: u.rank,
    band: u.band.code,
    bandLabel: u.band.label,
    bandNote: u.bandNote,
    completeness: u.completeness.applicable ? Math.round((100 * u.completeness.entered) / u.completeness.applicable) : 0,
  };
}

function snapshotOf(e: EntryContent): EntrySnapshot {
  return { values: { ...e.values }, evidence: e.evidence, explanation: e.explanation, accepted: e.accepted, note: e.note, attachments: [...e.attachments] };
}
