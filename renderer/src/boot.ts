/**
 * What the app needs before it can show anything, begun before the app's own code (React, AG Grid: a
 * megabyte of script) has loaded: the engine worker, the host, and the file the host was asked to start
 * with, read by the host and opened in the worker. main.tsx calls `boot()` first, so the worker opens and
 * scores the file on the second core while the page compiles and renders the app (npm run bench:ui, start);
 * the app then takes over what was begun instead of asking again.
 *
 * Nothing here decides what is shown: a failure is kept for the app to report as it would its own.
 */
import type { Host, JournalEntry } from '../../shared/host/contract';
import { connectHost } from './host';
import { startEngine, type EngineClient } from './worker/client';
import type { FileSummary, StartView } from './worker/protocol';

const ACTOR_KEY = 'nq57.actor';

/** The file the app starts on, as far as it could be taken before the app was there. */
export type StartFile =
  | { kind: 'start-screen' }
  /**
   * Opened in the worker; `pending` is the host's journal of it (changes a crash kept out of the file);
   * `first`: the workspace's first screen, null when it could not be prepared (the workspace then asks).
   */
  | { kind: 'opened'; name: string; path: string; size: number; summary: FileSummary; pending: readonly JournalEntry[]; first: StartView | null }
  /** The demo file does not exist yet: the app builds it from this CSV and creates it at `path`. */
  | { kind: 'build-demo'; path: string; csv: string };

export interface Boot {
  engine: EngineClient;
  host: Host;
  /** Who the app records as making changes (remembered by the browser). */
  actor: string;
  /** The start file; rejects with the host's or the worker's failure. */
  start: Promise<StartFile>;
  /**
   * Settles once the worker has the start file's bytes (or there is none, or it failed): from then on the
   * page's own work no longer holds the opening up, so main.tsx loads the app's code only then.
   */
  handedOver: Promise<void>;
  /** True the first time only: the start file is shown once per page, however often the app mounts. */
  claim(): boolean;
}

let booted: Boot | null = null;

/** Starts everything once; later calls return the same. */
export function boot(): Boot {
  if (booted) return booted;
  const engine = startEngine();
  const host = connectHost();
  const actor = localStorage.getItem(ACTOR_KEY) ?? 'Thư ký hội đồng';
  let handOver = (): void => undefined;
  const handedOver = new Promise<void>((resolve) => (handOver = resolve));
  const start = startFile(engine, host, actor, handOver);
  // Reported by the app when it takes the start over; not an unhandled rejection meanwhile.
  start.catch(() => undefined).finally(handOver);
  let claimed = false;
  const claim = (): boolean => !claimed && (claimed = true);
  booted = { engine, host, actor, start, handedOver, claim };
  return booted;
}

async function startFile(engine: EngineClient, host: Host, actor: string, handedOver: () => void): Promise<StartFile> {
  const { startWith } = await host.info();
  if (startWith.kind === 'start-screen') return { kind: 'start-screen' };
  let file;
  if (startWith.kind === 'demo') {
    const demo = await host.openDemo();
    if (demo.kind === 'build') return { kind: 'build-demo', path: demo.path, csv: demo.csv };
    file = demo.file;
  } else {
    file = await host.open(startWith.path);
    if (!file) return { kind: 'start-screen' };
  }
  // Read before the bytes are handed (transferred) to the worker.
  const size = file.bytes.byteLength;
  const opened = openInWorker(engine, host, file.bytes, actor);
  // The first screen asked for at once, next in the worker's queue after the open: the newest year, which
  // the workspace opens on. If it fails, the workspace asks again and reports the failure.
  const first = engine.startView(null).catch(() => null);
  // The file's integrity checks are not asked for here: the open makes none, and App asks for them once the
  // first screen is up (App, checkFile), so that they do not compete with rendering it.
  handedOver();
  const { summary, pending } = await opened;
  return { kind: 'opened', name: file.name, path: file.path, size, summary, pending, first: await first };
}

/**
 * Bytes the host just opened, into the worker (posted at once, before this returns its promise); the
 * host's journal of that file read meanwhile. For the start file and for every file opened later (App).
 */
export async function openInWorker(engine: EngineClient, host: Host, bytes: Uint8Array, actor: string): Promise<{ summary: FileSummary; pending: readonly JournalEntry[] }> {
  const [summary, pending] = await Promise.all([engine.open(bytes, actor), host.pendingChanges()]);
  return { summary, pending };
}
