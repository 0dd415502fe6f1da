/**
 * What goes to the file: attachments, the panel's disagreement, saving (button, Ctrl+S, autosave) and
 * reloading. Each test checks the file on disk too, read in Node, not only what the page shows.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  accepted,
  cell,
  cellText,
  e2eSuite,
  entryOnDisk,
  focusCell,
  MEMBER,
  moveFocusTo,
  NEW_MEMBER,
  openUnitAs,
  realErrors,
  saveState,
  screenshotPath,
  session,
  snapshot,
  totalText,
  waitForCell,
  waitForGridSettled,
  waitForSaved,
  waitForTotalChange,
  waitForWorkspace,
  selectUnit,
  UNIT,
  whoSelect,
} from './helpers';
import { nodeFileEnv } from '../../node/file-env';
import { loadSqlJs } from '../../node/sqljs';
import { EvaluationFile } from '../../shared/file/evaluation-file';
import { SCHEMA_VERSION } from '../../shared/file/schema';
import { withDamagedPage, withDamagedUnitIndex } from '../file/helpers';

const suite = e2eSuite();

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
/** A Windows program: "MZ" header, then the PE offset; renamed .pdf. */
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'), Buffer.alloc(240)]);

describe('attachments', () => {
  it('5. a PDF attached from the hidden file input shows as a chip; an .exe renamed .pdf is refused in both languages', async () => {
    await session(suite, 'attach', async ({ page, app, demoFile }) => {
      await openUnitAs(page, app.url, { pick: MEMBER });
      // 2.4: the member has an entry (3). Reach the attachments column with the keyboard (it is off screen).
      await focusCell(page, '2.4', 'v1');
      await moveFocusTo(page, '2.4', 'attachments');
      const attachments = cell(page, '2.4', 'attachments');
      await expect(attachments.locator('.chip').count()).resolves.toBe(0);
      await attachments.locator('input[type="file"]').setInputFiles({ name: 'Biên bản kiểm tra 2.4.pdf', mimeType: 'application/pdf', buffer: PDF });
      await attachments.locator('.chip', { hasText: 'Biên bản kiểm tra 2.4.pdf' }).waitFor({ timeout: 15_000 });
      // Stored beside the file, by content.
      const store = `${demoFile}.attachments`;
      expect(existsSync(store), `${store} exists`).toBe(true);
      const blobs = readdirSync(store, { recursive: true }).map(String).filter((f) => /[0-9a-f]{64}$/.test(f));
      expect(blobs).toHaveLength(1);
      expect(statSync(join(store, blobs[0]!)).size).toBe(PDF.length);
      // The row grows to hold the chip and the link to attach more: nothing of the cell under the next row.
      expect(await waitForGridSettled(page)).toBe(true);
      const fit = await attachments.evaluate((c) => {
        const row = c.closest('.ag-row')!.getBoundingClientRect();
        const link = c.querySelector('.link-button')!.getBoundingClientRect();
        return { linkInRow: link.bottom <= row.bottom + 1, chipHeight: Math.round(c.querySelector('.chip')!.getBoundingClientRect().height) };
      });
      expect(fit.linkInRow).toBe(true);
      expect(fit.chipHeight).toBeLessThan(30);
      await page.screenshot({ path: screenshotPath('05-attachment.png') });

      // A program with a .pdf name: refused, said in Vietnamese and in English, and nothing attached.
      await attachments.locator('input[type="file"]').setInputFiles({ name: 'bao-cao.pdf', mimeType: 'application/pdf', buffer: EXE });
      const box = page.locator('.error-box', { hasText: 'bao-cao.pdf' });
      await box.waitFor({ timeout: 15_000 });
      const message = ((await box.textContent()) ?? '').replace(/\s+/g, ' ');
      expect(message).toMatch(/tệp thực thi|chương trình/);
      expect(message).toMatch(/executable|program/);
      await expect(attachments.locator('.chip').count()).resolves.toBe(1);
      const after = readdirSync(store, { recursive: true }).map(String).filter((f) => /[0-9a-f]{64}$/.test(f));
      expect(after).toEqual(blobs);
      await page.screenshot({ path: screenshotPath('05-attachment-refused.png') });
    });
  }, 120_000);
});

describe('attachments from the keyboard', () => {
  it('5b. Enter on the attachments cell opens the file picker (keyboard-first: no mouse needed to attach)', async () => {
    await session(suite, 'attach-keyboard', async ({ page, app }) => {
      await openUnitAs(page, app.url, { pick: MEMBER });
      await focusCell(page, '2.4', 'v1');
      await moveFocusTo(page, '2.4', 'attachments');
      const picker = page.waitForEvent('filechooser', { timeout: 5_000 }).then(
        () => true,
        () => false,
      );
      await page.keyboard.press('Enter');
      expect(await picker, 'a file picker opened').toBe(true);
    });
  }, 90_000);
});

describe('the panel', () => {
  it('6. another member’s score far from the first’s on the 0–5 scale is flagged as a disagreement', async () => {
    await session(suite, 'disagreement', async ({ page, app }) => {
      // Nguyễn Văn An gave 5.1b 4,5; Trần Minh Đức has not scored it.
      await openUnitAs(page, app.url, { pick: MEMBER });
      await focusCell(page, '2.1', 'v1');
      await moveFocusTo(page, '5.1b', 'v1');
      const statusCell = cell(page, '5.1b', 'status');
      await expect(statusCell.locator('.badge-disagreement').count()).resolves.toBe(0);
      const before = await snapshot(page, '5.1b');
      await page.keyboard.type('1');
      await page.keyboard.press('Enter');
      await accepted(page, '5.1b', 'v1', '1', before);
      await statusCell.locator('.badge-disagreement', { hasText: 'Hội đồng chênh lệch' }).waitFor();

      // The status filter "Hội đồng chênh lệch" keeps that row.
      const statusFilter = page.locator('.grid-filters label.field', { hasText: 'Trạng thái' }).locator('select');
      await statusFilter.selectOption({ label: 'Hội đồng chênh lệch' });
      await page.waitForFunction(() => document.querySelectorAll('.ag-grid-scrolling-rows .ag-row[row-id]').length < 5);
      const shown = await page.locator('.ag-grid-scrolling-rows .ag-row[row-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('row-id')));
      expect(shown).toContain('03325|5.1b');
      for (const id of shown) {
        await expect(page.locator(`.ag-row[row-id="${id}"] .badge-disagreement`).count(), `${id} is a disagreement`).resolves.toBe(1);
      }
      await page.screenshot({ path: screenshotPath('06-disagreement-filter.png') });
      await statusFilter.selectOption('');

      // The panel view: each member's points side by side, the row flagged.
      await page.getByRole('tab', { name: 'Hội đồng thẩm định' }).click();
      await page.getByLabel('Chỉ hiện chỗ chênh lệch').check();
      const flagged = page.locator('.panel-view .ag-row[row-id="03325|5.1b"]');
      await flagged.waitFor({ timeout: 10_000 });
      await expect(flagged.getAttribute('class')).resolves.toContain('row-disagreement');
      const an = ((await flagged.locator('.ag-cell[col-id="ev:Nguyễn Văn An"]').textContent()) ?? '').trim();
      const duc = ((await flagged.locator(`.ag-cell[col-id="ev:${MEMBER}"]`).textContent()) ?? '').trim();
      expect([an, duc]).toEqual(['4,5', '1']);
      // On a 1366×768 laptop the three members' points, the mean, the spread and the outcome are all in sight
      // at once: no column runs past the grid's edge or under the pinned outcome columns.
      const layout = await page.evaluate(() => {
        const view = document.querySelector('.panel-view .ag-body-horizontal-scroll-viewport')!;
        const host = document.querySelector('.panel-view .grid-host')!.getBoundingClientRect();
        const headers = [...document.querySelectorAll<HTMLElement>('.panel-view .ag-header-cell[col-id]')];
        const pinned = ['consensus', 'points'];
        const outcomeLeft = Math.min(...headers.filter((h) => pinned.includes(h.getAttribute('col-id')!)).map((h) => h.getBoundingClientRect().left));
        const cut = headers
          .filter((h) => !pinned.includes(h.getAttribute('col-id')!))
          .filter((h) => h.getBoundingClientRect().right > outcomeLeft + 1 || h.getBoundingClientRect().left < host.left - 1)
          .map((h) => h.getAttribute('col-id'));
        return { scrollsSideways: view.scrollWidth > view.clientWidth + 1, cut, outcomeInSight: outcomeLeft < host.right };
      });
      expect(layout).toEqual({ scrollsSideways: false, cut: [], outcomeInSight: true });
      // The rows the filter hides fade out before they go: the screenshot shows the view after.
      await page.locator('.panel-view .ag-row[row-id="03325|1.2"]').waitFor({ state: 'detached' });
      await page.screenshot({ path: screenshotPath('06-panel-view.png') });
    });
  }, 120_000);
});

describe('settling a disagreement', () => {
  it('6b. the secretary sets a consensus value with a reason: it replaces the mean, an out-of-range value is refused, and it is kept', async () => {
    await session(suite, 'consensus', async ({ page, app, demoFile }) => {
      // As in 6: Trần Minh Đức gives 5.1b 1 where Nguyễn Văn An gave 4,5 → mean 2,75 of 5.
      await openUnitAs(page, app.url, { pick: MEMBER });
      await focusCell(page, '2.1', 'v1');
      await moveFocusTo(page, '5.1b', 'v1');
      const before = await snapshot(page, '5.1b');
      await page.keyboard.type('1');
      await page.keyboard.press('Enter');
      await accepted(page, '5.1b', 'v1', '1', before);

      await page.getByRole('tab', { name: 'Hội đồng thẩm định' }).click();
      await page.getByLabel('Chỉ hiện chỗ chênh lệch').check();
      const row = page.locator('.panel-view .ag-row[row-id="03325|5.1b"]');
      await row.waitFor({ timeout: 10_000 });
      const pointsCell = row.locator('.ag-cell[col-id="points"]');
      expect(((await pointsCell.textContent()) ?? '').trim()).toBe('2,75/5');
      const total = await totalText(page);
      await row.locator('.ag-cell[col-id="code"]').click();

      const form = page.getByRole('form', { name: 'Điểm thống nhất của hội đồng' });
      await expect(form.textContent()).resolves.toContain('trung bình 2,75/5');
      const points = form.getByLabel('Điểm (0–5)');
      const reason = form.getByLabel('Lý do (bắt buộc, ghi vào lịch sử)');

      // Out of range: refused with the file's message, nothing changes.
      await points.fill('6');
      await reason.fill('Theo biên bản họp hội đồng ngày 20/11/2026');
      await form.getByRole('button', { name: 'Đặt điểm thống nhất' }).click();
      const refusal = (await form.locator('.consensus-error').textContent()) ?? '';
      expect(refusal).toMatch(/5\.1b/);
      expect(refusal).toMatch(/0.*5/);
      expect(((await pointsCell.textContent()) ?? '').trim()).toBe('2,75/5');

      // 3 with a reason: the consensus replaces the mean, and the unit's total follows.
      await points.fill('3');
      await form.getByRole('button', { name: 'Đặt điểm thống nhất' }).click();
      await form.locator('.consensus-ok').waitFor();
      await page.waitForFunction(() => document.querySelector('.panel-view .ag-row[row-id="03325|5.1b"] .ag-cell[col-id="points"]')?.textContent?.trim() === '3/5');
      expect(((await row.locator('.ag-cell[col-id="consensus"]').textContent()) ?? '').trim()).toBe('3');
      const after = await waitForTotalChange(page, total);
      // 5.1b weighs 5 of the unit's applicable maximum: +0,25 points there moves the total up, never down.
      expect(Number(after.replace(',', '.'))).toBeGreaterThan(Number(total.replace(',', '.')));
      // The history in words, Vietnamese numbers: what each member entered, then the consensus with its reason.
      const history = page.locator('.panel-view .history li');
      await history.filter({ hasText: 'Thống nhất' }).waitFor();
      const lines = (await history.allTextContents()).map((l) => l.replace(/^\S+ \S+ · /, ''));
      expect(lines).toContain('Thư ký hội đồng · Tự đánh giá: (trống) → hội đồng chấm 4,25 — nhập dữ liệu / import');
      expect(lines).toContain('Thư ký hội đồng · Nguyễn Văn An: (trống) → hội đồng chấm 4,5 — nhập dữ liệu / import');
      expect(lines.some((l) => l.endsWith('Trần Minh Đức: (trống) → hội đồng chấm 1'))).toBe(true);
      expect(lines.at(-1)).toBe('Thư ký hội đồng · Thống nhất: (trống) → 3 — Theo biên bản họp hội đồng ngày 20/11/2026');
      await page.screenshot({ path: screenshotPath('06b-consensus.png') });

      // Saved at once, with the reason; and still there after a reload.
      await waitForSaved(page);
      const file = EvaluationFile.open(await loadSqlJs(), new Uint8Array(readFileSync(demoFile)), nodeFileEnv('e2e')).file;
      try {
        expect(file.consensusFor({ year: 2026, unit: '03325', indicator: '5.1b' })).toMatchObject({ points: '3', reason: 'Theo biên bản họp hội đồng ngày 20/11/2026' });
      } finally {
        file.close();
      }
      await page.reload();
      await waitForWorkspace(page);
      await selectUnit(page, UNIT.search, UNIT.name);
      await page.getByRole('tab', { name: 'Hội đồng thẩm định' }).click();
      await page.getByLabel('Chỉ hiện chỗ chênh lệch').check();
      await page.locator('.panel-view .ag-row[row-id="03325|5.1b"] .ag-cell[col-id="consensus"]', { hasText: '3' }).waitFor();
    });
  }, 150_000);
});

describe('saving', () => {
  it('7. Save button, Ctrl+S and autosave all write the file; after a reload every edit is there', async () => {
    await session(suite, 'save-reload', async ({ page, app, demoFile }) => {
      await openUnitAs(page, app.url, { add: NEW_MEMBER });
      await focusCell(page, '2.2', 'v1');
      const disk = (indicator: string) => entryOnDisk(demoFile, { indicator, who: NEW_MEMBER });

      // What the page sends and shows: every save request, and every state of the save indicator.
      const saves: number[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/save') saves.push(Date.now());
      });
      await page.evaluate(() => {
        const w = window as unknown as { saveStates: string[] };
        w.saveStates = [];
        const el = document.querySelector('.topbar .save-state')!;
        new MutationObserver(() => w.saveStates.push(`${el.textContent}|${document.title.includes('●') ? 'dot' : ''}`)).observe(el, {
          childList: true,
          characterData: true,
          subtree: true,
        });
      });
      const states = () => page.evaluate(() => (window as unknown as { saveStates: string[] }).saveStates);
      /** When the first save request at or after `t` went out (waits up to `within` ms for one). */
      const firstSaveAfter = async (t: number, within: number) => {
        const deadline = Date.now() + within;
        while (!saves.some((s) => s >= t)) {
          if (Date.now() > deadline) throw new Error(`no save request within ${within} ms`);
          await page.waitForTimeout(50);
        }
        return saves.find((s) => s >= t)!;
      };

      /**
       * Waits until the save indicator says saved and no save request has gone out for 1,6 s: an autosave
       * still due (its timer runs 1,5 s from the last change) has gone out by then.
       */
      const quiet = async () => {
        await waitForSaved(page);
        let count = -1;
        while (count !== saves.length) {
          count = saves.length;
          await page.waitForTimeout(1_600);
        }
        await waitForSaved(page);
      };
      /** Does `action` send a save by itself? Called when nothing else is due to be saved. */
      const sendsASave = async (action: () => Promise<void>) => {
        await quiet();
        const count = saves.length;
        await action();
        const deadline = Date.now() + 10_000;
        while (saves.length === count && Date.now() < deadline) await page.waitForTimeout(50);
        return saves.length > count;
      };

      // 1. The "Lưu" button: the edit is written; and the button alone sends a save.
      let before = await snapshot(page, '2.2');
      await page.keyboard.type('6');
      await page.keyboard.press('Enter');
      await waitForCell(page, '2.2', 'v1', (t) => t === '6');
      await page.locator('.topbar button', { hasText: /^Lưu$/ }).click();
      await accepted(page, '2.2', 'v1', '6', before);
      await waitForSaved(page);
      expect(await disk('2.2')).toEqual({ value: 6 });
      expect(await states(), 'the title and the top bar said “unsaved” (or “saving”) in between').toEqual(
        expect.arrayContaining([expect.stringMatching(/^(Có thay đổi chưa lưu|Đang lưu…)\|dot$/)]),
      );
      expect(await sendsASave(() => page.locator('.topbar button', { hasText: /^Lưu$/ }).click()), 'the button saves').toBe(true);

      // 2. Ctrl+S (the focus back in the grid, not in an editor): the same.
      await focusCell(page, '2.2', 'v1');
      await moveFocusTo(page, '2.6', 'v1');
      before = await snapshot(page, '2.6');
      await page.keyboard.type('5');
      await page.keyboard.press('Enter');
      await waitForCell(page, '2.6', 'v1', (t) => t === '5');
      await page.keyboard.press('Control+s');
      await accepted(page, '2.6', 'v1', '5', before);
      await waitForSaved(page);
      expect(await disk('2.6')).toEqual({ value: 5 });
      expect(await sendsASave(() => page.keyboard.press('Control+s')), 'Ctrl+S saves').toBe(true);

      // 3. Autosave: no key, no click; after a pause of 1,5 s the file is written (longer when exporting the file
      // is slow: 20 times the last export, at most a minute, workspace-logic.ts).
      await quiet();
      await moveFocusTo(page, '2.9', 'v1');
      before = await snapshot(page, '2.9');
      const typed = Date.now();
      await page.keyboard.type('3');
      await page.keyboard.press('Enter');
      const edited = await accepted(page, '2.9', 'v1', '3', before);
      const delay = (await firstSaveAfter(typed, 65_000)) - typed;
      console.info(`autosave request ${delay} ms after the keystroke`);
      expect(delay, 'not before the 1,5 s pause').toBeGreaterThanOrEqual(1_400);
      await waitForSaved(page);
      expect(await disk('2.9')).toEqual({ value: 3 });
      await expect(page.title()).resolves.not.toMatch(/●/);
      const total = edited.total;

      // Reload: the server kept the file, the app opens the demo again; the member and the edits are there.
      await openUnitAs(page, app.url, { pick: NEW_MEMBER }, '6');
      await expect(whoSelect(page).inputValue()).resolves.toBe(NEW_MEMBER);
      await focusCell(page, '2.2', 'v1');
      await moveFocusTo(page, '2.6', 'v1');
      expect(await cellText(page, '2.6', 'v1')).toBe('5');
      await moveFocusTo(page, '2.9', 'v1');
      expect(await cellText(page, '2.9', 'v1')).toBe('3');
      expect(await totalText(page)).toBe(total);
      expect(await saveState(page)).toBe('');
      await page.screenshot({ path: screenshotPath('07-after-reload.png') });
    });
  }, 150_000);
});

describe('a damaged file', () => {
  it('7c. a file whose index is damaged opens, then within seconds is closed with the damaged message and left as it was', async () => {
    await session(suite, 'damaged-index', async ({ page, app, demoFile }) => {
      // Every page and record sound (the open's quick check passes), one index wrong (the full check, run a
      // moment after the first screen, finds it).
      const damaged = withDamagedUnitIndex(await loadSqlJs(), readFileSync(demoFile));
      writeFileSync(demoFile, damaged);
      // Whether the workspace was shown at some moment (it is closed two seconds later, so the test does not
      // wait for it: a slow machine could miss it between two waits).
      await page.addInitScript(() => {
        new MutationObserver(() => {
          if (document.querySelector('.unit-list .unit-item')) (window as unknown as { sawWorkspace: boolean }).sawWorkspace = true;
        }).observe(document, { childList: true, subtree: true });
      });
      await page.goto(app.url);
      // (A save meanwhile is refused by the worker, which runs the full check before any export:
      // tests/renderer/engine-session.test.ts.)
      const box = page.locator('.start .error-box');
      await box.waitFor({ timeout: 45_000 });
      expect(await page.evaluate(() => (window as unknown as { sawWorkspace?: boolean }).sawWorkspace)).toBe(true);
      expect(await box.textContent()).toMatch(/Tệp đánh giá bị hỏng \(.+\); hãy khôi phục từ bản sao lưu/);
      await page.screenshot({ path: screenshotPath('07c-damaged-file.png') });
      expect(Buffer.compare(readFileSync(demoFile), Buffer.from(damaged))).toBe(0);
    });
  });

  it('7e. a file with a damaged page shows its first screen (the open makes no check), then the quick check closes it at once, left as it was', async () => {
    await session(suite, 'damaged-page', async ({ page, app, demoFile }) => {
      // The audit log's first page damaged: the first screen does not read it, the quick check finds it.
      const damaged = withDamagedPage(await loadSqlJs(), readFileSync(demoFile), 'audit_log');
      writeFileSync(demoFile, damaged);
      await page.addInitScript(() => {
        new MutationObserver(() => {
          const w = window as unknown as { shownAt?: number; closedAt?: number };
          if (w.shownAt === undefined && document.querySelector('.unit-list .unit-item')) w.shownAt = performance.now();
          if (w.closedAt === undefined && document.querySelector('.start .error-box')) w.closedAt = performance.now();
        }).observe(document, { childList: true, subtree: true });
      });
      await page.goto(app.url);
      const box = page.locator('.start .error-box');
      await box.waitFor({ timeout: 45_000 });
      const { shownAt, closedAt } = await page.evaluate(() => {
        const w = window as unknown as { shownAt?: number; closedAt?: number };
        return { shownAt: w.shownAt, closedAt: w.closedAt };
      });
      expect(shownAt).toBeDefined();
      // Closed by the quick check: the full one starts only two seconds after the first screen.
      expect(closedAt! - shownAt!).toBeLessThan(1500);
      expect(await box.textContent()).toMatch(/Tệp đánh giá bị hỏng \(Tree \d+ page \d+: .+\); hãy khôi phục từ bản sao lưu/);
      await page.screenshot({ path: screenshotPath('07e-damaged-page.png') });
      expect(Buffer.compare(readFileSync(demoFile), Buffer.from(damaged))).toBe(0);
    });
  });
});

describe('the engine worker loading sql.js', () => {
  it("7f. when the worker's entry cannot fetch sql.js's WebAssembly (as for file:// pages in the desktop app), sql.js loads it itself and the file opens", async () => {
    await session(suite, 'wasm-fallback', async ({ page, context, app, errors }) => {
      // The first request for the WebAssembly (the entry's, at the worker's start) fails; the next (sql.js's own) is served.
      const requests: string[] = [];
      await context.route('**/*.wasm', async (route) => {
        requests.push(requests.length === 0 ? 'refused' : 'served');
        if (requests.length === 1) await route.abort('failed');
        else await route.continue();
      });
      await page.goto(app.url);
      await waitForWorkspace(page);
      expect(await totalText(page)).toMatch(/\d/);
      expect(requests).toEqual(['refused', 'served']);
      expect(realErrors(errors)).toEqual([]);
    });
  });
});

describe('a file the worker refuses after the host opened it', () => {
  it('7d. a file of a newer version: the start screen says which version it needs, and the file is released (no lock left)', async () => {
    const name = 'tu-phien-ban-moi.nq57';
    await session(
      suite,
      'newer-file',
      async ({ page, app }) => {
        const SQL = await loadSqlJs();
        const f = EvaluationFile.create(SQL, nodeFileEnv('e2e'));
        f.db.run(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
        f.db.run("UPDATE meta SET value = '9.4.0' WHERE key = 'app_version'");
        const path = join(app.workDir, name);
        writeFileSync(path, f.db.export());
        await page.goto(app.url);
        const box = page.locator('.start .error-box');
        await box.waitFor({ timeout: 45_000 });
        expect(await box.textContent()).toMatch(/phiên bản mới hơn.*cần phiên bản 9\.4\.0 trở lên/);
        // The host let go of it: another person (or this app again) can open it.
        await expect.poll(() => existsSync(`${path}.lock`), { timeout: 5_000 }).toBe(false);
      },
      { startWith: { kind: 'file', path: name } },
    );
  });
});
