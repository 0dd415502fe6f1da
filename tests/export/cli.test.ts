/**
 * `export` from the command line, in-process, on the demo evaluation file: a draft export (every document
 * DỰ THẢO, a warning), then the year finalised with an override in force (no DỰ THẢO, the stored
 * fingerprint on the cover, the override and its reason in the workbook and the JSON); one scorecard; PDF
 * when Chromium is there; and the messages for a missing Chromium and for wrong usage.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run';
import { COVER_SHEET } from '../../shared/results/export-workbook';
import { readBack, sheetOf, valueAt } from './helpers';

const HAVE_CHROMIUM = existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium');
let dir: string;
let demo: string;
const at = (name: string) => join(dir, name);
const cli = (...args: string[]) => runCli([...args, '--as', 'Thư ký hội đồng']);
const coverValue = (bytes: Uint8Array, label: string) =>
  [...sheetOf(readBack(bytes), COVER_SHEET).rows.values()].find((r) => r.get('A')?.value === label)?.get('B')?.value;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nq57-export-'));
  demo = at('demo.nq57');
  expect((await cli('demo', demo)).code).toBe(0);
}, 120_000);

describe('export, draft', () => {
  it('writes every non-PDF file of `all` into the folder, marked DỰ THẢO, and warns that the year is not final', async () => {
    const r = await cli('export', demo, '--year', '2026', '--what', 'all', '--format', 'xlsx', '--out', at('xlsx'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('(DỰ THẢO / draft) 2 tệp / files');
    expect(r.stderr).toContain('chưa được chốt: các tệp xuất được đánh dấu DỰ THẢO');
    expect(readdirSync(at('xlsx')).sort()).toEqual(['de-nghi-khen-thuong-2026.xlsx', 'ket-qua-2026.xlsx']);
    const wb = readBack(readFileSync(at('xlsx/ket-qua-2026.xlsx')));
    for (const s of wb.sheets) expect(String(valueAt(s, 'A1'))).toMatch(/^DỰ THẢO – /);
  });

  it('writes the results as JSON and CSV', async () => {
    expect((await cli('export', demo, '--year', '2026', '--what', 'rankings', '--format', 'json', '--out', at('r.json'))).code).toBe(0);
    const json = JSON.parse(readFileSync(at('r.json'), 'utf8'));
    expect(json).toMatchObject({ year: 2026, status: 'draft', finalisation: null, export: { province: 'Điện Biên' } });
    expect(json.units).toHaveLength(61);
    expect(json.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const tied = json.units.filter((u: { rankLabel: string }) => u.rankLabel.endsWith('='));
    expect(tied.map((u: { rankLabel: string }) => u.rankLabel)).toEqual(['16=', '16=', '21=', '21=']);
    expect((await cli('export', demo, '--year', '2026', '--what', 'rankings', '--format', 'csv', '--out', at('r.csv'))).code).toBe(0);
    const csv = readFileSync(at('r.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFNăm,Tình trạng,Khối,Thứ hạng,Mã đơn vị,Tên đơn vị,Nhóm I')).toBe(true);
    expect(csv.split('\r\n').filter((l) => l).length).toBe(62);
    expect(csv).toContain('2026,DỰ THẢO,XA,16=,');
  });

  it('writes one unit’s scorecard to a file', async () => {
    const r = await cli('export', demo, '--year', '2026', '--what', 'scorecards', '--format', 'html', '--unit', '03325', '--out', at('03325.html'));
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(at('03325.html'), 'utf8');
    expect(html).toContain('UBND xã Mường Phăng');
    expect(html).toContain('DỰ THẢO');
  });
});

describe('export, final', () => {
  let file: string;
  let fingerprint: string;
  beforeAll(async () => {
    file = at('final.nq57');
    copyFileSync(demo, file);
    const o = await cli('override', file, '--year', '2026', '--unit', '03325', '--proposal', 'bang_khen_chu_tich_ubnd_tinh', '--reason', 'Mô hình được tỉnh nhân rộng', '--by', 'Chủ tịch HĐ');
    expect(o.code, o.stderr).toBe(0);
    const f = await cli('finalize', file, '--year', '2026', '--by', 'Chủ tịch Hội đồng');
    expect(f.code, f.stderr).toBe(0);
    const score = JSON.parse((await cli('score', file, '--year', '2026', '--json')).stdout);
    fingerprint = score.finalisation.fingerprint;
    expect(score.finalisation.matches).toBe(true);
  }, 120_000);

  it('has no DỰ THẢO, and the stored fingerprint and finalisation on the cover', async () => {
    const r = await cli('export', file, '--year', '2026', '--what', 'rankings', '--format', 'xlsx', '--out', at('final.xlsx'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/\(đã chốt \/ final \(\d{2}\/\d{2}\/\d{4}\)\)/);
    const bytes = readFileSync(at('final.xlsx'));
    const wb = readBack(bytes);
    for (const s of wb.sheets) expect(String(valueAt(s, 'A1'))).not.toContain('DỰ THẢO');
    expect(coverValue(bytes, 'Dấu vân tay kết quả (SHA-256)')).toBe(fingerprint);
    expect(String(coverValue(bytes, 'Ngày chốt kết quả'))).toMatch(/^\d{2}\/\d{2}\/\d{4} – Chủ tịch Hội đồng$/);
    const row = [...sheetOf(wb, 'Khối XA').rows.values()].find((x) => x.get('B')?.value === '03325')!;
    expect(row.get('N')!.value).toBe('Bằng khen của Chủ tịch UBND tỉnh');
    expect(String(row.get('R')!.value)).toContain('lý do: Mô hình được tỉnh nhân rộng — Chủ tịch HĐ');
  });

  it('lists the overridden unit in the nomination JSON with its reason', async () => {
    expect((await cli('export', file, '--year', '2026', '--what', 'nominations', '--format', 'json', '--out', at('n.json'))).code).toBe(0);
    const n = JSON.parse(readFileSync(at('n.json'), 'utf8'));
    expect(n).toMatchObject({ status: 'final', fingerprint });
    const bk = n.sections.find((s: { proposal: string }) => s.proposal === 'bang_khen_chu_tich_ubnd_tinh');
    const u = bk.units.find((x: { unit: string }) => x.unit === '03325');
    expect(u.proposalOverride).toMatchObject({ computed: 'giay_khen_giam_doc_so_khcn', reason: 'Mô hình được tỉnh nhân rộng' });
  });

  it.skipIf(!HAVE_CHROMIUM)('prints the nomination list to PDF', async () => {
    const r = await cli('export', file, '--year', '2026', '--what', 'nominations', '--format', 'pdf', '--out', at('n.pdf'));
    expect(r.code, r.stderr).toBe(0);
    const pdf = readFileSync(at('n.pdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 841\.9\d* 59[45]\.\d+\]/);
  });
});

describe('export, refusals', () => {
  it('without Chromium: a clear message in both languages, and nothing written', async () => {
    const before = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    try {
      const r = await cli('export', demo, '--year', '2026', '--what', 'all', '--out', at('nopdf'));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('Xuất PDF cần trình duyệt Chromium');
      expect(r.stderr).toContain('PDF export needs Chromium');
      expect(r.stderr).toContain('apt-get install chromium');
      expect(r.stderr).toContain('Dùng --format xlsx|csv|json để xuất không cần PDF.');
      expect(existsSync(at('nopdf'))).toBe(false);
    } finally {
      if (before === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = before;
    }
  });

  it('wrong usage: exit 2 with the reason', async () => {
    const pdf = await cli('export', demo, '--year', '2026', '--what', 'rankings', '--format', 'pdf', '--out', at('x.pdf'));
    expect(pdf.code).toBe(2);
    expect(pdf.stderr).toContain('--what rankings xuất được dạng / can be written as: xlsx|csv|json (bản in: --what nominations --format pdf');
    expect((await cli('export', demo, '--year', '2026', '--what', 'rankings', '--out', at('x'))).code).toBe(2);
    expect((await cli('export', demo, '--what', 'all', '--out', at('x'))).stderr).toContain('--year');
    expect((await cli('export', demo, '--year', '2026', '--what', 'all')).stderr).toContain('Thiếu --out');
    const unknown = await cli('export', demo, '--year', '2026', '--what', 'scorecards', '--format', 'json', '--unit', 'XYZ', '--out', at('s.json'));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Không có đơn vị XYZ trong năm 2026');
    const noYear = await cli('export', demo, '--year', '2031', '--what', 'rankings', '--format', 'xlsx', '--out', at('y.xlsx'));
    expect(noYear.code).toBe(1);
    expect(noYear.stderr).toContain('chưa có bộ tiêu chí cho năm 2031');
  });
});
