/**
 * The demo as a first-time user sees it (the app builds the demo file itself on first start), the language
 * switch, and the layout at 1366×768.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_FILE_NAME } from '../../node/web-server';
import {
  cell,
  cellText,
  clippedRows,
  e2eSuite,
  realErrors,
  screenshotPath,
  session,
  tooltipOf,
  totalText,
  VIEWPORT,
  waitForGridSettled,
  waitForWorkspace,
} from './helpers';

const suite = e2eSuite();

/** Letters only Vietnamese writes: a page showing them is not showing stripped ASCII. */
const VIETNAMESE = /[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/;

describe('the demo', () => {
  it('1. opens on first start: 61 units, the first unit’s grid and score, in Vietnamese with diacritics', async () => {
    await session(
      suite,
      'demo-opens',
      async ({ page, app, errors }) => {
        const started = Date.now();
        await page.goto(app.url);
        // First start: the worker builds the demo file from demo/dien-bien.csv (slow on this machine).
        await page.locator('.unit-list .unit-item').first().waitFor({ timeout: 120_000 });
        await waitForWorkspace(page);
        console.info(`demo built and shown in ${Date.now() - started} ms`);
        expect(existsSync(join(app.workDir, DEMO_FILE_NAME)), 'the demo file is written to the working folder').toBe(true);

        // 61 units, the first one selected and shown in the grid and the score panel.
        await expect(page.locator('.unit-list .unit-item').count()).resolves.toBe(61);
        const first = page.locator('.unit-list .unit-item').first();
        await expect(first.getAttribute('class')).resolves.toContain('selected');
        const firstName = ((await first.locator('.unit-name').textContent()) ?? '').trim();
        expect(firstName).toBe('Sở Khoa học và Công nghệ');
        await expect(page.locator('.score-panel .unit-title').textContent()).resolves.toBe(firstName);
        const rowIds = await page.locator('.ag-grid-scrolling-rows .ag-row[row-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('row-id') ?? ''));
        expect(rowIds.length).toBeGreaterThan(5);
        const unitCode = rowIds[0]!.split('|')[0]!;
        expect(rowIds.every((id) => id.startsWith(`${unitCode}|`)), 'every grid row is the selected unit’s').toBe(true);
        expect(rowIds[0]).toBe(`${unitCode}|1.1`);
        expect(await cellText(page, '1.1', 'name', unitCode)).toBe('Ban hành kế hoạch triển khai Chương trình truyền thông');
        expect(await cellText(page, '1.1', 'points', unitCode)).toMatch(/^\d+(,\d+)?\/6$/);
        expect(await totalText(page)).toMatch(/^\d{1,3},\d{2}$/);
        // Every score in the list with two decimals, as the rankings print them ("84,50", not "84,5"): they line up.
        const badges = await page.locator('.unit-list .unit-item .band').allTextContents();
        expect(badges.filter((b) => !/^\d{1,3},\d{2}$/.test(b.trim()))).toEqual([]);
        expect(badges).toContain('84,50');
        // A colour that disagrees with the score (88,63 in orange above 87,27 in blue) is explained on hover.
        const sct = page.locator('.unit-list .unit-item', { hasText: 'Sở Công Thương' }).locator('.band');
        expect(await sct.getAttribute('title')).toMatch(/^Trung bình: \S/);
        // The short line under a name ("SO #1 · 100%") says in words what it means on hover.
        const meta = first.locator('.unit-meta .muted');
        expect((await meta.textContent())?.trim()).toBe('SO #1 · 100%');
        expect(await meta.getAttribute('title')).toBe('Hạng 1 trong khối Sở, ban, ngành tỉnh; đã nhập 100% chỉ tiêu');
        await expect(cell(page, '1.1', 'points', unitCode).isVisible()).resolves.toBe(true);
        await expect(page.locator('.score-panel .total').isVisible()).resolves.toBe(true);

        // Vietnamese with diacritics, everywhere.
        await expect(page.locator('html').getAttribute('lang')).resolves.toBe('vi');
        for (const label of ['Tôi nhập với tư cách', 'Tổng điểm', 'Điểm quy đổi', 'Các nhóm tiêu chí', 'Chỉ tiêu', 'Số liệu', 'Trạng thái', 'Lưu', 'Hoàn tác']) {
          await expect(page.getByText(label, { exact: true }).first().isVisible(), label).resolves.toBe(true);
        }
        const names = await page.locator('.unit-list .unit-name').allTextContents();
        expect(names.filter((n) => VIETNAMESE.test(n)).length, 'unit names keep their diacritics').toBeGreaterThan(55);
        expect(names).toContain('UBND xã Mường Phăng');
        const groups = await page.locator('.score-panel .group-label').allTextContents();
        expect(groups[0]).toBe('I. Lãnh đạo, chỉ đạo, tổ chức thực hiện');

        await waitForGridSettled(page);
        await page.screenshot({ path: screenshotPath('01-demo.png') });
        expect(realErrors(errors)).toEqual([]);
      },
      { seed: false },
    );
  }, 180_000);

});

describe('language', () => {
  it('9. switches to English and back: labels and the engine’s explanations', async () => {
    await session(suite, 'language', async ({ page, app }) => {
      await page.goto(app.url);
      await waitForWorkspace(page);
      const unit = (await page.locator('.ag-grid-scrolling-rows .ag-row[row-id]').first().getAttribute('row-id'))!.split('|')[0]!;
      await page.getByRole('button', { name: 'Lưu', exact: true }).waitFor();
      await page.locator('.score-panel .total .num-button').click();
      await expect(page.locator('.why-text').textContent()).resolves.toMatch(/\(điểm quy đổi\) \+ .* \(thưởng\) − .* \(trừ\) = /);
      const viTip = await tooltipOf(page, '1.1', 'points', unit);
      expect(viTip).toMatch(VIETNAMESE);

      await page.locator('button', { hasText: /^English$/ }).click();
      await page.getByRole('button', { name: 'Save', exact: true }).waitFor();
      await expect(page.getByRole('button', { name: 'Lưu', exact: true }).count()).resolves.toBe(0);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
      for (const label of ['I am entering as', 'Score', 'Base', 'Criteria groups', 'Indicator', 'Value', 'Undo', 'Close file']) {
        await expect(page.getByText(label, { exact: true }).first().isVisible(), label).resolves.toBe(true);
      }
      expect(await cellText(page, '1.1', 'name', unit)).toBe("Unit's implementation plan for Decision 1169 issued");
      // The engine's explanations follow: the total's "why" and an indicator's tooltip.
      await page.locator('.score-panel .total .num-button').click();
      await expect(page.locator('.why-text').textContent()).resolves.toMatch(/\(base\) \+ .* \(bonus\) − .* \(deductions\) = /);
      await page.locator('.score-panel .group-bar').first().click();
      const why = (await page.locator('.why-text').textContent()) ?? '';
      expect(why).toMatch(/^1\.1 — /);
      expect(why).not.toMatch(VIETNAMESE_WORDS);
      const enTip = await tooltipOf(page, '1.1', 'points', unit);
      expect(enTip).not.toBe(viTip);
      expect(enTip).not.toMatch(VIETNAMESE_WORDS);
      await page.mouse.move(0, 0);
      await page.locator('.ag-tooltip').waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
      await waitForGridSettled(page);
      await page.screenshot({ path: screenshotPath('09-english.png') });

      // …and back.
      await page.locator('button', { hasText: /^Tiếng Việt$/ }).click();
      await page.getByRole('button', { name: 'Lưu', exact: true }).waitFor();
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('vi');
      expect(await cellText(page, '1.1', 'name', unit)).toBe('Ban hành kế hoạch triển khai Chương trình truyền thông');
      await page.locator('.score-panel .total .num-button').click();
      await expect(page.locator('.why-text').textContent()).resolves.toMatch(/\(điểm quy đổi\)/);
      expect(await tooltipOf(page, '1.1', 'points', unit)).toBe(viTip);
    });
  }, 120_000);
});

/** Vietnamese words the engine writes in its explanations (names of people excluded). */
const VIETNAMESE_WORDS = /\b(điểm|trung bình|thành viên|hạn|ngày|không|có)\b/i;

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const boxOf = (page: Page, selector: string): Promise<Box | null> =>
  page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  }, selector);

function expectInside(box: Box | null, what: string, minSize = 100): void {
  expect(box, `${what} is on the page`).not.toBeNull();
  const b = box!;
  expect(b.left, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(b.top, `${what}: top edge`).toBeGreaterThanOrEqual(0);
  expect(b.right, `${what}: right edge`).toBeLessThanOrEqual(VIEWPORT.width);
  expect(b.bottom, `${what}: bottom edge`).toBeLessThanOrEqual(VIEWPORT.height);
  expect(b.right - b.left, `${what}: width`).toBeGreaterThan(minSize);
  expect(b.bottom - b.top, `${what}: height`).toBeGreaterThan(minSize);
}

describe('layout at 1366×768', () => {
  it('12. no horizontal page scrollbar; grid, score panel, unit list and top bar fully visible', async () => {
    await session(suite, 'layout', async ({ page, app }) => {
      // The height each row is first drawn with (AG Grid sets it on the row as it adds it, before measuring).
      await page.addInitScript({
        content: `window.__firstHeights = {};
          new MutationObserver((records) => {
            for (const r of records) for (const n of r.addedNodes) {
              if (n.nodeType === 1 && n.matches('.ag-grid-scrolling-rows .ag-row[row-id]')) {
                const id = n.getAttribute('row-id');
                if (!(id in window.__firstHeights)) window.__firstHeights[id] = Math.round(parseFloat(n.style.height));
              }
            }
          }).observe(document, { subtree: true, childList: true });`,
      });
      await page.goto(app.url);
      await waitForWorkspace(page);
      await page.screenshot({ path: screenshotPath('12-layout-workspace-first-paint.png') });
      expect(await waitForGridSettled(page), 'the grid’s rows stop moving').toBe(true);
      const firstPaint = await page.evaluate(() => (window as unknown as { __firstHeights: Record<string, number> }).__firstHeights);
      const settled = await page.evaluate(() =>
        Object.fromEntries(
          [...document.querySelectorAll<HTMLElement>('.ag-grid-scrolling-rows .ag-row[row-id]')].map((r) => [r.getAttribute('row-id'), Math.round(r.getBoundingClientRect().height)]),
        ),
      );
      // The first paint already has (nearly) the measured heights: nothing jumps a line or more when AG Grid
      // measures the rows (with its default height every row grew at once).
      const jumped = Object.keys(settled).filter((id) => firstPaint[id] !== undefined && Math.abs(firstPaint[id]! - settled[id]!) >= 18);
      expect(jumped, JSON.stringify({ firstPaint, settled })).toEqual([]);
      await page.screenshot({ path: screenshotPath('12-layout-workspace.png') });
      // Every indicator name whole in its row, no row over the next.
      expect(await clippedRows(page)).toEqual([]);

      const page_ = await page.evaluate(() => ({
        docScroll: document.documentElement.scrollWidth,
        bodyScroll: document.body.scrollWidth,
        width: window.innerWidth,
        vertical: document.documentElement.scrollHeight,
        height: window.innerHeight,
      }));
      expect(page_.docScroll, 'page width').toBeLessThanOrEqual(page_.width);
      expect(page_.bodyScroll, 'body width').toBeLessThanOrEqual(page_.width);
      expect(page_.vertical, 'page height').toBeLessThanOrEqual(page_.height);

      expectInside(await boxOf(page, '.score-panel'), 'score panel');
      expectInside(await boxOf(page, '.grid-host'), 'grid');
      expectInside(await boxOf(page, '.unit-list'), 'unit list');
      // The top bar's content fits (nothing pushed out to the right), every button visible.
      const bar = await page.evaluate(() => {
        const el = document.querySelector('.topbar')!;
        return { scroll: el.scrollWidth, client: el.clientWidth };
      });
      expect(bar.scroll, 'top bar content width').toBeLessThanOrEqual(bar.client);
      for (const name of ['Hoàn tác', 'Làm lại', 'Lưu', 'English', 'Đóng tệp']) {
        expectInside(
          await page.locator('.topbar button', { hasText: new RegExp(`^${name}$`) }).evaluate((el) => {
            const r = el.getBoundingClientRect();
            return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
          }),
          `button ${name}`,
          10,
        );
      }
      // The score panel shows its total, band and all five group bars without scrolling.
      const bars = await page.locator('.score-panel .group-bar').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().bottom));
      expect(bars).toHaveLength(5);
      expect(Math.max(...bars), 'the last group bar is above the bottom of the window').toBeLessThanOrEqual(VIEWPORT.height);
      // The grid shows its first columns whole: code, indicator, value, points, status headers.
      const gridBox = (await boxOf(page, '.grid-host'))!;
      for (const col of ['code', 'name', 'v1', 'v2', 'points']) {
        const h = await boxOf(page, `.ag-header-cell[col-id="${col}"]`);
        expect(h, `header ${col}`).not.toBeNull();
        expect(h!.right, `header ${col} inside the grid`).toBeLessThanOrEqual(gridBox.right);
      }
      // And the start screen.
      await page.getByRole('button', { name: 'Đóng tệp' }).click();
      await page.getByRole('button', { name: 'Tạo tệp đánh giá mới' }).waitFor();
      const start = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
      expect(start.scroll).toBeLessThanOrEqual(start.width);
      await page.screenshot({ path: screenshotPath('12-layout-start.png') });
    });
  }, 90_000);

  it('12b. the grid’s key columns (code to status) are whole at 1366×768: no “…”, none cut at the grid’s edge', async () => {
    await session(suite, 'layout-truncation', async ({ page, app }) => {
      await page.goto(app.url);
      await waitForWorkspace(page);
      await waitForGridSettled(page);
      const cutOff: string[] = [];
      for (const lang of ['vi', 'en'] as const) {
        if (lang === 'en') {
          await page.locator('button', { hasText: /^English$/ }).click();
          await page.getByRole('button', { name: 'Save', exact: true }).waitFor();
        }
        const cut = await page.evaluate(() => {
          const found: string[] = [];
          const cells = document.querySelectorAll<HTMLElement>(
            '.ag-grid-scrolling-rows .ag-cell[col-id="ratio"], .ag-grid-scrolling-rows .ag-cell[col-id="points"], .ag-grid-scrolling-rows .ag-cell[col-id="code"], .ag-header-cell[col-id="code"] .ag-header-cell-text, .ag-header-cell[col-id="ratio"] .ag-header-cell-text',
          );
          for (const el of cells) {
            const value = (el.querySelector('.ag-cell-value') as HTMLElement | null) ?? el;
            if (value.scrollWidth > value.clientWidth + 1) {
              const row = el.closest('.ag-row')?.getAttribute('row-id') ?? 'header';
              found.push(`${row} ${el.closest('[col-id]')?.getAttribute('col-id')}: “${el.textContent?.trim()}” needs ${value.scrollWidth}px, has ${value.clientWidth}px`);
            }
          }
          return found;
        });
        cutOff.push(...cut.map((c) => `${lang}: ${c}`));
        // The status column (its badges say what is missing or disputed) must not need a sideways scroll.
        const edge = await page.evaluate(() => {
          const grid = document.querySelector('.ag-root')!.getBoundingClientRect();
          const status = document.querySelector('.ag-header-cell[col-id="status"]')?.getBoundingClientRect();
          const scrollbar = document.querySelector('.ag-body-vertical-scroll')?.getBoundingClientRect();
          return { gridRight: grid.right - (scrollbar?.width ?? 0), statusRight: status?.right ?? Infinity };
        });
        if (edge.statusRight > edge.gridRight + 1) {
          cutOff.push(`${lang}: the status column ends at ${Math.round(edge.statusRight)}px, the grid shows up to ${Math.round(edge.gridRight)}px`);
        }
      }
      expect(cutOff).toEqual([]);
    });
  }, 90_000);
});
