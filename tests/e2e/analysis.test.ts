/**
 * The analysts' tabs in Chromium on the demo: "So sánh năm" opens on the communes sorted by improvement with the
 * first one's indicators beside them, the criteria changes in view; the charts are drawn (their pixels read
 * back), one exported as PNG and the tables as .xlsx (the web host's download intercepted, the workbook read
 * back with our reader); "Chỉ tiêu kế hoạch" shows the demo's values and opens a unit holding a target back in
 * the entry tab. Screenshots at 1366×768 and axe-core on each.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeFileEnv } from '../../node/file-env';
import { loadSqlJs } from '../../node/sqljs';
import { readXlsx, type ReadSheet } from '../../shared/spreadsheet/xlsx-read';
import { TABLE_HEADER_ROW, type CompareUnit, type CompareViewData, type TargetsViewData } from '../../renderer/src/worker/analysis';
import { EngineSession } from '../../renderer/src/worker/engine-session';
import { describeViolations, e2eSuite, realErrors, runAxe, screenshotPath, session, waitForWorkspace } from './helpers';

const suite = e2eSuite();

/** What the worker's own code gives for the demo file (the same seed the app opens). */
let view: CompareViewData;
let targets: TargetsViewData;
let communes: CompareUnit[];

beforeAll(async () => {
  const s = new EngineSession(await loadSqlJs(), nodeFileEnv);
  s.open(new Uint8Array(readFileSync(suite.seed)), 'e2e');
  view = s.compareView([2025, 2026]);
  targets = s.targetsView([2025, 2026]);
  communes = view.units.filter((u) => u.group === 'XA').sort((a, b) => (b.scoreChange ?? -Infinity) - (a.scoreChange ?? -Infinity));
}, 120_000);

/**
 * The web host saves an export by clicking a download link to a blob: URL. Recorded instead: each blob as
 * it is made, and on the link's click the file's name and bytes (base64) in window.__exports.
 */
const CAPTURE_EXPORTS = `
  window.__exports = [];
  const blobs = new Map();
  const create = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (obj) => { const url = create(obj); if (obj instanceof Blob) blobs.set(url, obj); return url; };
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () {
    const blob = this.download ? blobs.get(this.href) : undefined;
    if (!blob) return click.call(this);
    const name = this.download;
    blob.arrayBuffer().then((buffer) => {
      const bytes = new Uint8Array(buffer);
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      window.__exports.push({ name, base64: btoa(s) });
    });
  };
`;

async function nextExport(page: Page, count: number): Promise<{ name: string; bytes: Uint8Array }> {
  await page.waitForFunction((n) => (window as unknown as { __exports: unknown[] }).__exports.length >= n, count, { timeout: 20_000 });
  const got = (await page.evaluate((n) => (window as unknown as { __exports: { name: string; base64: string }[] }).__exports[n - 1], count))!;
  return { name: got.name, bytes: new Uint8Array(Buffer.from(got.base64, 'base64')) };
}

function sheetRows(sheet: ReadSheet): (string | number | boolean | null)[][] {
  const letters = (n: number) => (n <= 26 ? String.fromCharCode(64 + n) : String.fromCharCode(64 + Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));
  const out: (string | number | boolean | null)[][] = [];
  const last = Math.max(...sheet.rows.keys());
  for (let r = 1; r <= last; r++) {
    const row = sheet.rows.get(r);
    const cells: (string | number | boolean | null)[] = [];
    for (let c = 1; c <= 30; c++) cells.push(row?.get(letters(c))?.value ?? null);
    while (cells.length && cells[cells.length - 1] === null) cells.pop();
    out.push(cells);
  }
  return out;
}

function readBook(bytes: Uint8Array) {
  const r = readXlsx(bytes);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message.en).join('\n'));
  return r.value;
}

/** A PNG's size and how many of its pixels are not (near) white: an RGBA or RGB 8-bit PNG, decoded here. */
function pngInk(bytes: Uint8Array): { width: number; height: number; ink: number } {
  const buf = Buffer.from(bytes);
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let width = 0;
  let height = 0;
  let colour = 0;
  const idat: Buffer[] = [];
  for (let at = 8; at < buf.length; ) {
    const len = buf.readUInt32BE(at);
    const type = buf.subarray(at + 4, at + 8).toString('latin1');
    const data = buf.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8);
      colour = data[9]!;
    } else if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  const bpp = colour === 6 ? 4 : colour === 2 ? 3 : 0;
  expect(bpp, `PNG colour type ${colour}`).toBeGreaterThan(0);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const prev = Buffer.alloc(stride);
  const line = Buffer.alloc(stride);
  let ink = 0;
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!;
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? line[x - bpp]! : 0;
      const b = prev[x]!;
      const c = x >= bpp ? prev[x - bpp]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      const predictor = f === 0 ? 0 : f === 1 ? a : f === 2 ? b : f === 3 ? (a + b) >> 1 : pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      line[x] = (src[x]! + predictor) & 0xff;
    }
    for (let x = 0; x < stride; x += bpp) if (line[x]! < 235 || line[x + 1]! < 235 || line[x + 2]! < 235) ink++;
    line.copy(prev);
  }
  return { width, height, ink };
}

/** axe-core in the page: no serious or critical violations. */
async function accessible(page: Page, what: string): Promise<void> {
  const violations = await runAxe(page);
  console.info(`axe, ${what}:\n${describeViolations(violations) || 'no violations'}`);
  expect(describeViolations(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')), what).toBe('');
}

/** The grid's rendered rows in display order: row id and the text of a column (pinned and scrolling parts merged). */
async function gridRows(page: Page, scope: string, colId: string): Promise<{ id: string; text: string }[]> {
  return page.evaluate(
    ({ scope, colId }) => {
      const rows = new Map<number, { id: string; text: string }>();
      for (const r of document.querySelectorAll(`${scope} .ag-row[row-id]`)) {
        const index = Number(r.getAttribute('row-index'));
        const got = rows.get(index) ?? { id: r.getAttribute('row-id') ?? '', text: '' };
        const c = r.querySelector(`.ag-cell[col-id="${colId}"]`);
        if (c) got.text = (c.textContent ?? '').trim();
        rows.set(index, got);
      }
      return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
    },
    { scope, colId },
  );
}

/** "+8,49" / "−3,20" / "±0,00" as shown → a number. */
const shownNumber = (s: string) => Number(s.replace('−', '-').replace('±', '').replace(/\./g, '').replace(',', '.'));
/** A score change as shown: two decimals, like the scores beside it ("+24,80"). */
const vi2 = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x).toFixed(2).replace('.', ',')}`;
const pctVi = (x: number) => `${(Math.round(x * 10000) / 100).toFixed(2).replace(/\.?0+$/, '').replace('.', ',')}%`;

describe('comparing years', () => {
  it('20. opens on the communes sorted by improvement with the first one’s indicators; charts drawn; PNG and xlsx exports', async () => {
    await session(suite, 'compare', async ({ page, app, errors }) => {
      await page.addInitScript({ content: CAPTURE_EXPORTS });
      await page.goto(app.url);
      await waitForWorkspace(page);
      await page.locator('.tabs').getByRole('tab', { name: 'So sánh năm' }).click();
      const grid = '.compare-grid-pane';
      await page.locator(`${grid} .ag-row[row-id]`).first().waitFor({ timeout: 30_000 });

      // The default view answers "which communes improved most": khối XA, sorted by score change, biggest first.
      await expect(page.getByLabel('Lọc theo khối').inputValue()).resolves.toBe('XA');
      const shown = await gridRows(page, grid, 'scoreChange');
      expect(shown.length).toBeGreaterThan(8);
      expect(shown.every((r) => communes.some((u) => u.unit === r.id)), 'only communes are listed').toBe(true);
      expect(shown.map((r) => shownNumber(r.text))).toEqual(communes.slice(0, shown.length).map((u) => u.scoreChange));
      expect(shown[0]!.text).toBe(vi2(communes[0]!.scoreChange!));
      // Every change with two decimals, as the scores beside it ("+24,80", not "+24,8").
      expect(shown.map((r) => r.text).filter((x) => !/^[+−±][\d.]+,\d{2}$/.test(x))).toEqual([]);
      await expect(page.locator(`${grid} .ag-header-cell[col-id="scoreChange"]`).getAttribute('aria-sort')).resolves.toBe('descending');

      // ... and on which indicators: the first commune is selected, its indicators sorted by change beside the grid.
      const top = communes[0]!;
      const detail = page.locator('.compare-detail');
      await detail.locator('.detail-title', { hasText: top.name }).waitFor();
      const firstCodes = await detail.locator('tbody tr:not(.not-compared):not(.section-row) .code-cell').allTextContents();
      expect(firstCodes.length).toBeGreaterThan(3);
      const changes = await detail.locator('tbody tr:not(.not-compared):not(.section-row) td:last-child').allTextContents();
      const values = changes.map((c) => shownNumber(c.trim()));
      expect([...values].sort((a, b) => b - a), 'indicators sorted by change, biggest first').toEqual(values);
      await expect(detail.locator('.section-row').textContent()).resolves.toMatch(/Không so sánh được/);

      // What changed in the criteria is in view, prominently.
      const callout = page.locator('.criteria-callout');
      await expect(callout.textContent()).resolves.toMatch(/bộ tiêu chí đã thay đổi giữa các năm.*2025 → 2026: \d+ thay đổi/);
      await expect(callout.textContent()).resolves.toMatch(/chỉ tiêu: 17 mới/);
      await expect(callout.isVisible()).resolves.toBe(true);

      // Clicking another commune shows its indicators.
      const second = communes[1]!;
      await page.locator(`${grid} .ag-row[row-id="${second.unit}"] .ag-cell[col-id="name"]`).click();
      await detail.locator('.detail-title', { hasText: second.name }).waitFor();
      await page.locator(`${grid} .ag-row[row-id="${top.unit}"] .ag-cell[col-id="name"]`).click();
      await detail.locator('.detail-title', { hasText: top.name }).waitFor();

      await accessible(page, 'compare, units');
      await page.screenshot({ path: screenshotPath('30-compare-units.png') });

      // The table as shown, as .xlsx.
      let exports = 0;
      await page.locator(`${grid} button`, { hasText: 'Xuất Excel (.xlsx)' }).click();
      const unitsXlsx = await nextExport(page, ++exports);
      expect(unitsXlsx.name).toBe('so-sanh-2025-2026-don-vi-xa.xlsx');
      const unitRows = sheetRows(readBook(unitsXlsx.bytes).sheets[0]!);
      expect(String(unitRows[0]![0])).toMatch(/So sánh kết quả các năm 2025 – 2026, khối UBND xã, phường/);
      const body = unitRows.slice(TABLE_HEADER_ROW);
      expect(body).toHaveLength(communes.length);
      expect(body.map((r) => [r[1], r[3], r[6], r[9], r[10] ?? null])).toEqual(communes.map((u) => [u.unit, u.years[0]!.score, u.years[1]!.score, u.scoreChange, u.rankChange]));

      // Indicators: which improved most is the first row (sorted by change).
      await page.locator('.subtabs').getByRole('tab', { name: 'Chỉ tiêu', exact: true }).click();
      const ig = '.compare-indicators';
      await page.locator(`${ig} .ag-row[row-id]`).first().waitFor();
      const xa = view.indicators.XA!.filter((r) => r.change !== null).sort((a, b) => b.change! - a.change!);
      const irows = await gridRows(page, ig, 'change');
      expect(irows[0]!.id).toBe(xa[0]!.code);
      const share = await page.locator(`${ig} .ag-row[row-id="${xa[0]!.code}"] .ag-cell[col-id="share2026"]`).first().textContent();
      expect(share?.trim()).toBe(pctVi(xa[0]!.years[1]!.share!));
      await expect(page.locator(`${ig} .ag-row[row-id="1.1"] .criteria-badge`).allTextContents()).resolves.toEqual(['đổi tên', 'đổi điểm tối đa', 'đổi cách tính']);
      await accessible(page, 'compare, indicators');
      await page.screenshot({ path: screenshotPath('31-compare-indicators.png') });
      await page.locator(`${ig} button`, { hasText: 'Xuất Excel (.xlsx)' }).click();
      const indXlsx = await nextExport(page, ++exports);
      expect(indXlsx.name).toBe('so-sanh-2025-2026-chi-tieu-xa.xlsx');
      const indRows = sheetRows(readBook(indXlsx.bytes).sheets[0]!).slice(TABLE_HEADER_ROW);
      expect(indRows.map((r) => [r[0], r[7] ?? null])).toEqual(view.indicators.XA!.map((r) => [r.code, r.change]));

      // Charts: five, each drawn (pixels read back from the canvas).
      await page.locator('.subtabs').getByRole('tab', { name: 'Biểu đồ' }).click();
      await page.locator('.chart-card canvas').nth(4).waitFor();
      await page.waitForTimeout(300);
      const ink = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLCanvasElement>('.chart-card canvas')].map((c) => {
          const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 0; i < d.length; i += 4) if (d[i + 3]! > 0 && (d[i]! < 235 || d[i + 1]! < 235 || d[i + 2]! < 235)) n++;
          return { chart: c.closest('figure')?.getAttribute('data-chart'), width: c.width, height: c.height, share: n / (c.width * c.height) };
        }),
      );
      console.info('chart ink', ink);
      expect(ink.map((c) => c.chart)).toEqual(['chart-by-group', 'chart-by-section', 'chart-distribution', 'chart-radar', 'chart-rank-changes']);
      for (const c of ink) {
        expect(c.width, `${c.chart} width`).toBeGreaterThan(300);
        expect(c.share, `${c.chart} is drawn`).toBeGreaterThan(0.02);
      }
      // The radar shows the commune chosen in the units view.
      await expect(page.locator('#chart-radar-title').textContent()).resolves.toContain(top.name);
      await accessible(page, 'compare, charts');
      await page.screenshot({ path: screenshotPath('32-compare-charts.png') });
      await page.locator('[data-chart="chart-rank-changes"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath('33-compare-rank-changes.png') });

      // A chart as PNG: twice the size shown, drawn, not transparent.
      const radar = page.locator('[data-chart="chart-radar"]');
      const box = await radar.locator('.chart-box').boundingBox();
      await radar.getByRole('button', { name: 'Tải ảnh PNG' }).click();
      const png = await nextExport(page, ++exports);
      expect(png.name).toMatch(/^bieu-do-radar-ubnd-xa-.+-2025-2026\.png$/);
      const decoded = pngInk(png.bytes);
      expect(decoded.width).toBe(Math.round(box!.width) * 2);
      expect(decoded.ink / (decoded.width * decoded.height)).toBeGreaterThan(0.02);
      writeFileSync(screenshotPath('34-exported-radar.png'), png.bytes);
      await page.locator('[data-chart="chart-rank-changes"]').getByRole('button', { name: 'Tải ảnh PNG' }).click();
      const rankPng = await nextExport(page, ++exports);
      expect(rankPng.name).toBe('bieu-do-thay-doi-thu-hang-xa-2025-2026.png');
      writeFileSync(screenshotPath('35-exported-rank-changes.png'), rankPng.bytes);

      // The criteria changes, listed in full.
      await page.locator('.subtabs').getByRole('tab', { name: /^Thay đổi bộ tiêu chí/ }).click();
      await page.locator('.change-set').waitFor();
      await expect(page.locator('.change-subject li').count()).resolves.toBe(view.changes[0]!.items.length);
      await expect(page.getByText('Chỉ tiêu 1.1: điểm tối đa 20 → 6 (20% → 6% thang điểm)').isVisible()).resolves.toBe(true);
      await accessible(page, 'compare, criteria changes');
      await page.screenshot({ path: screenshotPath('36-compare-changes.png') });
      await page.locator('.compare-changes button', { hasText: 'Xuất Excel (.xlsx)' }).click();
      const changesXlsx = await nextExport(page, ++exports);
      expect(sheetRows(readBook(changesXlsx.bytes).sheets[0]!).slice(TABLE_HEADER_ROW).map((r) => r[7])).toEqual(view.changes[0]!.items.map((c) => c.text.vi));

      // In English too.
      await page.locator('.topbar button', { hasText: /^English$/ }).click();
      await page.locator('.subtabs').getByRole('tab', { name: 'Units', exact: true }).click();
      await page.locator('.compare-view h2', { hasText: 'Results compared across years' }).waitFor();
      await page.locator(`${grid} .ag-header-cell[col-id="scoreChange"]`, { hasText: 'Score change' }).waitFor();
      await expect(page.locator('.criteria-callout').textContent()).resolves.toMatch(/^Note: the criteria changed between the years\. 2025 → 2026: \d+ changes — /);
      await page.screenshot({ path: screenshotPath('39-compare-english.png') });

      expect(realErrors(errors), 'no page errors and no CSP reports').toEqual([]);
    });
  }, 180_000);
});

describe('plan targets', () => {
  it('21. shows each target per year with the demo’s values; a unit holding one back opens in the entry tab', async () => {
    await session(suite, 'targets', async ({ page, app, errors }) => {
      await page.addInitScript({ content: CAPTURE_EXPORTS });
      await page.goto(app.url);
      await waitForWorkspace(page);
      await page.locator('.tabs').getByRole('tab', { name: 'Chỉ tiêu kế hoạch' }).click();
      await page.locator('.targets-row[data-target]').first().waitFor();
      await expect(page.locator('.targets-header').textContent()).resolves.toBe('Mục tiêuNăm 2025Năm 2026');

      for (const [k, doc] of targets.perYear.entries()) {
        for (const x of doc.targets) {
          const cell = page.locator(`.targets-row[data-target="${x.key}"] .target-cell`).nth(k);
          if (!x.measured) {
            await expect(cell.textContent(), `${x.key} ${doc.year}`).resolves.toMatch(/^Chưa đo/);
            continue;
          }
          await expect(cell.locator('.target-value').textContent(), `${x.key} ${doc.year}`).resolves.toBe(pctVi(x.value!));
          const badge = x.reached === null ? 'Không có mức' : x.reached ? 'Đạt' : 'Chưa đạt';
          await expect(cell.locator('.target-badge').textContent(), `${x.key} ${doc.year}`).resolves.toBe(badge);
          if (x.heldBackBy.length) await expect(cell.locator('summary').textContent()).resolves.toBe(`Đơn vị chưa đạt (${x.heldBackBy.length})`);
        }
      }
      // The plan's words and the 2026 step of the 2030 target.
      const residents = page.locator('.targets-row[data-target="residents_reached"]');
      await expect(residents.locator('.target-meta').textContent()).resolves.toBe('Điều khoản II.2.3.a · Mục tiêu 80% đến năm 2030');
      await expect(residents.locator('.target-cell').nth(1).locator('.year-step-label').textContent()).resolves.toBe('Mức năm 2026: 60% (chưa đạt)');
      await expect(page.locator('.targets-row[data-target="staff_informed"] .target-how').textContent()).resolves.toMatch(/^tổng tử số ÷ tổng mẫu số/);

      await accessible(page, 'targets');
      await page.screenshot({ path: screenshotPath('37-targets.png') });

      // The units holding "plan issued" back in 2026, and the first of them opened in the entry tab.
      const plan = targets.perYear[1]!.targets.find((x) => x.key === 'plan_issued')!;
      const cell = page.locator('.targets-row[data-target="plan_issued"] .target-cell').nth(1);
      await cell.locator('summary').click();
      await expect(cell.locator('.held-unit').allTextContents()).resolves.toEqual(plan.heldBackBy.map((u) => u.name));
      await page.screenshot({ path: screenshotPath('38-targets-held-back.png') });

      await page.locator('.analysis-toolbar button', { hasText: 'Xuất Excel (.xlsx)' }).click();
      const book = readBook((await nextExport(page, 1)).bytes);
      expect(book.sheets.map((s) => s.name)).toEqual(['Chỉ tiêu kế hoạch', 'Đơn vị chưa đạt']);
      expect(sheetRows(book.sheets[0]!).slice(TABLE_HEADER_ROW).map((r) => [r[0], r[1], r[7] ?? null])).toEqual(
        targets.perYear.flatMap((d) => d.targets.map((x) => [d.year, x.clause, x.value])),
      );

      await cell.locator('.held-unit').first().click();
      await page.locator('.score-panel .unit-title', { hasText: plan.heldBackBy[0]!.name }).waitFor();
      await expect(page.locator('.tabs [role="tab"][aria-selected="true"]').textContent()).resolves.toBe('Nhập minh chứng');
      await expect(page.locator('.topbar label.field').first().locator('select').inputValue()).resolves.toBe('2026');
      await page.locator(`.ag-grid-scrolling-rows .ag-row[row-id^="${plan.heldBackBy[0]!.unit}|"]`).first().waitFor();

      expect(realErrors(errors)).toEqual([]);
    });
  }, 180_000);
});
