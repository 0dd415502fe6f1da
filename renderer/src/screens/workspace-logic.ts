/**
 * The workspace's decisions that need no React: when to autosave, and how an edit's answer changes the unit
 * list. Apart from Workspace.tsx so that they are tested in Node (tests/renderer/incremental-rescore.test.ts).
 */
import type { UnitListChanges, UnitListItem } from '../worker/protocol';

const AUTOSAVE_MS = 1500;
/**
 * How long after the last change the file is saved. A save exports the whole file in the worker, which
 * answers nothing else meanwhile: 1.5 s for a province (a save takes milliseconds); for a file whose save
 * takes seconds (a national one), 20 times that, at most a minute, so that it runs when the person has
 * stopped typing rather than between two edits. Every edit is in the crash journal meanwhile (journal.ts).
 */
export function autosaveDelay(lastSaveMs: number): number {
  return Math.min(60_000, Math.max(AUTOSAVE_MS, 20 * lastSaveMs));
}

/**
 * A save's duration guessed from the file's size, until one is timed: exporting and writing run at about
 * 50 MB/s on a laptop (npm run bench:ui: a 234 MB national file saves in 5–7 s), so a national file starts with
 * a delay of a minute rather than 1.5 s, and its first autosave does not fall between two edits.
 */
export function guessSaveMs(bytes: number | undefined): number {
  return bytes === undefined ? 0 : bytes / 50_000;
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
