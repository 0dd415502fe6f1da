/**
 * No edit lost when the page dies. Every entry edit is journaled by the host before the grid shows it as
 * done; here saves are blocked (as if the crash came before the autosave), the page's renderer is crashed
 * through the DevTools protocol, and a new page opening the same file must find both edits, say that it
 * recovered them, and have saved them to the file.
 */
import { existsSync } from 'node:fs';
import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cellText, e2eSuite, entryOnDisk, focusCell, MEMBER, moveFocusTo, newPage, openUnitAs, screenshotPath, session, waitForCell } from './helpers';

const suite = e2eSuite();

/** Types a value into the unit's indicator `code` (first input) with the keyboard, and waits for the cell to show it. */
async function enterValue(page: Page, code: string, value: string): Promise<void> {
  await focusCell(page, '2.1', 'v1');
  await moveFocusTo(page, code, 'v1');
  await page.keyboard.type(value);
  await page.keyboard.press('Enter');
  await waitForCell(page, code, 'v1', (t) => t === value);
}

describe('a crash of the page', () => {
  it('17. loses no edit: the journal brings back edits no save included, and the file then holds them', async () => {
    await session(suite, 'crash', async ({ page, app, demoFile }) => {
      await openUnitAs(page, app.url, { pick: MEMBER });
      // No save reaches the server from this page: the crash comes before any autosave.
      await page.route('**/api/save*', (route) => route.abort());

      await enterValue(page, '2.2', '11');
      await moveFocusTo(page, '2.4', 'v1');
      const before24 = await cellText(page, '2.4', 'v1');
      expect(before24).not.toBe('5');
      await page.keyboard.type('5');
      await page.keyboard.press('Enter');
      await waitForCell(page, '2.4', 'v1', (t) => t === '5');

      expect(await entryOnDisk(demoFile, { indicator: '2.2', who: MEMBER }), 'not saved before the crash').toBeNull();
      expect(existsSync(`${demoFile}.journal`), 'the edits are in the journal').toBe(true);

      const cdp = await page.context().newCDPSession(page);
      // The call dies with the page: it may never answer, so it is not awaited beyond the page's death.
      void cdp.send('Page.crash').catch(() => undefined);
      await new Promise<void>((done) => page.once('crash', () => done()));

      const again = await newPage(suite.browser);
      try {
        await openUnitAs(again.page, app.url, { pick: MEMBER }, '11');
        expect(await cellText(again.page, '2.4', 'v1')).toBe('5');
        const notice = await again.page.locator('.recovered-notice').textContent();
        expect(notice).toContain('đã khôi phục 2 thay đổi chưa kịp lưu');
        await again.page.screenshot({ path: screenshotPath('17-recovered-after-crash.png') });

        // Recovery saved them at once: the file holds both edits and the journal is gone.
        expect(await entryOnDisk(demoFile, { indicator: '2.2', who: MEMBER })).toMatchObject({ value: 11 });
        expect(await entryOnDisk(demoFile, { indicator: '2.4', who: MEMBER })).toMatchObject({ value: 5 });
        expect(existsSync(`${demoFile}.journal`)).toBe(false);
      } finally {
        await again.context.close();
      }
    });
  }, 150_000);

  it('17b. an edit made while a save is being written stays “unsaved” until a later save holds it', async () => {
    await session(suite, 'save-during-edit', async ({ page, app, demoFile }) => {
      await openUnitAs(page, app.url, { pick: MEMBER });
      const unsaved = page.locator('.file-name [aria-label="Có thay đổi chưa lưu"]');
      // Saves are held at the server's door, each until the test lets it through.
      const held: Route[] = [];
      let letThrough = false;
      await page.route('**/api/save*', (route) => {
        if (letThrough) void route.continue();
        else held.push(route);
      });

      await enterValue(page, '2.2', '11');
      await page.keyboard.press('Control+s');
      await expect.poll(() => held.length, { timeout: 15_000 }).toBe(1);

      await moveFocusTo(page, '2.4', 'v1');
      await page.keyboard.type('5');
      await page.keyboard.press('Enter');
      await waitForCell(page, '2.4', 'v1', (t) => t === '5');

      const first = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/save');
      await held[0]!.continue();
      expect((await first).status()).toBe(200);
      // That image was taken before 2.4 was typed (the autosave after it is held): the file has 2.2, not 2.4,
      // and the page says there are unsaved changes.
      await page.waitForTimeout(300);
      expect(await unsaved.count()).toBe(1);
      expect(await entryOnDisk(demoFile, { indicator: '2.2', who: MEMBER })).toMatchObject({ value: 11 });
      expect(await entryOnDisk(demoFile, { indicator: '2.4', who: MEMBER })).not.toMatchObject({ value: 5 });

      // The autosave that follows holds it, and only then is the file shown as saved.
      letThrough = true;
      for (const route of held.slice(1)) await route.continue();
      await unsaved.waitFor({ state: 'detached', timeout: 20_000 });
      expect(await entryOnDisk(demoFile, { indicator: '2.4', who: MEMBER })).toMatchObject({ value: 5 });
    });
  }, 150_000);
  it('17c. leaving the file saves what is not saved yet; a save that fails asks before leaving', async () => {
    await session(suite, 'leave-unsaved', async ({ page, app, demoFile }) => {
      await openUnitAs(page, app.url, { pick: MEMBER });
      const start = page.getByRole('button', { name: 'Mở tệp mẫu' });
      // Saves wait at the server's door until the test lets them through: "Đóng tệp" comes before any autosave.
      const held: Route[] = [];
      await page.route('**/api/save*', (route) => void held.push(route));

      await enterValue(page, '2.2', '11');
      await page.getByRole('button', { name: 'Đóng tệp' }).click();
      // The file is not closed while its save is being written.
      await expect.poll(() => held.length, { timeout: 15_000 }).toBeGreaterThan(0);
      await page.waitForTimeout(300);
      expect(await start.count(), 'left before the save').toBe(0);
      for (const route of held) await route.continue();
      await page.unroute('**/api/save*');
      await start.waitFor();
      expect(await entryOnDisk(demoFile, { indicator: '2.2', who: MEMBER })).toMatchObject({ value: 11 });
      expect(existsSync(`${demoFile}.journal`), 'the save included the journal').toBe(false);

      // A save that fails: the person is asked, and staying keeps the file open with the edit on screen.
      await openUnitAs(page, app.url, { pick: MEMBER }, '11');
      await page.route('**/api/save*', (route) => route.abort());
      await enterValue(page, '2.4', '5');
      await page.getByRole('button', { name: 'Đóng tệp' }).click();
      const ask = page.locator('.leave-unsaved');
      await ask.waitFor();
      expect(await ask.textContent()).toContain('Các thay đổi mới nhất chưa được lưu vào tệp');
      await page.screenshot({ path: screenshotPath('17c-leave-unsaved.png') });
      await ask.getByRole('button', { name: 'Ở lại' }).click();
      await ask.waitFor({ state: 'detached' });
      expect(await cellText(page, '2.4', 'v1')).toBe('5');
      expect(await start.count()).toBe(0);

      // Leaving anyway: the start screen; the edit is in the journal and comes back with the file.
      await page.getByRole('button', { name: 'Đóng tệp' }).click();
      await ask.getByRole('button', { name: 'Vẫn đóng' }).click();
      await start.waitFor();
      expect(await entryOnDisk(demoFile, { indicator: '2.4', who: MEMBER })).not.toMatchObject({ value: 5 });
      await page.unroute('**/api/save*');
      await openUnitAs(page, app.url, { pick: MEMBER }, '11');
      expect(await cellText(page, '2.4', 'v1')).toBe('5');
    });
  }, 150_000);
  it('17d. “Đóng tệp” clicked while a value is still being typed keeps it: the edit ends, is saved, then the file closes', async () => {
    await session(suite, 'leave-while-typing', async ({ page, app, demoFile }) => {
      await openUnitAs(page, app.url, { pick: MEMBER });
      await focusCell(page, '2.1', 'v1');
      await moveFocusTo(page, '2.2', 'v1');
      // Typing opens the cell's editor; no Enter: the click on "Đóng tệp" ends the edit as the focus leaves.
      await page.keyboard.type('17');
      await page.locator('.ag-cell-inline-editing input, .ag-popup-editor input').waitFor();
      await page.getByRole('button', { name: 'Đóng tệp' }).click();
      await page.getByRole('button', { name: 'Mở tệp mẫu' }).waitFor();
      expect(await entryOnDisk(demoFile, { indicator: '2.2', who: MEMBER })).toMatchObject({ value: 17 });
      expect(existsSync(`${demoFile}.journal`), 'nothing left unsaved').toBe(false);
    });
  }, 90_000);
});
