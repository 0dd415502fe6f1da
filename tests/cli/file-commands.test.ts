/** The evaluation-file commands, end to end through the CLI on real files in a temporary folder. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run';

let dir: string;
const at = (name: string) => join(dir, name);
const cli = (...args: string[]) => runCli([...args, '--as', 'Thư ký hội đồng']);
const HEADER = 'year,unit,unit_name,group,indicator,input,value,evaluator,evidence,explanation,accepted,note\n';
const DBP = '2026,03127,UBND phường Điện Biên Phủ,XA';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nq57-cli-'));
});

describe('init, demo, score, check', () => {
  it('creates a file with the bundled criteria sets and refuses to overwrite it', async () => {
    const r = await cli('init', at('a.nq57'));
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/2025: 2025\.1, 2026: 2026\.1/);
    const again = await cli('init', at('a.nq57'));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/đã tồn tại; chọn tên khác \| .*already exists/);
  });

  it('builds the demo file, which scores exactly as the demo CSV', async () => {
    expect((await cli('demo', at('demo.nq57'))).stdout).toMatch(/tạo 3909, cập nhật 0, không đổi 0 mục; thêm 61 đơn vị, 3 người chấm/);
    const fromFile = await cli('score', at('demo.nq57'), '--year', '2026', '--json');
    const fromCsv = await cli('score', '--data', 'demo/dien-bien.csv', '--year', '2026', '--json');
    expect(fromFile.code).toBe(0);
    expect(JSON.parse(fromFile.stdout)).toEqual(JSON.parse(fromCsv.stdout));
    const check = await cli('check', at('demo.nq57'));
    expect(check).toMatchObject({ code: 0 });
    expect(check.stdout).toMatch(/hợp lệ \/ valid evaluation file — cấu trúc \/ schema 4, 61 đơn vị \/ units, 3909 mục/);
  });

  it('refuses to open what is not an evaluation file, with a sentence', async () => {
    writeFileSync(at('notes.nq57'), 'không phải cơ sở dữ liệu');
    const r = await cli('check', at('notes.nq57'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Tệp không phải tệp đánh giá: không có phần đầu của cơ sở dữ liệu SQLite/);
  });
});

describe('import', () => {
  it('is all or nothing across the files given, and leaves the file untouched on error', async () => {
    await cli('init', at('a.nq57'));
    const before = readFileSync(at('a.nq57'));
    writeFileSync(at('good.csv'), HEADER + `${DBP},1.3,,1,,QĐ 7,,,\n`);
    writeFileSync(at('bad.csv'), HEADER + `${DBP},2.4,,nhiều,,,,,\n`);
    const r = await cli('import', at('a.nq57'), at('good.csv'), at('bad.csv'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/bad\.csv, dòng 2, cột value, "nhiều": Không phải số nguyên không âm/);
    expect(readFileSync(at('a.nq57'))).toEqual(before);
  });

  it('reports created, updated and unchanged, and a second import changes nothing', async () => {
    await cli('init', at('a.nq57'));
    writeFileSync(at('good.csv'), HEADER + `${DBP},1.3,,1,,QĐ 7,,,\n${DBP},2.2,,9,,DM,,,\n`);
    expect((await cli('import', at('a.nq57'), at('good.csv'))).stdout).toMatch(/đọc 2 dòng; tạo 2, cập nhật 0, không đổi 0 mục/);
    const bytes = readFileSync(at('a.nq57'));
    expect((await cli('import', at('a.nq57'), at('good.csv'))).stdout).toMatch(/tạo 0, cập nhật 0, không đổi 2 mục/);
    expect(readFileSync(at('a.nq57'))).toEqual(bytes);
    writeFileSync(at('good.csv'), HEADER + `${DBP},1.3,,1,,QĐ 7,,,\n${DBP},2.2,,10,,DM,,,\n`);
    expect((await cli('import', at('a.nq57'), at('good.csv'))).stdout).toMatch(/tạo 0, cập nhật 1, không đổi 1 mục/);
  });

  it('refuses other kinds of files', async () => {
    await cli('init', at('a.nq57'));
    writeFileSync(at('data.txt'), 'x');
    expect((await cli('import', at('a.nq57'), at('data.txt'))).stderr).toMatch(/Chỉ nhập được tệp \.csv .* hoặc \.xlsx/);
  });
});

describe('template and workbook import', () => {
  it('writes one workbook per unit and imports it back after it is filled, all or nothing', async () => {
    await cli('demo', at('demo.nq57'));
    const r = await cli('template', at('demo.nq57'), '--year', '2026', '--out', at('mau'), '--unit', '03127');
    expect(r).toMatchObject({ code: 0 });
    const path = at('mau/2026 - 03127 - UBND phường Điện Biên Phủ.xlsx');
    expect(existsSync(path)).toBe(true);
    // An unfilled template imports nothing, and that is not an error.
    const empty = await cli('import', at('demo.nq57'), path);
    expect(empty).toMatchObject({ code: 0 });
    expect(empty.stdout).toMatch(/tạo 0, cập nhật 0/);
  });
});

describe('a self-assessment workbook filled in LibreOffice', () => {
  it('imports into the demo file, updating the unit’s self-assessment, and the score follows', async () => {
    await cli('demo', at('demo.nq57'));
    const before = JSON.parse((await cli('score', at('demo.nq57'), '--year', '2026', '--json')).stdout).units.find((u: { unit: string }) => u.unit === '03127');
    const r = await cli('import', at('demo.nq57'), 'tests/spreadsheet/fixtures/03127-filled-saved-by-libreoffice.xlsx');
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/03127-filled-saved-by-libreoffice\.xlsx: đọc 9 dòng; tạo \d+, cập nhật \d+, không đổi \d+ mục/);
    const exported = (await cli('export-csv', at('demo.nq57'), '--year', '2026')).stdout;
    expect(exported).toMatch(/2026,03127,UBND phường Điện Biên Phủ,XA,1\.2,,plan_only,,/);
    const after = JSON.parse((await cli('score', at('demo.nq57'), '--year', '2026', '--json')).stdout).units.find((u: { unit: string }) => u.unit === '03127');
    // The panel (Trần Minh Đức) entered 1.2 without a document; the unit's new self-assessment carries none
    // either, so no entry proves it any more and the evidence gate now withholds the points.
    expect(before.indicators['1.2']).toMatchObject({ points: 4, status: 'ok' });
    expect(after.indicators['1.2']).toMatchObject({ points: 0, status: 'no_evidence' });
  });

  it('refuses a workbook that is not a template made by this app, writing nothing', async () => {
    await cli('init', at('a.nq57'));
    const bytes = readFileSync(at('a.nq57'));
    writeFileSync(at('fake.xlsx'), '%PDF-1.4 giả dạng bảng tính');
    const r = await cli('import', at('a.nq57'), at('fake.xlsx'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/fake\.xlsx/);
    expect(readFileSync(at('a.nq57'))).toEqual(bytes);
  });
});

describe('merge, conflicts, resolve', () => {
  it('merges an evaluator’s file, lists conflicts, settles one, and re-merging changes nothing', async () => {
    await cli('init', at('master.nq57'));
    await cli('init', at('duc.nq57'));
    writeFileSync(at('self.csv'), HEADER + `${DBP},2.2,,9,,DM,,,\n`);
    writeFileSync(at('duc.csv'), HEADER + `${DBP},2.2,,11,,DM 2,,,\n${DBP},1.3,,1,Trần Minh Đức,QĐ,,,\n`);
    await cli('import', at('master.nq57'), at('self.csv'));
    await runCli(['import', at('duc.nq57'), at('duc.csv'), '--as', 'Trần Minh Đức']);
    const m = await cli('merge', at('master.nq57'), at('duc.nq57'));
    expect(m.code).toBe(0);
    expect(m.stdout).toMatch(/duc\.nq57: thêm 1, cập nhật 0, không đổi 0 mục; thêm 0 đơn vị, 1 người chấm; 1 xung đột/);
    expect(m.stdout).toMatch(/chỉ tiêu 2\.2, tự đánh giá[\s\S]*tệp chính \/ master \(.*\): value=9; tài liệu: DM[\s\S]*duc\.nq57 \(.*\): value=11; tài liệu: DM 2/);
    const id = /conflict ([\w-]+):/.exec(m.stdout)![1]!;
    const bytes = readFileSync(at('master.nq57'));
    expect((await cli('merge', at('master.nq57'), at('duc.nq57'))).stdout).toMatch(/thêm 0, cập nhật 0, không đổi 1 mục/);
    expect(readFileSync(at('master.nq57'))).toEqual(bytes);

    expect((await cli('resolve', at('master.nq57'), id, '--keep', 'other')).code).toBe(2);
    const s = await cli('resolve', at('master.nq57'), id, '--keep', 'other', '--reason', 'Biên bản kiểm tra ghi 11 tin bài');
    expect(s).toMatchObject({ code: 0 });
    expect((await cli('conflicts', at('master.nq57'))).stdout).toMatch(/Không có xung đột nào chưa giải quyết/);
    expect((await cli('conflicts', at('master.nq57'), '--all')).stdout).toMatch(/đã giải quyết \/ settled: other \(Thư ký hội đồng: Biên bản kiểm tra ghi 11 tin bài\)/);
    const scored = JSON.parse((await cli('score', at('master.nq57'), '--year', '2026', '--json')).stdout);
    // 7 × 11/12 = 6.4166… → the settled value counts.
    expect(scored.units[0].indicators['2.2'].explanation).toMatch(/^6,42\/7: 11 so với chỉ tiêu 12 — tự đánh giá$/);
  });

  it('keeps the other version of a conflict that cites a document, bringing the document with it', async () => {
    await cli('init', at('master.nq57'));
    await cli('init', at('duc.nq57'));
    writeFileSync(at('self.csv'), HEADER + `${DBP},2.2,,9,,DM,,,\n`);
    writeFileSync(at('duc.csv'), HEADER + `${DBP},2.2,,11,,DM 2,,,\n`);
    await cli('import', at('master.nq57'), at('self.csv'));
    await runCli(['import', at('duc.nq57'), at('duc.csv'), '--as', 'Trần Minh Đức']);
    writeFileSync(at('bien-ban.pdf'), '%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n');
    const a = await runCli(['attach', at('duc.nq57'), '--year', '2026', '--unit', '03127', '--indicator', '2.2', at('bien-ban.pdf'), '--as', 'Trần Minh Đức']);
    expect(a).toMatchObject({ code: 0 });
    const m = await cli('merge', at('master.nq57'), at('duc.nq57'));
    expect(m).toMatchObject({ code: 0, stderr: '' });
    expect(m.stdout).toMatch(/1 xung đột/);
    const id = /conflict ([\w-]+):/.exec(m.stdout)![1]!;
    // The master's value stays until someone chooses; the document is already in its store.
    expect((await cli('check', at('master.nq57'))).stdout).toMatch(/attachments 1\/1 nguyên vẹn/);

    const s = await cli('resolve', at('master.nq57'), id, '--keep', 'other', '--reason', 'Biên bản kiểm tra ghi 11 tin bài');
    expect(s).toMatchObject({ code: 0, stderr: '' });
    expect(s.stdout).toMatch(/took the other version/);
    const exported = (await cli('export-csv', at('master.nq57'), '--year', '2026')).stdout;
    expect(exported).toMatch(/2026,03127,.*,2\.2,,11,,DM 2/);
    expect((await cli('check', at('master.nq57'))).stdout).toMatch(/attachments 1\/1 nguyên vẹn/);
    // 7 × 11/12 = 6.4166…: the kept version counts, and its document satisfies the evidence gate.
    const scored = JSON.parse((await cli('score', at('master.nq57'), '--year', '2026', '--json')).stdout);
    expect(scored.units[0].indicators['2.2']).toMatchObject({ status: 'ok' });
    expect(scored.units[0].indicators['2.2'].explanation).toMatch(/^6,42\/7: 11 so với chỉ tiêu 12/);
  });

  it('refuses, with exit 1 and nothing written, a file scored with other criteria', async () => {
    await cli('init', at('master.nq57'));
    const set = JSON.parse(readFileSync('criteria/nq57-2026.1.json', 'utf8'));
    set.version = '2026.2';
    writeFileSync(at('c.json'), JSON.stringify(set));
    await cli('init', at('other.nq57'), '--year', '2025');
    writeFileSync(at('o.csv'), HEADER + `${DBP},1.3,,1,,QĐ,,,\n`);
    // Score the other file's 2026 with the edited set through a CSV import using that set is not possible
    // from the CLI (a file takes the bundled set): build it through the library instead.
    const { FileSession } = await import('../../node/session');
    const { validateCriteria } = await import('../../shared/criteria/validate');
    const s = await FileSession.open(at('other.nq57'), { actor: 'x' });
    const v = validateCriteria(set);
    if (!v.ok) throw new Error('invalid');
    s.file.useCriteria(v.value);
    await s.save();
    s.close();
    const bytes = readFileSync(at('master.nq57'));
    const r = await cli('merge', at('master.nq57'), at('other.nq57'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Năm 2026: tệp này chấm theo bộ tiêu chí 2026\.2/);
    expect(readFileSync(at('master.nq57'))).toEqual(bytes);
  });
});

describe('attachments, backups, pack', () => {
  it('attaches evidence, verifies it, packs the file with it and unpacks it elsewhere', async () => {
    await cli('init', at('a.nq57'));
    writeFileSync(at('self.csv'), HEADER + `${DBP},1.1,,2025-12-20,,,,,\n`);
    await cli('import', at('a.nq57'), at('self.csv'));
    writeFileSync(at('ke-hoach.pdf'), '%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n');
    const a = await cli('attach', at('a.nq57'), '--year', '2026', '--unit', '03127', '--indicator', '1.1', at('ke-hoach.pdf'));
    expect(a).toMatchObject({ code: 0 });
    // The attachment now counts as evidence for the evidence gate.
    const scored = JSON.parse((await cli('score', at('a.nq57'), '--year', '2026', '--json')).stdout);
    expect(scored.units[0].indicators['1.1']).toMatchObject({ points: 6, status: 'ok' });
    expect((await cli('check', at('a.nq57'))).stdout).toMatch(/attachments 1\/1 nguyên vẹn/);

    expect((await cli('pack', at('a.nq57'), at('a.zip'))).code).toBe(0);
    const u = await cli('unpack', at('a.zip'), at('khac'));
    expect(u).toMatchObject({ code: 0 });
    expect((await cli('check', at('khac/a.nq57'))).stdout).toMatch(/attachments 1\/1 nguyên vẹn/);

    // A damaged attachment is found by check.
    const { readdirSync } = await import('node:fs');
    const store = at('a.nq57.attachments');
    const sub = readdirSync(store)[0]!;
    const blob = join(store, sub, readdirSync(join(store, sub))[0]!);
    writeFileSync(blob, '%PDF-1.4 sửa đổi\n%%EOF\n');
    const bad = await cli('check', at('a.nq57'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bị hỏng hoặc bị sửa/);
  });

  it('refuses to attach to an entry that does not exist, and refuses executables', async () => {
    await cli('init', at('a.nq57'));
    writeFileSync(at('x.pdf'), 'MZ\x90\x00');
    expect((await cli('attach', at('a.nq57'), '--year', '2026', '--unit', '03127', '--indicator', '1.1', at('x.pdf'))).stderr).toMatch(/Chưa có mục chấm/);
    writeFileSync(at('self.csv'), HEADER + `${DBP},1.1,,2025-12-20,,,,,\n`);
    await cli('import', at('a.nq57'), at('self.csv'));
    const r = await cli('attach', at('a.nq57'), '--year', '2026', '--unit', '03127', '--indicator', '1.1', at('x.pdf'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/là một chương trình \(tệp thực thi\), không được đính kèm/);
  });

  it('lists backups and restores one, keeping the state before the restore', async () => {
    await cli('init', at('a.nq57'));
    writeFileSync(at('self.csv'), HEADER + `${DBP},1.3,,1,,QĐ,,,\n`);
    await cli('import', at('a.nq57'), at('self.csv'));
    const list = (await cli('backups', at('a.nq57'))).stdout.trim().split('\n');
    expect(list).toHaveLength(1);
    const backup = list[0]!.split('\t')[0]!;
    const r = await cli('restore', at('a.nq57'), backup);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/bản trước khi khôi phục/);
    const scored = JSON.parse((await cli('score', at('a.nq57'), '--year', '2026', '--json')).stdout);
    expect(scored.units).toEqual([]);
    expect((await cli('backups', at('a.nq57'))).stdout.trim().split('\n')).toHaveLength(2);
  });

  it('keeps a second window of the app out while the file is open', async () => {
    await cli('init', at('a.nq57'));
    const { FileSession } = await import('../../node/session');
    const s = await FileSession.open(at('a.nq57'), { actor: 'Lò Thị Hương' });
    try {
      const r = await cli('import', at('a.nq57'), at('missing.csv'));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/đã được mở trong một cửa sổ khác của ứng dụng/);
    } finally {
      s.close();
    }
  });
});
