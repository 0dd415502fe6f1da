/**
 * The frame of a printable document per Nghị định 30/2020/NĐ-CP (Phụ lục I): A4, margins top and bottom
 * 20 mm, left 30 mm, right 15 mm, Times New Roman; the issuing body top left (parent body upright, the body
 * bold, a short rule under it), the national heading top right (motto bold with a rule the length of the
 * motto under it), place and date in italics under it; page numbers centred in the top margin from page 2
 * on. Each page also carries a footer line (year, criteria version, results fingerprint) and, on a draft,
 * DỰ THẢO across the page and in the footer. Self-contained: no scripts, no external resources, every
 * text escaped. The same HTML prints in Chromium (tests, CLI) and in Electron's printToPDF.
 */
import { DRAFT, dateVi, type ExportInput, type ExportStatus, type Issuer } from './export-common';

/** Text for HTML content and attribute values. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A CSS string literal; "<" is escaped too, so no text can close the style element. */
export function cssString(s: string): string {
  return `"${s.replace(/[\\"<>\n\r]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

export interface PageSetup {
  readonly orientation: 'portrait' | 'landscape';
  /** The footer line printed at the bottom of every page. */
  readonly footer: string;
  readonly draft: boolean;
}

const FONT = `"Times New Roman", Tinos, "Liberation Serif", "Nimbus Roman", Times, serif`;

/** The style sheet every printed document shares. */
export function baseCss(page: PageSetup): string {
  // NĐ 30: the bodies' names and the national name 12–13 pt, the motto 13–14 pt, place and date 13–14 pt
  // italic. A portrait page is 165 mm wide between the margins: the smaller sizes keep each name on one line.
  const narrow = page.orientation === 'portrait';
  const [names, motto] = narrow ? ['12pt', '13pt'] : ['13pt', '14pt'];
  return `
@page { size: A4 ${page.orientation}; margin: 20mm 15mm 20mm 30mm;
  @top-center { content: counter(page); font: 13pt ${FONT}; vertical-align: bottom; padding-bottom: 4mm; }
  @bottom-left { content: ${cssString(page.footer)}; font: 8.5pt ${FONT}; color: #333; vertical-align: top; padding-top: 4mm; }
}
@page :first { @top-center { content: none; } }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font: 13pt/1.25 ${FONT}; color: #000; }
.heading { width: 100%; border-collapse: collapse; margin-bottom: 6mm; }
.heading td { vertical-align: top; text-align: center; padding: 0; }
.heading .issuer { width: ${narrow ? 44 : 40}%; font-size: ${names}; }
.heading .nation { width: ${narrow ? 56 : 60}%; font-size: ${names}; }
.heading .rule { display: block; margin: 1mm auto 0; border-top: 1px solid #000; height: 0; }
.heading .issuer .rule { width: 35%; }
.heading .motto { display: inline-block; font-size: ${motto}; font-weight: bold; border-bottom: 1px solid #000; padding-bottom: 0.5mm; }
.heading .place { margin-top: 4mm; font-style: italic; font-size: ${motto}; }
h1 { font-size: 14pt; font-weight: bold; text-align: center; margin: 4mm 0 1mm; }
.subtitle { text-align: center; font-weight: bold; margin: 0 0 1mm; }
.attach { text-align: center; font-style: italic; margin: 0 0 4mm; }
.draft-banner { text-align: center; margin: 0 auto 2mm; font-weight: bold; color: #c00000; border: 1.5px solid #c00000;
  padding: 1mm 4mm; width: fit-content; font-size: 13pt; letter-spacing: 0.5px; }
.watermark { position: fixed; top: 40%; left: 0; right: 0; text-align: center; transform: rotate(-30deg);
  font-size: 110pt; font-weight: bold; color: rgba(192, 0, 0, 0.10); z-index: 0; pointer-events: none; white-space: nowrap; }
table.grid { width: 100%; border-collapse: collapse; position: relative; z-index: 1; }
table.grid th, table.grid td { border: 0.75pt solid #000; padding: 1mm 1.5mm; vertical-align: top; }
table.grid th { font-weight: bold; text-align: center; vertical-align: middle; background: #f2f2f2; }
table.grid thead { display: table-header-group; }
table.grid tr { break-inside: avoid; }
.num { text-align: right; white-space: nowrap; }
.center { text-align: center; }
.small { font-size: 11pt; }
.muted { color: #333; }
.basis { font-size: 11pt; margin-top: 3mm; }
.sign { width: 100%; border-collapse: collapse; margin-top: 6mm; break-inside: avoid; }
.sign td { vertical-align: top; padding: 0; }
.sign .recipients { width: 45%; font-size: 11pt; }
.sign .recipients .label { font-size: 12pt; font-weight: bold; font-style: italic; }
.sign .signer { width: 55%; text-align: center; font-weight: bold; font-size: 14pt; }
.sign .signer .hint { font-weight: normal; font-style: italic; font-size: 13pt; }
.sign .signer .space { height: 26mm; }
`;
}

/** The issuing body (left) and the national heading with place and date (right). */
export function headingHtml(issuer: Issuer, place: string, date: { day?: string; month?: string; year: string }): string {
  const blank = '&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;';
  return (
    `<table class="heading"><tr>` +
    `<td class="issuer"><div>${esc(issuer.parent)}</div><div><b>${esc(issuer.body)}</b></div><span class="rule"></span></td>` +
    `<td class="nation"><div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b></div><div><span class="motto">Độc lập - Tự do - Hạnh phúc</span></div>` +
    `<div class="place">${esc(place)}, ngày ${date.day ? esc(date.day) : blank} tháng ${date.month ? esc(date.month) : blank} năm ${esc(date.year)}</div></td>` +
    `</tr></table>`
  );
}

/** The date of the document: the finalisation's when final (the day the list was settled), else left blank. */
export function documentDate(input: ExportInput, status: ExportStatus): { day?: string; month?: string; year: string } {
  const f = input.finalisation;
  const iso = status.final && f ? f.at : input.generatedAt;
  // Vietnam's day (dateVi): the heading and the footer's "Chốt ngày" must name the same day.
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(dateVi(iso));
  if (m) return status.final ? { day: m[1]!, month: m[2]!, year: m[3]! } : { year: m[3]! };
  return { year: String(input.result.year) };
}

/** The footer line: year, criteria id and version, fingerprint, and DỰ THẢO or the finalisation date. */
export function footerLine(input: ExportInput, status: ExportStatus): string {
  const r = input.result;
  const parts = [
    `Năm ${r.year}`,
    `Bộ tiêu chí ${r.criteria.id} phiên bản ${r.criteria.version}`,
    status.fingerprint ? `Dấu vân tay kết quả ${status.fingerprint}` : 'Chưa có dấu vân tay kết quả',
    status.final && input.finalisation ? `Chốt ngày ${dateVi(input.finalisation.at)}` : DRAFT,
  ];
  return parts.join(' · ');
}

export function signatureHtml(issuer: Issuer, recipients: readonly string[]): string {
  return (
    `<table class="sign"><tr>` +
    `<td class="recipients"><div class="label">Nơi nhận:</div>${recipients.map((r) => `<div>- ${esc(r)}</div>`).join('')}</td>` +
    `<td class="signer"><div>${esc(issuer.signerTitle ?? 'GIÁM ĐỐC')}</div><div class="hint">(Ký, ghi rõ họ tên và đóng dấu)</div>` +
    `<div class="space"></div><div>${issuer.signerName ? esc(issuer.signerName) : ''}</div></td>` +
    `</tr></table>`
  );
}

/** A whole document: head with the style sheet, the watermark on a draft, the body. */
export function htmlDocument(title: string, page: PageSetup, css: string, body: string): string {
  return (
    `<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    `<title>${esc(title)}</title><style>${baseCss(page)}${css}</style></head><body>` +
    (page.draft ? `<div class="watermark" aria-hidden="true">${DRAFT}</div>` : '') +
    body +
    `</body></html>\n`
  );
}
