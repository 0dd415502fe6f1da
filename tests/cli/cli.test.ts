import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run';
import { parseCsv } from '../../shared/interchange/csv';

const SMALL = 'tests/cli/fixtures/small-2026.csv';
const BAD = 'tests/cli/fixtures/bad-2026.csv';

/** The real command as a user types it: `npm run -s cli -- …`, in a child process. */
function cli(...args: string[]) {
  const r = spawnSync('npm', ['run', '-s', 'cli', '--', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const out = await runCli(['score', '--data', SMALL, '--year', '2026', '--json']);
const doc = JSON.parse(out.stdout);

describe('score --json', () => {
  const unit = (code: string) => doc.units.find((u: { unit: string }) => u.unit === code);

  it('names the criteria set by id, version and SHA-256', async () => {
    expect(out.code).toBe(0);
    expect(doc.year).toBe(2026);
    expect(doc.criteria).toMatchObject({ id: 'nq57-truyen-thong-dien-bien', version: '2026.1' });
    expect(doc.criteria.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lists units by unit group (SO, XA, BC), then by rank', async () => {
    expect(doc.units.map((u: { unit: string; rank: number }) => `${u.unit}#${u.rank}`)).toEqual(['SKHCN#1', '03127#1', '03334#2']);
  });

  it('scores a commune as computed by hand', async () => {
    // 1.1: 20/12/2025 ≤ 31/12/2025 → 6. 1.4: 16/06 is 6 days late → 2, 01/12 on time → 4: 6.
    // 2.2: 7 × 9/12 = 5.25. 3.1: 45/50 = 90% → 6. 5.1b: mean(3.5, 2.75) = 3.125. 2.3: denominator 0 → not applicable.
    // earned 26.375 of 100 − 6 = 94 → base 2637.5/94 = 28.0585… → 28.06; T1 = min(3, 2 + 2×1) = 3 → 31.0585… → 31.06.
    const u = unit('03127');
    expect(u).toMatchObject({ name: 'UBND phường Điện Biên Phủ', group: 'XA', score: 31.06, base: 28.06, bonus: 3, deduction: 0, band: 'yeu', bandLabel: 'Yếu', proposal: null });
    expect(u.groups).toEqual({ I: { points: 12, max: 20 }, II: { points: 5.25, max: 29 }, III: { points: 6, max: 30 }, IV: { points: 0, max: 10 }, V: { points: 3.13, max: 5 } });
    expect(u.indicators['2.3']).toMatchObject({ status: 'not_applicable', max: 6 });
    expect(u.indicators['1.2']).toMatchObject({ status: 'missing', points: 0 });
    expect(u.indicators['1.4'].explanation).toBe(
      '6/8: 1 trên 2 đúng hạn; hạn 10/06/2026: ngày 16/06/2026, muộn 6 ngày (2 điểm); hạn 10/12/2026: ngày 01/12/2026, đúng hạn (4 điểm) — tự đánh giá',
    );
    expect(u.indicators['5.1b'].explanation).toMatch(/^3,13\/5: trung bình của 2 thành viên hội đồng: Lò Thị Hương 2,75, Nguyễn Văn An 3,5$/);
    expect(Object.keys(u.indicators)).not.toContain('3.4b');
  });

  it('applies the evidence gate: an accepted explanation rescues points, a refused one does not', async () => {
    const u = unit('03334');
    expect(u.indicators['2.5']).toMatchObject({ points: 2, status: 'ok' });
    expect(u.indicators['4.1']).toMatchObject({ points: 0, status: 'no_evidence' });
    expect(u.indicators['4.1'].explanation).toMatch(/không có tài liệu kiểm chứng/);
    expect(u.score).toBe(4); // 1.3 (2) + 2.5 (2) of 100
  });

  it('scores a department on its own group’s indicators (3.4b: 8 × 2/3)', async () => {
    expect(unit('SKHCN')).toMatchObject({ score: 5.33, base: 5.33, rank: 1 });
  });

  it('writes explanations in English on request', async () => {
    const en = JSON.parse((await runCli(['score', '--data', SMALL, '--year', '2026', '--json', '--lang', 'en'])).stdout);
    expect(en.units[1].indicators['1.4'].explanation).toMatch(/^6\/8: 1 of 2 on time; due 10\/06\/2026: 16\/06\/2026, 6 days late/);
    expect(en.units[1].bandLabel).toBe('Weak');
  });

  it('uses the 2025 baseline for 2025', async () => {
    const r = JSON.parse((await runCli(['score', '--data', SMALL, '--year', '2025', '--json'])).stdout);
    expect(r.criteria.version).toBe('2025.1');
    // 1.1 yes → 20 of the 100 that apply to a department.
    expect(r.units).toEqual([expect.objectContaining({ unit: 'SKHCN', score: 20, base: 20 })]);
  });

  it('warns on stderr when a scale judgement has no written reason, and still scores', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nq57-'));
    const f = join(dir, 'scale.csv');
    writeFileSync(f, readFileSync(SMALL, 'utf8').replace('"Phát hiện, xử lý 3 tin giả"', ''));
    const r = await runCli(['score', '--data', f, '--year', '2026', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/03127 5\.1b: Nguyễn Văn An: điểm chấm thiếu lý do/);
  });
});

describe('score --csv', () => {
  it('prints the ranking with Vietnamese headers, one row per unit', async () => {
    const out = await runCli(['score', '--data', SMALL, '--year', '2026', '--csv']);
    expect(out.code).toBe(0);
    const rows = parseCsv(out.stdout).records.map((r) => r.fields);
    expect(rows[0]).toEqual(['Năm', 'Khối', 'Thứ hạng', 'Mã đơn vị', 'Tên đơn vị', 'Nhóm I', 'Nhóm II', 'Nhóm III', 'Nhóm IV', 'Nhóm V', 'Điểm cơ sở', 'Điểm thưởng', 'Điểm trừ', 'Tổng điểm', 'Xếp loại', 'Đề xuất khen thưởng', 'Ghi chú xếp loại']);
    expect(rows.slice(1).map((r) => [r[1], r[2], r[3], r[13], r[14]])).toEqual([
      ['SO', '1', 'SKHCN', '5.33', 'Yếu'],
      ['XA', '1', '03127', '31.06', 'Yếu'],
      ['XA', '2', '03334', '4.00', 'Yếu'],
    ]);
  });
});

describe('bad input', () => {
  it('lists every problem on stderr with line, column and value, prints nothing on stdout, exits 1', async () => {
    const out = await runCli(['score', '--data', BAD, '--year', '2026', '--json']);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    const lines = out.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^tests\/cli\/fixtures\/bad-2026\.csv, dòng 2, cột value, "-1": Số lượng không được âm \| .*line 2, column value, "-1": A count cannot be negative$/);
    expect(lines[1]).toMatch(/dòng 3, cột value, "10\/06\/2026": Ngày không hợp lệ/);
    expect(lines[2]).toMatch(/dòng 4, cột group, "QQ"/);
  });

  it('refuses a year without a criteria set', async () => {
    const out = await runCli(['score', '--data', SMALL, '--year', '2031', '--json']);
    expect(out).toMatchObject({ code: 1, stdout: '' });
    expect(out.stderr).toMatch(/Không có bộ tiêu chí cho năm 2031/);
  });

  it('refuses a missing data file with a sentence, not a stack trace', async () => {
    const out = await runCli(['score', '--data', 'nowhere.csv', '--year', '2026', '--json']);
    expect(out).toMatchObject({ code: 1, stdout: '' });
    expect(out.stderr).toMatch(/nowhere\.csv: Không đọc được tệp dữ liệu: không tồn tại/);
    expect(out.stderr).not.toMatch(/at \w+ \(/);
  });

  it('explains wrong usage with exit code 2', async () => {
    expect(await runCli(['score', '--data', SMALL, '--json'])).toMatchObject({ code: 2, stdout: '' });
    expect(await runCli(['score', '--data', SMALL, '--year', '2026'])).toMatchObject({ code: 2, stdout: '' });
    expect(await runCli(['score', '--data', SMALL, '--year', '2026', '--json', '--panel', 'max'])).toMatchObject({ code: 2 });
    expect(await runCli(['frobnicate'])).toMatchObject({ code: 2 });
  });
});

describe('validate', () => {
  it('accepts the bundled sets', async () => {
    for (const f of ['criteria/nq57-2026.1.json', 'criteria/nq57-2025.1.json']) {
      const out = await runCli(['validate', f]);
      expect(out.code).toBe(0);
      expect(out.stdout).toMatch(/hợp lệ \/ valid — nq57-truyen-thong-dien-bien 20\d\d\.1 sha256:[0-9a-f]{64}/);
    }
  });

  it('lists every problem of a broken set and exits 1', async () => {
    const set = JSON.parse(readFileSync('criteria/nq57-2026.1.json', 'utf8'));
    set.indicators[0].max = 7;
    set.indicators[1].rule.type = 'lottery';
    set.indicators[2].clauses = [];
    const dir = mkdtempSync(join(tmpdir(), 'nq57-'));
    const f = join(dir, 'broken.json');
    writeFileSync(f, JSON.stringify(set));
    const out = await runCli(['validate', f]);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/indicators\[0\]\.rule\.ladder: Điểm cao nhất của quy tắc là 6, không bằng điểm tối đa 7/);
    expect(out.stderr).toMatch(/indicators\[1\]\.rule\.type: Loại quy tắc "lottery" không được hỗ trợ/);
    expect(out.stderr).toMatch(/indicators\[2\]\.clauses: Chỉ tiêu phải dẫn chiếu ít nhất một điều khoản/);
    expect(out.stderr).toMatch(/Nhóm I, khối SO: tổng điểm tối đa các chỉ tiêu là 21, vượt 20/);
  });
});

describe('the real command line', () => {
  it('prints only the JSON document on stdout', async () => {
    const r = cli('score', '--data', SMALL, '--year', '2026', '--json');
    expect(r.code).toBe(0);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  it('exits 1 with nothing on stdout on bad input', async () => {
    const r = cli('score', '--data', BAD, '--year', '2026', '--csv');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(3);
  });
});
