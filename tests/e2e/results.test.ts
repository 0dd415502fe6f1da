/**
 * The results screen ("Xếp hạng") in Chromium: the demo's ranking as the engine gives it (ties shown "16="),
 * a unit's score opened from its row, an override of a proposal with a written reason, finalising (the
 * evidence grid then refuses an edit with the file's sentence) and reopening with a reason, and the exports
 * (the rankings workbook read back, DỰ THẢO on a draft and not once final; the nomination list as an A4 PDF
 * printed by the server's Chromium). Each step is checked in the file on disk too; screenshots at 1366×768.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeFileEnv } from '../../node/file-env';
import { loadSqlJs } from '../../node/sqljs';
import { EngineSession } from '../../renderer/src/worker/engine-session';
import type { RankingsView } from '../../renderer/src/worker/results-protocol';
import { EvaluationFile } from '../../shared/file/evaluation-file';
import { formatNumber } from '../../shared/i18n/text';
import { fileSafe } from '../../shared/results/export-common';
import { readXlsx, type ReadSheet } from '../../shared/spreadsheet/xlsx-read';
import { styleAt } from '../export/helpers';
import {
  captureDownloads,
  exported,
  describeViolations,
  e2eSuite,
  entryOnDisk,
  focusCell,
  realErrors,
  runAxe,
  screenshotPath,
  selectUnit,
  session,
  UNIT,
  waitForNotice,
  waitForGridSettled,
  waitForSaved,
  waitForWorkspace,
} from './helpers';

const suite = e2eSuite();

/** The demo's 2026 ranking, as the worker's own code gives it in Node. */
let expected: RankingsView;
beforeAll(async () => {
  const s = new EngineSession(await loadSqlJs(), nodeFileEnv);
  s.open(new Uint8Array(readFileSync(suite.seed)), 'e2e');
  expected = s.rankings(2026);
}, 120_000);

const BANG_KHEN = 'Bằng khen của Chủ tịch UBND tỉnh';
const GIAY_KHEN = 'Giấy khen của Giám đốc Sở KH&CN';
const vn2 = (x: number) => x.toFixed(2).replace('.', ',');

async function openFile(path: string): Promise<EvaluationFile> {
  return EvaluationFile.open(await loadSqlJs(), new Uint8Array(readFileSync(path)), nodeFileEnv('e2e')).file;
}

async function onDisk<T>(path: string, read: (f: EvaluationFile) => T): Promise<T> {
  const f = await openFile(path);
  try {
    return read(f);
  } finally {
    f.close();
  }
}

/** Opens the app on the demo and the "Xếp hạng" tab, showing unit group `group`. */
async function openRankings(page: Page, url: string, group = 'XA'): Promise<void> {
  await page.goto(url);
  await waitForWorkspace(page);
  await page.getByRole('tab', { name: 'Xếp hạng' }).click();
  await page.locator('.rk-grid .ag-row[row-id]').first().waitFor({ timeout: 30_000 });
  await groupSelect(page).selectOption(group);
  await page.locator(`.rk-grid .ag-grid-scrolling-rows .ag-row[row-id]`).first().waitFor();
}

const groupSelect = (page: Page) => page.locator('.rk-toolbar select');
const searchBox = (page: Page) => page.locator('.rk-search input');
const rkRow = (page: Page, unit: string) => page.locator(`.rk-grid .ag-grid-scrolling-rows .ag-row[row-id="${unit}"]`);
const rkCell = (page: Page, unit: string, col: string) => page.locator(`.rk-grid .ag-grid-scrolling-rows .ag-row[row-id="${unit}"] .ag-cell[col-id="${col}"]`);
const text = async (page: Page, unit: string, col: string) => ((await rkCell(page, unit, col).textContent()) ?? '').trim();

/** Finds a unit with the search box, so that its row is rendered. */
async function find(page: Page, search: string, unit: string): Promise<void> {
  await searchBox(page).fill(search);
  await rkRow(page, unit).waitFor();
}

async function accessible(page: Page, what: string): Promise<void> {
  const violations = await runAxe(page);
  console.info(`axe, ${what}:\n${describeViolations(violations) || 'no violations'}`);
  expect(describeViolations(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')), what).toBe('');
}

async function exportFromDialog(page: Page, label: RegExp): Promise<void> {
  await page.getByRole('button', { name: 'Xuất kết quả…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Xuất kết quả năm 2026$/ });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: label }).click();
  await dialog.waitFor({ state: 'detached' });
}

const sheetText = (sheet: ReadSheet) => [...sheet.rows.values()].flatMap((r) => [...r.values()].map((c) => String(c.value))).join('\n');

/** The values of the sheet's row that has `value` in some cell, and its number. */
function rowWith(sheet: ReadSheet, value: string): string[] & { row: number } {
  for (const [n, row] of sheet.rows) {
    const cells = [...row.values()].map((c) => String(c.value));
    if (cells.includes(value)) return Object.assign(cells, { row: n });
  }
  throw new Error(`no row with ${value} in ${sheet.name}`);
}

describe('the results screen (Xếp hạng)', () => {
  it('R1. shows the demo’s ranking per unit group as the engine gives it, ties shared “16=”, and a unit’s score from its row', async () => {
    await session(suite, 'results-rankings', async ({ page, app, errors }) => {
      await openRankings(page, app.url, 'SO');
      // The finalisation bar: a draft, with the fingerprint of the results (in full on hover).
      await page.locator('.finalisation-bar .fin-badge', { hasText: /^DỰ THẢO$/ }).waitFor();
      await expect(page.locator('#results-fingerprint').textContent()).resolves.toBe(`${expected.fingerprint.slice(0, 12)}…`);
      await expect(page.locator('.fin-fp').getAttribute('title')).resolves.toBe(`Dấu vân tay SHA-256 của kết quả: ${expected.fingerprint}`);

      // SO: 14 units, in the engine's order with its ranks, scores, bands and proposals.
      const so = expected.rows.filter((r) => r.group === 'SO');
      await page.locator('.rk-count', { hasText: '14/14 đơn vị' }).waitFor();
      const shown = await page.locator('.rk-grid .ag-grid-scrolling-rows .ag-row[row-id]').evaluateAll((rows) =>
        rows
          .map((r) => ({ id: r.getAttribute('row-id')!, index: Number(r.getAttribute('row-index')) }))
          .sort((a, b) => a.index - b.index)
          .map((r) => r.id),
      );
      expect(shown).toEqual(so.map((r) => r.unit).slice(0, shown.length));
      expect(shown.length).toBeGreaterThanOrEqual(10);
      for (const r of so.slice(0, 6)) {
        expect(await text(page, r.unit, 'rank')).toBe(r.rankLabel);
        expect(await text(page, r.unit, 'unit')).toBe(r.name);
        expect(await text(page, r.unit, 'score')).toBe(vn2(r.score));
        // A band with a note (why it is not higher) is marked with an asterisk, the note in its tooltip.
        expect(await text(page, r.unit, 'band')).toBe(`${r.band.label.vi}${r.bandNote ? ' *' : ''}`);
        expect(await text(page, r.unit, 'proposal')).toBe(r.proposal ? r.proposal.label.vi : 'Không đề xuất');
      }
      expect(await text(page, 'SKHCN', 'rank')).toBe('1');
      expect(await text(page, 'SKHCN', 'proposal')).toBe(BANG_KHEN);
      // The asterisk is explained under the grid.
      await page.getByText('* Đủ điểm cho xếp loại cao hơn nhưng chưa đạt một điều kiện của xếp loại đó').waitFor();
      await page.screenshot({ path: screenshotPath('R1-rankings-so.png') });

      // XA: the demo unit, and two units sharing rank 16 (the next is 18).
      await groupSelect(page).selectOption('XA');
      await page.locator('.rk-count', { hasText: '45/45 đơn vị' }).waitFor();
      const mp = expected.rows.find((r) => r.unit === UNIT.code)!;
      expect(mp).toMatchObject({ rank: 8, proposal: { label: { vi: GIAY_KHEN } } });
      await find(page, 'Mường Phăng', UNIT.code);
      await page.locator('.rk-count', { hasText: '1/45 đơn vị' }).waitFor();
      expect(await text(page, UNIT.code, 'rank')).toBe('8');
      expect(await text(page, UNIT.code, 'score')).toBe(vn2(mp.score));
      expect(await text(page, UNIT.code, 'self')).toBe(vn2(mp.selfScore!));
      const d = mp.difference!;
      expect(await text(page, UNIT.code, 'difference')).toBe(`${d > 0 ? '+' : d < 0 ? '−' : ''}${vn2(Math.abs(d))}`);
      const tied = expected.rows.filter((r) => r.group === 'XA' && r.rank === 16);
      await searchBox(page).fill('');
      await find(page, tied[0]!.name.replace('UBND xã ', ''), tied[0]!.unit);
      expect(await text(page, tied[0]!.unit, 'rank')).toBe('16=');
      await page.mouse.move(0, 0);
      await rkCell(page, tied[0]!.unit, 'rank').hover();
      await page.locator('.ag-tooltip', { hasText: `Đồng hạng 16 với: ${tied[1]!.name} (cùng ${vn2(tied[0]!.score)} điểm)` }).waitFor();

      // A row opens the unit's score and its explanations on the right.
      await searchBox(page).fill('');
      await find(page, 'Mường Phăng', UNIT.code);
      await rkCell(page, UNIT.code, 'unit').click();
      await page.locator('.rk-side .score-panel .unit-title', { hasText: UNIT.name }).waitFor();
      await expect(page.locator('.rk-side .score-panel .total .num-button').textContent()).resolves.toBe(formatNumber(mp.score, 'vi'));
      await searchBox(page).fill('');
      await page.locator('.rk-count', { hasText: '45/45 đơn vị' }).waitFor();
      await page.mouse.move(0, 0);
      await waitForGridSettled(page);
      await page.screenshot({ path: screenshotPath('R1-rankings-xa-unit.png') });
      await accessible(page, 'rankings tab with the score panel');

      // In English too: every word of the screen, the numbers with English separators.
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Rankings 2026' }).waitFor();
      await page.locator('.finalisation-bar .fin-badge', { hasText: /^DRAFT$/ }).waitFor();
      await expect(rkCell(page, UNIT.code, 'score').textContent()).resolves.toBe(mp.score.toFixed(2));
      await page.mouse.move(0, 0);
      await page.screenshot({ path: screenshotPath('R1-rankings-en.png') });
      await page.getByRole('button', { name: 'Tiếng Việt' }).click();
      await page.getByRole('heading', { name: 'Kết quả xếp hạng năm 2026' }).waitFor();

      // The score panel's "see the figures" goes to the evidence grid of that unit.
      await page.getByRole('button', { name: 'Xem số liệu ở thẻ “Nhập minh chứng”' }).click();
      await page.locator('.score-panel .unit-title', { hasText: UNIT.name }).waitFor();
      await page.locator(`.ag-grid-scrolling-rows .ag-row[row-id^="${UNIT.code}|"]`).first().waitFor();
      expect(realErrors(errors)).toEqual([]);
    });
  }, 180_000);

  it('R2. overrides a proposal only with a written reason; the row shows the override, the computed proposal and the reason', async () => {
    await session(suite, 'results-override', async ({ page, app, errors, demoFile }) => {
      await openRankings(page, app.url);
      await find(page, 'Mường Phăng', UNIT.code);
      await page.getByRole('button', { name: `Điều chỉnh đề xuất khen thưởng của ${UNIT.name}` }).click();
      const dialog = page.getByRole('dialog', { name: 'Điều chỉnh đề xuất khen thưởng' });
      await dialog.waitFor();
      await dialog.getByText(`${UNIT.name} (${UNIT.code}) · khối XA · hạng 8`).waitFor();
      await expect(dialog.locator('.ov-facts dd').first().textContent()).resolves.toBe(GIAY_KHEN);
      await dialog.getByLabel('Đề xuất điều chỉnh thành').selectOption({ label: BANG_KHEN });
      // No reason: refused in the dialog, nothing written.
      await dialog.getByRole('button', { name: 'Lưu điều chỉnh' }).click();
      await dialog.locator('.field-problem', { hasText: 'Hãy ghi lý do.' }).waitFor();
      const reason = 'Đơn vị điển hình về chuyển đổi số của tỉnh (biên bản họp hội đồng ngày 15/12/2026)';
      await dialog.getByLabel(/^Lý do/).fill(reason);
      await expect(dialog.locator('.field-problem').count()).resolves.toBe(0);
      await page.screenshot({ path: screenshotPath('R2-override-dialog.png') });
      await accessible(page, 'override dialog');
      await dialog.getByRole('button', { name: 'Lưu điều chỉnh' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.locator('.rk-flash', { hasText: `Đã điều chỉnh đề xuất của ${UNIT.name}.` }).waitFor();

      const cellText = await text(page, UNIT.code, 'proposal');
      expect(cellText).toMatch(new RegExp(`^${BANG_KHEN}Đã điều chỉnh`));
      expect(cellText).toContain(`Theo quy tắc: ${GIAY_KHEN}`);
      expect(cellText).toContain(`Lý do: ${reason}`);
      await waitForSaved(page);
      await expect(onDisk(demoFile, (f) => f.proposalOverrides(2026).map((o) => [o.unit, o.proposal, o.reason]))).resolves.toEqual([
        [UNIT.code, 'bang_khen_chu_tich_ubnd_tinh', reason],
      ]);
      await searchBox(page).fill('');
      await page.locator('.rk-count', { hasText: '45/45 đơn vị' }).waitFor();
      // The score panel the row opened is closed, to see the whole row.
      await page.getByRole('button', { name: 'Đóng khung điểm' }).click();
      await rkRow(page, UNIT.code).scrollIntoViewIfNeeded();
      await page.mouse.move(0, 0);
      await waitForGridSettled(page);
      await page.screenshot({ path: screenshotPath('R2-override-row.png') });

      // Clearing needs a reason too.
      await find(page, 'Mường Phăng', UNIT.code);
      await page.getByRole('button', { name: `Điều chỉnh đề xuất khen thưởng của ${UNIT.name}` }).click();
      await dialog.getByRole('button', { name: 'Bỏ điều chỉnh' }).click();
      await dialog.locator('.field-problem', { hasText: 'Hãy ghi lý do.' }).waitFor();
      await dialog.getByLabel(/^Lý do/).fill('Hội đồng họp lại, giữ đề xuất theo quy tắc');
      await dialog.getByRole('button', { name: 'Bỏ điều chỉnh' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(() => text(page, UNIT.code, 'proposal')).toBe(GIAY_KHEN);
      await waitForSaved(page);
      await expect.poll(() => onDisk(demoFile, (f) => f.proposalOverrides(2026).length)).toBe(0);
      const log = await onDisk(demoFile, (f) => f.auditLog().filter((a) => a.action.startsWith('override.')).map((a) => [a.action, a.reason]));
      expect(log).toEqual([
        ['override.create', reason],
        ['override.clear', 'Hội đồng họp lại, giữ đề xuất theo quy tắc'],
      ]);
      expect(realErrors(errors)).toEqual([]);
    });
  }, 180_000);

  it('R3. finalises the year: the evidence grid is read only and refuses an edit with the file’s sentence; reopened with a reason, it edits again', async () => {
    await session(suite, 'results-finalise', async ({ page, app, errors, demoFile }) => {
      await openRankings(page, app.url);
      await page.getByRole('button', { name: 'Chốt kết quả…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Chốt kết quả năm 2026' });
      await dialog.waitFor();
      await dialog.getByText(expected.fingerprint).waitFor();
      await dialog.getByLabel('Người chốt kết quả (chủ tịch hội đồng)').fill('Lò Văn Chủ tịch');
      await page.screenshot({ path: screenshotPath('R3-finalise-dialog.png') });
      await dialog.getByRole('button', { name: 'Chốt kết quả' }).click();
      await dialog.waitFor({ state: 'detached' });
      const badge = page.locator('.finalisation-bar .fin-badge', { hasText: /^ĐÃ CHỐT$/ });
      await badge.waitFor();
      const line = ((await page.locator('.finalisation-bar .fin-line').textContent()) ?? '').trim();
      expect(line).toMatch(/^ngày \d{2}\/\d{2}\/\d{4} bởi Lò Văn Chủ tịch$/);
      await expect(page.locator('#results-fingerprint').getAttribute('data-full')).resolves.toBe(expected.fingerprint);
      await find(page, 'Mường Phăng', UNIT.code);
      await expect(page.getByRole('button', { name: `Điều chỉnh đề xuất khen thưởng của ${UNIT.name}` }).isDisabled()).resolves.toBe(true);
      await searchBox(page).fill('');
      await page.screenshot({ path: screenshotPath('R3-finalised-bar.png') });
      await waitForSaved(page);
      await expect(onDisk(demoFile, (f) => f.finalisation(2026))).resolves.toMatchObject({ finalisedBy: 'Lò Văn Chủ tịch', fingerprint: expected.fingerprint });

      // The evidence grid: a banner, and an edit refused with the file's own sentence; nothing changes.
      await page.getByRole('tab', { name: 'Nhập minh chứng' }).click();
      await waitForWorkspace(page);
      await selectUnit(page, UNIT.search, UNIT.name);
      await page.locator('.readonly-banner', { hasText: /^Chỉ xem: kết quả năm 2026 đã được chốt ngày \d{2}\/\d{2}\/\d{4} bởi Lò Văn Chủ tịch, không sửa được\./ }).waitFor();
      const before = await entryOnDisk(demoFile, { indicator: '2.2', who: '' });
      await focusCell(page, '2.2', 'v1');
      await page.keyboard.type('7');
      const notice = await waitForNotice(page, /đã được chốt kết quả/);
      expect(notice).toMatch(/^2\.2 · Số liệu: Không nhận giá trị: Năm 2026 đã được chốt kết quả ngày \d{2}\/\d{2}\/\d{4} \(Lò Văn Chủ tịch\); muốn sửa phải mở lại với lý do$/);
      // No editor opened, the value is as it was.
      await expect(page.locator('.ag-cell-inline-editing').count()).resolves.toBe(0);
      await page.screenshot({ path: screenshotPath('R3-grid-read-only.png') });
      await accessible(page, 'evidence grid of a final year');
      expect(await entryOnDisk(demoFile, { indicator: '2.2', who: '' })).toEqual(before);

      // Reopen: a reason is required; then the year is a draft again and the grid edits.
      await page.getByRole('tab', { name: 'Xếp hạng' }).click();
      await page.getByRole('button', { name: 'Mở lại…' }).click();
      const reopen = page.getByRole('dialog', { name: 'Mở lại kết quả năm 2026' });
      await reopen.getByRole('button', { name: 'Mở lại kết quả' }).click();
      await reopen.locator('.field-problem', { hasText: 'Hãy ghi lý do.' }).waitFor();
      const why = 'UBND xã Mường Phăng gửi bổ sung tài liệu kiểm chứng chỉ tiêu 2.2';
      await reopen.getByLabel('Lý do mở lại (bắt buộc, ghi vào nhật ký)').fill(why);
      await reopen.getByLabel('Người mở lại').fill('Lò Văn Chủ tịch');
      await reopen.getByRole('button', { name: 'Mở lại kết quả' }).click();
      await reopen.waitFor({ state: 'detached' });
      await page.locator('.finalisation-bar .fin-badge', { hasText: /^DỰ THẢO$/ }).waitFor();
      await page.getByRole('button', { name: 'Lịch sử chốt (2)' }).click();
      const history = page.getByRole('dialog', { name: 'Lịch sử chốt và mở lại kết quả năm 2026' });
      await history.waitFor();
      const rows = await history.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
      expect(rows.map((r) => [r[1], r[2], r[4]])).toEqual([
        ['Chốt kết quả', 'Lò Văn Chủ tịch', '—'],
        ['Mở lại', 'Lò Văn Chủ tịch', why],
      ]);
      await page.screenshot({ path: screenshotPath('R3-history.png') });
      await history.getByRole('button', { name: 'Đóng' }).click();
      await waitForSaved(page);
      await expect(onDisk(demoFile, (f) => [f.isFinalised(2026), f.finalisationHistory(2026).map((h) => [h.action, h.actor, h.reason])])).resolves.toEqual([
        false,
        [
          ['finalise', 'Lò Văn Chủ tịch', ''],
          ['reopen', 'Lò Văn Chủ tịch', why],
        ],
      ]);
      await expect(onDisk(demoFile, (f) => f.auditLog().filter((a) => a.action === 'year.reopen').map((a) => [a.actor, a.reason]))).resolves.toEqual([['Lò Văn Chủ tịch', why]]);

      await page.getByRole('tab', { name: 'Nhập minh chứng' }).click();
      await selectUnit(page, UNIT.search, UNIT.name);
      await expect(page.locator('.readonly-banner').count()).resolves.toBe(0);
      await focusCell(page, '2.2', 'v1');
      await page.keyboard.type('7');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator(`.ag-grid-scrolling-rows .ag-row[row-id="${UNIT.code}|2.2"] .ag-cell[col-id="v1"]`).textContent()).toBe('7');
      expect(realErrors(errors)).toEqual([]);
    });
  }, 240_000);

  it('R4. exports the rankings workbook (DỰ THẢO on a draft, the finalisation once final) and the nomination list as an A4 PDF', async () => {
    await session(suite, 'results-export', async ({ page, app, errors }) => {
      await captureDownloads(page);
      await openRankings(page, app.url);
      await page.getByRole('button', { name: 'Xuất kết quả…' }).click();
      const list = page.getByRole('dialog', { name: /^Xuất kết quả năm 2026$/ });
      await list.waitFor();
      await list.getByText('Kết quả chưa được chốt: mọi tệp xuất được đánh dấu “DỰ THẢO”.').waitFor();
      await page.screenshot({ path: screenshotPath('R4-export-list.png') });
      await accessible(page, 'export list');
      await list.getByRole('button', { name: 'Đóng' }).click();

      // The draft workbook.
      await exportFromDialog(page, /^Bảng xếp hạng \(Excel\)/);
      const draft = await exported(page, 0);
      expect(draft.name).toBe('xep-hang-2026-du-thao.xlsx');
      await page.locator('.rk-flash', { hasText: 'Đã xuất: xep-hang-2026-du-thao.xlsx' }).waitFor();
      const wb = readXlsx(draft.bytes);
      if (!wb.ok) throw new Error('the exported workbook does not read back');
      const cover = wb.value.sheets.find((s) => s.name === 'Thông tin')!;
      expect(sheetText(cover)).toContain('DỰ THẢO');
      expect(sheetText(cover)).toContain(expected.fingerprint);
      const xa = wb.value.sheets.find((s) => s.name === 'Khối XA')!;
      const mp = expected.rows.find((r) => r.unit === UNIT.code)!;
      const mpRow = rowWith(xa, UNIT.name);
      expect(mpRow).toContain('8');
      expect(mpRow).toContain(String(mp.score));
      expect(mpRow).toContain(GIAY_KHEN);
      // A shared rank is the number 16 shown "16=" (its number format), as on the screen.
      const tiedRow = rowWith(xa, expected.rows.find((r) => r.group === 'XA' && r.rank === 16)!.name);
      expect(tiedRow[0]).toBe('16');
      const xaSheetNumber = wb.value.sheets.findIndex((s) => s.name === 'Khối XA') + 1;
      expect(styleAt(draft.bytes, xaSheetNumber, `A${tiedRow.row}`).numFmt).toBe('0"="');
      expect(styleAt(draft.bytes, xaSheetNumber, `A${mpRow.row}`).numFmt).not.toBe('0"="');

      // Finalised, the workbook says so (and no DỰ THẢO anywhere).
      await page.getByRole('button', { name: 'Chốt kết quả…' }).click();
      const confirm = page.getByRole('dialog', { name: 'Chốt kết quả năm 2026' });
      await confirm.getByLabel('Người chốt kết quả (chủ tịch hội đồng)').fill('Lò Văn Chủ tịch');
      await confirm.getByRole('button', { name: 'Chốt kết quả' }).click();
      await page.locator('.finalisation-bar .fin-badge', { hasText: /^ĐÃ CHỐT$/ }).waitFor();
      await exportFromDialog(page, /^Bảng xếp hạng \(Excel\)/);
      const final = await exported(page, 1);
      expect(final.name).toBe('xep-hang-2026.xlsx');
      const wb2 = readXlsx(final.bytes);
      if (!wb2.ok) throw new Error('the exported workbook does not read back');
      const cover2 = sheetText(wb2.value.sheets.find((s) => s.name === 'Thông tin')!);
      expect(cover2).not.toContain('DỰ THẢO');
      expect(cover2).toContain('Lò Văn Chủ tịch');
      expect(cover2).toContain(expected.fingerprint);

      // The nomination list, printed to PDF by the server's Chromium: A4 landscape pages.
      await exportFromDialog(page, /^Danh sách đề nghị khen thưởng \(PDF để in\)/);
      const pdf = await exported(page, 2);
      expect(pdf.name).toBe('de-nghi-khen-thuong-2026.pdf');
      expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
      const boxes = [...Buffer.from(pdf.bytes).toString('latin1').matchAll(/\/MediaBox\s*\[\s*([-\d.\s]+)\]/g)].map((m) => m[1]!.trim().split(/\s+/).map(Number));
      expect(boxes.length).toBeGreaterThanOrEqual(1);
      for (const [x0, y0, x1, y1] of boxes) {
        const [w, h] = [x1! - x0!, y1! - y0!];
        expect(Math.abs(Math.max(w, h) - 841.89), `page ${w}×${h}`).toBeLessThan(1.5);
        expect(Math.abs(Math.min(w, h) - 595.28), `page ${w}×${h}`).toBeLessThan(1.5);
      }
      const path = screenshotPath('R4-nomination-list.pdf');
      const pages = (bytes: Uint8Array) => [...Buffer.from(bytes).toString('latin1').matchAll(/\/MediaBox\s*\[\s*([-\d.\s]+)\]/g)].map((m) => m[1]!.trim().split(/\s+/).map(Number));
      writeFileSync(path, pdf.bytes);
      if (existsSync('/usr/bin/pdftoppm')) {
        // The first page as a picture, to look at beside the screenshots.
        execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', path, path.replace(/\.pdf$/, '')]);
      }

      // Every scorecard in one PDF (with progress while it prints): portrait A4, at least a page per unit.
      await page.getByRole('button', { name: 'Xuất kết quả…' }).click();
      await page.getByRole('button', { name: /^Phiếu điểm tất cả đơn vị, gộp một tệp/ }).click();
      await page.mouse.move(0, 0);
      await page.locator('.progress-dialog', { hasText: /Đang (tạo|in) phiếu điểm tất cả đơn vị/ }).waitFor({ timeout: 30_000 });
      await page.screenshot({ path: screenshotPath('R4-export-progress.png') });
      const all = await exported(page, 3);
      expect(all.name).toBe('phieu-diem-tat-ca-don-vi-2026.pdf');
      const allPages = pages(all.bytes);
      expect(allPages.length).toBeGreaterThanOrEqual(61);
      for (const [x0, y0, x1, y1] of allPages) expect([Math.round(x1! - x0!), Math.round(y1! - y0!)]).toEqual([595, 842]);

      // One scorecard file per unit of the group shown, zipped: the two press agencies.
      await groupSelect(page).selectOption('BC');
      await page.getByRole('button', { name: 'Xuất kết quả…' }).click();
      await page.getByRole('button', { name: /^Phiếu điểm từng đơn vị khối BC, mỗi đơn vị một tệp PDF \(\.zip, 2 tệp\)/ }).click();
      const zip = await exported(page, 4);
      expect(zip.name).toBe('phieu-diem-tung-don-vi-khoi-bc-2026.zip');
      const files = unzipSync(zip.bytes);
      const bc = expected.rows.filter((r) => r.group === 'BC');
      expect(Object.keys(files).sort()).toEqual(bc.map((r) => `phieu-diem-2026-${fileSafe(r.unit)}-${fileSafe(r.name)}.pdf`).sort());
      for (const bytes of Object.values(files)) expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
      expect(realErrors(errors)).toEqual([]);
    });
  }, 300_000);
});
