/**
 * The panel's decisions through the CLI, on real files in a temporary folder: consensus values (set, list,
 * clear, merge and settle), finalising and reopening a year, and overriding a reward proposal.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run';
import { FileSession } from '../../node/session';

let dir: string;
const at = (name: string) => join(dir, name);
const cli = (...args: string[]) => runCli([...args, '--as', 'Thư ký hội đồng']);
const HEADER = 'year,unit,unit_name,group,indicator,input,value,evaluator,evidence,explanation,accepted,note\n';
const DBP = '2026,03127,UBND phường Điện Biên Phủ,XA';
const REASON = 'Biên bản họp hội đồng ngày 20/11/2026';

/** 1.3 self-assessed (yes → 2); 3.2 (max 8) appraised by three evaluators: 5/8 → 5, 7/8 → 7, 8/8 → 8, mean 20/3. */
const PANEL_CSV =
  HEADER +
  `${DBP},1.3,,1,,QĐ 7,,,\n` +
  `${DBP},3.2,numerator,5,An,DS 1,,,\n${DBP},3.2,denominator,8,An,DS 1,,,\n` +
  `${DBP},3.2,numerator,7,Bình,DS 1,,,\n${DBP},3.2,denominator,8,Bình,DS 1,,,\n` +
  `${DBP},3.2,numerator,8,Chi,DS 1,,,\n${DBP},3.2,denominator,8,Chi,DS 1,,,\n`;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nq57-decisions-'));
});

async function panelFile(name: string): Promise<string> {
  await cli('init', at(name));
  writeFileSync(at('panel.csv'), PANEL_CSV);
  const r = await cli('import', at(name), at('panel.csv'));
  if (r.code !== 0) throw new Error(r.stderr);
  return at(name);
}

async function scored(file: string) {
  const r = await cli('score', file, '--year', '2026', '--json');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { units: { unit: string; score: number; indicators: Record<string, Record<string, unknown>> }[] } & Record<string, unknown>;
}

const consensusArgs = (file: string, ...extra: string[]) => ['consensus', file, '--year', '2026', '--unit', '03127', '--indicator', '3.2', ...extra];

describe('consensus values', () => {
  it('set with a reason, listed, used by score, and cleared with a reason', async () => {
    const file = await panelFile('a.nq57');
    expect((await cli('consensus', file, '--year', '2026')).stdout).toBe('Năm 2026 chưa có điểm thống nhất nào / No consensus values for 2026\n');
    const before = await scored(file);
    expect(before.units[0]!.indicators['3.2']).toMatchObject({ points: 6.67, source: 'panel' });
    // 2 + 20/3 = 26/3 of 100 = 8.666… → 8.67
    expect(before.units[0]!.score).toBe(8.67);

    const set = await runCli(consensusArgs(file, '--points', '7,5', '--reason', REASON, '--by', 'Lò Thị Hương'));
    expect(set).toMatchObject({ code: 0, stderr: '' });
    expect(set.stdout).toBe(
      'Đã đặt điểm thống nhất / Consensus value set: 2026 03127 3.2 = 7.5\n' +
        `  Điểm thống nhất của hội đồng: 7,5/8 (thay cho trung bình 6,67 của 3 thành viên: An 5, Bình 7, Chi 8); lý do: ${REASON}\n` +
        `  Panel consensus: 7.5/8 (in place of the mean 6.67 of 3 panel members: An 5, Bình 7, Chi 8); reason: ${REASON}\n`,
    );
    const list = await cli('consensus', file, '--year', '2026');
    expect(list.stdout).toMatch(/^2026 03127 3\.2: 7\.5 — Lò Thị Hương, \d{4}-\d\d-\d\dT[\d:.]+Z\n  Điểm thống nhất của hội đồng: 7,5\/8/);

    const after = await scored(file);
    expect(after.units[0]!.indicators['3.2']).toMatchObject({ points: 7.5, source: 'consensus', consensus: { points: 7.5, reason: REASON, replaced: 6.67, replacedSource: 'panel' } });
    // 2 + 7.5 = 9.5 of 100.
    expect(after.units[0]!.score).toBe(9.5);

    expect((await runCli(consensusArgs(file, '--clear', '--by', 'Lò Thị Hương'))).code).toBe(2);
    const cleared = await runCli(consensusArgs(file, '--clear', '--reason', 'Hội đồng lấy trung bình', '--by', 'Lò Thị Hương'));
    expect(cleared).toMatchObject({ code: 0 });
    expect(cleared.stdout).toMatch(/^Đã bỏ điểm thống nhất \/ Consensus value cleared: 2026 03127 3\.2\n  6,67\/8: trung bình của 3 thành viên hội đồng/);
    expect((await scored(file)).units[0]!.score).toBe(8.67);
    const again = await runCli(consensusArgs(file, '--clear', '--reason', 'lần nữa', '--by', 'Lò Thị Hương'));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/Không có điểm thống nhất nào cho đơn vị 03127, chỉ tiêu 3\.2, năm 2026 \| .*There is no consensus value for unit 03127, indicator 3\.2, year 2026/);

    const s = await FileSession.open(file, { actor: 'x', readOnly: true });
    try {
      const log = s.file.auditLog().filter((a) => a.action.startsWith('consensus.'));
      expect(log.map((a) => [a.action, a.actor, a.reason])).toEqual([
        ['consensus.create', 'Lò Thị Hương', REASON],
        ['consensus.clear', 'Lò Thị Hương', 'Hội đồng lấy trung bình'],
      ]);
    } finally {
      s.close();
    }
  });

  it('refuses bad input with a message, writing nothing', async () => {
    const file = await panelFile('a.nq57');
    const bytes = readFileSync(file);
    const noReason = await runCli(consensusArgs(file, '--points', '7', '--by', 'Lò Thị Hương'));
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/Cần --reason/);
    const noBy = await runCli(consensusArgs(file, '--points', '7', '--reason', REASON));
    expect(noBy.code).toBe(2);
    expect((await runCli(consensusArgs(file, '--points', '7', '--clear', '--reason', REASON, '--by', 'x'))).code).toBe(2);

    const tooMuch = await runCli(consensusArgs(file, '--points', '9', '--reason', REASON, '--by', 'Lò Thị Hương'));
    expect(tooMuch.code).toBe(1);
    expect(tooMuch.stderr).toBe(
      'Điểm thống nhất (đơn vị 03127, chỉ tiêu 3.2, năm 2026): 9 điểm vượt quá điểm tối đa 8 | Consensus value (unit 03127, indicator 3.2, year 2026): 9 points is above the maximum of 8\n',
    );
    const otherGroup = await runCli(['consensus', file, '--year', '2026', '--unit', '03127', '--indicator', '3.4b', '--points', '1', '--reason', REASON, '--by', 'x']);
    expect(otherGroup.stderr).toMatch(/chỉ tiêu 3\.4b không áp dụng cho khối XA/);
    const decimals = await runCli(consensusArgs(file, '--points', '6,667', '--reason', REASON, '--by', 'x'));
    expect(decimals.stderr).toMatch(/có quá 2 chữ số thập phân/);
    expect(readFileSync(file)).toEqual(bytes);
  });

  it('travel on merge; a different value is a conflict, listed and settled with a reason', async () => {
    const master = await panelFile('master.nq57');
    const other = await panelFile('pho-chu-tich.nq57');
    await runCli(consensusArgs(master, '--points', '7', '--reason', REASON, '--by', 'Thư ký'));
    await runCli(consensusArgs(other, '--points', '6', '--reason', 'Hai người đã chuyển công tác', '--by', 'Phó chủ tịch'));
    const m = await cli('merge', master, other);
    expect(m.code).toBe(0);
    expect(m.stdout).toMatch(/điểm thống nhất: thêm 0, không đổi 0, 1 xung đột \| consensus values: 0 added, 0 unchanged, 1 conflicts/);
    expect(m.stdout).toMatch(/tệp chính \/ master \(Thư ký, .*\): 7; lý do \/ reason: Biên bản họp/);
    const id = /consensus conflict ([\w-]+):/.exec(m.stdout)![1]!;
    expect((await cli('conflicts', master)).stdout).toMatch(new RegExp(`consensus conflict ${id}: 2026 đơn vị 03127, chỉ tiêu 3\\.2`));
    expect((await scored(master)).units[0]!.indicators['3.2']).toMatchObject({ points: 7 });

    const bytes = readFileSync(master);
    expect((await cli('merge', master, other)).code).toBe(0);
    expect(readFileSync(master)).toEqual(bytes);

    expect((await cli('resolve', master, id, '--keep', 'other', '--reason', 'Biên bản bổ sung')).code).toBe(0);
    expect((await scored(master)).units[0]!.indicators['3.2']).toMatchObject({ points: 6, source: 'consensus' });
    expect((await cli('conflicts', master)).stdout).toMatch(/Không có xung đột nào chưa giải quyết/);
  });
});

describe('finalising and reopening a year', () => {
  it('finalize freezes the year; score shows it final with its fingerprint; edits are refused until reopen with a reason', async () => {
    const file = await panelFile('a.nq57');
    const draft = await scored(file);
    expect(draft).toMatchObject({ status: 'draft', finalisation: null, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const csvDraft = await cli('score', file, '--year', '2026', '--csv');
    expect(csvDraft.stderr).toBe(`Năm 2026: DỰ THẢO (chưa chốt kết quả); dấu vân tay sha256:${draft.fingerprint} | 2026: DRAFT (not finalised); fingerprint sha256:${draft.fingerprint}\n`);

    expect((await cli('finalize', file, '--year', '2026')).code).toBe(2);
    const fin = await cli('finalize', file, '--year', '2026', '--by', 'Nguyễn Văn Chủ tịch');
    expect(fin).toMatchObject({ code: 0, stderr: '' });
    expect(fin.stdout).toMatch(new RegExp(`^Đã chốt kết quả năm 2026 ngày \\d\\d/\\d\\d/\\d{4} \\(Nguyễn Văn Chủ tịch\\); dấu vân tay sha256:${draft.fingerprint}\\n`));
    const final = await scored(file);
    expect(final).toMatchObject({ status: 'final', fingerprint: draft.fingerprint, finalisation: { finalisedBy: 'Nguyễn Văn Chủ tịch', fingerprint: draft.fingerprint, matches: true } });
    expect((await cli('score', file, '--year', '2026', '--csv')).stderr).toMatch(/^Năm 2026: ĐÃ CHỐT KẾT QUẢ ngày \d\d\/\d\d\/\d{4} \(Nguyễn Văn Chủ tịch\); dấu vân tay sha256:[0-9a-f]{64} \| 2026: FINAL since/);

    const bytes = readFileSync(file);
    const refusedWith = /Năm 2026 đã được chốt kết quả ngày \d\d\/\d\d\/\d{4} \(Nguyễn Văn Chủ tịch\); muốn sửa phải mở lại với lý do.* \| .*The results of 2026 were finalised on/;
    writeFileSync(at('sua.csv'), HEADER + `${DBP},1.3,,0,,QĐ 7,,,\n`);
    const imp = await cli('import', file, at('sua.csv'));
    expect(imp.code).toBe(1);
    expect(imp.stderr).toMatch(refusedWith);
    const con = await runCli(consensusArgs(file, '--points', '7', '--reason', REASON, '--by', 'Thư ký'));
    expect(con.code).toBe(1);
    expect(con.stderr).toMatch(refusedWith);
    const ovr = await runCli(['override', file, '--year', '2026', '--unit', '03127', '--proposal', 'giay_khen_giam_doc_so_khcn', '--reason', 'x', '--by', 'y']);
    expect(ovr.stderr).toMatch(refusedWith);
    // An evaluator's file with a new appraisal for 2026.
    await cli('init', at('mai.nq57'));
    writeFileSync(at('mai.csv'), HEADER + `${DBP},1.3,,1,Hoàng Thị Mai,QĐ 7,,,\n`);
    await runCli(['import', at('mai.nq57'), at('mai.csv'), '--as', 'Hoàng Thị Mai']);
    const m = await cli('merge', file, at('mai.nq57'));
    expect(m.code).toBe(1);
    expect(m.stderr).toMatch(refusedWith);
    writeFileSync(at('bien-ban.pdf'), '%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n');
    const att = await cli('attach', file, '--year', '2026', '--unit', '03127', '--indicator', '1.3', at('bien-ban.pdf'));
    expect(att.code).toBe(1);
    expect(att.stderr).toMatch(refusedWith);
    expect(readFileSync(file)).toEqual(bytes);

    expect((await cli('reopen', file, '--year', '2026', '--by', 'Nguyễn Văn Chủ tịch')).code).toBe(2);
    const re = await cli('reopen', file, '--year', '2026', '--by', 'Nguyễn Văn Chủ tịch', '--reason', 'Sở Nội vụ đề nghị rà soát chỉ tiêu 3.2');
    expect(re).toMatchObject({ code: 0 });
    expect(re.stdout).toMatch(/^Đã mở lại kết quả năm 2026 .*lý do: Sở Nội vụ đề nghị rà soát chỉ tiêu 3\.2\n/);
    expect(await scored(file)).toMatchObject({ status: 'draft', finalisation: null });
    expect((await runCli(consensusArgs(file, '--points', '7', '--reason', REASON, '--by', 'Thư ký'))).code).toBe(0);
    // 2 + 7 = 9 of 100: a result changed, and with it the fingerprint.
    const after = await scored(file);
    expect(after.units[0]!.score).toBe(9);
    expect(after.fingerprint).not.toBe(draft.fingerprint);

    const s = await FileSession.open(file, { actor: 'x', readOnly: true });
    try {
      expect(s.file.auditLog().filter((a) => a.action.startsWith('year.')).map((a) => [a.action, a.actor, a.reason])).toEqual([
        ['year.finalise', 'Nguyễn Văn Chủ tịch', ''],
        ['year.reopen', 'Nguyễn Văn Chủ tịch', 'Sở Nội vụ đề nghị rà soát chỉ tiêu 3.2'],
      ]);
    } finally {
      s.close();
    }
  });
});

describe('overriding a reward proposal', () => {
  it('needs a reason; with one, score shows the override with the computed proposal and the reason', async () => {
    const file = await panelFile('a.nq57');
    const bytes = readFileSync(file);
    const args = ['override', file, '--year', '2026', '--unit', '03127', '--proposal', 'giay_khen_giam_doc_so_khcn'];
    const none = await runCli([...args, '--by', 'Phó chủ tịch']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Cần --reason: điều chỉnh đề xuất khen thưởng phải có lý do bằng văn bản/);
    const blank = await runCli([...args, '--reason', '  ', '--by', 'Phó chủ tịch']);
    expect(blank.code).toBe(2);
    const bad = await runCli(['override', file, '--year', '2026', '--unit', '03127', '--proposal', 'huan_chuong', '--reason', 'x', '--by', 'y']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/không có hình thức khen thưởng "huan_chuong"/);
    expect(readFileSync(file)).toEqual(bytes);
    expect((await scored(file)).units[0]).toMatchObject({ proposal: null });

    const ok = await runCli([...args, '--reason', 'Mô hình tuyên truyền được tỉnh nhân rộng', '--by', 'Phó chủ tịch']);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.stdout).toBe(
      'Đã điều chỉnh đề xuất / Proposal overridden: 2026 03127\n' +
        '  đề xuất: Giấy khen của Giám đốc Sở KH&CN (theo quy tắc: không đề xuất; lý do: Mô hình tuyên truyền được tỉnh nhân rộng)\n' +
        '  proposal: Certificate of merit of the Director of DOST (by the rules: no proposal; reason: Mô hình tuyên truyền được tỉnh nhân rộng)\n',
    );
    const doc = await scored(file);
    expect(doc.units[0]).toMatchObject({
      proposal: 'giay_khen_giam_doc_so_khcn',
      proposalOverride: { computed: null, reason: 'Mô hình tuyên truyền được tỉnh nhân rộng', by: 'Phó chủ tịch' },
    });
    const csv = await cli('score', file, '--year', '2026', '--csv');
    expect(csv.stdout).toMatch(/Đề xuất theo quy tắc,Lý do điều chỉnh đề xuất/);
    expect((await runCli(['override', file, '--year', '2026', '--unit', '03127', '--clear', '--reason', 'Hội đồng không đồng ý', '--by', 'Chủ tịch'])).code).toBe(0);
    expect((await scored(file)).units[0]).toMatchObject({ proposal: null });
    expect((await scored(file)).units[0]).not.toHaveProperty('proposalOverride');
  });
});
