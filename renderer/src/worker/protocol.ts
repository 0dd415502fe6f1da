/**
 * What the UI asks of the engine worker. The worker owns the evaluation file (sql.js) and the engine; the
 * UI never touches either directly, so typing never waits for scoring or SQL.
 */
import type { InputKind } from '../../../shared/criteria/inputs';
import type { Status } from '../../../shared/engine/score';
import type { ConsensusRequest, ConsensusView } from './consensus';
import type { OpenCheck } from '../../../shared/file/open';
import type { Text } from '../../../shared/i18n/text';
import type { ExportedDocument, ExportKind, RankingsView, YearLock } from './results-protocol';
import type { CompareExportRequest, CompareUnitDetail, CompareViewData, TargetsViewData } from './analysis';
import type { TemplatePlan, TemplateWorkbook } from './templates';

export interface FileSummary {
  fileId: string;
  province: string;
  years: number[];
  evaluators: { id: string; name: string; role: string }[];
  units: { code: string; name: string; group: string; activeFrom: number | null; activeTo: number | null; predecessors: string[] }[];
  unitGroups: { code: string; name: Text }[];
  groups: { code: string; name: Text }[];
  criteria: Record<number, { id: string; version: string; sha256: string; title: Text }>;
  /** Merge conflicts (of entries and of consensus values) still waiting for a decision. */
  openConflicts: number;
}

export interface InputInfo {
  name: string;
  kind: InputKind;
  label: Text | null;
  options: { code: string; label: Text }[];
  max: number | null;
  step: number | null;
}

/** One row of the evidence grid: one indicator (or bonus/deduction item) of one unit, as one person entered it. */
export interface SheetRow {
  id: string;
  unit: string;
  unitName: string;
  unitGroup: string;
  code: string;
  name: Text;
  /** Group I–V, or "+" for bonus, "−" for deductions. */
  section: string;
  max: number;
  inputs: InputInfo[];
  /** The raw values of the first and second input as text ('' = not entered). */
  v1: string;
  v2: string;
  /** numerator ÷ denominator in percent for ratio indicators. */
  ratio: number | null;
  evidence: string;
  attachments: { sha256: string; name: string }[];
  explanation: string;
  accepted: boolean;
  note: string;
  /** This person's entry exists. */
  entered: boolean;
  /** Points this person's entry gives (before the panel and the evidence gate). */
  entryPoints: number | null;
  /** The indicator's result for the unit (panel or self), and why. */
  points: number;
  status: Status;
  explanationText: Text;
  /** Evaluators disagree beyond the threshold on this indicator. */
  disagreement: boolean;
}

export type EditableField = 'v1' | 'v2' | 'evidence' | 'explanation' | 'accepted' | 'note';

export interface CellEdit {
  year: number;
  unit: string;
  code: string;
  who: string;
  field: EditableField;
  value: string;
}

/**
 * An accepted edit: the new row; when it changed the file, also the entry before and after (for undo), and
 * what the page shows after it (the unit's score, the unit list's changes), so that one call does it all.
 */
export type EditResult =
  | { ok: true; row: SheetRow; changed: false }
  | { ok: true; row: SheetRow; changed: true; before: EntrySnapshot | null; after: EntrySnapshot | null; score: UnitScoreView | null; units: UnitListChanges }
  | { ok: false; message: Text };

/**
 * The unit list after a change: the items that differ, and the new order of all codes when it moved (ranks
 * changed); `complete` = `changed` is the whole list.
 */
export interface UnitListChanges {
  changed: UnitListItem[];
  order: string[] | null;
  complete: boolean;
}

export interface ScoreLine {
  code: string;
  /** Group I–V of an indicator; '' for bonus and deduction items. */
  group: string;
  points: number;
  max: number;
  status: Status;
  explanation: Text;
}

export interface UnitScoreView {
  unit: string;
  name: string;
  group: string;
  score: number;
  base: number;
  bonus: number;
  deduction: number;
  band: { code: string; label: Text };
  bandNote: Text | null;
  rank: number;
  groupSize: number;
  proposal: { code: string; label: Text } | null;
  groups: { code: string; name: Text; points: number; max: number }[];
  indicators: ScoreLine[];
  items: ScoreLine[];
  /** The same unit scored on its self-assessment alone. */
  self: { score: number; band: { code: string; label: Text } };
  completeness: { applicable: number; entered: number; withEvidence: number };
}

export interface UnitListItem {
  code: string;
  name: string;
  group: string;
  score: number;
  rank: number;
  band: string;
  /** The band's name, and why it is not higher when a condition held it back (the list's colour explained). */
  bandLabel: Text;
  bandNote: Text | null;
  completeness: number;
}

/** One indicator of one unit as the panel sees it: every evaluator's points and how far apart they are. */
export interface PanelRow {
  id: string;
  unit: string;
  unitName: string;
  code: string;
  name: Text;
  max: number;
  self: number | null;
  /** Points by evaluator id; null = that evaluator marked it not applicable; absent = did not enter it. */
  evaluators: Record<string, number | null>;
  mean: number | null;
  range: number | null;
  sd: number | null;
  flagged: boolean;
  points: number;
  status: Status;
  /** The value the panel settled on, which replaces the mean; null when none is set. */
  consensus: ConsensusView | null;
}

export interface HistoryRow {
  at: string;
  actor: string;
  action: string;
  /** What the entry or consensus value held before and after, in words (null: nothing yet, or removed). */
  before: Text | null;
  after: Text | null;
  reason: string;
}

/**
 * The workspace's first screen on a file just opened: the year's unit list, its first unit's evidence rows as
 * the unit itself entered them and that unit's score, and the year's finalisation. Asked for in one call right
 * after the open (boot.ts), so the worker prepares it while the page is still loading the app, and the
 * workspace's first render already holds the grid's rows.
 */
export interface StartView {
  year: number;
  units: UnitListItem[];
  /** The first unit of the list (null: the year has none). */
  unit: string | null;
  rows: SheetRow[];
  score: UnitScoreView | null;
  lock: YearLock | null;
}

export interface WorkerApi {
  /**
   * Opens the bytes as the open file. `integrity`: the check made now ('later', the default: none, the app
   * asks for check and verify once the first screen is up; a file refused by a check made now leaves the
   * open file as it was).
   */
  open(bytes: Uint8Array, actor: string, integrity?: OpenCheck): FileSummary;
  createDemo(csv: string, actor: string): { bytes: Uint8Array; summary: FileSummary };
  createEmpty(years: number[], actor: string): { bytes: Uint8Array; summary: FileSummary };
  /** The whole file; runs SQLite's full integrity check first if it has not passed yet (see verify). */
  exportBytes(): Uint8Array;
  /**
   * SQLite's quick integrity check of the file just opened (every page and record; an open makes no check, to
   * show the file sooner): throws the 'damaged' failure, and every later request about the file is refused
   * with it. The app asks once the first screen is up and the page idle (App). Done once per opening.
   */
  check(): void;
  /**
   * SQLite's full integrity check of the open file (also that each index matches its table): throws the
   * 'damaged' failure, as check does. The app asks a moment after the first screen is up.
   */
  verify(): void;
  setActor(actor: string): void;
  summary(): FileSummary;
  sheet(year: number, who: string, unit: string | null): SheetRow[];
  edit(edit: CellEdit): EditResult;
  /** Puts an entry back to a previous content (undo/redo); null content removes it. */
  restoreEntry(year: number, unit: string, code: string, who: string, content: EntrySnapshot | null): SheetRow;
  snapshot(year: number, unit: string, code: string, who: string): EntrySnapshot | null;
  unitScore(year: number, unit: string): UnitScoreView | null;
  unitList(year: number): UnitListItem[];
  history(year: number, unit: string, code: string, who: string): HistoryRow[];
  panel(year: number, unit: string | null): PanelRow[];
  /** Sets (or, with points null, clears) a consensus value, with its required reason. */
  setConsensus(request: ConsensusRequest): void;
  /** The history of one consensus value (set, changed, cleared, with reasons). */
  consensusHistory(year: number, unit: string, code: string): HistoryRow[];
  addEvaluator(name: string, role: 'member' | 'chair' | 'secretary'): FileSummary;
  attach(year: number, unit: string, code: string, who: string, meta: { sha256: string; name: string; mediaType: string; size: number }): SheetRow;
  attachmentsToVerify(): { sha256: string; size: number }[];
  /** Imports interchange CSVs and self-assessment workbooks, all or nothing (on a copy, swapped in on success). */
  importFiles(files: { name: string; bytes: Uint8Array }[]): ImportSummary;

  // ── units ──
  unitsView(): UnitsView;
  /**
   * Adds ('add') or changes ('edit') a unit after validating it. A change with consequences (entries that
   * would no longer be scored) comes back with warnings and is applied only when asked again with `confirmed`.
   */
  saveUnit(input: UnitInput, mode: 'add' | 'edit', confirmed: boolean): UnitSaveResult;

  // ── long work on a copy: nothing reaches the open file until commitDraft ──
  /**
   * Starts a copy of the open file (replacing any copy left over) and returns its number, which every later
   * step names: a step of a cancelled run that arrives late can never touch the copy of a newer run.
   */
  beginDraft(): number;
  /** Merges one evaluator's file into the copy; returns what came in (or why nothing did). */
  draftMerge(draft: number, name: string, bytes: Uint8Array): MergeFileReport;
  /** Imports one CSV or workbook into the copy. */
  draftImport(draft: number, name: string, bytes: Uint8Array): ImportFileResult;
  /** Makes the copy the open file. Refused if the open file changed since beginDraft. */
  commitDraft(draft: number): FileSummary;
  /** Drops the copy (that one, or any without a number); the open file is as it was. Returns whether it did. */
  discardDraft(draft?: number): boolean;

  // ── merge conflicts ──
  conflicts(openOnly: boolean): ConflictView[];
  resolveConflict(id: string, choice: 'master' | 'other', reason: string): { summary: FileSummary; conflicts: ConflictView[] };

  // ── results: ranking, proposal overrides, finalisation, exports (results.ts, types in results-protocol.ts) ──
  rankings(year: number): RankingsView;
  /** Overrides a unit's proposal (a proposal code, or null for none) with a written reason (required). */
  setProposalOverride(year: number, unit: string, proposal: string | null, reason: string): RankingsView;
  clearProposalOverride(year: number, unit: string, reason: string): RankingsView;
  /** Finalises the year (refused while it has open merge conflicts); `by` is recorded. */
  finalise(year: number, by: string): RankingsView;
  reopen(year: number, reason: string, by: string): RankingsView;
  /** Null while the year is a draft; for a final year, what the evidence grid shows. */
  yearLock(year: number): YearLock | null;
  /** What the workspace shows first on a file just opened (see StartView): of `year`, or with null of the newest year; null when the file has no year. */
  startView(year: number | null): StartView | null;
  exportDocument(year: number, kind: ExportKind, unit: string | null): ExportedDocument;

  // ── comparing years and the plan's targets (analysis.ts) ──
  /** Two or more of the file's years compared: units, indicators as shares of their maximum, criteria changes. */
  compareView(years: number[]): CompareViewData;
  /** One unit across the years: each indicator's points and share, each criteria group's share. */
  compareUnit(years: number[], unit: string): CompareUnitDetail;
  /** One table of the comparison as a workbook (.xlsx). */
  compareXlsx(years: number[], request: CompareExportRequest): Uint8Array;
  /** The plan's targets for each of these years. */
  targetsView(years: number[]): TargetsViewData;
  targetsXlsx(years: number[], lang: 'vi' | 'en'): Uint8Array;

  // ── self-assessment templates for the units (templates.ts) ──
  /** The year's unit groups with their units: what the template dialog offers. */
  templatePlan(year: number): TemplatePlan;
  /** The template (.xlsx) of one unit, or of several units of one group (a sheet each). Changes nothing. */
  templateWorkbook(year: number, units: string[]): TemplateWorkbook;
}

// ── units ───────────────────────────────────────────────────────────────────────────────────────────────

export interface UnitRow {
  code: string;
  name: string;
  group: string;
  activeFrom: number | null;
  activeTo: number | null;
  predecessors: string[];
  /** Units that list this one among their predecessors. */
  successors: string[];
  /** How many entries the unit has, per year. */
  entries: { year: number; count: number }[];
}

export interface UnitsView {
  units: UnitRow[];
  years: number[];
  /** The unit groups (khối) of the file's criteria sets, in their order. */
  groups: { code: string; name: Text }[];
}

export interface UnitInput {
  code: string;
  name: string;
  group: string;
  activeFrom: number | null;
  activeTo: number | null;
  predecessors: string[];
  /** Why (kept in the audit log); optional. */
  reason: string;
}

export type UnitField = 'code' | 'name' | 'group' | 'activeFrom' | 'activeTo' | 'predecessors';

/** A problem or warning about one field of a unit; the message names the field. */
export interface UnitProblem {
  field: UnitField;
  message: Text;
}

export type UnitSaveResult =
  | { ok: true; change: 'created' | 'updated' | 'unchanged'; summary: FileSummary; unit: UnitRow }
  /** problems: refused. No problems but warnings: to be confirmed (saveUnit again with confirmed). */
  | { ok: false; problems: UnitProblem[]; warnings: UnitProblem[] };

// ── merging ─────────────────────────────────────────────────────────────────────────────────────────────

export interface MergeFileReport {
  name: string;
  /** Non-empty: this file was refused and nothing from it comes in. */
  problems: Text[];
  created: number;
  updated: number;
  unchanged: number;
  /** Conflicts with this file (still open ones from an earlier merge of the same content included). */
  conflicts: number;
  newConflicts: number;
  /** Of `conflicts`, about consensus values. */
  consensusConflicts: number;
  unitsAdded: { code: string; name: string }[];
  evaluatorsAdded: string[];
  yearsAdded: number[];
  /** Units whose name or group differ: the open file's stay. */
  unitDifferences: { code: string; master: string; other: string }[];
  /** Attachments (SHA-256) to copy from this file's store when the merge is confirmed. */
  attachmentsNeeded: string[];
  /** Consensus values (the panel's settled points) the open file did not have. */
  consensusAdded: number;
  /** Entry conflicts, then consensus conflicts (`consensus`: about the panel's settled points, `who` empty). */
  conflictList: { unit: string; unitName: string; indicator: string; who: string; consensus: boolean }[];
}

export interface ImportFileResult {
  name: string;
  rowsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  unitsCreated: number;
  evaluatorsCreated: number;
  /** Non-empty: this file was refused (and so is the whole import). */
  problems: { where: Text; message: Text }[];
}

export interface ConflictVersion {
  values: { label: Text; value: Text }[];
  /** Points the figures give by the rule (null: not applicable or not scorable). */
  points: number | null;
  evidence: string;
  explanation: string;
  accepted: boolean;
  note: string;
  attachments: { sha256: string; name: string }[];
  updatedAt: string;
  /** Who set it, where the file knows (consensus values). */
  by: string | null;
}

export interface ConflictView {
  id: string;
  /**
   * 'entry': two versions of one person's entry. 'consensus': two settled values of the panel for the
   * indicator (then `values` holds the points, `note` the reason, `who` is empty).
   */
  kind: 'entry' | 'consensus';
  year: number;
  unit: string;
  unitName: string;
  indicator: string;
  indicatorName: Text;
  max: number | null;
  /** Evaluator id ('' = the unit's self-assessment) and how to show it. */
  who: string;
  whoName: Text;
  sourceName: string;
  detectedAt: string;
  master: ConflictVersion;
  other: ConflictVersion;
  /** Which parts differ. */
  differs: { values: boolean; evidence: boolean; explanation: boolean; accepted: boolean; note: boolean; attachments: boolean };
  resolution: null | { choice: 'master' | 'other'; by: string; at: string; reason: string };
}

export interface ImportSummary {
  files: { name: string; rowsRead: number; created: number; updated: number; unchanged: number; unitsCreated: number; evaluatorsCreated: number }[];
  /** Non-empty when nothing was imported. */
  problems: { where: Text; message: Text }[];
}

export interface EntrySnapshot {
  values: Record<string, string | number | boolean | null>;
  evidence: string;
  explanation: string;
  accepted: boolean;
  note: string;
  attachments: string[];
}

export type Request = { id: number; method: keyof WorkerApi; args: unknown[] };
export type Response = { id: number; ok: true; value: unknown } | { id: number; ok: false; failure: { code: string; text: Text } };
