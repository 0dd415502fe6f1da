/**
 * The self-assessment templates ("Biểu mẫu…" in the top bar) in Chromium: the dialog (year, unit group, unit,
 * one file per unit or per group; what will be saved said beforehand), progress per unit with Cancel (nothing
 * is saved), then the templates of the two press agencies as a .zip and one commune's own .xlsx, each read
 * back in Node with the app's reader: exactly the units chosen. The open file is not touched. Screenshots at
 * 1366×768, axe on the dialog, the top bar still fits (Vietnamese and English).
 */
import { readFileSync, statSync } from 'node:fs';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { nodeFileEnv } from '../../node/file-env';
import { loadSqlJs } from '../../node/sqljs';
import { EvaluationFile } from '../../shared/file/evaluation-file';
import { readSelfAssessment } from '../../shared/spreadsheet/self-assessment';
import { captureDownloads, describeViolations, e2eSuite, exported, realErrors, runAxe, screenshotPath, session, UNIT, waitForWorkspace } from './helpers';

const suite = e2eSuite();

/**
 * Keeps what the web host downloads (exportFile) in the page instead of saving it, to read it back (as in
 * results.test.ts); and, while `window.__slowTemplates` is set, holds each templateWorkbook request to the
 * worker back that many milliseconds, so that the progress can be seen and cancelled half-way at this
 * machine's speed (a template takes ~10 ms to make).
 */
async function instrument(page: Page): Promise<void> {
  await captureDownloads(page);
  await page.addInitScript(() => {
    const w = window as unknown as { __slowTemplates: number };
    w.__slowTemplates = 0;
    const post = Worker.prototype.postMessage as (this: Worker, message: unknown, transfer?: Transferable[]) => void;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, transfer?: Transferable[]) {
      const slow = w.__slowTemplates;
      if (slow > 0 && (message as { method?: string } | null)?.method === 'templateWorkbook') {
        setTimeout(() => post.call(this, message, transfer), slow);
        return;
      }
      post.call(this, message, transfer);
    } as Worker['postMessage'];
  });
}

const savedNames = (page: Page) =>
  page.evaluate(() => (window as unknown as { __exports: { name?: string }[] }).__exports.filter((x) => x.name).map((x) => x.name!));

async function openDialog(page: Page) {
  await page.locator('.topbar button', { hasText: /^Biểu mẫu…$/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Biểu mẫu tự đánh giá gửi đơn vị' });
  await dialog.waitFor();
  // The plan is loaded: the group list has its counts.
  await dialog.getByLabel('Khối', { exact: true }).locator('option', { hasText: 'Tất cả các khối (61 đơn vị)' }).waitFor({ state: 'attached' });
  return dialog;
}

async function topBarFits(page: Page): Promise<void> {
  const bar = await page.evaluate(() => {
    const el = document.querySelector('.topbar')!;
    return { scroll: el.scrollWidth, client: el.clientWidth };
  });
  expect(bar.scroll, 'top bar content width').toBeLessThanOrEqual(bar.client);
}

describe('self-assessment templates for the units', () => {
  it('T1. made per unit with progress; Cancel saves nothing; a group’s .zip and one unit’s .xlsx read back as the units chosen', async () => {
    await session(suite, 'templates', async ({ page, app, errors, demoFile }) => {
      await instrument(page);
      await page.goto(app.url);
      await waitForWorkspace(page);
      const demoBefore = statSync(demoFile).mtimeMs;
      await topBarFits(page);

      // The dialog: every group with its units, one file per unit by default, what will be saved said beforehand.
      let dialog = await openDialog(page);
      await dialog.getByLabel('Khối', { exact: true }).selectOption('XA');
      const summary = dialog.locator('.tm-summary');
      await summary.getByText(/^Sẽ tạo 45 tệp Excel cho 45 đơn vị, lưu thành bieu-mau-tu-danh-gia-2026-khoi-xa\.zip\.$/).waitFor();
      await expect(dialog.getByRole('radio', { name: /Mỗi đơn vị một tệp/ }).isChecked()).resolves.toBe(true);
      await page.screenshot({ path: screenshotPath('T1-template-dialog.png') });
      const violations = await runAxe(page, '.template-dialog');
      console.info(`axe, template dialog:\n${describeViolations(violations) || 'no violations'}`);
      expect(describeViolations(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'))).toBe('');

      // Progress per unit, then Cancel half-way: nothing is saved, not even later.
      await page.evaluate(() => ((window as unknown as { __slowTemplates: number }).__slowTemplates = 400));
      await dialog.getByRole('button', { name: 'Tạo biểu mẫu' }).click();
      const progress = page.locator('.progress-dialog');
      await progress.getByText(/^Đang tạo biểu mẫu của .+ \(khối XA\)…$/).waitFor();
      // Two units made, the rest to come: cancel half-way.
      await progress.getByText(/^Đã xong ([2-9]|1\d)\/45 tệp$/).waitFor({ timeout: 20_000 });
      await progress.getByText('Bấm “Hủy” thì không có tệp nào được lưu; tệp đánh giá không thay đổi.').waitFor();
      await expect(progress.locator('progress').getAttribute('max')).resolves.toBe('45');
      await page.screenshot({ path: screenshotPath('T1-template-progress.png') });
      await progress.getByRole('button', { name: 'Hủy' }).click();
      await page.getByText('Đã hủy tạo biểu mẫu; không có tệp nào được lưu.').waitFor();
      await page.waitForTimeout(1_500);
      await expect(savedNames(page)).resolves.toEqual([]);
      await page.getByRole('button', { name: 'Đóng', exact: true }).click();
      await page.evaluate(() => ((window as unknown as { __slowTemplates: number }).__slowTemplates = 0));

      // The two press agencies, one workbook each, in a .zip.
      dialog = await openDialog(page);
      await dialog.getByLabel('Khối', { exact: true }).selectOption('BC');
      await summary.getByText('Sẽ tạo 2 tệp Excel cho 2 đơn vị, lưu thành bieu-mau-tu-danh-gia-2026-khoi-bc.zip.').waitFor();
      await dialog.getByRole('button', { name: 'Tạo biểu mẫu' }).click();
      await page.getByText('Đã lưu 2 biểu mẫu (2 đơn vị): bieu-mau-tu-danh-gia-2026-khoi-bc.zip').waitFor({ timeout: 30_000 });
      await page.screenshot({ path: screenshotPath('T1-template-done.png') });
      await page.getByRole('button', { name: 'Đóng', exact: true }).click();
      const zip = await exported(page, 0);
      expect(zip.name).toBe('bieu-mau-tu-danh-gia-2026-khoi-bc.zip');

      // One commune's own workbook (the layout choice does not apply to one unit).
      dialog = await openDialog(page);
      await dialog.getByLabel('Đơn vị', { exact: true }).selectOption({ label: UNIT.name });
      await dialog.getByText('Một đơn vị: một tệp Excel.').waitFor();
      await summary.getByText('Sẽ tạo 1 tệp Excel cho 1 đơn vị, lưu thành bieu-mau-tu-danh-gia-2026-03325-UBND-xa-Muong-Phang.xlsx.').waitFor();
      await dialog.getByRole('button', { name: 'Tạo biểu mẫu' }).click();
      await page.getByText(/^Đã lưu 1 biểu mẫu \(1 đơn vị\)/).waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Đóng', exact: true }).click();
      const one = await exported(page, 1);
      expect(one.name).toBe('bieu-mau-tu-danh-gia-2026-03325-UBND-xa-Muong-Phang.xlsx');

      // Read back in Node with the app's reader, against the file's own criteria set.
      const file = EvaluationFile.open(await loadSqlJs(), new Uint8Array(readFileSync(demoFile)), nodeFileEnv('e2e')).file;
      try {
        const read = (bytes: Uint8Array) => {
          const r = readSelfAssessment(bytes, (y) => file.criteriaFor(y));
          expect(r.problems).toEqual([]);
          expect(r.meta!.year).toBe(2026);
          expect(r.meta!.criteria.sha256).toBe(file.criteriaFor(2026)!.ident.sha256);
          return r.meta!.units.map((u) => u.code);
        };
        const press = file.unitsActiveIn(2026).filter((u) => u.group === 'BC');
        expect(press).toHaveLength(2);
        const files = unzipSync(zip.bytes);
        expect(Object.keys(files)).toHaveLength(2);
        expect(Object.values(files).flatMap(read).sort()).toEqual(press.map((u) => u.code).sort());
        expect(read(one.bytes)).toEqual([UNIT.code]);
      } finally {
        file.close();
      }

      // Nothing was written to the open file; the top bar still fits in English.
      expect(statSync(demoFile).mtimeMs).toBe(demoBefore);
      await page.locator('.topbar button', { hasText: /^English$/ }).click();
      await page.locator('.topbar button', { hasText: /^Templates…$/ }).waitFor();
      await topBarFits(page);
      // The widest the bar gets: a new file's name and unsaved changes, in Vietnamese (written into the page
      // for the measurement only).
      await page.locator('.topbar button', { hasText: /^Tiếng Việt$/ }).click();
      await page.locator('.topbar button', { hasText: /^Biểu mẫu…$/ }).waitFor();
      await page.evaluate(() => {
        document.querySelector('.topbar .file-name')!.textContent = 'tep-danh-gia-20261119-191700.nq57 ●';
        document.querySelector('.topbar .save-state')!.textContent = 'Có thay đổi chưa lưu';
      });
      await topBarFits(page);
      await page.screenshot({ path: screenshotPath('T1-template-topbar-widest.png'), clip: { x: 0, y: 0, width: 1366, height: 60 } });
      // Every button on one line, inside the window.
      const heights = await page.locator('.topbar > button').evaluateAll((els) => els.map((e) => [e.textContent, Math.round(e.getBoundingClientRect().height), Math.round(e.getBoundingClientRect().right)] as const));
      for (const [name, height, right] of heights) {
        expect(height, `button ${name} on one line`).toBeLessThanOrEqual(36);
        expect(right, `button ${name} inside the window`).toBeLessThanOrEqual(1366);
      }
      expect(realErrors(errors)).toEqual([]);
    });
  }, 300_000);
});
