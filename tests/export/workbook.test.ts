/**
 * The rankings workbook of the demo province (2026), read back with our reader and checked cell by cell:
 * against the independent Python oracle's expected results (ranks, scores, bands, proposals) and against
 * the engine's (present.ts's numbers, group points, self-assessed scores); the cover's criteria hash and
 * results fingerprint; DỰ THẢO on every sheet of a draft and on none of a final export; overrides with their
 * reasons; names that need escaping; and the styles officials expect, read from the sheet XML.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rankingsWorkbook, COVER_SHEET, DETAIL_SHEET, DETAIL_HEADERS, HEADER_ROW, groupHeaders, groupSheetName } from '../../shared/results/export-workbook';
import { resultsFingerprint, unitJson } from '../../shared/results/present';
import { child, childrenNamed } from '../../shared/spreadsheet/xml';
import { demoProvince, FINGERPRINT, inputOf, NASTY_NAME, partXml, readBack, ROOT, rowValues, sheetOf, styleAt, valueAt } from './helpers';

interface Expected {
  unit: string;
  name: string;
  group: string;
  score: number;
  band: string;
  rank: number;
  proposal: string | null;
}
const ORACLE: Expected[] = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/province/expected-2026.json'), 'utf8')).units;

const province = demoProvince();
const { criteria, result, selfResult } = province;
const draft = rankingsWorkbook(inputOf(province));
const wb = readBack(draft);
const COLS = 'ABCDEFGHIJKLMNOPQR'.split('');
const bandLabel = (code: string) => criteria.set.bands.find((b) => b.code === code)!.label.vi;
const proposalLabel = (code: string | null) => (code ? criteria.set.proposals.find((p) => p.code === code)!.label.vi : undefined);

/** The data rows of a unit group sheet, as {column: value}, until the first empty row. */
function dataRows(group: string): Record<string, string | number | boolean>[] {
  const s = sheetOf(wb, groupSheetName(group));
  const out = [];
  for (let r = HEADER_ROW + 1; s.rows.get(r)?.get('B'); r++) out.push(rowValues(s, r));
  return out;
}

describe('the rankings workbook of the demo province', () => {
  it('has a cover sheet, one sheet per unit group and a detail sheet', () => {
    expect(wb.sheets.map((s) => s.name)).toEqual([COVER_SHEET, 'Khối SO', 'Khối XA', 'Khối BC', DETAIL_SHEET]);
  });

  it('lists every unit of each group in the oracle’s order, with its rank, score, band and proposal', () => {
    for (const group of ['SO', 'XA', 'BC']) {
      const expected = ORACLE.filter((u) => u.group === group);
      const rows = dataRows(group);
      expect(rows.map((r) => r.B)).toEqual(expected.map((u) => u.unit));
      rows.forEach((r, i) => {
        const e = expected[i]!;
        expect({ unit: r.B, name: r.C, rank: r.A, score: r.L, band: r.M, proposal: r.N }).toEqual({
          unit: e.unit,
          name: e.name,
          rank: e.rank,
          score: e.score,
          band: bandLabel(e.band),
          proposal: proposalLabel(e.proposal),
        });
      });
    }
  });

  it('shows the engine’s numbers cell by cell: group points, base, bonus, deductions, self-assessment, difference, completeness', () => {
    const selfByUnit = new Map(selfResult.units.map((u) => [u.unit.code, u.rounded]));
    for (const u of result.units) {
      const j = unitJson(u);
      const row = dataRows(u.unit.group).find((r) => r.B === u.unit.code)!;
      const groups = criteria.set.groups.map((g) => j.groups[g.code]!.points);
      expect(COLS.slice(3, 8).map((c) => row[c])).toEqual(groups);
      expect([row.I, row.J, row.K, row.L]).toEqual([j.base, j.bonus, j.deduction, j.score]);
      const self = selfByUnit.get(u.unit.code)!;
      expect(row.O).toBe(self);
      expect(row.P).toBeCloseTo(j.score - self, 9);
      expect(Math.round((row.P as number) * 100)).toBe(Math.round(j.score * 100) - Math.round(self * 100));
      expect(row.Q).toBeCloseTo(u.completeness.entered / u.completeness.applicable, 12);
      if (u.bandNote) expect(row.R).toContain(u.bandNote.vi);
    }
  });

  it('shows shared ranks as shared: the same number, displayed with "="', () => {
    const xa = dataRows('XA');
    const tied = xa.filter((r, i) => xa.some((o, k) => k !== i && o.A === r.A));
    expect(tied.map((r) => r.A)).toEqual([16, 16, 21, 21]);
    const s = sheetOf(wb, 'Khối XA');
    const rowOf = (code: string) => [...s.rows].find(([, cells]) => cells.get('B')?.value === code)![0];
    const sheetNo = wb.sheets.findIndex((x) => x.name === 'Khối XA') + 1;
    expect(styleAt(draft, sheetNo, `A${rowOf(tied[0]!.B as string)}`).numFmt).toBe('0"="');
    expect(styleAt(draft, sheetNo, `A${rowOf(xa[0]!.B as string)}`).numFmt).toBe('0');
  });

  it('has Vietnamese headers with full diacritics, group maxima for the unit group', () => {
    const s = sheetOf(wb, 'Khối XA');
    const headers = COLS.map((c) => valueAt(s, `${c}${HEADER_ROW}`));
    expect(headers).toEqual(groupHeaders(criteria, 'XA'));
    expect(headers.slice(0, 4)).toEqual(['Thứ hạng', 'Mã đơn vị', 'Tên đơn vị', 'Nhóm I\n(20 điểm)']);
    expect(headers).toContain('Chênh lệch (hội đồng − tự đánh giá)');
    expect(headers).toContain('Mức đầy đủ số liệu');
  });

  it('states the province, year, criteria id, version and hash, fingerprint, app version and the rules in words on the cover', () => {
    const s = sheetOf(wb, COVER_SHEET);
    const byLabel = new Map([...s.rows.values()].filter((r) => r.get('B')).map((r) => [r.get('A')?.value, r.get('B')!.value]));
    expect(byLabel.get('Tỉnh')).toBe('Điện Biên');
    expect(byLabel.get('Năm đánh giá')).toBe('2026');
    expect(byLabel.get('Mã bộ tiêu chí')).toBe(criteria.ident.id);
    expect(byLabel.get('Phiên bản bộ tiêu chí')).toBe(criteria.ident.version);
    expect(byLabel.get('Mã băm SHA-256 của bộ tiêu chí')).toBe(criteria.ident.sha256);
    expect(byLabel.get('Dấu vân tay kết quả (SHA-256)')).toBe(resultsFingerprint(result));
    expect(byLabel.get('Ngày chốt kết quả')).toBe('Chưa chốt – DỰ THẢO');
    expect(byLabel.get('Phần mềm')).toMatch(/phiên bản 0\.1\.0$/);
    // 09:30 UTC is 16:30 in Điện Biên: documents give Vietnam's time.
    expect(byLabel.get('Ngày xuất tệp')).toBe('21/12/2026 16:30');
    const all = [...s.rows.values()].map((r) => String(r.get('A')?.value ?? '')).join('\n');
    expect(all).toContain('Xuất sắc: tổng điểm từ 90 trở lên, đồng thời mỗi nhóm tiêu chí có điểm tối đa áp dụng đạt ít nhất 70% điểm tối đa đó và không có điểm trừ D1');
    expect(all).toContain('Yếu: tổng điểm dưới 50.');
    expect(all).toContain('được xếp loại cao nhất là Trung bình');
    expect(all).toContain('1. Bằng khen của Chủ tịch UBND tỉnh: xếp loại Xuất sắc và thứ hạng trong khối không quá max(1; 15% số đơn vị của khối, làm tròn lên).');
    expect(all).toContain('Khối XA – UBND xã, phường (45 đơn vị): Bằng khen của Chủ tịch UBND tỉnh (Xuất sắc): hạng 1 đến 7; Giấy khen của Giám đốc Sở KH&CN (Tốt): hạng 1 đến 14.');
  });

  it('marks a draft DỰ THẢO in the title of every sheet, and a final export on none', () => {
    for (const s of wb.sheets) expect(String(valueAt(s, 'A1')), s.name).toMatch(/^DỰ THẢO – /);
    const fp = resultsFingerprint(result);
    const final = readBack(rankingsWorkbook(inputOf(province, { finalisation: { at: '2026-12-20T08:00:00.000Z', by: 'Chủ tịch Hội đồng', fingerprint: fp } })));
    for (const s of final.sheets) expect(String(valueAt(s, 'A1')), s.name).not.toMatch(/DỰ THẢO/);
    const cover = sheetOf(final, COVER_SHEET);
    const byLabel = new Map([...cover.rows.values()].filter((r) => r.get('B')).map((r) => [r.get('A')?.value, r.get('B')!.value]));
    expect(byLabel.get('Ngày chốt kết quả')).toBe('20/12/2026 – Chủ tịch Hội đồng');
    expect(byLabel.get('Dấu vân tay kết quả (SHA-256)')).toBe(fp);
  });

  it('never calls results final when they are not the ones finalised (another fingerprint)', () => {
    const stale = readBack(rankingsWorkbook(inputOf(province, { finalisation: { at: '2026-12-20', by: 'X', fingerprint: FINGERPRINT } })));
    for (const s of stale.sheets) expect(String(valueAt(s, 'A1'))).toMatch(/^DỰ THẢO – /);
    const status = [...sheetOf(stale, COVER_SHEET).rows.values()].find((r) => r.get('A')?.value === 'Tình trạng kết quả')!.get('B')!.value;
    expect(status).toContain(`khác với kết quả đã chốt ngày 20/12/2026 (dấu vân tay đã chốt ${FINGERPRINT})`);
  });

  it('shows an override as the proposal, with the rules’ proposal and the reason in the note column', () => {
    const reason = 'Mô hình "Loa thông minh" được tỉnh nhân rộng';
    const p = demoProvince((d) => ({ ...d, proposalOverrides: [{ unit: '03325', proposal: 'bang_khen_chu_tich_ubnd_tinh', reason, by: 'Chủ tịch HĐ', at: '2026-12-20' }] }));
    const s = sheetOf(readBack(rankingsWorkbook(inputOf(p))), 'Khối XA');
    const row = [...s.rows.values()].find((r) => r.get('B')?.value === '03325')!;
    expect(row.get('N')!.value).toBe('Bằng khen của Chủ tịch UBND tỉnh');
    expect(row.get('R')!.value).toBe(`Điều chỉnh đề xuất (theo quy tắc: Giấy khen của Giám đốc Sở KH&CN); lý do: ${reason} — Chủ tịch HĐ, 20/12/2026`);
    // The same override passed in explicitly (results scored without it) reads the same.
    const s2 = sheetOf(readBack(rankingsWorkbook(inputOf(province, { overrides: [{ unit: '03325', proposal: 'bang_khen_chu_tich_ubnd_tinh', reason, by: 'Chủ tịch HĐ', at: '2026-12-20' }] }))), 'Khối XA');
    const row2 = [...s2.rows.values()].find((r) => r.get('B')?.value === '03325')!;
    expect([row2.get('N')!.value, row2.get('R')!.value]).toEqual([row.get('N')!.value, row.get('R')!.value]);
  });

  it('keeps a unit name with characters XML must escape exactly as written', () => {
    const p = demoProvince((d) => ({ ...d, units: d.units.map((u) => (u.code === '03325' ? { ...u, name: NASTY_NAME } : u)) }));
    const back = readBack(rankingsWorkbook(inputOf(p)));
    const row = [...sheetOf(back, 'Khối XA').rows.values()].find((r) => r.get('B')?.value === '03325')!;
    expect(row.get('C')!.value).toBe(NASTY_NAME);
    expect([...sheetOf(back, DETAIL_SHEET).rows.values()].filter((r) => r.get('C')?.value === NASTY_NAME).length).toBeGreaterThan(20);
  });

  it('has a detail row for every unit and item, with points, maximum, status, source and explanation', () => {
    const s = sheetOf(wb, DETAIL_SHEET);
    expect(COLS.slice(0, DETAIL_HEADERS.length).map((c) => valueAt(s, `${c}${HEADER_ROW}`))).toEqual(DETAIL_HEADERS);
    const rows = [...s.rows].filter(([r]) => r > HEADER_ROW).map(([, cells]) => cells);
    expect(rows).toHaveLength(result.units.reduce((n, u) => n + u.indicators.length + u.items.length, 0));
    const u = result.units.find((x) => x.unit.code === '03325')!;
    const j = unitJson(u);
    const mine = rows.filter((r) => r.get('B')?.value === '03325');
    expect(mine.map((r) => r.get('E')!.value)).toEqual([...u.indicators, ...u.items].map((i) => i.code));
    const r24 = mine.find((r) => r.get('E')!.value === '2.4')!;
    expect([r24.get('G')?.value, r24.get('H')?.value, r24.get('I')?.value, r24.get('J')?.value, r24.get('L')?.value]).toEqual([
      j.indicators['2.4']!.points,
      4,
      'Hợp lệ',
      'Hội đồng thẩm định',
      j.indicators['2.4']!.explanation,
    ]);
    const t1 = mine.find((r) => r.get('E')!.value === 'T1')!;
    expect([t1.get('D')?.value, t1.get('G')?.value, t1.get('H')?.value, t1.get('I')?.value]).toEqual(['Điểm thưởng', 0, 3, 'Chưa có số liệu']);
  });
});

describe('the styles officials expect', () => {
  const xa = wb.sheets.findIndex((s) => s.name === 'Khối XA') + 1;
  const sheet = partXml(draft, `xl/worksheets/sheet${xa}.xml`);

  it('a merged bold title row, in red on a draft', () => {
    const merges = childrenNamed(child(sheet, 'mergeCells')!, 'mergeCell').map((m) => m.attrs.get('ref'));
    expect(merges).toContain('A1:R1');
    expect(styleAt(draft, xa, 'A1')).toMatchObject({ bold: true, color: 'FFC00000' });
    expect(readBack(draft).sheets[xa - 1]!.merges.some((m) => m.ref === 'A1:R1')).toBe(true);
  });

  it('a bold header row with borders and a fill, wrapped', () => {
    for (const c of ['A', 'C', 'L', 'R']) expect(styleAt(draft, xa, `${c}${HEADER_ROW}`)).toMatchObject({ bold: true, border: true, fill: 'FFDDEBF7', wrap: true });
  });

  it('bordered data cells, numbers with two decimals, completeness as a percentage', () => {
    const r = HEADER_ROW + 1;
    for (const c of ['D', 'H', 'I', 'J', 'K', 'L', 'O', 'P']) expect(styleAt(draft, xa, `${c}${r}`)).toMatchObject({ numFmt: '0.00', border: true });
    expect(styleAt(draft, xa, `L${r}`).bold).toBe(true);
    expect(styleAt(draft, xa, `Q${r}`).numFmt).toBe('0%');
    expect(styleAt(draft, xa, `C${r}`)).toMatchObject({ border: true, wrap: true });
  });

  it('column widths, the header row and the unit columns frozen', () => {
    const widths = childrenNamed(child(sheet, 'cols')!, 'col').map((c) => Number(c.attrs.get('width')));
    expect(widths).toHaveLength(18);
    expect(widths[2]).toBeGreaterThanOrEqual(30);
    const pane = child(child(child(sheet, 'sheetViews')!, 'sheetView')!, 'pane')!;
    expect(Object.fromEntries(pane.attrs)).toMatchObject({ ySplit: String(HEADER_ROW), xSplit: '3', state: 'frozen', topLeftCell: `D${HEADER_ROW + 1}` });
  });

  it('prints on A4 landscape fitted to the width, the header row repeated, page numbers and DỰ THẢO in the footer', () => {
    expect(Object.fromEntries(child(sheet, 'pageSetup')!.attrs)).toEqual({ paperSize: '9', orientation: 'landscape', fitToWidth: '1', fitToHeight: '0' });
    expect(child(child(sheet, 'sheetPr')!, 'pageSetUpPr')!.attrs.get('fitToPage')).toBe('1');
    const footer = child(child(sheet, 'headerFooter')!, 'oddFooter')!.text;
    expect(footer).toContain('&LDỰ THẢO · Năm 2026');
    expect(footer).toContain('&CTrang &P/&N');
    const names = readBack(draft).definedNames;
    expect(names).toContainEqual({ name: '_xlnm.Print_Titles', ref: `'Khối XA'!$${HEADER_ROW}:$${HEADER_ROW}`, sheet: 'Khối XA', hidden: false });
  });

  it('writes the worksheet parts in the order the schema prescribes, and an auto filter on the detail sheet', () => {
    const ORDER = ['sheetPr', 'dimension', 'sheetViews', 'sheetFormatPr', 'cols', 'sheetData', 'sheetProtection', 'autoFilter', 'mergeCells', 'dataValidations', 'printOptions', 'pageMargins', 'pageSetup', 'headerFooter'];
    for (let i = 1; i <= wb.sheets.length; i++) {
      const names = partXml(draft, `xl/worksheets/sheet${i}.xml`).children.map((c) => c.name);
      for (const n of names) expect(ORDER).toContain(n);
      const pos = names.map((n) => ORDER.indexOf(n));
      expect(pos).toEqual([...pos].sort((a, b) => a - b));
    }
    const detail = partXml(draft, `xl/worksheets/sheet${wb.sheets.length}.xml`);
    expect(child(detail, 'autoFilter')!.attrs.get('ref')).toMatch(new RegExp(`^A${HEADER_ROW}:L\\d+$`));
  });

  it('gives the same bytes for the same input', () => {
    expect(Buffer.from(rankingsWorkbook(inputOf(province))).equals(Buffer.from(draft))).toBe(true);
  });
});
