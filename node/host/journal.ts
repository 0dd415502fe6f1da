// The journal of changes not yet saved: `<file>.nq57.journal`, beside the file.
//
// The app saves the whole database image a moment after each change (sql.js exports the whole file), so a
// renderer that crashes, or a laptop whose battery dies, between an edit and that save would lose the edit.
// So each edit is appended here, flushed to the disk, before the grid shows it as done; a save that holds
// the edits removes them from the journal; opening the file hands the renderer whatever is left, to apply
// again on the saved image. The records are the renderer's (opaque text here): the host moves bytes.
//
// One JSON object per line: {"seq": n, "record": "..."}. A line torn by a crash mid-append is the last one
// and is ignored (its edit was never shown as done). Records are kept in order; seq only grows.
import { open, readFile, unlink } from 'node:fs/promises';
import { text } from '../../shared/i18n/text';
import { errnoOf, fsFailure } from './errors';
import { writeFileAtomic } from './atomic';

export const journalPathOf = (file: string): string => `${file}.journal`;

export interface JournalRecord {
  readonly seq: number;
  readonly record: string;
}

/** A record is one edit; anything this long is not one (and would make every open slow). */
export const MAX_RECORD_CHARS = 1_000_000;

/** The records left in a file's journal, in order; none when there is no journal. Unreadable lines are skipped. */
export async function readJournal(file: string): Promise<JournalRecord[]> {
  let raw: string;
  try {
    raw = await readFile(journalPathOf(file), 'utf8');
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return [];
    throw fsFailure('read-failed', text('Không đọc được nhật ký thay đổi chưa lưu', 'Could not read the journal of unsaved changes'), journalPathOf(file), e);
  }
  const out: JournalRecord[] = [];
  for (const line of raw.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const r = JSON.parse(line) as unknown;
      if (r && typeof r === 'object' && Number.isSafeInteger((r as JournalRecord).seq) && typeof (r as JournalRecord).record === 'string') {
        out.push({ seq: (r as JournalRecord).seq, record: (r as JournalRecord).record });
      }
    } catch {
      // A torn last line: the append never finished, so its edit was never reported as done.
    }
  }
  return out;
}

/** Appends one record and flushes it to the disk before resolving. */
export async function appendJournal(file: string, r: JournalRecord): Promise<void> {
  const path = journalPathOf(file);
  let handle;
  try {
    handle = await open(path, 'a');
    await handle.write(`${JSON.stringify(r)}\n`);
    await handle.datasync();
  } catch (e) {
    throw fsFailure('write-failed', text('Không ghi được nhật ký thay đổi', 'Could not write the journal of changes'), path, e);
  } finally {
    await handle?.close();
  }
}

/** Keeps only the records after `seq` (those a save did not include); removes the journal when none is left. */
export async function trimJournal(file: string, seq: number): Promise<void> {
  const left = (await readJournal(file)).filter((r) => r.seq > seq);
  if (left.length === 0) return clearJournal(file);
  await writeFileAtomic(journalPathOf(file), new TextEncoder().encode(left.map((r) => `${JSON.stringify(r)}\n`).join('')));
}

export async function clearJournal(file: string): Promise<void> {
  try {
    await unlink(journalPathOf(file));
  } catch (e) {
    if (errnoOf(e) !== 'ENOENT') throw fsFailure('write-failed', text('Không xóa được nhật ký thay đổi đã lưu', 'Could not remove the journal of saved changes'), journalPathOf(file), e);
  }
}
