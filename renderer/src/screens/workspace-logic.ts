/**
 * The workspace's decisions that need no React: when to autosave, and how an edit's answer changes the unit
 * list. Apart from Workspace.tsx so that they are tested in Node (tests/renderer/incremental-rescore.test.ts).
 */
import type { UnitListChanges, UnitListItem } from '../worker/protocol';

const AUTOSAVE_MS = 1500;
/**
 * How long after the last change the file is saved. A save starts with the worker exporting the whole
 * file, and the worker answers no edit meanwhile (writing the bytes is the host's and blocks nothing): 1.5 s
 * for a province (its export takes milliseconds); for a file whose export takes seconds (a national one), 20
 * times that, at most a minute, so that it runs when the person has stopped typing rather than between two
 * edits. Every edit is in the crash journal meanwhile (journal.ts).
 */
export function autosaveDelay(lastExportMs: number): number {
  return Math.min(60_000, Math.max(AUTOSAVE_MS, 20 * lastExportMs));
}

/**
 * An export's duration guessed from the file's size, until one is timed: about 100 MB/s on a laptop (npm run
 * bench:ui: a 234 MB national file exports in 1.1–2.4 s), so a national file starts with a delay of most of a
 * minute rather than 1.5 s, and its first autosave does not fall between two edits.
 */
export function guessExportMs(bytes: number | undefined): number {
  return bytes === undefined ? 0 : bytes / 100_000;
}

/**
 * The unit list after an edit's changes: unchanged items keep their identity (the list re-renders only the
 * rows that changed), in the new order when ranks moved.
 */
export function applyListChanges(list: UnitListItem[], changes: UnitListChanges): UnitListItem[] {
  if (changes.complete) return changes.changed;
  if (changes.changed.length === 0 && changes.order === null) return list;
  const byCode = new Map(list.map((u) => [u.code, u]));
  for (const u of changes.changed) byCode.set(u.code, u);
  return (changes.order ?? list.map((u) => u.code)).flatMap((code) => byCode.get(code) ?? []);
}
