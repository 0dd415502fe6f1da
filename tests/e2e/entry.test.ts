/**
 * Entering evidence in the grid: keyboard only, pasting a block from Excel, invalid values refused, undo/redo.
 * Every test: the demo file, the unit "UBND xã Mường Phăng" (XA), and a panel member.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { nodeFileEnv } from '../../node/file-env';
import { loadSqlJs } from '../../node/sqljs';
import { EvaluationFile } from '../../shared/file/evaluation-file';
import {
  accepted,
  cell,
  cellText,
  e2eSuite,
  entryOnDisk,
  focusCell,
  focusedCell,
  moveFocusTo,
  MEMBER,
  NEW_MEMBER,
  notices,
  openUnitAs,
  rowId,
  saveState,
  screenshotPath,
  session,
  snapshot,
  tooltipOf,
  totalText,
  UNIT,
  waitForCell,
  waitForNotice,
  waitForSaved,
  waitForTotalChange,
} from './helpers';

const suite = e2eSuite();

describe('evidence entry', () => {
  it('2. keyboard only: date, yes/no, count, both halves of a ratio, a scale; points and total follow; the explanation says why', async () => {
    await session(suite, 'keyboard', async ({ page, app }) => {
      await openUnitAs(page, app.url, { add: NEW_MEMBER });
      const start = await totalText(page);

      // The one mouse action: put the cursor in the first value cell. Everything after is keys.
      await focusCell(page, '1.1', 'v1');

      // 1.1, a date, typed day first whatever the system's locale (20/03/2026 cannot be read month first):
      // Enter opens a text editor, empty for this new member, not the browser's locale-bound date input.
      let before = await snapshot(page, '1.1');
      expect(before.points).toBe('6/6');
      await page.keyboard.press('Enter');
      const dateEditor = page.locator('.ag-cell-inline-editing input');
      await dateEditor.waitFor();
      expect(await dateEditor.getAttribute('type')).not.toBe('date');
      expect(await dateEditor.inputValue()).toBe('');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('20/03/2026');
      await page.keyboard.press('Enter');
      let after = await accepted(page, '1.1', 'v1', '20/03/2026', before);
      expect(after.points).toBe('5,33/6'); // (6 + 6 + 4) / 3: on time for 4 points, not 6
      expect((await focusedCell(page))?.row, 'Enter moves down after an edit').toBe(rowId('1.2'));

      // 1.3, yes/no with the list editor: ↓ to the 1.3 row, Enter opens the list, ↓↓ picks "Không", Enter.
      await page.keyboard.press('ArrowDown');
      before = await snapshot(page, '1.3');
      await page.keyboard.press('Enter');
      await page.locator('.ag-select-list').waitFor();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      after = await accepted(page, '1.3', 'v1', 'Không', before);
      expect(after.points).toBe('1,33/2');

      // 2.2, a count: arrows down to it, type over the cell, Enter.
      await moveFocusTo(page, '2.2', 'v1');
      before = await snapshot(page, '2.2');
      await page.keyboard.type('6');
      await page.keyboard.press('Enter');
      after = await accepted(page, '2.2', 'v1', '6', before);
      expect(after.points).toBe('5,25/7'); // (7 + 6/12 × 7) / 2

      // 3.1, a ratio: numerator, Tab to the denominator, Enter; the percentage appears.
      await moveFocusTo(page, '3.1', 'v1');
      before = await snapshot(page, '3.1');
      await page.keyboard.type('30');
      await page.keyboard.press('Tab');
      await waitForCell(page, '3.1', 'v1', (t) => t === '30');
      expect(await focusedCell(page)).toEqual({ row: rowId('3.1'), col: 'v2' });
      await page.keyboard.type('40');
      await page.keyboard.press('Enter');
      await waitForCell(page, '3.1', 'ratio', (t) => t === '75%');
      after = await accepted(page, '3.1', 'v2', '40', before);
      await waitForCell(page, '3.1', 'points', (t) => t === '6,67/8');

      // F2 edits the value in place: back up and left to the numerator, F2, replace 30 by 36.
      before = await snapshot(page, '3.1');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowLeft');
      expect(await focusedCell(page)).toEqual({ row: rowId('3.1'), col: 'v1' });
      await page.keyboard.press('F2');
      const editor = page.locator('.ag-cell-inline-editing input');
      await editor.waitFor();
      await expect(editor.inputValue()).resolves.toBe('30');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('36');
      await page.keyboard.press('Enter');
      await waitForCell(page, '3.1', 'ratio', (t) => t === '90%');
      after = await accepted(page, '3.1', 'v1', '36', before);
      expect(after.points).toBe('7,33/8');

      // 5.1b, the panel's 0–5 scale, with a Vietnamese decimal comma.
      await moveFocusTo(page, '5.1b', 'v1');
      before = await snapshot(page, '5.1b');
      await page.keyboard.type('2,5');
      await page.keyboard.press('Enter');
      after = await accepted(page, '5.1b', 'v1', '2,5', before);
      expect(after.points).toBe('3,5/5');

      // Delete clears a value: 2.2 goes back to the other member's points alone.
      await moveFocusTo(page, '2.2', 'v1');
      before = await snapshot(page, '2.2');
      await page.keyboard.press('Delete');
      after = await accepted(page, '2.2', 'v1', '', before);
      expect(after.points).toBe('7/7');
      expect(after.total).not.toBe(start);
      await page.screenshot({ path: screenshotPath('02-keyboard-entry.png') });

      // The evidence reference, also from the keyboard: Enter opens the text editor, Enter stores it.
      await moveFocusTo(page, '5.1b', 'evidence');
      await page.keyboard.press('Enter');
      await page.locator('.ag-popup-editor textarea, .ag-cell-inline-editing textarea').waitFor();
      await page.keyboard.type('Báo cáo số 12/BC-UBND ngày 05/12/2026');
      await page.keyboard.press('Enter');
      await waitForCell(page, '5.1b', 'evidence', (t) => t === 'Báo cáo số 12/BC-UBND ngày 05/12/2026');

      // Why: the points cell's tooltip and the score panel's "Vì sao?" name the new member's figure.
      await moveFocusTo(page, '5.1b', 'points');
      const tip = await tooltipOf(page, '5.1b', 'points');
      expect(tip).toContain(NEW_MEMBER);
      expect(tip).toMatch(/2,5/);
      await page.locator('.score-panel .group-bar', { hasText: /^V\./ }).click();
      const why = (await page.locator('.score-panel .why-text').textContent()) ?? '';
      expect(why).toMatch(/^5\.1b — 3,5\/5/);
      expect(why).toContain(NEW_MEMBER);
      await page.locator('.score-panel .group-bar', { hasText: /^III\./ }).click();
      await expect(page.locator('.score-panel .why-text').textContent()).resolves.toMatch(/3\.1 — 7,33\/8/);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: screenshotPath('02-keyboard-why.png') });
    });
  }, 150_000);

  it('2b. a long evidence reference (300 characters) is stored whole, not cut at 200', async () => {
    await session(suite, 'long-evidence', async ({ page, app, demoFile }) => {
      await openUnitAs(page, app.url, { pick: MEMBER });
      await focusCell(page, '2.4', 'v1');
      await moveFocusTo(page, '2.4', 'evidence');
      const text = `Công văn số 447/UBND-VP ngày 11/07/2026; ${'phụ lục danh mục tin bài đã đăng trên cổng thông tin điện tử, '.repeat(5)}`.slice(0, 300);
      expect(text).toHaveLength(300);
      await page.keyboard.press('Enter');
      const editor = page.locator('.ag-popup-editor textarea, .ag-cell-inline-editing textarea');
      await editor.waitFor();
      await editor.fill(text);
      await page.keyboard.press('Enter');
      await waitForCell(page, '2.4', 'evidence', (t) => t.startsWith('Công văn số 447'));
      await waitForSaved(page, 20_000);
      const file = EvaluationFile.open(await loadSqlJs(), new Uint8Array(readFileSync(demoFile)), nodeFileEnv('e2e')).file;
      const stored = file.entry({ year: 2026, unit: UNIT.code, indicator: '2.4', who: MEMBER })?.evidence ?? '';
      file.close();
      expect(stored.length, `stored “${stored.slice(-40)}”`).toBe(300);
    });
  }, 90_000);

  it('2c. the list editors show their choices (yes/no: Có, Không; a choice: its labels)', async () => {
    await session(suite, 'list-editor', async ({ page, app }) => {
      await openUnitAs(page, app.url, { add: NEW_MEMBER });
      const shown = async (code: string, choose = false) => {
        await focusCell(page, code, 'v1');
        await page.keyboard.press('Enter');
        await page.locator('.ag-select-list').waitFor();
        const items = await page.locator('.ag-select-list .ag-list-item').allTextContents();
        // Each option whole, not cut to "Đã gửi kế hoạ…" by a list as narrow as the cell.
        const cut = await page.locator('.ag-select-list .ag-select-list-item-text').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
        expect(cut, `${code}: options cut`).toEqual([]);
        await page.screenshot({ path: screenshotPath(`02-list-editor-${code}.png`) });
        // Closed without a change, or (choose) with the first option, the longest here.
        await page.keyboard.press(choose ? 'ArrowDown' : 'Escape');
        if (choose) await page.keyboard.press('Enter');
        return items.map((t) => t.trim());
      };
      const yesNo = await shown('1.3');
      const choice = await shown('1.2', true);
      expect({ yesNo, choice }).toEqual({
        yesNo: ['', 'Có', 'Không'],
        choice: ['', 'Đã gửi kế hoạch và dự toán', 'Chỉ gửi kế hoạch', 'Chưa gửi'],
      });

      // The longest option chosen: the cell shows it whole, on two lines, not "Đã gửi kế …".
      await waitForCell(page, '1.2', 'v1', (t) => t === 'Đã gửi kế hoạch và dự toán');
      const fits = await cell(page, '1.2', 'v1').evaluate((c) => {
        const text = (c.querySelector('.ag-cell-value') ?? c) as HTMLElement;
        return { width: text.scrollWidth <= text.clientWidth + 1, height: c.scrollHeight <= c.clientHeight + 1 };
      });
      expect(fits).toEqual({ width: true, height: true });
      await page.screenshot({ path: screenshotPath('02-list-chosen.png') });
    });
  }, 90_000);

  it('8. undo and redo (Ctrl+Z, Ctrl+Y) of an edit, in the grid and in the score', async () => {
    await session(suite, 'undo-redo', async ({ page, app }) => {
      await openUnitAs(page, app.url, { pick: MEMBER });
      await focusCell(page, '2.1', 'v1');
      await moveFocusTo(page, '5.1b', 'v1');
      const original = { v1: await cellText(page, '5.1b', 'v1'), ...(await snapshot(page, '5.1b')) };
      await page.keyboard.type('1');
      await page.keyboard.press('Enter');
      const edited = await accepted(page, '5.1b', 'v1', '1', original);

      await page.keyboard.press('Control+z');
      await waitForCell(page, '5.1b', 'v1', (t) => t === original.v1);
      await waitForCell(page, '5.1b', 'points', (t) => t === original.points);
      await waitForTotalChange(page, edited.total);
      expect(await totalText(page)).toBe(original.total);

      await page.keyboard.press('Control+y');
      await waitForCell(page, '5.1b', 'v1', (t) => t === '1');
      await waitForCell(page, '5.1b', 'points', (t) => t === edited.points);
      await waitForTotalChange(page, original.total);
      expect(await totalText(page)).toBe(edited.total);

      // And the buttons do the same.
      await page.locator('.topbar button', { hasText: /^Hoàn tác$/ }).click();
      await waitForCell(page, '5.1b', 'v1', (t) => t === original.v1);
      await page.locator('.topbar button', { hasText: /^Làm lại$/ }).click();
      await waitForCell(page, '5.1b', 'v1', (t) => t === '1');
    });
  }, 120_000);

  it('4. invalid values are refused at the cell with a Vietnamese message, and nothing is stored', async () => {
    await session(suite, 'invalid', async ({ page, app, demoFile }) => {
      await openUnitAs(page, app.url, { pick: MEMBER });
      const total = await totalText(page);
      await focusCell(page, '2.1', 'v1');
      const cases = [
        { code: '1.1', col: 'v1', value: '31/02/2026', message: 'Ngày không hợp lệ: cần dạng ngày/tháng/năm, ví dụ 10/06/2026' },
        { code: '2.2', col: 'v1', value: '-3', message: 'Số lượng không được âm' },
        { code: '2.6', col: 'v1', value: 'abc', message: 'Không phải số nguyên không âm' },
        { code: '3.1', col: 'v1', value: '50', message: 'Tử số 50 lớn hơn mẫu số 39: chỉ tiêu 3.1 không cho phép vượt 100%' },
        { code: '5.1b', col: 'v1', value: '6', message: 'Điểm phải từ 0 đến 5, là bội của 0,25' },
      ];
      const before: Record<string, string> = {};
      for (const c of cases) {
        await moveFocusTo(page, c.code, c.col);
        before[c.code] = await cellText(page, c.code, c.col);
        await page.keyboard.type(c.value);
        await page.keyboard.press('Enter');
        const notice = await waitForNotice(page, new RegExp(`^${c.code.replace('.', '\\.')} · Số liệu:`));
        expect(notice).toBe(`${c.code} · Số liệu: Không nhận giá trị “${c.value}”: ${c.message}`);
        expect(await cellText(page, c.code, c.col), `${c.code} keeps its value`).toBe(before[c.code]);
      }
      expect(before['3.1'], 'the member’s own numerator').toBe('39');
      expect(await totalText(page)).toBe(total);
      expect(await saveState(page), 'nothing changed, nothing to save').toBe('');
      await page.screenshot({ path: screenshotPath('04-invalid-refused.png') });

      // Nothing in the file, and nothing after a reload.
      for (const c of cases) {
        const stored = await entryOnDisk(demoFile, { indicator: c.code, who: MEMBER });
        expect(JSON.stringify(stored ?? {}), `${c.code} on disk`).not.toContain(JSON.stringify(c.value));
      }
      await openUnitAs(page, app.url, { pick: MEMBER });
      await focusCell(page, '2.1', 'v1');
      for (const c of cases) {
        await moveFocusTo(page, c.code, c.col);
        expect(await cellText(page, c.code, c.col), `${c.code} after reload`).toBe(before[c.code]);
      }
      expect(await totalText(page)).toBe(total);
    });
  }, 120_000);
});

describe('paste from Excel', () => {
  /** 5 rows × 4 columns (value, value 2, ratio, points) from 2.2 down, as Excel puts it on the clipboard. */
  const BLOCK = [
    ['9', '', '', ''],
    ['3', '4', '', ''],
    ['abc', '', '', ''],
    ['Có', '', '', ''],
    ['6', '', '', ''],
  ];
  const TSV = `${BLOCK.map((r) => r.join('\t')).join('\r\n')}\r\n`;

  async function paste(page: Page, origin: string, tsv = TSV): Promise<void> {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await page.evaluate((text) => navigator.clipboard.writeText(text), tsv);
    await page.keyboard.press('Control+V');
  }

  it('3. a 5×4 block is applied cell by cell; the bad cell is reported, the rest applied', async () => {
    await session(suite, 'paste', async ({ page, app }) => {
      await openUnitAs(page, app.url, { add: NEW_MEMBER });
      const total = await totalText(page);
      const before = await cellText(page, '2.4', 'v1');
      await focusCell(page, '2.2', 'v1');
      await paste(page, app.server.url);
      const report = await waitForNotice(page, /^Đã dán \d+ ô; \d+ ô bị từ chối/, 20_000);
      expect(report).toMatch(/^Đã dán 5 ô;/);
      await waitForCell(page, '2.2', 'v1', (t) => t === '9');
      await waitForCell(page, '2.3', 'v1', (t) => t === '3');
      await waitForCell(page, '2.3', 'v2', (t) => t === '4');
      await waitForCell(page, '2.3', 'ratio', (t) => t === '75%');
      await waitForCell(page, '2.5', 'v1', (t) => t === 'Có');
      await waitForCell(page, '2.6', 'v1', (t) => t === '6');
      expect(await cellText(page, '2.4', 'v1'), 'the bad cell is not applied').toBe(before);
      // The report first, then the refusal it counts.
      expect(await notices(page)).toEqual(['Đã dán 5 ô; 1 ô bị từ chối', '2.4 · Số liệu: Không nhận giá trị “abc”: Không phải số nguyên không âm']);
      await waitForTotalChange(page, total);
      await page.screenshot({ path: screenshotPath('03-paste.png') });
    });
  }, 120_000);

  it('3b. the paste report counts as refused only the cells it reports (blank cells over computed columns are not refusals)', async () => {
    await session(suite, 'paste-report', async ({ page, app }) => {
      await openUnitAs(page, app.url, { add: NEW_MEMBER });
      await focusCell(page, '2.2', 'v1');
      await paste(page, app.server.url);
      const report = await waitForNotice(page, /^Đã dán \d+ ô; \d+ ô bị từ chối/, 20_000);
      const listed = (await notices(page)).filter((n) => /^\d+\.\w+ · /.test(n));
      // One cell of the block holds a bad value ("abc"); every other non-empty cell was applied.
      expect(listed).toHaveLength(1);
      expect(report.replace(/:\s*$/, '')).toBe('Đã dán 5 ô; 1 ô bị từ chối');
    });
  }, 90_000);

  it('3c. a paste refused in many cells lists the first eight under its report and counts the rest', async () => {
    await session(suite, 'paste-many-refused', async ({ page, app }) => {
      await openUnitAs(page, app.url, { add: NEW_MEMBER });
      await focusCell(page, '2.2', 'v1');
      // Twelve rows down from 2.2, "abc" in each: no indicator takes it.
      await paste(page, app.server.url, 'abc\r\n'.repeat(12));
      await waitForNotice(page, /^Đã dán \d+ ô; \d+ ô bị từ chối/, 20_000);
      const shown = await notices(page);
      expect(shown[0]).toBe('Đã dán 0 ô; 12 ô bị từ chối');
      expect(shown.slice(1, 9).every((n) => /^\d+\.\w+ · Số liệu: Không nhận giá trị “abc”/.test(n)), shown.join('\n')).toBe(true);
      expect(shown.slice(9)).toEqual(['… và 4 ô bị từ chối khác']);
    });
  }, 90_000);
});
