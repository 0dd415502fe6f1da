/**
 * The units screen (add a unit to a new file, refusals naming the field, edit, stop evaluating from a year and
 * evaluate again), merging members' files (a preview before anything changes, one conflict settled with a
 * reason) and a cancelled merge leaving the file as it was. Each test checks the file on disk too.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFileEnv } from '../../node/file-env';
import { loadSqlJs } from '../../node/sqljs';
import { EngineSession } from '../../renderer/src/worker/engine-session';
import { EvaluationFile } from '../../shared/file/evaluation-file';
import { conflicts } from '../../shared/file/merge';
import {
  describeViolations,
  e2eSuite,
  entryOnDisk,
  realErrors,
  ROOT,
  runAxe,
  saveState,
  screenshotPath,
  session,
  UNIT,
  waitForSaved,
  waitForWorkspace,
} from './helpers';

const suite = e2eSuite();
const AN = 'Nguyễn Văn An';
const BINH = 'Đỗ Văn Bình';

/** Members' files made in Node from the demo file, as each member would have edited a copy of it. */
let dir = '';
let anFile = '';
let binhFile = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nq57-e2e-merge-'));
  const seed = new Uint8Array(readFileSync(suite.seed));
  const copy = async (actor: string, edits: (s: EngineSession) => void): Promise<Uint8Array> => {
    const s = new EngineSession(await loadSqlJs(), nodeFileEnv);
    s.open(seed, actor);
    edits(s);
    return s.exportBytes();
  };
  const ok = (r: ReturnType<EngineSession['edit']>) => {
    if (!r.ok) throw new Error(r.message.vi);
  };
  // An raises his 5.1b for Mường Phăng from 4,5 to 5; in another copy An's 5.1b was set to 2 with a note,
  // and a new member appraised 2.6. Merged in that order: An's is newer (taken), the other conflicts.
  anFile = join(dir, 'nguyen-van-an.nq57');
  writeFileSync(anFile, await copy(AN, (s) => ok(s.edit({ year: 2026, unit: UNIT.code, code: '5.1b', who: AN, field: 'v1', value: '5' }))));
  binhFile = join(dir, 'do-van-binh.nq57');
  writeFileSync(
    binhFile,
    await copy(BINH, (s) => {
      ok(s.edit({ year: 2026, unit: UNIT.code, code: '5.1b', who: AN, field: 'v1', value: '2' }));
      ok(s.edit({ year: 2026, unit: UNIT.code, code: '5.1b', who: AN, field: 'note', value: 'Theo biên bản kiểm tra' }));
      s.addEvaluator(BINH, 'member');
      ok(s.edit({ year: 2026, unit: UNIT.code, code: '2.6', who: BINH, field: 'v1', value: '4' }));
    }),
  );
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openFile(path: string) {
  return EvaluationFile.open(await loadSqlJs(), new Uint8Array(readFileSync(path)), nodeFileEnv('e2e')).file;
}

/** Picks files in the browser's file chooser that "Gộp tệp…" opens. */
async function pickForMerge(page: Page, paths: string[]): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.locator('.topbar button', { hasText: /^Gộp tệp…$/ }).click();
  await (await chooser).setFiles(paths);
}

/** axe-core in the page: no serious or critical violations. */
async function accessible(page: Page, what: string): Promise<void> {
  const violations = await runAxe(page);
  console.info(`axe, ${what}:\n${describeViolations(violations) || 'no violations'}`);
  expect(describeViolations(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')), what).toBe('');
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('units screen', () => {
  it('13. a new file points to the units screen; add a unit (refusals name the field), edit it, stop evaluating it from a year, evaluate it again', async () => {
    await session(
      suite,
      'units',
      async ({ page, app, errors }) => {
        await page.goto(app.url);
        await page.getByLabel('Năm đánh giá').selectOption('2026');
        await page.getByRole('button', { name: 'Tạo tệp đánh giá mới' }).click();
        const fileName = page.locator('.topbar .file-name', { hasText: /^tep-danh-gia-/ });
        await fileName.waitFor({ timeout: 30_000 });
        const name = ((await fileName.textContent()) ?? '').replace(/\s*●$/, '').trim();

        // The empty file says what to do, and the button goes there with the new unit's form open.
        await page.getByText('Tệp chưa có đơn vị nào.').waitFor();
        await page.getByRole('button', { name: 'Thêm đơn vị…' }).click();
        const editor = page.locator('.unit-editor');
        await editor.getByRole('heading', { name: 'Thêm đơn vị mới' }).waitFor();
        // The cursor is in the code field.
        await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('unit-code');

        // Nothing filled in: refused, each message naming its field.
        await editor.getByRole('button', { name: 'Thêm đơn vị', exact: true }).click();
        await editor.locator('.form-message.bad', { hasText: 'Chưa lưu: 3 ô cần sửa' }).waitFor();
        await expect(editor.locator('.field-problem').allTextContents()).resolves.toEqual([
          'Mã đơn vị: chưa nhập (bắt buộc)',
          'Tên đơn vị: chưa nhập (bắt buộc)',
          'Khối: chưa chọn (bắt buộc)',
        ]);
        await expect(editor.locator('.form-field.has-problem').count()).resolves.toBe(3);
        // Each field says its own problem to a screen reader.
        await expect(editor.getByLabel('Tên đơn vị').getAttribute('aria-describedby')).resolves.toBe('unit-name-problem');

        // Two units.
        const add = async (code: string, unitName: string, group: string) => {
          await page.locator('.units-toolbar').getByRole('button', { name: 'Thêm đơn vị', exact: true }).click();
          await editor.getByLabel('Mã đơn vị').fill(code);
          await editor.getByLabel('Tên đơn vị').fill(unitName);
          await editor.getByLabel('Khối').selectOption(group);
          await editor.getByRole('button', { name: 'Thêm đơn vị', exact: true }).click();
          await editor.locator('.form-message.ok', { hasText: `Đã thêm đơn vị ${code}.` }).waitFor();
          await page.locator(`.units-table tr[data-code="${code}"]`).waitFor();
        };
        await add('X01', 'UBND xã Nà Tấu', 'XA');
        await add('X02', 'UBND xã Mường Phăng mới', 'XA');

        // The same code again: refused, naming the unit that has it.
        await page.locator('.units-toolbar').getByRole('button', { name: 'Thêm đơn vị', exact: true }).click();
        await editor.getByLabel('Mã đơn vị').fill('X01');
        await editor.getByLabel('Tên đơn vị').fill('Trùng mã');
        await editor.getByLabel('Khối').selectOption('XA');
        await editor.getByRole('button', { name: 'Thêm đơn vị', exact: true }).click();
        await editor.locator('.field-problem', { hasText: 'Mã đơn vị: đã có đơn vị mã X01 (“UBND xã Nà Tấu”) trong tệp' }).waitFor();
        await expect(page.locator('.units-table tbody tr[data-code]').count()).resolves.toBe(2);

        // Edit X02: its name, and X01 as its predecessor (X02 itself is not offered).
        await page.locator('.units-table tr[data-code="X02"]').click();
        await editor.getByRole('heading', { name: 'Sửa đơn vị X02' }).waitFor();
        expect(await editor.getByLabel('Mã đơn vị').isDisabled()).toBe(true);
        await editor.getByLabel('Tên đơn vị').fill('UBND xã Mường Phăng');
        await expect(editor.locator('.pick-list label', { hasText: 'X02' }).count()).resolves.toBe(0);
        await editor.locator('.pick-list label', { hasText: 'X01' }).locator('input').check();
        await editor.getByLabel('Lý do (ghi vào nhật ký, không bắt buộc)').fill('Sáp nhập xã Nà Tấu');
        await editor.getByRole('button', { name: 'Lưu thay đổi' }).click();
        await editor.locator('.form-message.ok', { hasText: 'Đã lưu đơn vị X02.' }).waitFor();
        const x02 = page.locator('.units-table tr[data-code="X02"]');
        await x02.locator('td', { hasText: 'UBND xã Mường Phăng' }).waitFor();
        await expect(x02.locator('td').nth(5).textContent()).resolves.toBe('X01');

        // X01 moves to the SO group (it has no entries, so that is allowed).
        await page.locator('.units-table tr[data-code="X01"]').click();
        await editor.getByRole('heading', { name: 'Sửa đơn vị X01' }).waitFor();
        await editor.getByLabel('Khối').selectOption('SO');
        await editor.getByRole('button', { name: 'Lưu thay đổi' }).click();
        await editor.locator('.form-message.ok', { hasText: 'Đã lưu đơn vị X01.' }).waitFor();
        await page.locator('.units-table tr[data-code="X01"] td', { hasText: 'Sở, ban, ngành tỉnh' }).waitFor();
        await expect(editor.getByText('Là tiền thân của: X02').count()).resolves.toBe(1);

        // Stop evaluating X01 from 2026: gone from the year's unit list; then evaluated again.
        await editor.getByLabel('Không đánh giá đơn vị này từ năm').selectOption('2026');
        await editor.getByRole('button', { name: 'Ngừng đánh giá', exact: true }).click();
        await page.locator('.units-table tr[data-code="X01"] .pill', { hasText: 'Ngừng từ 2026' }).waitFor();
        await editor.getByText('Đơn vị không còn được đánh giá từ năm 2026.').waitFor();
        // The form is taller than a laptop's screen: its Save button stays in sight all the same.
        const save = editor.getByRole('button', { name: 'Lưu thay đổi' });
        const box = await save.boundingBox();
        expect(box && box.y + box.height <= 768, `Save at ${JSON.stringify(box)}`).toBe(true);
        await page.screenshot({ path: screenshotPath('13-units.png') });

        await page.getByRole('tab', { name: 'Nhập minh chứng' }).click();
        await page.locator('.unit-list .unit-item', { hasText: 'UBND xã Mường Phăng' }).waitFor();
        await expect(page.locator('.unit-list .unit-item').allTextContents()).resolves.toEqual([expect.stringContaining('UBND xã Mường Phăng')]);

        await page.getByRole('tab', { name: 'Đơn vị' }).click();
        await page.locator('.units-table tr[data-code="X01"]').click();
        await editor.getByRole('button', { name: 'Cho đánh giá lại' }).click();
        await page.locator('.units-table tr[data-code="X01"] .pill', { hasText: 'Đang đánh giá' }).waitFor();
        await page.getByRole('tab', { name: 'Nhập minh chứng' }).click();
        await page.locator('.unit-list .unit-item', { hasText: 'UBND xã Nà Tấu' }).waitFor();
        await expect(page.locator('.unit-list .unit-item').count()).resolves.toBe(2);

        // Saved (autosave), and on disk as shown, each change audited.
        await waitForSaved(page);
        const f = await openFile(join(app.workDir, name));
        try {
          expect(f.units()).toEqual([
            { code: 'X01', name: 'UBND xã Nà Tấu', group: 'SO', activeFrom: null, activeTo: null, predecessors: [] },
            { code: 'X02', name: 'UBND xã Mường Phăng', group: 'XA', activeFrom: null, activeTo: null, predecessors: ['X01'] },
          ]);
          const log = f.auditLog().filter((a) => a.action.startsWith('unit.'));
          expect(log.map((a) => `${a.action} ${a.target}`)).toEqual(['unit.create unit X01', 'unit.create unit X02', 'unit.update unit X02', 'unit.update unit X01', 'unit.update unit X01', 'unit.update unit X01']);
          expect(log[2]!.reason).toBe('Sáp nhập xã Nà Tấu');
        } finally {
          f.close();
        }
        expect(realErrors(errors)).toEqual([]);
      },
      { seed: false, startWith: { kind: 'start-screen' } },
    );
  }, 180_000);

  it('13b. the units screen in English: a refusal in English, the layout whole at 1366×768', async () => {
    await session(suite, 'units-english', async ({ page, app }) => {
      await page.goto(app.url);
      await waitForWorkspace(page);
      await page.getByRole('tab', { name: 'Đơn vị' }).click();
      await page.locator('.units-table tr[data-code]').first().waitFor();
      await expect(page.locator('.units-table tbody tr[data-code]').count()).resolves.toBe(61);
      // Mường Phăng has entries: moving it to another group is refused, saying why.
      await page.locator(`.units-table tr[data-code="${UNIT.code}"]`).click();
      await page.locator('.unit-editor').getByLabel('Khối').selectOption('SO');
      await page.locator('.unit-editor').getByRole('button', { name: 'Lưu thay đổi' }).click();
      await page.locator('.unit-editor .field-problem', { hasText: /^Khối: đơn vị 03325 đã có số liệu/ }).waitFor();
      await page.screenshot({ path: screenshotPath('13b-units-refused.png') });
      await accessible(page, 'units screen with a refusal');
      const fits = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth <= window.innerWidth && document.documentElement.scrollHeight <= window.innerHeight,
        editor: (() => {
          const r = document.querySelector('.unit-editor')!.getBoundingClientRect();
          return r.right <= window.innerWidth && r.bottom <= window.innerHeight;
        })(),
      }));
      expect(fits).toEqual({ page: true, editor: true });
      await page.locator('button', { hasText: /^English$/ }).click();
      await page.locator('.unit-editor').getByRole('button', { name: 'Save changes' }).click();
      await page.locator('.unit-editor .field-problem', { hasText: /^Unit group: unit 03325 already has entries/ }).waitFor();
      expect(await saveState(page)).toBe('');
    });
  }, 120_000);
});

describe('merging members’ files', () => {
  it('14. shows what each file brings before anything changes, merges on confirmation, and a conflict is settled only with a choice and a reason', async () => {
    await session(suite, 'merge', async ({ page, app, demoFile, errors }) => {
      await page.goto(app.url);
      await waitForWorkspace(page);
      await expect(page.getByRole('tab', { name: /^Xung đột/ }).count()).resolves.toBe(0);
      await pickForMerge(page, [anFile, binhFile]);

      const preview = page.locator('.merge-preview');
      await preview.waitFor({ timeout: 30_000 });
      const row = (file: string) => preview.locator(`tr[data-file="${file}"]`);
      const counts = async (file: string) =>
        Object.fromEntries(await row(file).locator('td[data-col]').evaluateAll((tds) => tds.map((td) => [td.getAttribute('data-col'), Number((td.textContent ?? '').replaceAll('.', ''))])));
      expect(await counts('nguyen-van-an.nq57')).toMatchObject({ created: 0, updated: 1, conflicts: 0, units: 0, evaluators: 0 });
      expect(await counts('do-van-binh.nq57')).toMatchObject({ created: 1, updated: 0, conflicts: 1, units: 0, evaluators: 1 });
      // Thousands with the Vietnamese separator (3.908, not 3908).
      expect((await row('nguyen-van-an.nq57').locator('td[data-col="unchanged"]').textContent())?.trim()).toMatch(/^\d{1,3}(\.\d{3})+$/);
      await preview.getByText(`Xung đột: ${UNIT.code} ${UNIT.name}, chỉ tiêu 5.1b, ${AN}`).waitFor();
      await preview.getByText(`Thêm thành viên hội đồng: ${BINH}`).waitFor();
      await page.screenshot({ path: screenshotPath('14-merge-preview.png') });
      await accessible(page, 'merge preview');
      // Nothing has changed yet, on disk or in the app.
      expect((await entryOnDisk(demoFile, { indicator: '5.1b', who: AN }))!.value).toBe(4.5);

      await preview.getByRole('button', { name: 'Gộp vào tệp' }).click();
      const done = page.locator('.merge-done');
      await done.getByText('Đã gộp 2 tệp vào tệp đang mở và đã lưu.').waitFor({ timeout: 30_000 });
      await done.getByText('Còn 1 xung đột cần quyết định.').waitFor();
      // Saved at once: An's newer value in, the conflicting one kept aside.
      expect((await entryOnDisk(demoFile, { indicator: '5.1b', who: AN }))!.value).toBe(5);
      expect((await entryOnDisk(demoFile, { indicator: '2.6', who: BINH }))!.value).toBe(4);
      await page.getByRole('tab', { name: 'Xung đột (1)' }).waitFor();
      await done.getByRole('button', { name: 'Xem xung đột (1)' }).click();

      const view = page.locator('.conflicts-view');
      await view.locator('.conflict-item', { hasText: UNIT.name }).waitFor();
      const detail = view.locator('.conflict-detail');
      await detail.getByRole('heading', { name: /^5\.1b\. / }).waitFor();
      const compare = detail.locator('table.compare');
      const cells = async (label: string) => (await compare.locator('tr', { has: page.locator(`th[scope="row"]`, { hasText: label }) }).first().locator('td').allTextContents()).map((s) => s.trim());
      expect(await cells('Ghi chú')).toEqual(['—', 'Theo biên bản kiểm tra']);
      expect(await cells('Điểm theo số liệu')).toEqual(['5 / 5', '2 / 5']);
      await expect(compare.locator('thead').textContent()).resolves.toContain('Chọn bản từ tệp do-van-binh.nq57');

      // No choice, then no reason: refused, saying what is missing; nothing changes.
      await detail.getByRole('button', { name: 'Giải quyết xung đột' }).click();
      await detail.getByText('Hãy chọn một trong hai bản.').waitFor();
      await detail.getByLabel('Chọn bản từ tệp do-van-binh.nq57').check();
      await detail.getByRole('button', { name: 'Giải quyết xung đột' }).click();
      await detail.getByText('Hãy ghi lý do chọn.').waitFor();
      await detail.getByLabel('Lý do chọn (bắt buộc, ghi vào nhật ký)').fill('Theo biên bản kiểm tra ngày 12/11/2026');
      await page.screenshot({ path: screenshotPath('15-conflict.png') });
      await accessible(page, 'conflicts view');
      expect((await entryOnDisk(demoFile, { indicator: '5.1b', who: AN }))!.value).toBe(5);

      await detail.getByRole('button', { name: 'Giải quyết xung đột' }).click();
      await detail.getByText('Đã giải quyết xung đột. Còn 0 xung đột chưa giải quyết.').waitFor();
      await view.getByRole('button', { name: 'Đã giải quyết (1)' }).click();
      await detail.locator('.resolution', { hasText: 'Theo biên bản kiểm tra ngày 12/11/2026' }).waitFor();
      await page.screenshot({ path: screenshotPath('15b-conflict-settled.png') });
      await page.getByRole('tab', { name: 'Xung đột', exact: true }).waitFor();

      await waitForSaved(page);
      const f = await openFile(demoFile);
      try {
        expect(f.entry({ year: 2026, unit: UNIT.code, indicator: '5.1b', who: AN })).toMatchObject({ values: { value: 2 }, note: 'Theo biên bản kiểm tra' });
        const [c] = conflicts(f);
        expect(c!.resolution).toMatchObject({ choice: 'other', reason: 'Theo biên bản kiểm tra ngày 12/11/2026', by: 'Thư ký hội đồng' });
      } finally {
        f.close();
      }
      expect(realErrors(errors)).toEqual([]);
    });
  }, 180_000);

  it('14b. a cancelled merge leaves the file exactly as it was', async () => {
    await session(suite, 'merge-cancel', async ({ page, app, demoFile }) => {
      await page.goto(app.url);
      await waitForWorkspace(page);
      const before = sha(demoFile);
      await pickForMerge(page, [anFile, binhFile]);
      const preview = page.locator('.merge-preview');
      await preview.waitFor({ timeout: 30_000 });
      await preview.getByRole('button', { name: 'Hủy, không gộp' }).click();
      await page.getByText('Đã hủy gộp tệp; tệp đang mở không thay đổi.').waitFor();
      await expect(page.getByRole('tab', { name: /^Xung đột/ }).count()).resolves.toBe(0);
      expect(sha(demoFile)).toBe(before);
      // And the file in the app is the one it was: saved now, it still holds the old values and no merge.
      await page.getByRole('button', { name: 'Đóng', exact: true }).click();
      await page.locator('.topbar button', { hasText: /^Lưu$/ }).click();
      await waitForSaved(page);
      const f = await openFile(demoFile);
      try {
        expect(f.entry({ year: 2026, unit: UNIT.code, indicator: '5.1b', who: AN })!.values).toEqual({ value: 4.5 });
        expect(f.evaluators().map((e) => e.name)).not.toContain(BINH);
        expect(conflicts(f)).toEqual([]);
        expect(f.auditLog().filter((a) => a.action.startsWith('merge'))).toEqual([]);
      } finally {
        f.close();
      }
    });
  }, 120_000);
});

describe('import with progress', () => {
  it('16. an import shows its progress and Cancel leaves the file as it was; a refused file keeps every file out', async () => {
    await session(
      suite,
      'import-cancel',
      async ({ page, app }) => {
        await page.goto(app.url);
        await page.getByLabel('Năm đánh giá').selectOption('2026');
        await page.getByRole('button', { name: 'Tạo tệp đánh giá mới' }).click();
        const fileName = page.locator('.topbar .file-name', { hasText: /^tep-danh-gia-/ });
        await fileName.waitFor({ timeout: 30_000 });
        const name = ((await fileName.textContent()) ?? '').replace(/\s*●$/, '').trim();
        await page.getByText('Tệp chưa có đơn vị nào.').waitFor();

        const importFiles = async (files: { name: string; buffer: Buffer }[]) => {
          const chooser = page.waitForEvent('filechooser');
          await page.locator('.topbar button', { hasText: /^Nhập dữ liệu…$/ }).click();
          await (await chooser).setFiles(files.map((f) => ({ ...f, mimeType: 'text/csv' })));
        };

        // The whole province (5000 rows) takes seconds in the worker: long enough to see the progress and cancel.
        await importFiles([{ name: 'dien-bien.csv', buffer: readFileSync(join(ROOT, 'demo/dien-bien.csv')) }]);
        const progress = page.locator('.progress-dialog');
        await progress.getByText('Đang nhập dien-bien.csv…').waitFor();
        await progress.getByText('Bấm “Hủy” thì tệp đang mở giữ nguyên như trước.').waitFor();
        await page.screenshot({ path: screenshotPath('16-import-progress.png') });
        await progress.getByRole('button', { name: 'Hủy' }).click();
        await page.getByText('Đã hủy nhập dữ liệu; tệp đang mở không thay đổi.').waitFor();
        await page.getByRole('button', { name: 'Đóng', exact: true }).click();
        await expect(page.locator('.unit-list .unit-item').count()).resolves.toBe(0);

        // A good file and a bad one: nothing comes in, the reason is said.
        const HEADER = 'year,unit,unit_name,group,indicator,input,value,evaluator,evidence,explanation,accepted,note\n';
        const good = { name: 'tot.csv', buffer: Buffer.from(HEADER + '2026,X01,UBND xã Nà Tấu,XA,2.2,,7,,CV 12/UBND,,,\n') };
        const bad = { name: 'loi.csv', buffer: Buffer.from(HEADER + '2026,X02,UBND xã Khác,XA,2.2,,-3,,,,,\n') };
        await importFiles([good, bad]);
        await page.getByText('Không nhập gì cả vì có lỗi sau (sửa tệp rồi nhập lại):').waitFor({ timeout: 90_000 });
        await page.locator('.problems li', { hasText: 'loi.csv' }).first().waitFor();
        await page.getByRole('button', { name: 'Đóng', exact: true }).click();
        await expect(page.locator('.unit-list .unit-item').count()).resolves.toBe(0);

        // The good file alone comes in.
        await importFiles([good]);
        await page.getByText(/^tot\.csv: đọc 1 dòng; tạo 1, cập nhật 0, không đổi 0 mục; thêm 1 đơn vị/).waitFor({ timeout: 30_000 });
        await page.getByRole('button', { name: 'Đóng', exact: true }).click();
        await page.locator('.unit-list .unit-item', { hasText: 'UBND xã Nà Tấu' }).waitFor();
        await waitForSaved(page);
        const f = await openFile(join(app.workDir, name));
        try {
          expect(f.units().map((u) => u.code)).toEqual(['X01']);
          expect(f.years()).toEqual([2026]);
          expect(f.countEntries()).toBe(1);
        } finally {
          f.close();
        }
      },
      { seed: false, startWith: { kind: 'start-screen' } },
    );
  }, 180_000);
});
