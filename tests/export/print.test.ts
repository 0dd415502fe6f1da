/**
 * The printable documents as HTML (what Chromium and Electron print) and the nomination list as a workbook:
 * who is listed and in what order, the NĐ 30 heading, DỰ THẢO on a draft and nowhere on a final list, the
 * footer line, every text escaped; the scorecard's indicators, evidence and the points lost.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unitRows } from '../../shared/results/export-common';
import { nominationHtml, nominationSections, nominationWorkbook, NOMINATION_HEADERS, NOMINATION_SHEET } from '../../shared/results/nomination';
import { cssString, esc } from '../../shared/results/print-html';
import { resultsFingerprint } from '../../shared/results/present';
import { scorecardHtml, scorecards } from '../../shared/results/scorecard';
import { demoProvince, inputOf, NASTY_NAME, readBack, ROOT, sheetOf, styleAt, valueAt } from './helpers';

const province = demoProvince();
const ORACLE: { unit: string; group: string; rank: number; proposal: string | null }[] = JSON.parse(
  readFileSync(join(ROOT, 'tests/fixtures/province/expected-2026.json'), 'utf8'),
).units;
const fp = resultsFingerprint(province.result);
const FINAL = { at: '2026-12-20T08:00:00.000Z', by: 'Chủ tịch Hội đồng', fingerprint: fp };
const nasty = demoProvince((d) => ({ ...d, units: d.units.map((u) => (u.code === '03325' ? { ...u, name: NASTY_NAME } : u)) }));

/** The HTML's visible text, roughly: tags dropped, entities decoded. */
const textOf = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('escaping', () => {
  it('escapes HTML text and attributes, and CSS strings so that nothing closes the style element', () => {
    expect(esc(NASTY_NAME)).toBe('UBND xã &lt;Mường&gt; &quot;Phăng&quot; &amp; &#39;Ảng&#39; &lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(cssString('a"b\\c</style>\n')).toBe('"a\\22 b\\5c c\\3c /style\\3e \\a "');
  });
});

describe('the nomination list (HTML)', () => {
  const html = nominationHtml(inputOf(province));
  const text = textOf(html);

  it('lists every unit the rules propose, Bằng khen first, each section in unit group and rank order', () => {
    const sections = nominationSections(inputOf(province));
    expect(sections.map((s) => s.code)).toEqual(['bang_khen_chu_tich_ubnd_tinh', 'giay_khen_giam_doc_so_khcn']);
    for (const s of sections) {
      const expected = ORACLE.filter((u) => u.proposal === s.code).map((u) => u.unit);
      expect(s.rows.map((r) => r.result.unit.code)).toEqual(expected);
    }
    const names = sections.flatMap((s) => s.rows.map((r) => r.result.unit.name));
    let at = 0;
    for (const n of names) {
      const i = text.indexOf(n, at);
      expect(i, n).toBeGreaterThan(at);
      at = i;
    }
    expect(text).toContain(`Tổng cộng: ${names.length} tập thể`);
  });

  it('has the NĐ 30 heading, title, table columns, place and date, and the signature block', () => {
    expect(text).toContain('UBND TỈNH ĐIỆN BIÊN SỞ KHOA HỌC VÀ CÔNG NGHỆ');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc');
    expect(text).toMatch(/Điện Biên, ngày\s+tháng\s+năm 2026/);
    expect(text).toContain('DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG');
    for (const h of NOMINATION_HEADERS) expect(html).toContain(`<th>${h}</th>`);
    expect(text).toContain('Nơi nhận: - Ban Thi đua - Khen thưởng (Sở Nội vụ);');
    expect(text).toContain('GIÁM ĐỐC (Ký, ghi rõ họ tên và đóng dấu)');
    expect(html).toMatch(/@page \{ size: A4 landscape; margin: 20mm 15mm 20mm 30mm;/);
    expect(html).toContain('font: 13pt/1.25 "Times New Roman"');
  });

  it('marks a draft DỰ THẢO (watermark, banner, footer) and a final list nowhere; the footer names year, version and fingerprint', () => {
    expect(html).toContain('<div class="watermark" aria-hidden="true">DỰ THẢO</div>');
    expect(html).toContain('<div class="draft-banner">DỰ THẢO – kết quả chưa được chốt');
    expect(html).toContain(`content: "Năm 2026 · Bộ tiêu chí ${province.criteria.ident.id} phiên bản 2026.1 · Dấu vân tay kết quả ${fp} · DỰ THẢO"`);
    const final = nominationHtml(inputOf(province, { finalisation: FINAL }));
    expect(final).not.toContain('DỰ THẢO');
    expect(final).toContain(`Chốt ngày 20/12/2026`);
    expect(textOf(final)).toContain('Điện Biên, ngày 20 tháng 12 năm 2026');
  });

  it('shows an override with its reason, and names the units the panel took off the list', () => {
    const overrides = [
      { unit: '03325', proposal: 'bang_khen_chu_tich_ubnd_tinh', reason: 'Mô hình được nhân rộng', by: 'Chủ tịch HĐ', at: '2026-12-20' },
      { unit: '03352', proposal: null, reason: 'Đang xác minh số liệu', by: 'Chủ tịch HĐ', at: '2026-12-20' },
    ];
    const t = textOf(nominationHtml(inputOf(province, { overrides })));
    expect(t).toContain('Điều chỉnh đề xuất (theo quy tắc: Giấy khen của Giám đốc Sở KH&CN); lý do: Mô hình được nhân rộng — Chủ tịch HĐ, 20/12/2026');
    expect(t).toMatch(/hội đồng không đề nghị: UBND xã Thanh An \(.*lý do: Đang xác minh số liệu/);
  });

  it('escapes a unit name, so that it prints as written and cannot add markup', () => {
    const h = nominationHtml(inputOf(nasty));
    expect(h).not.toContain('<script>');
    expect(h).not.toContain('<Mường>');
    expect(textOf(h)).toContain(NASTY_NAME);
    expect(h.match(/<\/td>/g)!.length).toBe(h.match(/<td[ >]/g)!.length);
  });
});

describe('the nomination list (xlsx)', () => {
  const bytes = nominationWorkbook(inputOf(province));
  const s = sheetOf(readBack(bytes), NOMINATION_SHEET);

  it('has the heading, a DỰ THẢO title, the columns and one row per nominated unit with its score and rank', () => {
    expect([valueAt(s, 'A1'), valueAt(s, 'A2'), valueAt(s, 'F1'), valueAt(s, 'F2')]).toEqual([
      'UBND TỈNH ĐIỆN BIÊN',
      'SỞ KHOA HỌC VÀ CÔNG NGHỆ',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
    ]);
    expect(styleAt(bytes, 1, 'F2')).toMatchObject({ bold: true, underline: true });
    expect(String(valueAt(s, 'A5'))).toBe('DỰ THẢO – DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG');
    const header = [...s.rows].find(([, r]) => r.get('A')?.value === 'STT')!;
    expect('ABCDEFGHI'.split('').map((c) => header[1].get(c)?.value)).toEqual(NOMINATION_HEADERS);
    const rows = unitRows(inputOf(province)).filter((r) => r.proposal);
    const listed = [...s.rows].filter(([n, r]) => n > header[0] && typeof r.get('A')?.value === 'number').map(([, r]) => r);
    expect(listed.map((r) => r.get('B')!.value).sort()).toEqual(rows.map((r) => r.result.unit.name).sort());
    for (const r of listed) {
      const u = rows.find((x) => x.result.unit.name === r.get('B')!.value)!;
      expect([r.get('D')!.value, r.get('F')!.value, r.get('G')!.value, r.get('H')!.value]).toEqual([u.proposal!.label, u.json.score, u.json.bandLabel, `${u.rankLabel}/${u.groupSize}`]);
    }
    expect(styleAt(bytes, 1, `F${header[0] + 2}`)).toMatchObject({ numFmt: '0.00', border: true });
  });

  it('says nothing of a draft once final', () => {
    const f = sheetOf(readBack(nominationWorkbook(inputOf(province, { finalisation: FINAL }))), NOMINATION_SHEET);
    expect(JSON.stringify([...f.rows.values()].map((r) => [...r.values()].map((c) => c.value)))).not.toContain('DỰ THẢO');
    expect(valueAt(f, 'F3')).toBe('Điện Biên, ngày 20 tháng 12 năm 2026');
  });
});

describe('the scorecard of one unit (HTML)', () => {
  const input = inputOf(province);
  const [card] = scorecards(input, ['03368']);
  const html = scorecardHtml(input, card!);
  const text = textOf(html);

  it('has every indicator that applies, the bonus and deduction items, points and maxima', () => {
    const u = province.result.units.find((x) => x.unit.code === '03368')!;
    expect(card!.items.map((i) => i.code)).toEqual([...u.indicators, ...u.items].map((i) => i.code));
    for (const i of card!.items) expect(html).toContain(`<td class="center">${i.code}</td>`);
    expect(text).toContain('PHIẾU KẾT QUẢ ĐÁNH GIÁ CÔNG TÁC TRUYỀN THÔNG NĂM 2026');
    expect(text).toContain('UBND xã Mường Nhà');
    expect(text).toContain('Tổng điểm 62,85');
  });

  it('lists where the unit lost points, most first, with the explanation, inputs and evidence of each indicator', () => {
    const lost = card!.items.filter((i) => i.kind === 'indicator' && i.lost > 0);
    expect(lost.length).toBeGreaterThan(3);
    const i14 = card!.items.find((i) => i.code === '1.4')!;
    expect(i14.lost).toBe(3);
    expect(text).toContain('Các chỉ tiêu chưa đạt điểm tối đa');
    expect(text).toContain(i14.explanation);
    const evidence = province.data.entries.filter((e) => e.unit === '03368' && e.code === '1.4' && e.evidence)[0]!.evidence;
    expect(text).toContain(evidence);
    expect(text).toMatch(/Tự đánh giá: 1 trên 2 đúng hạn/);
  });

  it('escapes the unit’s name and texts', () => {
    const i = inputOf(nasty);
    const h = scorecardHtml(i, scorecards(i, ['03325'])[0]!);
    expect(h).not.toContain('<script>');
    expect(textOf(h)).toContain(NASTY_NAME);
  });
});

describe('dates on documents', () => {
  it('are Vietnam’s (UTC+7): a year finalised at 18:30 UTC on 20/12 was finalised on 21/12 in Điện Biên', async () => {
    const { dateVi, dateTimeVi } = await import('../../shared/results/export-common');
    expect(dateVi('2026-12-20T18:30:00.000Z')).toBe('21/12/2026');
    expect(dateTimeVi('2026-12-20T18:30:00.000Z')).toBe('21/12/2026 01:30');
    expect(dateVi('2026-12-20')).toBe('20/12/2026');
    expect(dateVi('2026-12-20T08:00:00.000Z')).toBe('20/12/2026');
    const { documentDate } = await import('../../shared/results/print-html');
    const input = { finalisation: { at: '2026-12-20T18:30:00.000Z', by: 'Chủ tịch', fingerprint: 'x' }, generatedAt: '2026-12-22T01:00:00.000Z', result: { year: 2026 } };
    expect(documentDate(input as never, { final: true } as never)).toEqual({ day: '21', month: '12', year: '2026' });
    expect(documentDate(input as never, { final: false } as never)).toEqual({ year: '2026' });
  });
});
