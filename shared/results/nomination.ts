/**
 * The nomination list (danh sách đề nghị khen thưởng) for the Emulation and Commendation Board, as a
 * workbook and as a printable HTML document per Nghị định 30/2020/NĐ-CP.
 *
 * Who is listed: every unit with a proposal after the panel's overrides, grouped by form of reward in the
 * criteria's order (Bằng khen first), within it by unit group and rank. Columns: STT | tên tập thể | khối |
 * hình thức đề nghị | tóm tắt thành tích | điểm | xếp loại | thứ hạng | ghi chú.
 *
 * Printed A4 landscape: nine columns, one of them a summary of achievements, do not fit the 165 mm a
 * portrait page leaves between NĐ 30's margins; NĐ 30 lets a document made of a table be printed along the
 * width of the page. The table's text is 12 pt (the heading, title and signature 13–14 pt as NĐ 30 sets).
 * Pure: no Node, no DOM.
 */
import { AGGREGATE_LABEL } from '../engine/panel';
import { writeXlsx, type CellInput, type CellStyle, type SheetSpec } from '../spreadsheet/xlsx-write';
import {
  dateVi,
  DRAFT,
  exportStatus,
  issuerOf,
  unitRows,
  vn2,
  vnShort,
  type ExportInput,
  type ExportStatus,
  type UnitRow,
} from './export-common';
import { APP_NAME, clampFooter, sheetTitle } from './export-workbook';
import { documentDate, esc, footerLine, headingHtml, htmlDocument, signatureHtml } from './print-html';

export const NOMINATION_SHEET = 'Danh sách đề nghị';
export const NOMINATION_HEADERS = ['STT', 'Tên tập thể', 'Khối', 'Hình thức đề nghị', 'Tóm tắt thành tích', 'Điểm', 'Xếp loại', 'Thứ hạng', 'Ghi chú'];

export interface NominationSection {
  readonly code: string;
  readonly label: string;
  readonly rows: readonly UnitRow[];
}

/** The units proposed, by form of reward in the criteria's order, each in unit group order, then rank. */
export function nominationSections(input: ExportInput, rows: readonly UnitRow[] = unitRows(input)): NominationSection[] {
  const set = input.criteria.set;
  const known = set.proposals.map((p) => ({ code: p.code, label: p.label.vi }));
  // An override may name a form of reward the criteria do not list: it gets its own section, last.
  for (const r of rows) if (r.proposal && !known.some((k) => k.code === r.proposal!.code)) known.push({ ...r.proposal });
  return known.map((k) => ({ ...k, rows: rows.filter((r) => r.proposal?.code === k.code) })).filter((s) => s.rows.length > 0);
}

/** "Tóm tắt thành tích": what the unit achieved, in words, from its results (score, band and rank have their columns). */
export function achievementSummary(input: ExportInput, r: UnitRow): string {
  const set = input.criteria.set;
  const j = r.json;
  const full: string[] = [];
  const parts: string[] = [];
  for (const g of set.groups) {
    const s = j.groups[g.code];
    if (!s || s.max === 0) continue;
    if (s.points >= s.max) full.push(g.code);
    parts.push(`${g.code} ${vnShort(s.points)}/${vnShort(s.max)}`);
  }
  const out = [`Điểm các nhóm tiêu chí: ${parts.join('; ')}${full.length ? `; đạt tối đa nhóm ${full.join(', ')}` : ''}.`];
  // Item names without their parenthesised scoring note ("(giải cấp tỉnh +1, …)").
  const bonus = set.bonus.items.filter((it) => (j.items[it.code]?.points ?? 0) > 0).map((it) => it.name.vi.replace(/\s*\([^)]*\)\s*$/, ''));
  if (bonus.length) out.push(`Điểm thưởng +${vnShort(j.bonus)}: ${bonus.join('; ')}.`);
  return out.join(' ');
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
const roman = (i: number) => ROMAN[i] ?? String(i + 1);

function titleLines(input: ExportInput): { title: string; subtitle: string } {
  return {
    title: 'DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG',
    subtitle: `Tập thể có thành tích trong công tác truyền thông về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số năm ${input.result.year}`,
  };
}

function basisText(input: ExportInput, status: ExportStatus): string {
  const r = input.result;
  const c = input.criteria.set;
  return (
    `Căn cứ kết quả đánh giá theo ${c.title.vi} (mã ${r.criteria.id}, phiên bản ${r.criteria.version}, mã băm SHA-256 ${r.criteria.sha256}); ` +
    `điểm là ${AGGREGATE_LABEL[r.panel].vi} điểm của các thành viên hội đồng thẩm định. ` +
    (status.final && input.finalisation
      ? `Kết quả đã chốt ngày ${dateVi(input.finalisation.at)}, dấu vân tay ${status.fingerprint}.`
      : `${status.line}${status.fingerprint ? `; dấu vân tay kết quả hiện tại ${status.fingerprint}` : ''}.`)
  );
}

const RECIPIENTS = ['Ban Thi đua - Khen thưởng (Sở Nội vụ);', 'Lưu: VT.'];

// ------------------------------------------------------------------ HTML

export function nominationHtml(input: ExportInput): string {
  const status = exportStatus(input);
  const rows = unitRows(input);
  const sections = nominationSections(input, rows);
  const issuer = issuerOf(input);
  const { title, subtitle } = titleLines(input);
  const ugNames = new Map(input.criteria.set.unitGroups.map((g) => [g.code, g.name.vi]));
  const total = sections.reduce((n, s) => n + s.rows.length, 0);

  const body: string[] = [];
  body.push(headingHtml(issuer, input.province, documentDate(input, status)));
  if (!status.final) body.push(`<div class="draft-banner">${DRAFT} – ${esc(status.line.replace(`${DRAFT}: `, ''))}</div>`);
  body.push(`<h1>${esc(title)}</h1>`, `<p class="subtitle">${esc(subtitle)}</p>`);
  const gap = '&nbsp;'.repeat(8);
  const of = input.criteria.set.issuer?.vi ?? capitalFirst(issuer.body);
  body.push(`<p class="attach">(Kèm theo Tờ trình số${gap}ngày${gap}tháng${gap}năm ${esc(documentDate(input, status).year)} của ${esc(of)})</p>`);
  // Millimetres of the 252 mm between NĐ 30's margins on A4 landscape, as shares so borders never overflow.
  const cols = [11, 46, 24, 36, 68, 15, 16, 15, 21];
  const sum = cols.reduce((a, b) => a + b, 0);
  body.push(
    `<table class="grid list"><colgroup>${cols.map((w) => `<col style="width:${((100 * w) / sum).toFixed(2)}%">`).join('')}</colgroup>` +
      `<thead><tr>${NOMINATION_HEADERS.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>` +
      `<tr class="colno">${NOMINATION_HEADERS.map((_, i) => `<th>(${i + 1})</th>`).join('')}</tr></thead><tbody>`,
  );
  if (sections.length === 0) body.push(`<tr><td colspan="9" class="center"><i>Không có tập thể nào được đề nghị khen thưởng.</i></td></tr>`);
  sections.forEach((s, i) => {
    body.push(`<tr class="section"><td class="center"><b>${roman(i)}</b></td><td colspan="8"><b>${esc(s.label.toLocaleUpperCase('vi'))}</b> (${s.rows.length} tập thể)</td></tr>`);
    s.rows.forEach((r, k) => {
      body.push(
        `<tr>` +
          `<td class="center">${k + 1}</td>` +
          `<td>${esc(r.result.unit.name)}</td>` +
          `<td>${esc(ugNames.get(r.result.unit.group) ?? r.result.unit.group)}</td>` +
          `<td>${esc(r.proposal!.label)}</td>` +
          `<td class="summary">${esc(achievementSummary(input, r))}</td>` +
          `<td class="num">${vn2(r.json.score)}</td>` +
          `<td class="center">${esc(r.json.bandLabel)}</td>` +
          `<td class="center">${esc(r.rankLabel)}/${r.groupSize}</td>` +
          `<td class="note">${esc(r.override ? r.note : '')}</td>` +
          `</tr>`,
      );
    });
  });
  body.push(`</tbody></table>`);
  const counts = sections.map((s) => `${s.label}: ${s.rows.length}`).join('; ');
  body.push(`<p class="total">Tổng cộng: <b>${total}</b> tập thể${counts ? ` (${esc(counts)})` : ''}.</p>`);
  const removed = rows.filter((r) => r.override && r.proposal === null);
  if (removed.length) {
    body.push(
      `<p class="basis">Đơn vị đủ điều kiện theo quy tắc nhưng hội đồng không đề nghị: ${removed.map((r) => `${esc(r.result.unit.name)} (${esc(r.note)})`).join('; ')}.</p>`,
    );
  }
  body.push(`<p class="basis">${esc(basisText(input, status))}</p>`);
  body.push(signatureHtml(issuer, RECIPIENTS));

  const css = `
table.list { font-size: 12pt; line-height: 1.2; table-layout: fixed; }
table.list tr.colno th { font-weight: normal; font-style: italic; font-size: 10pt; padding: 0.3mm; background: #fff; }
table.list tr.section td { background: #fafafa; }
table.list td.note { font-size: 11pt; }
p.total { margin: 2mm 0 0; }
`;
  const docTitle = `${status.final ? '' : `${DRAFT} – `}Danh sách đề nghị khen thưởng năm ${input.result.year}`;
  return htmlDocument(docTitle, { orientation: 'landscape', footer: footerLine(input, status), draft: !status.final }, css, body.join('\n'));
}

const capitalFirst = (s: string) => s.toLocaleLowerCase('vi').replace(/^./u, (c) => c.toLocaleUpperCase('vi'));

// ------------------------------------------------------------------ xlsx

const S = {
  body: { horizontal: 'center', vertical: 'center', wrap: true },
  bodyBold: { bold: true, horizontal: 'center', vertical: 'center', wrap: true },
  motto: { bold: true, underline: true, horizontal: 'center', vertical: 'center' },
  place: { italic: true, horizontal: 'center', vertical: 'center' },
  title: { bold: true, fontSize: 14, horizontal: 'center', vertical: 'center', wrap: true },
  draftTitle: { bold: true, fontSize: 14, horizontal: 'center', vertical: 'center', wrap: true, color: 'C00000' },
  subtitle: { bold: true, horizontal: 'center', vertical: 'center', wrap: true },
  italic: { italic: true, horizontal: 'center', vertical: 'center', wrap: true },
  header: { bold: true, fill: 'DDEBF7', border: 'thin', horizontal: 'center', vertical: 'center', wrap: true },
  section: { bold: true, fill: 'F2F2F2', border: 'thin', vertical: 'center', wrap: true },
  sectionNo: { bold: true, fill: 'F2F2F2', border: 'thin', horizontal: 'center', vertical: 'center' },
  text: { border: 'thin', vertical: 'top', wrap: true },
  center: { border: 'thin', vertical: 'top', horizontal: 'center', wrap: true },
  number: { border: 'thin', vertical: 'top', numberFormat: '0.00' },
  note: { italic: true, vertical: 'top', wrap: true },
  signer: { bold: true, horizontal: 'center', vertical: 'top', wrap: true },
} as const satisfies Record<string, CellStyle>;

const cell = (value: string | number | null, style: CellStyle): CellInput => ({ value, style });

export function nominationWorkbook(input: ExportInput): Uint8Array {
  const status = exportStatus(input);
  const rows = unitRows(input);
  const sections = nominationSections(input, rows);
  const issuer = issuerOf(input);
  const { title, subtitle } = titleLines(input);
  const ugNames = new Map(input.criteria.set.unitGroups.map((g) => [g.code, g.name.vi]));
  const widths = [6, 30, 16, 24, 52, 9, 11, 10, 26];
  const out: (CellInput[] | undefined)[] = [];
  const merges: string[] = [];
  const heights: Record<number, number> = {};
  const date = documentDate(input, status);
  const blank = '…';
  out.push([cell(issuer.parent, S.body), null, null, null, null, cell('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', S.bodyBold)]);
  out.push([cell(issuer.body, S.bodyBold), null, null, null, null, cell('Độc lập - Tự do - Hạnh phúc', S.motto)]);
  out.push([null, null, null, null, null, cell(`${input.province}, ngày ${date.day ?? blank} tháng ${date.month ?? blank} năm ${date.year}`, S.place)]);
  merges.push('A1:C1', 'A2:C2', 'F1:I1', 'F2:I2', 'F3:I3');
  out.push(undefined);
  out.push([cell(sheetTitle(status, title), status.final ? S.title : S.draftTitle)]);
  merges.push('A5:I5');
  heights[5] = 24;
  out.push([cell(subtitle, S.subtitle)]);
  merges.push('A6:I6');
  heights[6] = 34;
  out.push([cell(status.line, status.final ? S.italic : { ...S.italic, bold: true, color: 'C00000' })]);
  merges.push('A7:I7');
  const headerRow = out.length + 1;
  out.push(NOMINATION_HEADERS.map((h) => cell(h, S.header)));
  heights[headerRow] = 32;
  if (sections.length === 0) {
    out.push([cell('Không có tập thể nào được đề nghị khen thưởng.', S.text)]);
    merges.push(`A${out.length}:I${out.length}`);
  }
  sections.forEach((s, i) => {
    out.push([cell(roman(i), S.sectionNo), cell(`${s.label.toLocaleUpperCase('vi')} (${s.rows.length} tập thể)`, S.section), ...Array.from({ length: 7 }, () => cell(null, S.section))]);
    merges.push(`B${out.length}:I${out.length}`);
    s.rows.forEach((r, k) => {
      const summary = achievementSummary(input, r);
      const note = r.override ? r.note : '';
      out.push([
        cell(k + 1, S.center),
        cell(r.result.unit.name, S.text),
        cell(ugNames.get(r.result.unit.group) ?? r.result.unit.group, S.text),
        cell(r.proposal!.label, S.text),
        cell(summary, S.text),
        cell(r.json.score, S.number),
        cell(r.json.bandLabel, S.center),
        cell(`${r.rankLabel}/${r.groupSize}`, S.center),
        cell(note, S.text),
      ]);
      const lines = Math.max(
        Math.ceil(summary.length / (widths[4]! * 1.05)),
        Math.ceil(r.result.unit.name.length / (widths[1]! * 1.05)),
        Math.ceil(note.length / (widths[8]! * 1.05)),
        Math.ceil(r.proposal!.label.length / (widths[3]! * 1.05)),
        1,
      );
      heights[out.length] = Math.min(409, lines * 15.75 + 3);
    });
  });
  out.push(undefined);
  const total = sections.reduce((n, s) => n + s.rows.length, 0);
  out.push([cell(`Tổng cộng: ${total} tập thể (${sections.map((s) => `${s.label}: ${s.rows.length}`).join('; ')}).`, S.note)]);
  merges.push(`A${out.length}:I${out.length}`);
  const basis = basisText(input, status);
  out.push([cell(basis, S.note)]);
  merges.push(`A${out.length}:I${out.length}`);
  heights[out.length] = Math.ceil(basis.length / 180 + 1) * 15.75;
  out.push(undefined);
  out.push([cell('Nơi nhận:', { bold: true, italic: true }), null, null, null, null, cell(issuer.signerTitle ?? 'GIÁM ĐỐC', S.signer)]);
  merges.push(`F${out.length}:I${out.length}`);
  out.push([cell(`- ${RECIPIENTS[0]}`, {}), null, null, null, null, cell('(Ký, ghi rõ họ tên và đóng dấu)', S.place)]);
  merges.push(`F${out.length}:I${out.length}`);
  out.push([cell(`- ${RECIPIENTS[1]}`, {})]);
  if (issuer.signerName) {
    out.push(undefined, undefined, undefined);
    out.push([null, null, null, null, null, cell(issuer.signerName, S.signer)]);
    merges.push(`F${out.length}:I${out.length}`);
  }
  const sheet: SheetSpec = {
    name: NOMINATION_SHEET,
    rows: out,
    columns: widths.map((width) => ({ width })),
    rowHeights: heights,
    merges,
    freeze: { rows: headerRow },
    print: {
      orientation: 'landscape',
      fitToWidth: true,
      margins: { top: 20, bottom: 20, left: 30, right: 15, header: 8, footer: 8 },
      header: { center: '{page}' },
      footer: { left: clampFooter(footerLine(input, status)) },
      // NĐ 30: page numbers from page 2 on.
      firstPage: { footer: { left: clampFooter(footerLine(input, status)) } },
    },
  };
  return writeXlsx({
    sheets: [sheet],
    definedNames: [{ name: '_xlnm.Print_Titles', sheet: NOMINATION_SHEET, ref: `'${NOMINATION_SHEET}'!$${headerRow}:$${headerRow}` }],
    font: { name: 'Times New Roman', size: 12 },
    title: `${status.final ? '' : `${DRAFT} – `}Danh sách đề nghị khen thưởng năm ${input.result.year}`,
    creator: `${APP_NAME} ${input.appVersion}`,
  });
}
