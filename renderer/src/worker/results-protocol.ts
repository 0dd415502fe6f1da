/**
 * What the results screen ("Xếp hạng") asks of the worker and gets back: the ranking of a year with the
 * reward proposals (and any override with its reason), the finalisation state with its history, and the
 * export documents. The logic is in results.ts; WorkerApi (protocol.ts) lists the methods.
 */
import type { Text } from '../../../shared/i18n/text';

export interface Labelled {
  code: string;
  label: Text;
}

/** One unit of the ranking, numbers rounded as the exports round them (present.ts). */
export interface RankingRow {
  unit: string;
  name: string;
  /** Unit group (khối). */
  group: string;
  rank: number;
  /** "3", or "3=" when another unit of the group has the same rank. */
  rankLabel: string;
  /** The other units of the group sharing the rank (names). */
  tiedWith: string[];
  /** Points and applicable maximum per criteria group (I–V). */
  groups: Record<string, { points: number; max: number }>;
  base: number;
  bonus: number;
  deduction: number;
  score: number;
  band: Labelled;
  bandNote: Text | null;
  /** The proposal in force: the override's where someone overrode it. */
  proposal: Labelled | null;
  /** What the criteria's rules propose. */
  computedProposal: Labelled | null;
  /** The override, if any: the reason, who and when. */
  override: { reason: string; by: string | null; at: string | null } | null;
  /** The self-assessed score (null: the unit entered nothing itself) and score − self-assessed score. */
  selfScore: number | null;
  difference: number | null;
  completeness: { share: number; entered: number; applicable: number; withEvidence: number };
}

/** A finalisation in force: when (ISO, and the Vietnamese calendar date), by whom, the fingerprint stored. */
export interface FinalisationState {
  at: string;
  date: string;
  by: string;
  fingerprint: string;
}

export interface FinalisationEventView {
  seq: number;
  action: 'finalise' | 'reopen';
  at: string;
  /** dd/mm/yyyy hh:mm in Vietnam (UTC+7). */
  when: string;
  actor: string;
  fingerprint: string;
  reason: string;
}

export interface RankingsView {
  year: number;
  criteria: { id: string; version: string; sha256: string };
  /** The panel aggregate of the official results (mean, median, trimmed). */
  panel: string;
  /** Unit groups of the year's criteria with the number of units evaluated in each. */
  unitGroups: { code: string; name: Text; size: number }[];
  /** Criteria groups I–V. */
  groups: { code: string; name: Text }[];
  /** The proposals of the criteria (what an override may choose, besides none). */
  proposals: Labelled[];
  /** Every unit, in the official order: unit group, rank, tie-breaks. */
  rows: RankingRow[];
  /** SHA-256 of the results as they are now (what finalising would store). */
  fingerprint: string;
  finalisation: FinalisationState | null;
  /** Final and the results now are those finalised (false on a draft). */
  matchesFinal: boolean;
  history: FinalisationEventView[];
  /** Merge conflicts of this year still open (finalising is refused while there are any). */
  openConflicts: number;
  /** The panel's chair (an evaluator with that role), to suggest as the person finalising. */
  chair: string | null;
}

/** A final year: what the evidence grid shows, and why nothing in it can change. */
export interface YearLock {
  finalisation: FinalisationState;
  /** The evaluation file's own sentence refusing a change to the year. */
  message: Text;
}

export const EXPORT_KINDS = [
  'rankings-xlsx',
  'nominations-xlsx',
  'nominations-pdf',
  'scorecard-pdf',
  'scorecards-pdf',
  'results-csv',
  'detail-csv',
  'results-json',
] as const;

export type ExportKind = (typeof EXPORT_KINDS)[number];

/**
 * A document made by the worker: the bytes to save, or, for a PDF, the printable HTML the host turns into
 * PDF (Electron's printToPDF, Chromium in the web host). `name` is the suggested file name.
 */
export interface ExportedDocument {
  name: string;
  bytes: Uint8Array | null;
  html: string | null;
  /** False: the results are not final and the document says DỰ THẢO. */
  final: boolean;
}
