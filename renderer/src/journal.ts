/**
 * No edit lost to a crash. The app saves the whole file a moment after each change; an edit made in that
 * moment would die with a crashed renderer (or a laptop whose battery gives out). So every change of an
 * entry is written to the host's journal (on the disk, flushed) before the grid shows it as done, and a save
 * tells the host which journal records its bytes hold. Opening a file replays what no save included.
 *
 * This wraps the engine client and the host the app already uses, so that no screen has to remember to
 * journal: `edit`, `restoreEntry` (undo/redo) and `attach` are journaled as the entry's whole new content
 * (replaying one twice gives the same entry), and `host.save(bytes)` learns from `exportBytes` which records
 * those bytes include. Changes that are not entry edits (import, merge, units, members) are saved by their
 * screens at once.
 */
import type { Host, JournalEntry } from '../../shared/host/contract';
import type { EngineClient } from './worker/client';
import type { EntrySnapshot } from './worker/protocol';

interface EntryKeyRecord {
  year: number;
  unit: string;
  code: string;
  who: string;
  actor: string;
  at: string;
}

/** One journaled change: an entry set to a content (null = removed), or a document attached to it. */
export type JournalRecord =
  | (EntryKeyRecord & { v: 1; kind: 'entry'; content: EntrySnapshot | null })
  | (EntryKeyRecord & { v: 1; kind: 'attach'; meta: { sha256: string; name: string; mediaType: string; size: number } });

export interface Journaling {
  engine: EngineClient;
  /** The engine without the journal: replaying the journal must not journal the same changes again. */
  unjournaled: EngineClient;
  host: Host;
  /** The person the records name (the app's actor). */
  setActor(actor: string): void;
}

/**
 * `onFailure`: the journal could not be written (disk full, file gone). The change is in memory and the next
 * save holds it; the app should say so and save now.
 */
export function withJournal(engine: EngineClient, host: Host, actor: string, onFailure: (e: unknown) => void): Journaling {
  let who = actor;
  let lastSeq = 0;
  /** Which journal records each exported image holds: the last number journaled when it was asked for. */
  const through = new WeakMap<Uint8Array, number>();

  const write = async (r: JournalRecord): Promise<void> => {
    try {
      lastSeq = Math.max(lastSeq, await host.journal(JSON.stringify(r)));
    } catch (e) {
      onFailure(e);
    }
  };
  const key = (year: number, unit: string, code: string, who_: string) => ({ year, unit, code, who: who_, actor: who, at: new Date().toISOString() });

  const journaledEngine: EngineClient = new Proxy(engine, {
    get(target, method: string) {
      const inner = (target as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
      switch (method) {
        case 'edit':
          return async (...args: Parameters<EngineClient['edit']>) => {
            const r = await target.edit(...args);
            if (r.ok && r.changed) {
              const e = args[0];
              await write({ v: 1, kind: 'entry', ...key(e.year, e.unit, e.code, e.who), content: r.after });
            }
            return r;
          };
        case 'restoreEntry':
          return async (...args: Parameters<EngineClient['restoreEntry']>) => {
            const row = await target.restoreEntry(...args);
            const [year, unit, code, who_, content] = args;
            await write({ v: 1, kind: 'entry', ...key(year, unit, code, who_), content });
            return row;
          };
        case 'attach':
          return async (...args: Parameters<EngineClient['attach']>) => {
            const row = await target.attach(...args);
            const [year, unit, code, who_, meta] = args;
            await write({ v: 1, kind: 'attach', ...key(year, unit, code, who_), meta });
            return row;
          };
        case 'exportBytes':
          return async () => {
            // Records journaled before this request are in the image (the worker answers in order); one
            // journaled while the image is made may be in it too, and is kept: replaying it changes nothing.
            const seq = lastSeq;
            const bytes = await target.exportBytes();
            through.set(bytes, seq);
            return bytes;
          };
        default:
          return inner;
      }
    },
  });

  const journaledHost: Host = {
    ...host,
    // Bytes not from exportBytes (none today) keep the whole journal: safe, replaying changes nothing.
    save: (bytes, journaledThrough) => host.save(bytes, journaledThrough ?? through.get(bytes) ?? 0),
  };
  // The spread copies the host's own methods; a class-based host would need binding, which `connectHost` does not use.

  return {
    engine: journaledEngine,
    unjournaled: engine,
    host: journaledHost,
    setActor: (a) => {
      who = a;
    },
  };
}

export interface Recovery {
  /** Changes applied again. */
  applied: number;
  /** Records that could not be applied (their unit or indicator is gone), with the reason. */
  failed: { record: string; reason: string }[];
  /** The last journal number looked at: a save of the recovered image includes everything up to it. */
  through: number;
}

/**
 * Applies again, in order, the changes a crash kept out of the saved file. The caller saves right after
 * (with `through`), so the journal empties.
 */
export async function replayJournal(engine: EngineClient, pending: readonly JournalEntry[], actor: string): Promise<Recovery> {
  const out: Recovery = { applied: 0, failed: [], through: 0 };
  for (const p of pending) {
    out.through = Math.max(out.through, p.seq);
    let r: JournalRecord;
    try {
      r = JSON.parse(p.record) as JournalRecord;
    } catch {
      out.failed.push({ record: p.record.slice(0, 200), reason: 'JSON' });
      continue;
    }
    try {
      await engine.setActor(r.actor);
      if (r.kind === 'entry') await engine.restoreEntry(r.year, r.unit, r.code, r.who, r.content);
      else if (r.kind === 'attach') await engine.attach(r.year, r.unit, r.code, r.who, r.meta);
      else throw new Error('unknown record');
      out.applied++;
    } catch (e) {
      const reason = e && typeof e === 'object' && 'text' in e ? (e as { text: { vi: string } }).text.vi : String(e);
      out.failed.push({ record: p.record.slice(0, 200), reason });
    }
  }
  await engine.setActor(actor);
  return out;
}
