/**
 * The secretary settles a disagreement: a consensus value (giá trị thống nhất) for one unit and indicator,
 * with a written reason, replacing the panel's aggregate (shared/engine/score.ts). The file validates it
 * (range, decimals, the unit and indicator of that year, a final year refused) and audits it; this only
 * turns the panel's request into the file's call and the file's record into what the panel view shows.
 */
import { describeConsensusKey, type EvaluationFile } from '../../../shared/file/evaluation-file';
import { FileError } from '../../../shared/file/open';
import { formatNumber, text, type Text } from '../../../shared/i18n/text';
import type { HistoryRow } from './protocol';

export interface ConsensusView {
  /** As the file keeps it: an exact decimal ("7.5"). */
  points: string;
  reason: string;
  by: string;
  at: string;
}

export interface ConsensusRequest {
  year: number;
  unit: string;
  code: string;
  /** The points as typed ("7,5" or "7.5"); null clears the consensus. */
  points: string | null;
  reason: string;
}

/** Sets or clears; the reason is required either way (the file refuses an empty one, in both languages). */
export function applyConsensus(file: EvaluationFile, r: ConsensusRequest): void {
  const key = { year: r.year, unit: r.unit, indicator: r.code };
  if (r.points === null) {
    if (!file.clearConsensus(key, r.reason)) {
      throw new FileError('no-consensus', text('Chỉ tiêu này chưa có điểm thống nhất để bỏ', 'This indicator has no consensus value to clear'));
    }
    return;
  }
  file.setConsensus({ ...key, points: r.points, reason: r.reason });
}

/** The year's consensus values by `unit|code`, for the panel rows. */
export function consensusByRow(file: EvaluationFile, year: number): Map<string, ConsensusView> {
  const out = new Map<string, ConsensusView>();
  for (const c of file.consensus(year)) out.set(`${c.unit}|${c.indicator}`, { points: c.points, reason: c.reason, by: c.setBy, at: c.setAt });
  return out;
}

/** Every setting and clearing of one consensus value, oldest first, with who, when and why. */
export function consensusHistory(file: EvaluationFile, year: number, unit: string, code: string): HistoryRow[] {
  const points = (content: unknown): Text | null => {
    if (!content || typeof content !== 'object' || !('points' in content)) return null;
    const p = Number((content as { points: unknown }).points);
    return text(formatNumber(p, 'vi'), formatNumber(p, 'en'));
  };
  return historyOf(file, describeConsensusKey({ year, unit, indicator: code }), (before, after) => ({ before: points(before), after: points(after) }));
}

/**
 * The audit log's lines about one target (an entry's or a consensus value's key), oldest first; `words` says
 * what the target held before and after each change, for a person (null: nothing).
 */
export function historyOf(
  file: EvaluationFile,
  target: string,
  words: (before: unknown, after: unknown) => { before: Text | null; after: Text | null },
): HistoryRow[] {
  return file
    .auditLog()
    .filter((a) => a.target === target)
    .map((a) => ({ at: a.at, actor: a.actor, action: a.action, ...words(a.before, a.after), reason: a.reason }));
}
