/**
 * Support for the UI benchmark (tests/bench/ui.bench.ts): the national-scale evaluation file, the entry the
 * benchmark edits, and the probes it puts in the page (run in the browser: no imports, no closures).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileEnv } from '../../node/file-env';
import { newestTime } from '../../node/renderer-build';
import { loadSqlJs } from '../../node/sqljs';
import { bundledCriteria } from '../../shared/criteria/bundled';
import { EvaluationFile, SELF } from '../../shared/file/evaluation-file';
import { importCsv } from '../../shared/file/import';
import { formatProblem } from '../../shared/problems';
import { syntheticCsv } from './synthetic';

export const YEAR = 2026;

export interface NationalSeed {
  path: string;
  units: number;
  rows: number;
  entries: number;
  bytes: number;
  /** Time to generate and import it now; 0 when it came from the cache. */
  buildMs: number;
}

/**
 * The national-scale evaluation file (tests/bench/synthetic.ts → importCsv → export), made in Node by the
 * same code as the CLI and the worker, cached in the temporary folder under a key of everything it is made
 * from (importing 4,000 units takes a minute or two here).
 */
export async function nationalSeed(root: string, opts: { units: number; evaluators: number; seed: number }): Promise<NationalSeed> {
  const stamp = Math.max(...['shared/file', 'shared/criteria', 'shared/interchange', 'shared/exact', 'criteria', 'tests/bench/synthetic.ts', 'node/sqljs.ts'].map((s) => newestTime(join(root, s))));
  const key = createHash('sha256').update(JSON.stringify(opts)).update(String(stamp)).digest('hex').slice(0, 16);
  const path = join(tmpdir(), `nq57-uibench-national-${key}.nq57`);
  const meta = `${path}.json`;
  if (existsSync(path) && existsSync(meta)) return { ...(JSON.parse(readFileSync(meta, 'utf8')) as NationalSeed), path, buildMs: 0 };
  const t0 = performance.now();
  const synth = syntheticCsv({ units: opts.units, seed: opts.seed, evaluators: opts.evaluators });
  const file = EvaluationFile.create(await loadSqlJs(), nodeFileEnv('Thư ký hội đồng'));
  let bytes: Uint8Array;
  try {
    const report = importCsv(file, synth.csv, bundledCriteria, { file: 'national.csv' });
    if (report.problems.length) throw new Error(`national import: ${report.problems.slice(0, 5).map((p) => formatProblem(p)).join('; ')}`);
    bytes = file.export();
  } finally {
    file.close();
  }
  writeFileSync(`${path}.tmp`, bytes);
  renameSync(`${path}.tmp`, path);
  const seed: NationalSeed = { path, units: opts.units, rows: synth.rows, entries: synth.entries, bytes: bytes.length, buildMs: performance.now() - t0 };
  writeFileSync(meta, JSON.stringify(seed));
  // Older national files are of no more use (each is hundreds of MB).
  for (const old of readdirSync(tmpdir()).filter((f) => /^nq57-uibench-national-[0-9a-f]{16}\.nq57(\.json)?$/.test(f) && !join(tmpdir(), f).startsWith(path))) {
    rmSync(join(tmpdir(), old), { force: true });
  }
  return seed;
}

export interface EditTarget {
  unit: string;
  unitName: string;
  /** The evaluator's id (the "who I am" select's value) and name. */
  who: string;
  whoName: string;
  /** The indicator edited: a count, typed over. */
  code: string;
  /** What its value cell shows before the first edit ('' = not entered). */
  shown: string;
}

/**
 * The entry the benchmark edits, read from the file in Node: `code` (a count) of `unit` as entered by the
 * evaluator named `whoName`, or by the unit's first evaluator when no name is given. Editing a panel
 * member's figure changes the panel's points, so the total moves with each edit.
 */
export async function editTarget(path: string, unit: string, code: string, whoName?: string): Promise<EditTarget> {
  const file = EvaluationFile.open(await loadSqlJs(), new Uint8Array(readFileSync(path)), nodeFileEnv('bench')).file;
  try {
    const u = file.unit(unit);
    if (!u) throw new Error(`${path}: no unit ${unit}`);
    let who: string | undefined;
    if (whoName) {
      who = file.evaluators().find((e) => e.name === whoName)?.id;
    } else {
      const first = file.rows('SELECT who FROM entries WHERE year = ? AND unit = ? AND who <> ? ORDER BY who LIMIT 1', [YEAR, unit, SELF])[0];
      who = first ? String(first[0]) : undefined;
    }
    if (!who) throw new Error(`${path}: no evaluator ${whoName ?? `with entries for ${unit}`}`);
    const name = file.evaluators().find((e) => e.id === who)?.name ?? who;
    const entry = file.entry({ year: YEAR, unit, indicator: code, who });
    const v = entry?.values.value;
    return { unit, unitName: u.name, who, whoName: name, code, shown: v === undefined || v === null ? '' : String(v) };
  } finally {
    file.close();
  }
}

// ── In the page ───────────────────────────────────────────────────────────────────────────────────────────
// These functions are serialised by playwright and run in the browser: they may use only their arguments
// and the page's globals.

/** The console message startProbe writes once the grid's editor is open (it holds its own copy: it runs in the page). */
export const START_EDITABLE_MESSAGE = 'nq57-bench: editable';

/** What the start probe records, in ms since the navigation started (performance.now of the new document). */
export interface StartMarks {
  unitItem?: number;
  row?: number;
  total?: number;
  /** The first double-click sent to a value cell (sent every frame from the first row until one opens an editor). */
  probe?: number;
  editable?: number;
  attempts: number;
  /** The page's main-thread tasks over 50 ms until then (PerformanceObserver "longtask"): [start, duration]. */
  longTasks: [number, number][];
}

/**
 * Init script: marks when the unit list, the first grid row and the total appear (a MutationObserver on the
 * whole document), and from the first row on, double-clicks a value cell every animation frame until the
 * grid opens its editor: "interactive" is the moment an editor is open. The editor is then closed (Escape).
 */
export function startProbe(): void {
  const START_EDITABLE_MESSAGE = 'nq57-bench: editable';
  const w = window as unknown as { __uiStart?: StartMarks };
  if (w.__uiStart) return;
  const marks: StartMarks = { attempts: 0, longTasks: [] };
  w.__uiStart = marks;
  const now = () => performance.now();
  new PerformanceObserver((list) => {
    if (marks.editable !== undefined) return;
    for (const e of list.getEntries()) marks.longTasks.push([Math.round(e.startTime), Math.round(e.duration)]);
  }).observe({ type: 'longtask', buffered: true });
  let probing = false;
  const tryEdit = () => {
    if (marks.editable !== undefined) return;
    const c = document.querySelector<HTMLElement>('.ag-grid-scrolling-rows .ag-row[row-id] .ag-cell[col-id="v1"]:not(.cell-no-input)');
    if (c) {
      if (marks.probe === undefined) marks.probe = now();
      marks.attempts++;
      c.dispatchEvent(new MouseEvent('dblclick', { bubbles: true, cancelable: true, view: window, detail: 2 }));
    }
    if (marks.attempts < 2000) requestAnimationFrame(tryEdit);
  };
  const check = () => {
    if (marks.unitItem === undefined && document.querySelector('.unit-list .unit-item')) marks.unitItem = now();
    if (marks.total === undefined && document.querySelector('.score-panel .total .num-button')) marks.total = now();
    if (marks.row === undefined && document.querySelector('.ag-grid-scrolling-rows .ag-row[row-id]')) marks.row = now();
    if (marks.row !== undefined && !probing) {
      probing = true;
      tryEdit();
    }
    if (marks.editable === undefined && marks.probe !== undefined) {
      const editor = document.querySelector<HTMLElement>('.ag-cell-inline-editing input, .ag-cell-inline-editing');
      if (editor) {
        marks.editable = now();
        // Told by a console message, not polled: polling (page.waitForFunction) makes Playwright compile its
        // injected script in the page, ~130 ms of the main thread in the middle of the start it measures.
        console.info(START_EDITABLE_MESSAGE);
        editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', bubbles: true, cancelable: true }));
      }
    }
    if (marks.unitItem !== undefined && marks.total !== undefined && marks.editable !== undefined) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
}

/** One RPC to the engine worker, seen from the page: ms since navigation start. */
export interface RpcRecord {
  id: number;
  method: string;
  /** postMessage called (the arguments are cloned inside it). */
  sent: number;
  /** Time spent inside postMessage (serialising the arguments). */
  postMs: number;
  /** The answer's message event starts being dispatched. */
  recv?: number;
  /** Time to read event.data (deserialising the answer). */
  readMs?: number;
  /** An HTTP call's response status. */
  status?: number;
}

/**
 * Init script: records every message to and from the engine worker (renderer/src/worker/client.ts sends
 * {id, method, args} and receives {id, ok, value}), and every fetch (the web host's calls). The listener is added in the constructor, before the
 * client sets onmessage, so it runs first and its `recv` is when the answer reaches the page's main thread.
 */
export function rpcLog(): void {
  const w = window as unknown as { __uiRpc?: RpcRecord[]; __uiWorker?: Worker; Worker: typeof Worker };
  if (w.__uiRpc) return;
  const log: RpcRecord[] = [];
  w.__uiRpc = log;
  // The page's HTTP calls to the host (journal, save) too: method "POST /api/journal", done when the
  // response's headers are in.
  const fetchBase = window.fetch.bind(window);
  let httpId = 0;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    const record: RpcRecord = { id: --httpId, method: `${init?.method ?? 'GET'} ${url.pathname}`, sent: performance.now(), postMs: 0 };
    log.push(record);
    const p = fetchBase(input, init);
    record.postMs = performance.now() - record.sent;
    void p.then(
      (r) => {
        record.recv = performance.now();
        record.status = r.status;
      },
      () => void (record.recv = performance.now()),
    );
    return p;
  };
  const Base = w.Worker;
  w.Worker = class extends Base {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      w.__uiWorker = this;
      const post = this.postMessage.bind(this) as (m: unknown, t?: Transferable[]) => void;
      this.postMessage = ((message: { id?: number; method?: string }, transfer?: Transferable[]) => {
        const t = performance.now();
        post(message, transfer);
        log.push({ id: message?.id ?? -1, method: message?.method ?? '?', sent: t, postMs: performance.now() - t });
      }) as Worker['postMessage'];
      this.addEventListener('message', (event: MessageEvent) => {
        const recv = performance.now();
        const data = event.data as { id?: number };
        const readMs = performance.now() - recv;
        for (let i = log.length - 1; i >= 0; i--) {
          const r = log[i]!;
          if (r.id === data?.id && r.recv === undefined) {
            r.recv = recv;
            r.readMs = readMs;
            break;
          }
        }
      });
    }
  };
}

/**
 * Init script: request bodies over 1 MB (the autosave's upload of the whole file) are handed to fetch as a
 * Blob instead of an ArrayBuffer. With a DevTools client attached (Playwright is one), Chromium copies an
 * in-memory body into the protocol's request event: a 3 MB save then spends over a second in fetch() on the
 * page's main thread (about 0.1 s with no DevTools attached, measured here), and a 250 MB one makes a
 * message longer than Node's longest string, which kills Playwright's connection. A Blob body is uploaded
 * the same way without that copy. The app's code is not changed.
 */
export function largeUploadsAsBlobs(): void {
  const w = window as unknown as { __uiBlobs?: boolean };
  if (w.__uiBlobs) return;
  w.__uiBlobs = true;
  const original = window.fetch.bind(window);
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const body = init?.body;
    if ((body instanceof ArrayBuffer || ArrayBuffer.isView(body)) && body.byteLength > 1024 * 1024) {
      return original(input, { ...init, body: new Blob([body as BlobPart]) });
    }
    return original(input, init);
  };
}

/**
 * In the page: the median round trip of `n` empty messages to the engine worker, the floor under any call
 * the page makes. The message names no method the worker has: it answers with a failure at once (the
 * client drops answers to ids it did not send).
 */
export async function workerRoundTrip(n: number): Promise<number> {
  const worker = (window as unknown as { __uiWorker?: Worker }).__uiWorker;
  if (!worker) return NaN;
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = -1_000_000 - i;
    const t0 = performance.now();
    const answered = await new Promise<boolean>((resolve) => {
      const on = (e: MessageEvent) => {
        if ((e.data as { id?: number })?.id !== id) return;
        worker.removeEventListener('message', on);
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        worker.removeEventListener('message', on);
        resolve(false);
      }, 5000);
      worker.addEventListener('message', on);
      worker.postMessage({ id, method: '__benchmarkPing', args: [] });
    });
    if (!answered) return NaN;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1]!;
}

export interface EditSample {
  /** From the Enter keydown (its event timestamp) to the score panel's total showing a new text. */
  dom: number;
  /** From the same keydown to the start of the next animation frame after that change (the frame that paints it). */
  frame: number;
  /** From the keydown's timestamp to our capture-phase listener running (input delay on the main thread). */
  inputDelay: number;
  /** The keydown timestamp, ms since navigation start. */
  at: number;
  total: string;
}

/**
 * Installs the edit probe: the Enter that commits a cell editor starts the clock (a capture listener on
 * window, so before the grid sees the key; the time is the event's own timestamp), a MutationObserver on the
 * page stops it when the total's text differs from the one before the edit, and the next animation frame
 * is noted too. `arm(before)` is called before each edit.
 */
export function editProbe(): void {
  type State = { armed: boolean; waiting: boolean; t0: number; handler: number; before: string; samples: EditSample[] };
  const w = window as unknown as { __uiEdit?: State };
  if (w.__uiEdit) return;
  const s: State = { armed: false, waiting: false, t0: 0, handler: 0, before: '', samples: [] };
  w.__uiEdit = s;
  const total = () => (document.querySelector('.score-panel .total .num-button')?.textContent ?? '').trim();
  window.addEventListener(
    'keydown',
    (e) => {
      if (!s.armed || e.key !== 'Enter') return;
      if (!(e.target instanceof Element) || !e.target.closest('.ag-cell-inline-editing')) return;
      s.armed = false;
      s.waiting = true;
      s.t0 = e.timeStamp;
      s.handler = performance.now();
      // For a trace (ui-profile.ts): the interval of each edit.
      performance.mark('nq57-edit-start', { startTime: s.t0 });
    },
    true,
  );
  new MutationObserver(() => {
    if (!s.waiting) return;
    const text = total();
    if (text === '' || text === s.before) return;
    const t1 = performance.now();
    s.waiting = false;
    performance.mark('nq57-edit-end', { startTime: t1 });
    const t0 = s.t0;
    const sample: EditSample = { dom: t1 - t0, frame: NaN, inputDelay: s.handler - t0, at: t0, total: text };
    requestAnimationFrame(() => {
      sample.frame = performance.now() - t0;
      s.samples.push(sample);
    });
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
}
