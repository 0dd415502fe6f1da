/**
 * The start screen (create a new file for 2026, back to it with "Đóng tệp") and the accessibility pass with
 * axe-core on the start screen, the evidence grid and the panel view.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeViolations, e2eSuite, runAxe, screenshotPath, session, waitForWorkspace } from './helpers';

const suite = e2eSuite();

describe('start screen', () => {
  it('10. creates a new evaluation file for 2026, and "Đóng tệp" goes back to it', async () => {
    await session(
      suite,
      'start-screen',
      async ({ page, app }) => {
        await page.goto(app.url);
        const create = page.getByRole('button', { name: 'Tạo tệp đánh giá mới' });
        await create.waitFor({ timeout: 30_000 });
        await expect(page.locator('h1').textContent()).resolves.toBe('Bộ tiêu chí đánh giá kết quả truyền thông về KH, CN, ĐMST và CĐS');
        await page.getByRole('button', { name: 'Mở tệp mẫu Điện Biên' }).waitFor();
        await page.getByRole('button', { name: 'Mở tệp…' }).waitFor();
        await page.getByText('Chưa có tệp nào gần đây').waitFor();
        await page.screenshot({ path: screenshotPath('10-start-screen.png') });

        await page.getByLabel('Năm đánh giá').selectOption('2026');
        await create.click();
        // The workspace of the new, empty file.
        await page.locator('.topbar .file-name', { hasText: /^tep-danh-gia-\d{8}-\d{6}(-\d+)?\.nq57/ }).waitFor({ timeout: 30_000 });
        const name = ((await page.locator('.topbar .file-name').textContent()) ?? '').replace(/\s*●$/, '').trim();
        expect(existsSync(join(app.workDir, name)), `${name} in the working folder`).toBe(true);
        const years = await page.locator('.topbar label.field').first().locator('select option').allTextContents();
        expect(years).toEqual(['2026']);
        await expect(page.locator('.unit-list .unit-item').count()).resolves.toBe(0);
        await page.getByText('Chọn một đơn vị ở danh sách bên trái.').waitFor();
        // No grid yet: no grid keys under it; the score panel says what it will show.
        await expect(page.locator('.keyboard-help').count()).resolves.toBe(0);
        await page.locator('.score-panel', { hasText: 'Tổng điểm, điểm từng nhóm tiêu chí và cách tính của đơn vị đang chọn sẽ hiện ở đây.' }).waitFor();
        await page.screenshot({ path: screenshotPath('10-new-file-2026.png') });

        // "Đóng tệp" → the start screen, with the new file among the recent ones.
        await page.getByRole('button', { name: 'Đóng tệp' }).click();
        await create.waitFor();
        await page.locator('.recent li', { hasText: name }).waitFor();
        expect(readdirSync(app.workDir).filter((f) => f.endsWith('.lock'))).toEqual([]);
      },
      { seed: false, startWith: { kind: 'start-screen' } },
    );
  }, 120_000);
});

describe('accessibility (axe-core: no serious or critical violations)', () => {
  const serious = (v: { impact: string | null }) => v.impact === 'serious' || v.impact === 'critical';

  it('11a. start screen', async () => {
    await session(
      suite,
      'axe-start',
      async ({ page, app }) => {
        await page.goto(app.url);
        await page.getByRole('button', { name: 'Tạo tệp đánh giá mới' }).waitFor({ timeout: 30_000 });
        const violations = await runAxe(page);
        console.info(`axe, start screen:\n${describeViolations(violations) || 'no violations'}`);
        expect(describeViolations(violations.filter(serious))).toBe('');
      },
      { seed: false, startWith: { kind: 'start-screen' } },
    );
  }, 90_000);

  it('11b. workspace: evidence grid, score panel, and the panel view', async () => {
    await session(suite, 'axe-workspace', async ({ page, app }) => {
      await page.goto(app.url);
      await waitForWorkspace(page);
      const grid = await runAxe(page);
      console.info(`axe, workspace (evidence grid):\n${describeViolations(grid) || 'no violations'}`);
      await page.getByRole('tab', { name: 'Hội đồng thẩm định' }).click();
      await page.locator('.panel-view .ag-row[row-id]').first().waitFor();
      const panel = await runAxe(page);
      console.info(`axe, workspace (panel view):\n${describeViolations(panel) || 'no violations'}`);
      expect({
        grid: describeViolations(grid.filter(serious)),
        panel: describeViolations(panel.filter(serious)),
      }).toEqual({ grid: '', panel: '' });
    });
  }, 120_000);
});
