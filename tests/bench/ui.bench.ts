/**
 * Benchmark: the app in Debian's Chromium (issue 4, item 6), on the BUILT renderer served by the web host
 * (built like the end-to-end tests do, tests/e2e/helpers.ts: once when stale, then copied).
 *
 *     npm run bench:ui
 *     npm run bench:ui -- --only start|province|national   one part
 *     … --edits N             timed edits on the province (default 200, after 4 warm-up edits)
 *     … --start-runs N        cold starts measured on the province (default 5)
 *     … --national-edits N    timed edits on the national file (default 200, cut to what fits the budget)
 *     … --national-budget S   seconds the national edits may take (default 240)
 *     … --units N --evaluators N --seed N   the national file (default 4,000 units, 3 evaluators, seed 57)
 *     … --think MS            pause between edits (default 0: edits back to back, as fast as the app allows)
 *     … --renderer DIR        serve this built renderer instead of building out/renderer (e.g. a patched copy)
 *     … --profile DIR         also record Chromium traces (main thread and worker, with CPU samples) of one
 *                             more cold start and of more edits at each scale (20 province, 6 national), with
 *                             a .cpuprofile per thread, into DIR, and print where the time went
 *                             (tests/bench/ui-profile.ts)
 *
 * 1. Start (province demo, cold: a new server and a new browser context per run): from navigation to the
 *    evidence grid being interactive. In the page, a MutationObserver notes when the unit list, the first
 *    grid row and the total appear; from the first row on, a value cell is double-clicked every animation
 *    frame until the grid opens its editor. "Interactive" is the moment that editor is open (ms since the
 *    navigation started, performance.now of the new document).
 * 2. Edit → total (province demo; unit UBND xã Mường Phăng; as panel member Trần Minh Đức, whose figures
 *    count in the panel's points, so the total moves): indicator 2.2 (a count) is typed over, alternately 3
 *    and 12, and committed with Enter. The clock starts at the Enter keydown's own timestamp (in the page,
 *    captured before the grid sees the key) and stops when a MutationObserver sees the score panel's total
 *    show a different text; the next animation frame is noted too. The unit list shows every unit meanwhile
 *    (the search that found the unit is cleared). The page's messages to and from the engine worker and its
 *    calls to the host (journal, save) are logged, to say where the time goes; the floor is an empty
 *    message's round trip to the worker.
 * 3. The same on a national-scale file (tests/bench/synthetic.ts → importCsv in Node, cached in the
 *    temporary folder → opened by the app from the web host's folder): time to interactive once, then
 *    edits of the first commune's 2.2 as its first evaluator, as many as fit in the budget.
 *
 * What the harness changes in the page (ui-support.ts): request bodies over 1 MB go to fetch as a Blob (with
 * Playwright attached, Chromium copies an ArrayBuffer body into a DevTools event, seconds per autosave that
 * the app without DevTools does not pay); window.Worker and fetch are wrapped to log calls. What it keeps
 * out of the start it measures, as the desktop app has neither: Playwright's polling (the probe says "editable"
 * on the console instead: a waitForFunction compiled Playwright's injected script in the page, ~130 ms of its
 * main thread), and headless Chromium's address-bar pop-ups (node/pdf.ts's flags: they took a core for
 * seconds at launch, 3.5 s → 2.2 s measured here on two cores). Progress goes to
 * stderr, the table to stdout. tests/bench/ui-worker-steps.ts times the worker's side of an edit in Node.
 *
 * A benchmark is not a test: missing a goal does not fail it. It exits 1 when the app is broken: the grid
 * never becomes editable, an edit never changes the total, the cell does not show what was typed, the
 * autosave does not hold the last value, or the page reports an error.
 */
import './no-vitest';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security';
import { startWebServer } from '../../node/web-server';
import {
  cell,
  cellText,
  chromiumPath,
  demoSeed,
  ensureRendererBuilt,
  entryOnDisk,
  launchBrowser,
  newPage,
  realErrors,
  ROOT,
  screenshotPath,
  startApp,
  totalText,
  UNIT,
  MEMBER,
  type App,
  type Opened,
} from '../e2e/helpers';
import { editProbe, editTarget, largeUploadsAsBlobs, nationalSeed, rpcLog, START_EDITABLE_MESSAGE, startProbe, workerRoundTrip, type EditSample, type EditTarget, type RpcRecord, type StartMarks } from './ui-support';
import { profileTrace, type ProfileReport } from './ui-profile';
import { argument, int, median } from './bench-util';

// ------------------------------------------------------------------ goals and options

const GOAL_START_MS = 1500;
const GOAL_EDIT_MEDIAN_MS = 50;
const GOAL_EDIT_P95_MS = 100;
const GOAL_NATIONAL_P95_MS = 250;
const CODE = '2.2';
const WARM_UP_EDITS = 4;


const ONLY = argument('only', 'all');
const EDITS = Math.max(1, argument('edits', 200));
const START_RUNS = Math.max(1, argument('start-runs', 5));
const NATIONAL_EDITS = Math.max(1, argument('national-edits', 200));
const NATIONAL_BUDGET_MS = argument('national-budget', 240) * 1000;
const UNITS = Math.max(3, argument('units', 4000));
const EVALUATORS = Math.max(1, argument('evaluators', 3));
const SEED = argument('seed', 57);
const THINK_MS = argument('think', 0);
const RENDERER = argument('renderer', '');
const PROFILE_DIR = argument('profile', '');

// ------------------------------------------------------------------ helpers

class Broken extends Error {}

const STARTED = Date.now();
/** Progress on stderr (the national part takes minutes); the table goes to stdout. */
const progress = (message: string): void => void process.stderr.write(`[ui bench ${((Date.now() - STARTED) / 1000).toFixed(0)} s] ${message}\n`);

/** Nearest-rank percentile. */
const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const ms = (x: number): string => (Number.isNaN(x) ? '—' : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 100 ? `${int(x)} ms` : `${x.toFixed(1)} ms`);
const mb = (bytes: number): string => `${int(bytes / 1024 ** 2)} MB`;

type Status = 'PASS' | 'MISS' | '';
interface Row {
  readonly measure: string;
  readonly value: string;
  readonly goal: string;
  readonly floor: string;
  readonly status: Status;
}
const table: Row[] = [];
const notes: string[] = [];
const row = (measure: string, value: string, goal = '', floor = '', status: Status = ''): void => void table.push({ measure, value, goal, floor, status });
const section = (title: string): void => row(title, '', '', '', '');
const verdict = (ok: boolean): Status => (ok ? 'PASS' : 'MISS');

function printTable(): void {
  const w = [0, 0, 0, 0];
  for (const r of table) {
    if (!r.value) continue;
    w[0] = Math.max(w[0]!, r.measure.length);
    w[1] = Math.max(w[1]!, r.value.length);
    w[2] = Math.max(w[2]!, r.goal.length);
    w[3] = Math.max(w[3]!, r.floor.length);
  }
  const line = (a: string, b: string, c: string, d: string, e: string) =>
    `${a.padEnd(w[0]!)}  ${b.padEnd(w[1]!)}  ${c.padEnd(w[2]!)}  ${d.padEnd(w[3]!)}  ${e}`.trimEnd();
  console.log(line('measure', 'value', 'goal', 'floor', 'status'));
  console.log(line('-'.repeat(w[0]!), '-'.repeat(w[1]!), '-'.repeat(w[2]!), '-'.repeat(w[3]!), '------'));
  for (const r of table) console.log(r.value ? line(r.measure, r.value, r.goal, r.floor, r.status) : `\n${r.measure}`);
}

/** On a failure, a screenshot of the page at that moment: test-results/screens/FAILED-ui-bench-<name>.png. */
async function shotOnFailure<T>(page: Page, name: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const path = screenshotPath(`FAILED-ui-bench-${name}.png`);
    await page.screenshot({ path }).catch(() => undefined);
    if (error instanceof Error) error.message += `\n(screenshot of the page at the failure: ${path})`;
    throw error;
  }
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Broken(message);
}

function noErrors(opened: Opened, where: string): void {
  const errors = realErrors(opened.errors);
  check(errors.length === 0, `${where}: the page reported errors:\n  ${errors.slice(0, 10).join('\n  ')}`);
}

/** A server over a fresh working folder holding `file` under `name`, opened by the app at start. */
async function serveFile(staticDir: string, file: string, name: string): Promise<App> {
  const workDir = mkdtempSync(join(tmpdir(), 'nq57-uibench-work-'));
  copyFileSync(file, join(workDir, name));
  const server = await startWebServer({
    port: 0,
    staticDir,
    workDir,
    demoCsvPath: join(ROOT, 'demo/dien-bien.csv'),
    startWith: { kind: 'file', path: name },
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
  });
  return {
    server,
    workDir,
    url: `${server.url}/`,
    async close() {
      await server.close();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/**
 * The page scripts of ui-support.ts are serialised from this process's functions, and tsx compiles them
 * with esbuild's keepNames, which wraps nested functions in a `__name(fn, "name")` helper the page does not
 * have: give the page one that returns the function as it is. Then the worker-message log, and uploads as
 * Blobs (see largeUploadsAsBlobs: what Playwright's presence would otherwise add to every autosave).
 */
async function preparePage(page: Page): Promise<void> {
  await page.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((f) => f);' });
  await page.addInitScript(rpcLog);
  await page.addInitScript(largeUploadsAsBlobs);
}

// ------------------------------------------------------------------ 1. start

interface Start {
  marks: StartMarks;
  /** Navigation timing of the document: response end, DOMContentLoaded end, load end. */
  doc: { responseEnd: number; domContentLoaded: number; load: number };
  /** When the file's bytes arrived (the /api/open… response end). */
  fileBytes: number;
  rpcs: RpcRecord[];
}

/**
 * Settles when the start probe says the grid's editor is open: a console message, so that nothing of
 * Playwright's runs in the page meanwhile (see startProbe). Call before the navigation.
 */
function waitEditable(page: Page, timeout: number): Promise<unknown> {
  const editable = page.waitForEvent('console', { predicate: (m) => m.text() === START_EDITABLE_MESSAGE, timeout });
  // Awaited after the navigation; a navigation that fails is reported by itself, not also as this.
  editable.catch(() => undefined);
  return editable;
}

async function measureStart(browser: Browser, url: string, timeout: number, where: string): Promise<{ start: Start; opened: Opened }> {
  const opened = await newPage(browser);
  const { page } = opened;
  await preparePage(page);
  await page.addInitScript(startProbe);
  const editable = waitEditable(page, timeout);
  await page.goto(url);
  await editable.catch(async () => {
    const marks = await page.evaluate(() => (window as unknown as { __uiStart?: StartMarks }).__uiStart);
    const shown = (await page.evaluate(() => document.body.innerText).catch(() => '')).replace(/\s+/g, ' ').slice(0, 400);
    throw new Broken(
      `${where}: the grid did not become editable within ${ms(timeout)} (marks so far: ${JSON.stringify(marks)}; ` +
        `errors: ${realErrors(opened.errors).join(' | ') || 'none'}; the page shows: ${shown})`,
    );
  });
  // The unit list is drawn right after the grid's first paint (UnitList.tsx): its milestone may come after the
  // measured moment, and is waited for now, when waiting no longer changes what was measured.
  await page.locator('.unit-list .unit-item').first().waitFor({ timeout });
  const start = await page.evaluate(() => {
    const w = window as unknown as { __uiStart: StartMarks; __uiRpc: RpcRecord[] };
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const file = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((r) => /\/api\/open(-demo)?(\?|$)/.test(new URL(r.name).pathname + new URL(r.name).search));
    return {
      marks: { ...w.__uiStart },
      doc: { responseEnd: nav?.responseEnd ?? NaN, domContentLoaded: nav?.domContentLoadedEventEnd ?? NaN, load: nav?.loadEventEnd ?? NaN },
      fileBytes: file?.responseEnd ?? NaN,
      rpcs: w.__uiRpc.map((r) => ({ ...r })),
    };
  });
  return { start, opened };
}

function describeStartRpcs(rpcs: readonly RpcRecord[]): string {
  // The first call of each method before the grid became editable: what the start waited for.
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const r of rpcs) {
    if (seen.has(r.method) || r.recv === undefined) continue;
    seen.add(r.method);
    parts.push(`${r.method} ${ms(r.sent)}→${ms(r.recv)}`);
  }
  return parts.join(', ');
}

async function startSection(browser: Browser, staticDir: string, seed: string): Promise<void> {
  section(`1. start: province demo (61 units), cold (new server, new browser context), ${START_RUNS} run(s)`);
  const runs: Start[] = [];
  for (let i = 0; i < START_RUNS; i++) {
    const app = await startApp(staticDir, { seed });
    let opened: Opened | null = null;
    try {
      const r = await measureStart(browser, app.url, 60_000, `start run ${i + 1}`);
      opened = r.opened;
      noErrors(r.opened, `start run ${i + 1}`);
      runs.push(r.start);
    } finally {
      await opened?.context.close().catch(() => undefined);
      await app.close();
    }
  }
  const editable = runs.map((r) => r.marks.editable!);
  const med = median(editable);
  const at = (f: (s: Start) => number | undefined) => ms(median(runs.map((s) => f(s) ?? NaN)));
  row(
    `navigation → grid interactive (editor open), median of ${runs.length}`,
    `${ms(med)}  (min ${ms(Math.min(...editable))}, max ${ms(Math.max(...editable))}; first run ${ms(editable[0]!)})`,
    `< ${int(GOAL_START_MS)} ms`,
    `${at((s) => s.doc.load)} page loaded`,
    verdict(med < GOAL_START_MS),
  );
  row(
    '      milestones, medians',
    `document ${at((s) => s.doc.responseEnd)}, DOMContentLoaded ${at((s) => s.doc.domContentLoaded)}, load ${at((s) => s.doc.load)}, file bytes in ${at((s) => s.fileBytes)}, ` +
      `unit list ${at((s) => s.marks.unitItem)}, first row ${at((s) => s.marks.row)}, total ${at((s) => s.marks.total)}, editor open ${at((s) => s.marks.editable)} ` +
      `(${median(runs.map((s) => s.marks.attempts))} double-click(s))`,
  );
  const last = runs[runs.length - 1]!;
  row('      worker and host calls (first of each, sent → answered), last run', describeStartRpcs(last.rpcs));
  row(
    '      main thread tasks over 50 ms (start +duration), last run',
    `${last.marks.longTasks.map(([at, d]) => `${int(at)} +${int(d)}`).join(', ')}; ${ms(last.marks.longTasks.reduce((a, [, d]) => a + d, 0))} in all`,
  );
  if (PROFILE_DIR) await profileStart(browser, staticDir, seed);
}

/** One more cold start, traced (--profile): where the main thread's and the worker's time goes until the grid is editable. */
async function profileStart(browser: Browser, staticDir: string, seed: string): Promise<void> {
  mkdirSync(PROFILE_DIR, { recursive: true });
  const app = await startApp(staticDir, { seed });
  const opened = await newPage(browser);
  try {
    const { page } = opened;
    await preparePage(page);
    await page.addInitScript(startProbe);
    const report = await profileTrace(browser, page, join(PROFILE_DIR, 'start'), staticDir, async () => {
      const editable = waitEditable(page, 60_000);
      await page.goto(app.url);
      await editable;
      return 1;
    });
    const editable = await page.evaluate(() => (window as unknown as { __uiStart: StartMarks }).__uiStart.editable!);
    section(`profile, start: one traced cold start, editable after ${ms(editable)} (files in ${PROFILE_DIR}/start.*)`);
    for (const line of report.lines.filter((l) => !l.measure.startsWith('edits'))) row(`      ${line.measure}`, line.value);
  } finally {
    await opened.context.close().catch(() => undefined);
    await app.close();
  }
}

// ------------------------------------------------------------------ 2 and 3. edit → total

interface EditRun {
  samples: EditSample[];
  rpcs: RpcRecord[];
  saves: number;
  /** Wall time of the timed edits, including the benchmark's own steps between them. */
  wallMs: number;
}

/**
 * Opens the unit (searched by code, clicked, then the search cleared so that the list shows every unit) and
 * becomes the evaluator; returns when the grid shows their entry.
 */
async function openTarget(page: Page, target: EditTarget): Promise<void> {
  const search = page.locator('.unit-filters input[type="search"]');
  await search.fill(target.unit);
  await page.locator('.unit-item', { hasText: target.unitName }).first().click();
  await page.locator('.score-panel .unit-title', { hasText: target.unitName }).waitFor({ timeout: 120_000 });
  // The list shows every unit again while the edits are timed, as when the unit is picked by scrolling.
  await search.fill('');
  await page.waitForFunction((n) => document.querySelectorAll('.unit-list .unit-item').length > n, 1, { timeout: 120_000 });
  await page.locator('.topbar label.field').nth(1).locator('select').selectOption(target.who);
  await page.waitForFunction(
    ({ id, shown }) =>
      (document.querySelector(`.ag-grid-scrolling-rows .ag-row[row-id="${id}"] .ag-cell[col-id="v1"]`)?.textContent ?? '<absent>').trim() === shown,
    { id: `${target.unit}|${target.code}`, shown: target.shown },
    { timeout: 120_000 },
  );
}

async function focusTarget(page: Page, target: EditTarget): Promise<void> {
  const id = `${target.unit}|${target.code}`;
  const focused = await page.evaluate(() => {
    const c = document.querySelector('.ag-cell-focus');
    return `${c?.closest('.ag-row')?.getAttribute('row-id')}/${c?.getAttribute('col-id')}`;
  });
  if (focused === `${id}/v1`) return;
  const c = cell(page, target.code, 'v1', target.unit);
  await c.scrollIntoViewIfNeeded();
  await c.click();
  await page.waitForFunction((rid) => !!document.querySelector(`.ag-grid-scrolling-rows .ag-row[row-id="${rid}"] .ag-cell-focus[col-id="v1"]`), id);
}

/**
 * `count` edits of the target's value cell, alternately 3 and 12 (starting with whichever differs from what
 * is there). Stops early when `budgetMs` is spent (at least `min` edits). Throws Broken when the total does
 * not change within `timeout` or the cell does not show the value.
 */
async function edits(
  page: Page,
  target: EditTarget,
  state: { n: number; last: string },
  count: number,
  opts: { timeout: number; budgetMs?: number; min?: number; verbose?: boolean },
): Promise<EditRun> {
  const first = state.last === '3' ? '12' : '3';
  const second = first === '3' ? '12' : '3';
  const base = await page.evaluate(() => (window as unknown as { __uiEdit: { samples: EditSample[] } }).__uiEdit.samples.length);
  const rpcStart = await page.evaluate(() => (window as unknown as { __uiRpc: RpcRecord[] }).__uiRpc.length);
  let saves = 0;
  const onRequest = (r: { url(): string; method(): string }) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/save') saves++;
  };
  page.on('request', onRequest);
  const t0 = Date.now();
  let done = 0;
  try {
    for (let i = 0; i < count; i++) {
      if (opts.budgetMs !== undefined && i >= (opts.min ?? 1) && Date.now() - t0 > opts.budgetMs) break;
      const value = i % 2 === 0 ? first : second;
      await focusTarget(page, target);
      await page.evaluate(() => {
        const s = (window as unknown as { __uiEdit: { armed: boolean; waiting: boolean; before: string } }).__uiEdit;
        s.before = (document.querySelector('.score-panel .total .num-button')?.textContent ?? '').trim();
        s.waiting = false;
        s.armed = true;
      });
      await page.keyboard.type(value);
      await page.keyboard.press('Enter');
      state.n++;
      await page
        .waitForFunction((n) => (window as unknown as { __uiEdit: { samples: unknown[] } }).__uiEdit.samples.length >= n, base + i + 1, { timeout: opts.timeout })
        .catch(async () => {
          throw new Broken(
            `edit ${state.n} (${target.code} of ${target.unit} as ${target.whoName} ← ${value}): the total did not change within ${ms(opts.timeout)} ` +
              `(total “${await totalText(page).catch(() => '?')}”, cell “${await cellText(page, target.code, 'v1', target.unit).catch(() => '?')}”)`,
          );
        });
      const shown = await cellText(page, target.code, 'v1', target.unit);
      check(shown === value, `edit ${state.n}: the cell shows “${shown}”, not the “${value}” typed`);
      state.last = value;
      done++;
      if (opts.verbose) progress(`edit ${state.n} done`);
      if (THINK_MS > 0) await page.waitForTimeout(THINK_MS);
    }
  } finally {
    page.off('request', onRequest);
  }
  const wallMs = Date.now() - t0;
  const samples = await page.evaluate((from) => (window as unknown as { __uiEdit: { samples: EditSample[] } }).__uiEdit.samples.slice(from), base);
  const rpcs = await page.evaluate((from) => (window as unknown as { __uiRpc: RpcRecord[] }).__uiRpc.slice(from), rpcStart);
  check(samples.length === done, `${done} edits made, ${samples.length} timed`);
  return { samples, rpcs, saves, wallMs };
}

/**
 * Where an edit's time goes, seen from the page: the worker calls made between the keydown and the total's
 * change (their round trips: argument cloning, waiting for the worker, the work, the answer's cloning and
 * delivery) and the rest (the page's main thread between and after them: React renders, the grid).
 */
function breakdown(run: EditRun): { perMethod: string; calls: string; mainThread: number; rpcTotal: number; before: number; after: number; clone: number } {
  const byMethod = new Map<string, number[]>();
  const rest: number[] = [];
  const rpcSums: number[] = [];
  const firstCall: number[] = [];
  const cloning: number[] = [];
  const lastAnswer: number[] = [];
  const sequences = new Map<string, number>();
  for (const s of run.samples) {
    const end = s.at + s.dom;
    const inside = run.rpcs.filter((r) => r.sent >= s.at && r.recv !== undefined && r.recv <= end);
    // Sequential awaits: the union of the calls' intervals is the time waited on the worker.
    let busy = 0;
    let reach = -Infinity;
    for (const r of [...inside].sort((a, b) => a.sent - b.sent)) {
      const from = Math.max(r.sent, reach);
      if (r.recv! > from) busy += r.recv! - from;
      reach = Math.max(reach, r.recv!);
    }
    rpcSums.push(busy);
    cloning.push(inside.filter((r) => r.id >= 0).reduce((a, r) => a + r.postMs + (r.readMs ?? 0), 0));
    rest.push(s.dom - busy);
    if (inside.length) {
      firstCall.push(Math.min(...inside.map((r) => r.sent)) - s.at);
      lastAnswer.push(end - Math.max(...inside.map((r) => r.recv!)));
    }
    const seq = inside.map((r) => r.method).join(' → ');
    sequences.set(seq, (sequences.get(seq) ?? 0) + 1);
    const perEdit = new Map<string, number>();
    for (const r of inside) perEdit.set(r.method, (perEdit.get(r.method) ?? 0) + (r.recv! - r.sent));
    for (const [m, t] of perEdit) byMethod.set(m, [...(byMethod.get(m) ?? []), t]);
  }
  const order = [...byMethod.keys()];
  return {
    perMethod: order.map((m) => `${m} ${ms(median(byMethod.get(m)!))}`).join(', '),
    calls: [...sequences.entries()].sort((a, b) => b[1] - a[1]).map(([seq, n]) => `${seq} (${n}×)`).slice(0, 2).join('; '),
    mainThread: median(rest),
    rpcTotal: median(rpcSums),
    before: median(firstCall),
    clone: median(cloning),
    after: median(lastAnswer),
  };
}

function reportEdits(label: string, run: EditRun, goals: { median?: number; p95: number }, floor: string): void {
  const dom = run.samples.map((s) => s.dom);
  const frame = run.samples.map((s) => s.frame);
  const med = median(dom);
  const p95 = percentile(dom, 95);
  const n = run.samples.length;
  row(
    `${label}: edit → total, median of ${n}`,
    `${ms(med)}  (min ${ms(Math.min(...dom))}, max ${ms(Math.max(...dom))})`,
    goals.median !== undefined ? `< ${goals.median} ms` : 'no goal',
    floor,
    goals.median !== undefined ? verdict(med < goals.median) : '',
  );
  row(`${label}: edit → total, 95th percentile of ${n}`, ms(p95), `< ${goals.p95} ms`, '', verdict(p95 < goals.p95));
  row('      to the next frame after the change (median / p95)', `${ms(median(frame))} / ${ms(percentile(frame, 95))}`);
  row('      input delay (keydown timestamp → first listener), median / max', `${ms(median(run.samples.map((s) => s.inputDelay)))} / ${ms(Math.max(...run.samples.map((s) => s.inputDelay)))}`);
  const b = breakdown(run);
  row('      waiting on the worker and the host per edit (median)', `${ms(b.rpcTotal)}: ${b.perMethod}`);
  row('      page main thread per edit (median, the rest)', `${ms(b.mainThread)}: Enter → first call ${ms(b.before)}, last answer → total shown ${ms(b.after)}, the rest between calls`);
  row('      worker calls per edit', b.calls);
  row('      structured clone on the page (postMessage + reading answers), median per edit', ms(b.clone));
  row('      autosaves during the timed edits', `${run.saves} (wall time of the edits ${ms(run.wallMs)}, think time ${THINK_MS} ms)`);
  // Each export the page asked the worker for (an autosave's first step), with the pause in edits before it:
  // an autosave should start only when edits have paused for longer than the delay (Workspace.autosaveDelay).
  const exports = run.rpcs.filter((r) => r.method === 'exportBytes');
  if (exports.length) {
    const keydowns = run.samples.map((s) => s.at);
    const described = exports.map((r) => {
      const lastEdit = Math.max(...keydowns.filter((at) => at <= r.sent), -Infinity);
      const pause = Number.isFinite(lastEdit) ? ms(r.sent - lastEdit) : 'before the first edit';
      const post = run.rpcs.find((x) => x.method === 'POST /api/save' && x.sent >= r.sent);
      const saved = !post ? 'not posted' : post.recv === undefined ? 'save unanswered' : `save ${ms(post.recv - post.sent)} → HTTP ${post.status ?? 'failed'}`;
      return `${r.recv === undefined ? 'unanswered' : ms(r.recv - r.sent)} + ${saved}, after a pause of ${pause}`;
    });
    row('      exports for saving (worker time; pause since the last edit)', described.join('; '));
  }
}

async function provinceSection(browser: Browser, staticDir: string, seed: string): Promise<void> {
  section(`2. edit → total: province demo, unit ${UNIT.name}, indicator ${CODE} typed over (3 ↔ 12), as ${MEMBER}`);
  const target = await editTarget(seed, UNIT.code, CODE, MEMBER);
  const app = await startApp(staticDir, { seed });
  const opened = await newPage(browser);
  try {
    await shotOnFailure(opened.page, 'province', () => provinceEdits(browser, staticDir, app, opened, target));
  } finally {
    await opened.context.close().catch(() => undefined);
    await app.close();
  }
}

async function provinceEdits(browser: Browser, staticDir: string, app: App, opened: Opened, target: EditTarget): Promise<void> {
  const { page } = opened;
  await preparePage(page);
  await page.goto(app.url);
  await page
    .locator('.ag-grid-scrolling-rows .ag-row[row-id]')
    .first()
    .waitFor({ timeout: 60_000 })
    .catch(async () => {
      const shown = (await page.evaluate(() => document.body.innerText).catch(() => '')).replace(/\s+/g, ' ').slice(0, 400);
      throw new Broken(`province: no grid row within 60 s of navigation (errors: ${realErrors(opened.errors).join(' | ') || 'none'}; the page shows: ${shown})`);
    });
  await openTarget(page, target);
  await page.evaluate(editProbe);
  const state = { n: 0, last: target.shown };
  await edits(page, target, state, WARM_UP_EDITS, { timeout: 30_000 });
  const run = await edits(page, target, state, EDITS, { timeout: 30_000 });
  reportEdits('province', run, { median: GOAL_EDIT_MEDIAN_MS, p95: GOAL_EDIT_P95_MS }, `${ms(await roundTripFloor(page))} worker round trip`);
  // The edits reached the file: the autosave after the last one holds its value.
  await page.locator('.topbar .save-state', { hasText: /Đã lưu lúc|Saved at/ }).waitFor({ timeout: 30_000 });
  const onDisk = await entryOnDisk(join(app.workDir, 'dien-bien-demo.nq57'), { unit: target.unit, indicator: CODE, who: target.who });
  check(onDisk && String(onDisk.value) === state.last, `after the autosave the file holds ${JSON.stringify(onDisk)}, not ${CODE} = ${state.last}`);
  noErrors(opened, 'province edits');
  if (PROFILE_DIR) await profileSection(browser, staticDir, page, target, state, 'province');
}

/** The floor under an edit: an empty message's round trip to the engine worker and back, median of 20. */
function roundTripFloor(page: Page): Promise<number> {
  return page.evaluate(workerRoundTrip, 20);
}

async function nationalSection(browser: Browser, staticDir: string): Promise<void> {
  const t = Date.now();
  progress(`national file: ${int(UNITS)} units (made in Node and cached in ${tmpdir()}; a minute or two when not cached)`);
  const seed = await nationalSeed(ROOT, { units: UNITS, evaluators: EVALUATORS, seed: SEED });
  progress(`national file ready (${mb(seed.bytes)}); opening it in Chromium`);
  const made = seed.buildMs > 0 ? `made in ${ms(seed.buildMs)}` : `cached, ${ms(Date.now() - t)}`;
  // The first commune (tests/bench/synthetic.ts numbers them from 00100) and its first evaluator.
  const target = await editTarget(seed.path, '00100', CODE);
  section(
    `3. national file: ${int(seed.units)} units, self + ${EVALUATORS} evaluators, seed ${SEED} (${int(seed.rows)} input rows, ${int(seed.entries)} entries, ` +
      `${mb(seed.bytes)}; ${made}); unit ${target.unit}, ${CODE} as ${target.whoName}`,
  );
  const app = await serveFile(staticDir, seed.path, 'national.nq57');
  let opened: Opened | null = null;
  try {
    const r = await measureStart(browser, app.url, 600_000, 'national start');
    opened = r.opened;
    const s = r.start;
    row(
      'national: navigation → grid interactive (editor open), 1 run',
      `${ms(s.marks.editable!)}  (file bytes in ${ms(s.fileBytes)}, unit list ${ms(s.marks.unitItem ?? NaN)}, first row ${ms(s.marks.row ?? NaN)}, total ${ms(s.marks.total ?? NaN)})`,
      'no goal',
    );
    row('      worker calls (first of each, round trip)', describeStartRpcs(s.rpcs));
    progress(`national: interactive after ${ms(s.marks.editable!)}`);
    const o = opened;
    await shotOnFailure(o.page, 'national', () => nationalEdits(browser, staticDir, o, target));
  } finally {
    await opened?.context.close().catch(() => undefined);
    await app.close();
  }
}

async function nationalEdits(browser: Browser, staticDir: string, opened: Opened, target: EditTarget): Promise<void> {
  const { page } = opened;
  let t = Date.now();
  await openTarget(page, target);
  row('      selecting the unit and the evaluator', ms(Date.now() - t));
  await page.evaluate(editProbe);
  const state = { n: 0, last: target.shown };
  t = Date.now();
  await edits(page, target, state, 2, { timeout: 600_000, verbose: true });
  const perEdit = (Date.now() - t) / 2;
  const run = await edits(page, target, state, NATIONAL_EDITS, { timeout: 600_000, budgetMs: NATIONAL_BUDGET_MS, min: 5, verbose: true });
  if (run.samples.length < NATIONAL_EDITS) {
    notes.push(
      `National edits: ${run.samples.length} timed, not ${NATIONAL_EDITS}: ${ms(perEdit)} per edit (warm-up) did not fit more into the ` +
        `${ms(NATIONAL_BUDGET_MS)} budget (--national-budget S to change it). The 95th percentile of so few is near their maximum.`,
    );
  }
  reportEdits('national', run, { p95: GOAL_NATIONAL_P95_MS }, `${ms(await roundTripFloor(page))} worker round trip`);
  noErrors(opened, 'national edits');
  if (PROFILE_DIR) await profileSection(browser, staticDir, page, target, state, 'national');
}

// ------------------------------------------------------------------ profile (--profile DIR)

async function profileSection(browser: Browser, staticDir: string, page: Page, target: EditTarget, state: { n: number; last: string }, label: string): Promise<void> {
  mkdirSync(PROFILE_DIR, { recursive: true });
  const count = label === 'national' ? 6 : 20;
  const report: ProfileReport = await profileTrace(browser, page, join(PROFILE_DIR, label), staticDir, async () => {
    const run = await edits(page, target, state, count, { timeout: 600_000 });
    return run.samples.length;
  });
  section(`profile, ${label}: ${count} edits traced (files in ${PROFILE_DIR}/${label}.*)`);
  for (const line of report.lines) row(`      ${line.measure}`, line.value);
}

// ------------------------------------------------------------------ main

async function main(): Promise<number> {
  if (!['all', 'start', 'province', 'national'].includes(ONLY)) {
    console.error(`--only takes start, province or national, not "${ONLY}"`);
    return 2;
  }
  chromiumPath();
  const loadAtStart = loadavg()[0]!;
  let t = Date.now();
  const staticDir = RENDERER ? resolve(RENDERER) : ensureRendererBuilt();
  if (RENDERER) statSync(join(staticDir, 'index.html'));
  const buildMs = Date.now() - t;
  const seed = await demoSeed();
  const browser = await launchBrowser();
  const version = browser.version();
  try {
    progress(`renderer ${staticDir}, Chromium ${version}`);
    if (ONLY === 'all' || ONLY === 'start') await startSection(browser, staticDir, seed);
    if (ONLY === 'all' || ONLY === 'province') await provinceSection(browser, staticDir, seed);
    if (ONLY === 'all' || ONLY === 'national') await nationalSection(browser, staticDir);
  } catch (error) {
    printTable();
    if (error instanceof Broken) {
      console.error(`\nBROKEN: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await browser.close();
    if (!RENDERER) rmSync(staticDir, { recursive: true, force: true });
  }
  console.log('');
  console.log(
    `Chromium ${version} (headless, ${RENDERER ? `renderer ${staticDir}` : `built renderer${buildMs > 2000 ? `, built in ${ms(buildMs)}` : ''}`}), 1366×768; ` +
      `node ${process.version}; load average ${loadAtStart.toFixed(2)} at start, ${loadavg()[0]!.toFixed(2)} at end, on ${cpus().length} CPU(s)`,
  );
  printTable();
  notes.push(
    'Every page hands request bodies over 1 MB (the autosave) to fetch as a Blob: with Playwright attached, Chromium copies an ' +
      'ArrayBuffer body into a DevTools event, which costs the page seconds per save (tests/bench/ui-support.ts, largeUploadsAsBlobs).',
  );
  for (const n of notes) console.log(`\nNOTE: ${n}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
