/**
 * End-to-end helpers: build the renderer once when stale, serve it with the browser host (node/web-server.ts,
 * in-process, port 0, a fresh working folder per test), drive Debian's Chromium with playwright-core.
 *
 * The built renderer is copied to a private folder before it is served, so that another build running at the
 * same time (a colleague's `npm run web`, another test file) cannot swap the assets under a running test.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security';
import { nodeFileEnv } from '../../node/file-env';
import { buildRenderer, newestTime, rendererBuildIsFresh } from '../../node/renderer-build';
import { CHROMIUM_ARGS } from '../../node/pdf';
import { loadSqlJs } from '../../node/sqljs';
import { DEMO_FILE_NAME, startWebServer, type WebServer } from '../../node/web-server';
import { EngineSession } from '../../renderer/src/worker/engine-session';
import { EvaluationFile } from '../../shared/file/evaluation-file';
import type { HostInfo } from '../../shared/host/contract';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENS = join(ROOT, 'test-results/screens');
const BUILT_INDEX = join(ROOT, 'out/renderer/index.html');

// The same Chromium flags as the PDF export's (node/pdf.ts).
export { CHROMIUM_ARGS };

/** Desktop size the screens are checked at. */
export const VIEWPORT = { width: 1366, height: 768 } as const;

/** The demo unit used throughout: UBND xã Mường Phăng (group XA). */
export const UNIT = { code: '03325', name: 'UBND xã Mường Phăng', search: 'Mường Phăng' } as const;

// ── Chromium ─────────────────────────────────────────────────────────────────────────────────────────────

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `End-to-end tests need Chromium, and there is none at ${path}` +
        `${process.env.CHROMIUM_PATH ? ' (from CHROMIUM_PATH)' : ''}. ` +
        'Install it with `apt-get install -y chromium` (Debian) or point CHROMIUM_PATH at a Chromium or Chrome binary.',
    );
  }
  return path;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

// ── Build ────────────────────────────────────────────────────────────────────────────────────────────────


function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Builds out/renderer when it is missing or older than its sources, once across parallel test files (a
 * lock folder: mkdir is atomic), then copies it to a private folder and returns that folder.
 */
export function ensureRendererBuilt(): string {
  const lock = takeLock('build');
  try {
    if (!rendererBuildIsFresh(ROOT)) {
      const result = buildRenderer(ROOT, { timeoutMs: 150_000 });
      if (result.status !== 0) {
        throw new Error(`electron-vite build failed (status ${result.status}):\n${result.stdout}\n${result.stderr}`);
      }
    }
    if (!existsSync(BUILT_INDEX)) throw new Error(`The build produced no ${BUILT_INDEX}`);
    const copy = mkdtempSync(join(tmpdir(), 'nq57-e2e-renderer-'));
    cpSync(join(ROOT, 'out/renderer'), copy, { recursive: true });
    return copy;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * A lock folder in the temporary folder (mkdir is atomic), shared by test runs and files running at the same
 * time. It holds the owner's pid: the lock of a process that has died is taken over at once.
 */
function takeLock(name: string): string {
  const lock = join(tmpdir(), `nq57-e2e-${name}.lock`);
  const deadline = Date.now() + 240_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (lockOwnerIsGone(lock)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Waited too long for the lock ${lock} (held by another test run)`);
      sleepSync(250);
    }
  }
}

function lockOwnerIsGone(lock: string): boolean {
  let pid = NaN;
  try {
    pid = Number(readFileSync(join(lock, 'pid'), 'utf8').trim() || NaN);
  } catch {
    // not written yet, or the lock was just released
  }
  if (!Number.isInteger(pid)) {
    // No pid yet: the owner is between mkdir and writing it, unless the folder is old.
    const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    return age > 10_000;
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * The demo evaluation file, made in Node by the worker's own code (EngineSession.createDemo, as the app does
 * on first start), cached in the temporary folder under a key of everything it is made from. Copied into a
 * fresh working folder, it lets the app open the demo as an existing file: building it in the browser's
 * worker takes ~30 s on this machine, which only the "demo opens" test pays.
 */
export async function demoSeed(): Promise<string> {
  const csv = readFileSync(join(ROOT, 'demo/dien-bien.csv'));
  const stamp = Math.max(...['shared', 'criteria', 'renderer/src/worker', 'node/sqljs.ts'].map((s) => newestTime(join(ROOT, s))));
  const key = createHash('sha256').update(csv).update(String(stamp)).digest('hex').slice(0, 16);
  const path = join(tmpdir(), `nq57-e2e-demo-${key}.nq57`);
  if (existsSync(path)) return path;
  const lock = takeLock('seed');
  try {
    if (existsSync(path)) return path;
    const session = new EngineSession(await loadSqlJs(), nodeFileEnv);
    const { bytes } = session.createDemo(csv.toString('utf8'), 'Thư ký hội đồng');
    writeFileSync(`${path}.tmp`, bytes);
    renameSync(`${path}.tmp`, path);
    // Seeds made from older sources are of no more use, once no run can still be using them: another
    // checkout on the same machine may be running its tests on its own seed right now.
    const dayAgo = Date.now() - 24 * 3_600_000;
    for (const old of readdirSync(tmpdir()).filter((f) => /^nq57-e2e-demo-[0-9a-f]{16}\.nq57$/.test(f) && join(tmpdir(), f) !== path)) {
      const at = statSync(join(tmpdir(), old), { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (at < dayAgo) rmSync(join(tmpdir(), old), { force: true });
    }
    return path;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

// ── Server ───────────────────────────────────────────────────────────────────────────────────────────────

export interface App {
  server: WebServer;
  workDir: string;
  url: string;
  close(): Promise<void>;
}

/**
 * A server over a fresh working folder. With `seed` (the path of demoSeed()), the folder starts with the demo
 * file already made, as after the app's first start.
 */
export async function startApp(
  staticDir: string,
  { startWith = { kind: 'demo' }, seed }: { startWith?: HostInfo['startWith']; seed?: string } = {},
): Promise<App> {
  const workDir = mkdtempSync(join(tmpdir(), 'nq57-e2e-work-'));
  if (seed) copyFileSync(seed, join(workDir, DEMO_FILE_NAME));
  const server = await startWebServer({
    port: 0,
    staticDir,
    workDir,
    demoCsvPath: join(ROOT, 'demo/dien-bien.csv'),
    startWith,
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

// ── Pages ────────────────────────────────────────────────────────────────────────────────────────────────

export interface Opened {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors seen so far. */
  errors: string[];
}

/** A fresh context (no storage: the app starts in Vietnamese) at 1366×768, and its page. */
export async function newPage(browser: Browser): Promise<Opened> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    acceptDownloads: false,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // A failed load is recorded with its address by the response listener below.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`http ${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  return { context, page, errors };
}

/**
 * Waits for the workspace: the unit list, the grid's rows and the score panel's total, then for the grid to
 * draw the rows beyond those in view too (EntryGrid's first paint draws only those in view, the rest once the
 * page is idle): the tests reach rows below the fold without scrolling, as a person scrolling would find them.
 */
export async function waitForWorkspace(page: Page): Promise<void> {
  await page.locator('.unit-list .unit-item').first().waitFor({ timeout: 45_000 });
  await page.locator('.ag-grid-scrolling-rows .ag-row[row-id]').first().waitFor({ timeout: 30_000 });
  await page.locator('.score-panel .total .num-button').waitFor({ timeout: 30_000 });
  await page.locator('.grid-host[data-row-buffer="10"]').waitFor({ timeout: 30_000 });
}

/** Search the unit list and select the unit; waits until the score panel shows it. */
export async function selectUnit(page: Page, search: string, name: string): Promise<void> {
  await page.locator('.unit-filters input[type="search"]').fill(search);
  await page.locator('.unit-item', { hasText: name }).first().click();
  await page.locator('.score-panel .unit-title', { hasText: name }).waitFor();
  await page.locator(`.ag-grid-scrolling-rows .ag-row[row-id^="${UNIT.code}|"]`).first().waitFor();
}

/** The "who I am" select (second select of the top bar). */
export const whoSelect = (page: Page): Locator => page.locator('.topbar label.field').nth(1).locator('select');

/** Adds a panel member through the "Thêm thành viên…" option (window.prompt answered) and switches to them. */
export async function addEvaluator(page: Page, name: string): Promise<void> {
  page.once('dialog', (d) => void d.accept(name));
  await whoSelect(page).selectOption('__add__');
  await page.waitForFunction(
    (n) => {
      const selects = document.querySelectorAll<HTMLSelectElement>('.topbar label.field select');
      return selects[1]?.value === n;
    },
    name,
    { timeout: 15_000 },
  );
}

export const rowId = (code: string, unit: string = UNIT.code): string => `${unit}|${code}`;

/** A cell of the grid. AG Grid 36 renders one element per row holding the pinned and the scrolling cells. */
export function cell(page: Page, code: string, colId: string, unit: string = UNIT.code): Locator {
  return page.locator(`.ag-grid-scrolling-rows .ag-row[row-id="${rowId(code, unit)}"] .ag-cell[col-id="${colId}"]`);
}

export async function cellText(page: Page, code: string, colId: string, unit: string = UNIT.code): Promise<string> {
  return ((await cell(page, code, colId, unit).textContent()) ?? '').trim();
}

/** The total shown in the score panel, as text (Vietnamese or English number format). */
export async function totalText(page: Page): Promise<string> {
  return ((await page.locator('.score-panel .total .num-button').textContent()) ?? '').trim();
}

/** Waits until a cell's text satisfies a predicate; returns it. */
export async function waitForCell(
  page: Page,
  code: string,
  colId: string,
  predicate: (text: string) => boolean,
  timeout = 15_000,
): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = '';
  for (;;) {
    last = (await cell(page, code, colId).textContent({ timeout: Math.max(500, deadline - Date.now()) }).catch(() => null))?.trim() ?? '<absent>';
    if (predicate(last)) return last;
    if (Date.now() > deadline) throw new Error(`Cell ${code}/${colId}: still “${last}” after ${timeout} ms`);
    await page.waitForTimeout(50);
  }
}

/** Waits until the score panel's total differs from `before`; returns the new total. */
export async function waitForTotalChange(page: Page, before: string, timeout = 15_000): Promise<string> {
  await page.waitForFunction(
    (b) => (document.querySelector('.score-panel .total .num-button')?.textContent ?? '').trim() !== b,
    before,
    { timeout },
  );
  return totalText(page);
}

/** Focuses a grid cell by clicking it (the one mouse action of the keyboard tests: "put the cursor there"). */
export async function focusCell(page: Page, code: string, colId: string): Promise<void> {
  const target = cell(page, code, colId);
  await target.scrollIntoViewIfNeeded();
  await target.click();
  await page.waitForFunction(
    ({ id, col }) => !!document.querySelector(`.ag-grid-scrolling-rows .ag-row[row-id="${id}"] .ag-cell-focus[col-id="${col}"]`),
    { id: rowId(code), col: colId },
  );
}

/** The focused grid cell as {row-id, col-id}, or null. */
export function focusedCell(page: Page): Promise<{ row: string | null; col: string | null } | null> {
  return page.evaluate(() => {
    const c = document.querySelector('.ag-cell-focus');
    if (!c) return null;
    return { row: c.closest('.ag-row')?.getAttribute('row-id') ?? null, col: c.getAttribute('col-id') };
  });
}

/** Ignores the noise every page has (the browser asks for /favicon.ico, which the app does not have). */
export function realErrors(errors: readonly string[]): string[] {
  return errors.filter((e) => !/^http 404 GET \/favicon\.ico$/.test(e));
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENS, { recursive: true });
  return join(SCREENS, name);
}

/**
 * Moves the grid's focus with the arrow keys (vertical first, then horizontal) until it is on the cell of
 * `code` × `colId`: the keyboard way to reach a row or column the grid has not rendered yet.
 */
export async function moveFocusTo(page: Page, code: string, colId: string, unit: string = UNIT.code): Promise<void> {
  const target = rowId(code, unit);
  const at = async () => (await focusedCell(page)) ?? { row: null, col: null };
  const step = async (key: string, done: (f: { row: string | null; col: string | null }) => boolean) => {
    let last = '';
    for (let i = 0; i < 60; i++) {
      const f = await at();
      if (done(f)) return true;
      const now = `${f.row}/${f.col}`;
      if (now === last) return false; // the edge: the key no longer moves the focus
      last = now;
      await page.keyboard.press(key);
      await page.waitForFunction((before) => {
        const c = document.querySelector('.ag-cell-focus');
        const here = `${c?.closest('.ag-row')?.getAttribute('row-id') ?? null}/${c?.getAttribute('col-id') ?? null}`;
        return here !== before;
      }, now, { timeout: 1_000 }).catch(() => undefined);
    }
    return false;
  };
  if (!(await step('ArrowDown', (f) => f.row === target)) && !(await step('ArrowUp', (f) => f.row === target))) {
    throw new Error(`Could not move the focus to row ${target} with the arrow keys`);
  }
  if (!(await step('ArrowRight', (f) => f.col === colId)) && !(await step('ArrowLeft', (f) => f.col === colId))) {
    throw new Error(`Could not move the focus to column ${colId} with the arrow keys`);
  }
}

// ── Suites and sessions ──────────────────────────────────────────────────────────────────────────────────

export interface Suite {
  browser: Browser;
  staticDir: string;
  seed: string;
}

/**
 * Per test file: the renderer built (once, when stale) and copied, the demo seed made, one Chromium.
 * Every test then starts its own server over a fresh working folder with `session()`.
 */
export function e2eSuite(): Suite {
  const suite = {} as Suite;
  beforeAll(async () => {
    chromiumPath(); // first: without a browser nothing else is worth doing
    suite.staticDir = ensureRendererBuilt();
    suite.seed = await demoSeed();
    suite.browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await suite.browser?.close();
    if (suite.staticDir) rmSync(suite.staticDir, { recursive: true, force: true });
  });
  return suite;
}

export interface Session extends Opened {
  app: App;
  /** Path of the open demo file in the server's working folder. */
  demoFile: string;
}

/**
 * Runs `body` against a fresh server and page. On failure, a screenshot of the page is saved as
 * test-results/screens/FAILED-<name>.png and its path added to the error.
 */
export async function session(
  suite: Suite,
  name: string,
  body: (s: Session) => Promise<void>,
  options: { seed?: boolean; startWith?: HostInfo['startWith'] } = {},
): Promise<void> {
  const failedShot = screenshotPath(`FAILED-${name}.png`);
  rmSync(failedShot, { force: true });
  const app = await startApp(suite.staticDir, { startWith: options.startWith, seed: options.seed === false ? undefined : suite.seed });
  let opened: Opened | null = null;
  try {
    opened = await newPage(suite.browser);
    await body({ ...opened, app, demoFile: join(app.workDir, DEMO_FILE_NAME) });
  } catch (error) {
    if (opened) {
      await opened.page.screenshot({ path: failedShot }).catch(() => undefined);
      if (error instanceof Error) error.message += `\n(screenshot of the page at the failure: ${failedShot})`;
    }
    throw error;
  } finally {
    await opened?.context.close().catch(() => undefined);
    await app.close();
  }
}

// ── What the page shows ──────────────────────────────────────────────────────────────────────────────────

/** The notices above the grid (refused values, paste reports), one string per item. */
export async function notices(page: Page): Promise<string[]> {
  const items = await page.locator('.notices li').allTextContents();
  return items.map((s) => s.trim()).filter((s) => s !== '' && s !== 'Đóng' && s !== 'Close');
}

export async function waitForNotice(page: Page, pattern: RegExp, timeout = 10_000): Promise<string> {
  const item = page.locator('.notices li', { hasText: pattern }).last();
  await item.waitFor({ timeout });
  return ((await item.textContent()) ?? '').trim();
}

/** The top bar's save state ("", "Có thay đổi chưa lưu", "Đang lưu…", "Đã lưu lúc 10:15"). */
export async function saveState(page: Page): Promise<string> {
  return ((await page.locator('.topbar .save-state').textContent()) ?? '').trim();
}

export async function waitForSaved(page: Page, timeout = 20_000): Promise<string> {
  await page.locator('.topbar .save-state', { hasText: /Đã lưu lúc|Saved at/ }).waitFor({ timeout });
  return saveState(page);
}

/** Hovers a cell and returns the grid tooltip's text. */
export async function tooltipOf(page: Page, code: string, colId: string, unit: string = UNIT.code): Promise<string> {
  await page.mouse.move(0, 0);
  await page.locator('.ag-tooltip').waitFor({ state: 'detached', timeout: 3_000 }).catch(() => undefined);
  await cell(page, code, colId, unit).hover();
  const tip = page.locator('.ag-tooltip');
  await tip.waitFor({ timeout: 5_000 });
  return ((await tip.textContent()) ?? '').trim();
}

// ── The file on disk, read in Node ───────────────────────────────────────────────────────────────────────

/** Raw values of one entry in the file on disk (null if there is none): what a save really wrote. */
export async function entryOnDisk(
  path: string,
  key: { year?: number; unit?: string; indicator: string; who: string },
): Promise<Record<string, unknown> | null> {
  const file = EvaluationFile.open(await loadSqlJs(), new Uint8Array(readFileSync(path)), nodeFileEnv('e2e')).file;
  try {
    const e = file.entry({ year: key.year ?? 2026, unit: key.unit ?? UNIT.code, indicator: key.indicator, who: key.who });
    return e ? { ...e.values } : null;
  } finally {
    file.close();
  }
}

// ── Accessibility ────────────────────────────────────────────────────────────────────────────────────────

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/**
 * Runs axe-core in the page. The page's CSP allows same-origin scripts only, so a <script> tag with axe's
 * source is refused; evaluating the source through the DevTools protocol is not subject to the CSP.
 */
export async function runAxe(page: Page, context = 'body'): Promise<AxeViolation[]> {
  const defined = await page.evaluate('typeof window.axe === "object"');
  if (!defined) await page.evaluate(readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  const json = (await page.evaluate(
    `window.axe.run(document.querySelector(${JSON.stringify(context)}), { resultTypes: ['violations'] })` +
      '.then(r => JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => ({ target: n.target, html: n.html.slice(0, 160) })) }))))',
  )) as string;
  return JSON.parse(json) as AxeViolation[];
}

export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×, e.g. ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')})`)
    .join('\n');
}

// ── The unit and the people of the entry tests ─────────────────────────────────────────────────────────

export const NEW_MEMBER = 'Phạm Thị Lan';
export const MEMBER = 'Trần Minh Đức';

/**
 * Opens the app, selects the unit and becomes `who`; `twoTwo` is what this person's 2.2 value cell shows
 * (to know the grid has switched to their entries).
 */
export async function openUnitAs(page: Page, url: string, who: { add: string } | { pick: string }, twoTwo = ''): Promise<void> {
  await page.goto(url);
  await waitForWorkspace(page);
  await selectUnit(page, UNIT.search, UNIT.name);
  if ('add' in who) {
    await addEvaluator(page, who.add);
  } else {
    await whoSelect(page).selectOption({ label: who.pick });
  }
  // The grid then reloads with this person's own entries: the unit's self-assessment has 13 for 2.2, neither
  // member has a 2.2 entry in the demo (demo/dien-bien.csv), so 2.2 tells when the switch has happened.
  await waitForCell(page, '2.2', 'v1', (t) => t === twoTwo, 15_000);
}

/**
 * After an accepted edit: waits for the cell to show `shown`, then for the points cell and the total to
 * leave their old values; returns the new points and total.
 */
export async function accepted(page: Page, code: string, col: string, shown: string, before: { points: string; total: string }) {
  await waitForCell(page, code, col, (t) => t === shown);
  const points = await waitForCell(page, code, 'points', (t) => t !== before.points);
  const total = await waitForTotalChange(page, before.total);
  return { points, total };
}

export async function snapshot(page: Page, code: string) {
  return { points: await cellText(page, code, 'points'), total: await totalText(page) };
}

/**
 * Waits until the grid's rows stop moving (AG Grid measures auto-height rows after the first paint): the
 * rendered rows' tops and heights unchanged over 400 ms, at most `timeout` ms.
 */
export async function waitForGridSettled(page: Page, timeout = 10_000): Promise<boolean> {
  const shape = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('.ag-grid-scrolling-rows .ag-row[row-id]')]
        .map((r) => `${r.getAttribute('row-id')}:${Math.round(r.getBoundingClientRect().top)}:${Math.round(r.getBoundingClientRect().height)}`)
        .join(','),
    );
  const deadline = Date.now() + timeout;
  let last = await shape();
  while (Date.now() < deadline) {
    await page.waitForTimeout(400);
    const now = await shape();
    if (now === last && now !== '') return true;
    last = now;
  }
  return false;
}

/** Rows of the grid whose indicator name is cut (taller than its row) or that overlap the next row. */
export function clippedRows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const rows = [...document.querySelectorAll<HTMLElement>('.ag-grid-scrolling-rows .ag-row[row-id]')]
      .map((r) => ({ id: r.getAttribute('row-id') ?? '', box: r.getBoundingClientRect(), name: r.querySelector<HTMLElement>('.ag-cell[col-id="name"]') }))
      .sort((a, b) => a.box.top - b.box.top);
    rows.forEach((r, i) => {
      if (r.name && r.name.scrollHeight > r.name.clientHeight + 1) found.push(`${r.id}: name needs ${r.name.scrollHeight}px, has ${r.name.clientHeight}px`);
      const next = rows[i + 1];
      if (next && r.box.bottom > next.box.top + 1) found.push(`${r.id} overlaps ${next.id} by ${Math.round(r.box.bottom - next.box.top)}px`);
    });
    return found;
  });
}

/** Keeps what the web host downloads (exportFile) in the page instead of saving it, to read it back. */
export async function captureDownloads(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __exports: { url: string; blob: Blob; name?: string }[] };
    w.__exports = [];
    const create = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (obj: Blob | MediaSource) => {
      const url = create(obj);
      if (obj instanceof Blob) w.__exports.push({ url, blob: obj });
      return url;
    };
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      const found = this.download ? w.__exports.find((x) => x.url === this.href) : undefined;
      if (found) {
        found.name = this.download;
        return;
      }
      click.call(this);
    };
  });
}

/** The n-th export the page saved: its name and bytes. */
export async function exported(page: Page, n: number, timeout = 90_000): Promise<{ name: string; bytes: Uint8Array }> {
  await page.waitForFunction((i) => !!(window as unknown as { __exports: { name?: string }[] }).__exports.filter((x) => x.name)[i], n, { timeout });
  const { name, b64 } = await page.evaluate(async (i) => {
    const e = (window as unknown as { __exports: { blob: Blob; name?: string }[] }).__exports.filter((x) => x.name)[i]!;
    const bytes = new Uint8Array(await e.blob.arrayBuffer());
    let s = '';
    for (let k = 0; k < bytes.length; k += 0x8000) s += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
    return { name: e.name!, b64: btoa(s) };
  }, n);
  return { name, bytes: new Uint8Array(Buffer.from(b64, 'base64')) };
}
