/**
 * What the UI asks of the engine worker. The worker owns the evaluation file (sql.js) and the engine; the
 * UI never touches either directly, so typing never waits for scoring or SQL.
 */
import type { InputKind } from '../../../shared/criteria/inputs';
import type { Status } from '../../../shared/engine/score';
import type { Text } from '../../../shared/i18n/text';

export interface FileSummary {
  fileId: string;
  province: string;
  years: number[];
  evaluators: { id: string; name: string; role: string }[];
  units: { code: string; name: string; group: string; activeFrom: number | null; activeTo: number | null; predecessors: string[] }[];
  unitGroups: { code: string; name: Text }[];
  groups: { code: string; name: Text }[];
  criteria: Record<number, { id: string; version: string; sha256: string; title: Text }>;
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

export type EditResult = { ok: true; row: SheetRow; changed: boolean } | { ok: false; message: Text };

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
}

export interface HistoryRow {
  at: string;
  actor: string;
  action: string;
  before: unknown;
  after: unknown;
  reason: string;
}

export interface WorkerApi {
  open(bytes: Uint8Array, actor: string): FileSummary;
  createDemo(csv: string, actor: string): { bytes: Uint8Array; summary: FileSummary };
  createEmpty(years: number[], actor: string): { bytes: Uint8Array; summary: FileSummary };
  exportBytes(): Uint8Array;
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
  addEvaluator(name: string, role: 'member' | 'chair' | 'secretary'): FileSummary;
  attach(year: number, unit: string, code: string, who: string, meta: { sha256: string; name: string; mediaType: string; size: number }): SheetRow;
  attachmentsToVerify(): { sha256: string; size: number }[];
  /** Imports interchange CSVs and self-assessment workbooks, all or nothing. */
  importFiles(files: { name: string; bytes: Uint8Array }[]): ImportSummary;
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
