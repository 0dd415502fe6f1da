/**
 * A small SpreadsheetML (.xlsx) writer: the parts Excel and LibreOffice need and nothing else, built as
 * strings whose every text and attribute goes through the escapers in xml.ts, with elements in the order
 * the OOXML schema prescribes (Excel "repairs" a file whose worksheet children are out of order).
 * What the spec allows but Excel refuses (sheet names over 31 characters, validation messages over 255,
 * overlapping merges, a literal list over 255 characters) is refused here with an exception: these are
 * programming errors, and a file Excel cannot open must never be produced.
 */
import { strToU8, Zip, ZipDeflate } from 'fflate';
import { cellRef, columnLetter, isoToSerial, MAX_COLUMN, MAX_ROW, parseRangeRef, rangeRef, type CellRange } from './cells';
import { encodeXstring, xmlAttr, xmlText } from './xml';

export type SheetState = 'visible' | 'hidden' | 'veryHidden';

export interface CellStyle {
  readonly bold?: boolean;
  readonly italic?: boolean;
  /** A single underline (the national motto of an official heading). */
  readonly underline?: boolean;
  /** Points; default: the workbook font's size. */
  readonly fontSize?: number;
  /** Default: the workbook font (e.g. "Times New Roman"). */
  readonly fontName?: string;
  /** Font colour, RRGGBB. */
  readonly color?: string;
  /** Solid background, RRGGBB. */
  readonly fill?: string;
  readonly border?: 'thin';
  readonly wrap?: boolean;
  readonly horizontal?: 'left' | 'center' | 'right' | 'justify';
  readonly vertical?: 'top' | 'center' | 'bottom';
  /** "0.00", "dd/mm/yyyy", "@" (text) or any Excel format code; dates default to "dd/mm/yyyy". */
  readonly numberFormat?: string;
  /** Excel's default is locked; false lets the user edit the cell of a protected sheet. */
  readonly locked?: boolean;
}

/** A value with a style, or a date given as an ISO string (stored as Excel's serial number). */
export type StyledCell =
  | { readonly value: string | number | boolean | null; readonly style?: CellStyle }
  | { readonly date: string; readonly style?: CellStyle };

/** null/undefined/"" is an empty cell (written only when styled). */
export type CellInput = string | number | boolean | null | undefined | StyledCell;

export type ValidationRule =
  /** Any value: only the prompt is wanted. */
  | { readonly type: 'any' }
  /** Literal options shown as a drop-down; at most 255 characters in all, none containing a comma or a quote. */
  | { readonly type: 'list'; readonly options: readonly string[] }
  /** Options taken from a range or a defined name, e.g. `_nq57_list_1` (any text allowed in the options). */
  | { readonly type: 'list'; readonly source: string }
  | { readonly type: 'whole' | 'decimal'; readonly min?: number; readonly max?: number }
  /** ISO dates. */
  | { readonly type: 'date'; readonly min?: string; readonly max?: string };

export interface DataValidation {
  /** One or more ranges separated by spaces: "G10", "G10:G12 G15". */
  readonly ref: string;
  readonly rule: ValidationRule;
  /** Default true: an empty cell is accepted. */
  readonly allowBlank?: boolean;
  /** What Excel shows when the value is refused; title ≤ 32 characters, message ≤ 255. */
  readonly error?: { readonly title: string; readonly message: string };
  /** What Excel shows when the cell is selected; same limits. */
  readonly prompt?: { readonly title: string; readonly message: string };
}

export interface ColumnSpec {
  /** In characters of the default font, as Excel counts them. */
  readonly width: number;
  readonly hidden?: boolean;
}

export interface SheetSpec {
  /** 1–31 characters, none of []:*?/\, not beginning or ending with an apostrophe; unique in the workbook. */
  readonly name: string;
  readonly state?: SheetState;
  /** rows[0] is row 1; each row's cells start at column A. */
  readonly rows: readonly (readonly CellInput[] | undefined)[];
  /** columns[0] is column A. */
  readonly columns?: readonly (ColumnSpec | undefined)[];
  /** Row number (1-based) → height in points. */
  readonly rowHeights?: Readonly<Record<number, number>>;
  readonly merges?: readonly string[];
  /** Rows above and columns left of the split stay in view while scrolling. */
  readonly freeze?: { readonly rows?: number; readonly columns?: number };
  readonly validations?: readonly DataValidation[];
  /** Protects the sheet without a password: locked cells cannot be edited, columns and rows can still be resized. */
  readonly protect?: boolean;
  /** Print landscape, fitted to one page wide (the same as `print: {orientation: 'landscape', fitToWidth: true}`). */
  readonly landscape?: boolean;
  /** How the sheet prints: A4, orientation, fitting, margins, header and footer. */
  readonly print?: PrintSetup;
  /** A filter drop-down on each column of this range's first row, e.g. "A4:L200". */
  readonly autoFilter?: string;
}

/** Text of one header or footer line, in three parts; `{page}` and `{pages}` are the page number and count. */
export interface HeaderFooterLine {
  readonly left?: string;
  readonly center?: string;
  readonly right?: string;
}

export interface PrintSetup {
  /** Paper is always A4. Default portrait. */
  readonly orientation?: 'portrait' | 'landscape';
  /** Scale the columns to one page wide (rows run on over as many pages as needed). */
  readonly fitToWidth?: boolean;
  /** In millimetres; header and footer are their distances from the paper's edge. */
  readonly margins?: { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number; readonly header?: number; readonly footer?: number };
  readonly centerHorizontally?: boolean;
  /** Printed on every page; Excel refuses a header or footer of more than 255 characters in all. */
  readonly header?: HeaderFooterLine;
  readonly footer?: HeaderFooterLine;
  /** The first page's own header and footer (e.g. no page number on page 1, as Nghị định 30 wants). */
  readonly firstPage?: { readonly header?: HeaderFooterLine; readonly footer?: HeaderFooterLine };
}

export interface DefinedName {
  readonly name: string;
  /** The formula, e.g. `'Trang 1'!$A$1:$A$3` (see sheetQualified and absoluteRef in cells.ts). */
  readonly ref: string;
  /** Scope: the name of a sheet; default the whole workbook. */
  readonly sheet?: string;
  readonly hidden?: boolean;
}

export interface WorkbookSpec {
  readonly sheets: readonly SheetSpec[];
  readonly definedNames?: readonly DefinedName[];
  /** The workbook's default font; default Calibri 11. */
  readonly font?: { readonly name: string; readonly size: number };
  /** Default true; false writes every string inline in its cell. */
  readonly sharedStrings?: boolean;
  /** Sheets cannot be added, deleted, renamed, moved or unhidden (no password). */
  readonly protectStructure?: boolean;
  readonly title?: string;
  readonly creator?: string;
}

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Fixed zip timestamps, so that the same input gives the same bytes. */
const MTIME = new Date(2020, 0, 1, 0, 0, 0);
export const DATE_FORMAT = 'dd/mm/yyyy';

export function writeXlsx(spec: WorkbookSpec): Uint8Array {
  checkWorkbook(spec);
  const styles = new StyleTable(spec.font ?? { name: 'Calibri', size: 11 });
  const strings = spec.sharedStrings === false ? null : new StringTable();
  const firstVisible = spec.sheets.findIndex((s) => (s.state ?? 'visible') === 'visible');
  // The parts go into the zip in this order, each deflated as it is written: a national workbook's
  // worksheet is tens of megabytes of XML, never held whole, neither as a string nor as bytes.
  const zip = new ZipOut();
  const put = (path: string, xml: string) => zip.part(path, xml);
  const overrides = [
    ['/xl/workbook.xml', `${CT}.sheet.main+xml`],
    ...spec.sheets.map((_, i) => [`/xl/worksheets/sheet${i + 1}.xml`, `${CT}.worksheet+xml`]),
    ['/xl/styles.xml', `${CT}.styles+xml`],
    ...(strings ? [['/xl/sharedStrings.xml', `${CT}.sharedStrings+xml`]] : []),
    ['/docProps/core.xml', 'application/vnd.openxmlformats-package.core-properties+xml'],
  ];
  put(
    '[Content_Types].xml',
    `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="application/xml"/>` +
      overrides.map(([p, t]) => `<Override PartName="${p}" ContentType="${t}"/>`).join('') +
      `</Types>`,
  );
  put(
    '_rels/.rels',
    `<Relationships xmlns="${NS_PKG_REL}">` +
      `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/>` +
      `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
      `</Relationships>`,
  );
  put(
    'docProps/core.xml',
    `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
      (spec.title ? `<dc:title>${xmlText(spec.title)}</dc:title>` : '') +
      (spec.creator ? `<dc:creator>${xmlText(spec.creator)}</dc:creator>` : '') +
      `</cp:coreProperties>`,
  );
  put('xl/workbook.xml', workbook(spec, firstVisible));
  const n = spec.sheets.length;
  put(
    'xl/_rels/workbook.xml.rels',
    `<Relationships xmlns="${NS_PKG_REL}">` +
      spec.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
      `<Relationship Id="rId${n + 1}" Type="${REL}/styles" Target="styles.xml"/>` +
      (strings ? `<Relationship Id="rId${n + 2}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : '') +
      `</Relationships>`,
  );
  spec.sheets.forEach((s, i) => worksheet(zip, `xl/worksheets/sheet${i + 1}.xml`, s, styles, strings, i === firstVisible));
  put('xl/styles.xml', styles.xml());
  if (strings) strings.write(zip, 'xl/sharedStrings.xml');
  return zip.end();
}

// ---------------------------------------------------------------- the zip, written as it goes

/** Deflate level of the small parts, and of the parts estimated over LARGE_PART characters of XML. */
const LEVEL = 6;
/**
 * Level 3 deflates a national workbook's 50 MB detail sheet about twice as fast as level 6 (fflate's levels
 * 1–4 are about equally fast), for a file about an eighth larger (7.1 MB instead of 6.3 MB); a province's
 * parts are below the threshold and keep level 6.
 */
const LARGE_LEVEL = 3;
const LARGE_PART = 1_000_000;
/** Characters of XML gathered before they are encoded and deflated (fflate deflates in 64 kB steps). */
const CHUNK_CHARS = 32_768;

class ZipOut {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;
  private readonly zip = new Zip((err, data) => {
    if (err) throw err;
    this.chunks.push(data);
    this.length += data.length;
  });

  /** A part written in pieces; the caller must end() it before opening the next. */
  open(path: string, estimatedChars: number): PartWriter {
    const file = new ZipDeflate(path, { level: estimatedChars > LARGE_PART ? LARGE_LEVEL : LEVEL });
    file.mtime = MTIME;
    this.zip.add(file);
    return new PartWriter(file);
  }

  part(path: string, xml: string): void {
    const w = this.open(path, xml.length);
    w.write(xml);
    w.end();
  }

  end(): Uint8Array {
    this.zip.end();
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/** A part's XML (the declaration first), encoded as UTF-8 and deflated every CHUNK_CHARS characters. */
class PartWriter {
  private buf = DECL;

  constructor(private readonly file: ZipDeflate) {}

  write(s: string): void {
    this.buf += s;
    if (this.buf.length >= CHUNK_CHARS) {
      // fflate's strToU8 uses the platform's TextEncoder where there is one (browser, worker, Node), many
      // times faster than encoding by hand; it falls back to its own encoder elsewhere.
      this.file.push(strToU8(this.buf));
      this.buf = '';
    }
  }

  end(): void {
    this.file.push(strToU8(this.buf), true);
    this.buf = '';
  }
}

// ---------------------------------------------------------------- checks

const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/;

function checkWorkbook(spec: WorkbookSpec): void {
  if (spec.sheets.length === 0) throw new Error('a workbook needs at least one sheet');
  if (!spec.sheets.some((s) => (s.state ?? 'visible') === 'visible')) throw new Error('a workbook needs at least one visible sheet');
  const seen = new Set<string>();
  for (const s of spec.sheets) {
    const name = s.name;
    if (name.length < 1 || name.length > 31) throw new Error(`sheet name "${name}" must have 1 to 31 characters`);
    if (SHEET_NAME_FORBIDDEN.test(name) || name.startsWith("'") || name.endsWith("'")) throw new Error(`sheet name "${name}" has a character Excel refuses`);
    if (name.toLowerCase() === 'history') throw new Error('Excel reserves the sheet name "History"');
    const key = name.toLowerCase();
    if (seen.has(key)) throw new Error(`two sheets are named "${name}"`);
    seen.add(key);
  }
  const names = new Set<string>();
  for (const d of spec.definedNames ?? []) {
    const builtin = /^_xlnm\.[A-Za-z_]+$/.test(d.name);
    if (!builtin && (!/^[A-Za-z_\\][A-Za-z0-9_.\\]{0,254}$/.test(d.name) || /^[A-Za-z]{1,3}\d+$/.test(d.name) || /^[RrCc]\d*([RrCc]\d*)?$/.test(d.name))) {
      throw new Error(`"${d.name}" is not a valid defined name`);
    }
    if (d.sheet !== undefined && !spec.sheets.some((s) => s.name === d.sheet)) throw new Error(`defined name ${d.name}: no sheet "${d.sheet}"`);
    const key = `${d.sheet ?? ''}\u0000${d.name.toLowerCase()}`;
    if (names.has(key)) throw new Error(`defined name ${d.name} is given twice`);
    names.add(key);
  }
}

function checkMessage(what: string, m: { title: string; message: string } | undefined): void {
  if (!m) return;
  if (m.title.length > 32) throw new Error(`${what} title over 32 characters: ${m.title}`);
  if (m.message.length > 255) throw new Error(`${what} message over 255 characters: ${m.message}`);
}

function checkRanges(refs: string, what: string): CellRange[] {
  const ranges = refs.split(' ').map((r) => parseRangeRef(r));
  if (ranges.length === 0 || ranges.some((r) => r === null)) throw new Error(`${what}: "${refs}" is not a list of ranges`);
  return ranges as CellRange[];
}

// ---------------------------------------------------------------- workbook, sheets

function workbook(spec: WorkbookSpec, firstVisible: number): string {
  const sheets = spec.sheets
    .map((s, i) => {
      const state = s.state && s.state !== 'visible' ? ` state="${s.state}"` : '';
      return `<sheet name="${xmlAttr(s.name)}" sheetId="${i + 1}"${state} r:id="rId${i + 1}"/>`;
    })
    .join('');
  const names = (spec.definedNames ?? [])
    .map((d) => {
      const local = d.sheet === undefined ? '' : ` localSheetId="${spec.sheets.findIndex((s) => s.name === d.sheet)}"`;
      return `<definedName name="${xmlAttr(d.name)}"${local}${d.hidden ? ' hidden="1"' : ''}>${xmlText(d.ref)}</definedName>`;
    })
    .join('');
  return (
    `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_R}">` +
    `<workbookPr/>` +
    (spec.protectStructure ? `<workbookProtection lockStructure="1"/>` : '') +
    `<bookViews><workbookView firstSheet="${firstVisible}" activeTab="${firstVisible}"/></bookViews>` +
    `<sheets>${sheets}</sheets>` +
    (names ? `<definedNames>${names}</definedNames>` : '') +
    `</workbook>`
  );
}

function worksheet(zip: ZipOut, path: string, s: SheetSpec, styles: StyleTable, strings: StringTable | null, selected: boolean): void {
  // First pass: the extent of the sheet (its <dimension> comes before the cells) and the checks, without any
  // XML; the cells' styles are interned here in the order the second pass meets them, so the ids are the same.
  const heights = s.rowHeights ?? {};
  let rowCount = s.rows.length;
  for (const k of Object.keys(heights)) rowCount = Math.max(rowCount, Number(k));
  if (rowCount > MAX_ROW) throw new Error(`sheet ${s.name}: more than ${MAX_ROW} rows`);
  let maxRow = 0;
  let maxCol = 0;
  let cellCount = 0;
  for (let r = 1; r <= rowCount; r++) {
    const cells = s.rows[r - 1];
    let last = 0;
    if (cells) {
      if (cells.length > MAX_COLUMN) throw new Error(`sheet ${s.name} row ${r}: more than ${MAX_COLUMN} columns`);
      for (let i = 0; i < cells.length; i++) if (!isEmptyCell(cells[i], styles)) last = i + 1;
      cellCount += cells.length;
    }
    const h = heights[r];
    if (last === 0 && h === undefined) continue;
    if (h !== undefined && !(h > 0 && h <= 409)) throw new Error(`sheet ${s.name} row ${r}: height ${h} outside 0–409 points`);
    maxRow = r;
    maxCol = Math.max(maxCol, last);
  }
  const dimension = maxRow && maxCol ? rangeRef({ top: 1, left: 1, bottom: maxRow, right: maxCol }) : 'A1';

  const freeze = s.freeze ?? {};
  const fr = freeze.rows ?? 0;
  const fc = freeze.columns ?? 0;
  let pane = '';
  if (fr > 0 || fc > 0) {
    const active = fr > 0 && fc > 0 ? 'bottomRight' : fr > 0 ? 'bottomLeft' : 'topRight';
    const topLeft = cellRef(fr + 1, fc + 1);
    pane =
      `<pane${fc ? ` xSplit="${fc}"` : ''}${fr ? ` ySplit="${fr}"` : ''} topLeftCell="${topLeft}" activePane="${active}" state="frozen"/>` +
      `<selection pane="${active}" activeCell="${topLeft}" sqref="${topLeft}"/>`;
  }
  const view = `<sheetViews><sheetView${selected ? ' tabSelected="1"' : ''} workbookViewId="0">${pane}</sheetView></sheetViews>`;

  const cols = (s.columns ?? [])
    .map((c, i) => {
      if (!c) return '';
      if (!(c.width > 0 && c.width <= 255)) throw new Error(`sheet ${s.name} column ${columnLetter(i + 1)}: width ${c.width} outside 0–255`);
      return `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"${c.hidden ? ' hidden="1"' : ''}/>`;
    })
    .join('');

  const merges = (s.merges ?? []).map((m) => {
    const r = parseRangeRef(m);
    if (!r || (r.top === r.bottom && r.left === r.right)) throw new Error(`sheet ${s.name}: merge "${m}" is not a range of several cells`);
    return r;
  });
  merges.forEach((a, i) =>
    merges.slice(i + 1).forEach((b) => {
      if (a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom) {
        throw new Error(`sheet ${s.name}: merges ${rangeRef(a)} and ${rangeRef(b)} overlap`);
      }
    }),
  );

  const validations = (s.validations ?? []).map((v) => validation(s.name, v));
  let autoFilter = '';
  if (s.autoFilter !== undefined) {
    const r = parseRangeRef(s.autoFilter);
    if (!r) throw new Error(`sheet ${s.name}: auto filter "${s.autoFilter}" is not a range`);
    autoFilter = `<autoFilter ref="${rangeRef(r)}"/>`;
  }
  const print: PrintSetup | undefined = s.print ?? (s.landscape ? { orientation: 'landscape', fitToWidth: true } : undefined);

  const w = zip.open(path, cellCount * 40);
  w.write(
    `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_R}">` +
      (print?.fitToWidth ? `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>` : '') +
      `<dimension ref="${dimension}"/>` +
      view +
      `<sheetFormatPr defaultRowHeight="15"/>` +
      (cols ? `<cols>${cols}</cols>` : '') +
      (maxRow ? '<sheetData>' : '<sheetData/>'),
  );
  // Second pass: the rows, each handed to the zip as it is made.
  for (let r = 1; r <= maxRow; r++) {
    const cells = s.rows[r - 1];
    let x = '';
    if (cells) {
      for (let i = 0; i < cells.length; i++) {
        const c = cells[i];
        if (c === null || c === undefined || c === '') continue;
        x += cell(r, i, c, styles, strings);
      }
    }
    const h = heights[r];
    if (x === '' && h === undefined) continue;
    const ht = h === undefined ? '' : ` ht="${h}" customHeight="1"`;
    w.write(x ? `<row r="${r}"${ht}>${x}</row>` : `<row r="${r}"${ht}/>`);
  }
  w.write(
    (maxRow ? '</sheetData>' : '') +
      (s.protect ? `<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0"/>` : '') +
      autoFilter +
      (merges.length ? `<mergeCells count="${merges.length}">${merges.map((m) => `<mergeCell ref="${rangeRef(m)}"/>`).join('')}</mergeCells>` : '') +
      (validations.length ? `<dataValidations count="${validations.length}">${validations.join('')}</dataValidations>` : '') +
      (print ? printXml(s.name, print) : `<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>`) +
      `</worksheet>`,
  );
  w.end();
}

const MM_PER_INCH = 25.4;
const inches = (mm: number) => String(Math.round((mm / MM_PER_INCH) * 10_000) / 10_000);

/** printOptions, pageMargins, pageSetup and headerFooter, in the schema's order. */
function printXml(sheet: string, p: PrintSetup): string {
  const m = p.margins ?? { left: 12.7, right: 12.7, top: 15.24, bottom: 15.24 };
  for (const [k, v] of Object.entries(m)) {
    if (!(typeof v === 'number' && v >= 0 && v <= 200)) throw new Error(`sheet ${sheet}: margin ${k} ${v} mm outside 0–200`);
  }
  const header = headerFooterText(p.header);
  const footer = headerFooterText(p.footer);
  const firstHeader = headerFooterText(p.firstPage?.header);
  const firstFooter = headerFooterText(p.firstPage?.footer);
  if ([header, footer, firstHeader, firstFooter].some((h) => h.length > 255)) throw new Error(`sheet ${sheet}: a header or footer over Excel's 255 characters`);
  const part = (name: string, s: string) => (s ? `<${name}>${xmlText(s)}</${name}>` : '');
  const hf =
    part('oddHeader', header) + part('oddFooter', footer) + (p.firstPage ? part('firstHeader', firstHeader) + part('firstFooter', firstFooter) : '');
  const fit = p.fitToWidth ? ' fitToWidth="1" fitToHeight="0"' : '';
  return (
    (p.centerHorizontally ? `<printOptions horizontalCentered="1"/>` : '') +
    `<pageMargins left="${inches(m.left)}" right="${inches(m.right)}" top="${inches(m.top)}" bottom="${inches(m.bottom)}" header="${inches(m.header ?? 7.62)}" footer="${inches(m.footer ?? 7.62)}"/>` +
    `<pageSetup paperSize="9" orientation="${p.orientation ?? 'portrait'}"${fit}/>` +
    (hf || p.firstPage ? `<headerFooter${p.firstPage ? ' differentFirst="1"' : ''}>${hf}</headerFooter>` : '')
  );
}

/** A header or footer line in Excel's codes: &L, &C, &R sections, &P and &N for page and pages, && for "&". */
export function headerFooterText(line: HeaderFooterLine | undefined): string {
  if (!line) return '';
  const part = (code: string, s: string | undefined) =>
    s ? code + s.replace(/&/g, '&&').replace(/\{page\}/g, '&P').replace(/\{pages\}/g, '&N') : '';
  return part('&L', line.left) + part('&C', line.center) + part('&R', line.right);
}

function isStyled(c: CellInput): c is StyledCell {
  return typeof c === 'object' && c !== null;
}

/**
 * Whether a cell writes nothing: no value and no style (or the default style). Every style is interned here,
 * in the order the cells come, so that the style ids are those a single pass over the cells would give.
 */
function isEmptyCell(c: CellInput, styles: StyleTable): boolean {
  if (c === null || c === undefined || c === '') return true;
  if (!isStyled(c)) return false;
  if ('date' in c) {
    styles.xf({ ...c.style, numberFormat: c.style?.numberFormat ?? DATE_FORMAT });
    return false;
  }
  const s = c.style ? styles.xf(c.style) : 0;
  const v = c.value;
  return s === 0 && (v === null || v === undefined || v === '');
}

/** Column letters by index (0 is "A"), made once. */
const COLUMN_LETTERS: string[] = [];
const letters = (i: number) => (COLUMN_LETTERS[i] ??= columnLetter(i + 1));

/** A cell's XML ('' for an empty one); `column` counts from 0. */
function cell(row: number, column: number, c: CellInput, styles: StyleTable, strings: StringTable | null): string {
  let value: string | number | boolean | null | undefined;
  let style: CellStyle | undefined;
  if (isStyled(c)) {
    style = c.style;
    if ('date' in c) {
      value = isoToSerial(c.date);
      style = { ...style, numberFormat: style?.numberFormat ?? DATE_FORMAT };
    } else {
      value = c.value;
    }
  } else {
    value = c;
  }
  const s = style ? styles.xf(style) : 0;
  const sAttr = s ? ` s="${s}"` : '';
  if (value === null || value === undefined || value === '') return s ? `<c r="${letters(column)}${row}"${sAttr}/>` : '';
  const ref = letters(column) + row;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cell ${ref}: ${value} is not a finite number`);
    return `<c r="${ref}"${sAttr}><v>${Object.is(value, -0) ? 0 : value}</v></c>`;
  }
  if (typeof value === 'boolean') return `<c r="${ref}"${sAttr} t="b"><v>${value ? 1 : 0}</v></c>`;
  if (value.length > 32_767) throw new Error(`cell ${ref}: text longer than Excel's 32 767 characters`);
  if (strings) return `<c r="${ref}"${sAttr} t="s"><v>${strings.index(value)}</v></c>`;
  return `<c r="${ref}"${sAttr} t="inlineStr"><is>${t(value)}</is></c>`;
}

/** A `<t>` element; leading or trailing spaces and line breaks survive only with xml:space="preserve". */
function t(s: string): string {
  const preserve = /^\s|\s$|\n/.test(s) ? ' xml:space="preserve"' : '';
  return `<t${preserve}>${xmlText(encodeXstring(s))}</t>`;
}

const OPERATOR_BOTH = 'between';
const OPERATOR_MIN = 'greaterThanOrEqual';
const OPERATOR_MAX = 'lessThanOrEqual';

function validation(sheet: string, v: DataValidation): string {
  checkRanges(v.ref, `sheet ${sheet} validation`);
  checkMessage(`sheet ${sheet} validation ${v.ref} error`, v.error);
  checkMessage(`sheet ${sheet} validation ${v.ref} prompt`, v.prompt);
  const r = v.rule;
  let type = '';
  let operator = '';
  let f1: string | undefined;
  let f2: string | undefined;
  if (r.type === 'any') {
    if (!v.prompt) throw new Error(`sheet ${sheet} validation ${v.ref}: a rule of type "any" is only useful with a prompt`);
  } else if (r.type === 'list') {
    type = 'list';
    if ('options' in r) {
      const joined = r.options.join(',');
      if (r.options.length === 0 || r.options.some((o) => o === '' || o.includes(',') || o.includes('"')) || joined.length > 255) {
        throw new Error(`sheet ${sheet} validation ${v.ref}: literal list options must be non-empty, without commas or quotes, 255 characters in all; use a source range`);
      }
      f1 = `"${joined}"`;
    } else {
      f1 = r.source;
    }
  } else {
    type = r.type;
    const num = (x: number | string | undefined): string | undefined => {
      if (x === undefined) return undefined;
      if (typeof x === 'string') return String(isoToSerial(x));
      if (!Number.isFinite(x)) throw new Error(`sheet ${sheet} validation ${v.ref}: ${x} is not a number`);
      return String(x);
    };
    const lo = num(r.min);
    const hi = num(r.max);
    if (lo !== undefined && hi !== undefined) [operator, f1, f2] = [OPERATOR_BOTH, lo, hi];
    else if (lo !== undefined) [operator, f1] = [OPERATOR_MIN, lo];
    else if (hi !== undefined) [operator, f1] = [OPERATOR_MAX, hi];
    else throw new Error(`sheet ${sheet} validation ${v.ref}: a ${r.type} rule needs a minimum or a maximum`);
  }
  const attrs =
    (type ? ` type="${type}"` : '') +
    (operator && operator !== OPERATOR_BOTH ? ` operator="${operator}"` : '') +
    (v.allowBlank === false ? '' : ' allowBlank="1"') +
    ' showInputMessage="1" showErrorMessage="1"' +
    (v.error ? ` errorTitle="${xmlAttr(v.error.title)}" error="${xmlAttr(v.error.message)}"` : '') +
    (v.prompt ? ` promptTitle="${xmlAttr(v.prompt.title)}" prompt="${xmlAttr(v.prompt.message)}"` : '') +
    ` sqref="${xmlAttr(v.ref)}"`;
  if (f1 === undefined) return `<dataValidation${attrs}/>`;
  return `<dataValidation${attrs}><formula1>${xmlText(f1)}</formula1>${f2 === undefined ? '' : `<formula2>${xmlText(f2)}</formula2>`}</dataValidation>`;
}

// ---------------------------------------------------------------- shared strings and styles

class StringTable {
  private readonly indexOf = new Map<string, number>();
  private readonly list: string[] = [];
  private uses = 0;

  index(s: string): number {
    this.uses++;
    let i = this.indexOf.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.indexOf.set(s, i);
    }
    return i;
  }

  write(zip: ZipOut, path: string): void {
    let chars = 0;
    for (const s of this.list) chars += s.length + 13;
    const w = zip.open(path, chars);
    w.write(`<sst xmlns="${NS_MAIN}" count="${this.uses}" uniqueCount="${this.list.length}">`);
    for (const s of this.list) w.write(`<si>${t(s)}</si>`);
    w.write(`</sst>`);
    w.end();
  }
}

/** Number formats Excel knows by id; anything else gets an id from 164 up. */
const BUILTIN_FORMATS: ReadonlyMap<string, number> = new Map([
  ['General', 0],
  ['0', 1],
  ['0.00', 2],
  ['#,##0', 3],
  ['#,##0.00', 4],
  ['0%', 9],
  ['0.00%', 10],
  ['@', 49],
]);

function argb(rgb: string): string {
  if (!/^[0-9A-Fa-f]{6}$/.test(rgb)) throw new Error(`colour "${rgb}" is not RRGGBB`);
  return `FF${rgb.toUpperCase()}`;
}

/** Interning tables for fonts, fills, borders, number formats and the cell formats (xf) that combine them. */
class StyleTable {
  private readonly fonts: string[];
  private readonly fills = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>'];
  private readonly borders = ['<border><left/><right/><top/><bottom/><diagonal/></border>'];
  private readonly formats = new Map<string, number>();
  private readonly xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];

  constructor(private readonly font: { readonly name: string; readonly size: number }) {
    this.fonts = [this.fontXml({})];
  }

  private fontXml(s: CellStyle): string {
    return (
      '<font>' +
      (s.bold ? '<b/>' : '') +
      (s.italic ? '<i/>' : '') +
      (s.underline ? '<u/>' : '') +
      `<sz val="${s.fontSize ?? this.font.size}"/>` +
      (s.color ? `<color rgb="${argb(s.color)}"/>` : '') +
      `<name val="${xmlAttr(s.fontName ?? this.font.name)}"/>` +
      '</font>'
    );
  }

  private static intern(list: string[], xml: string): number {
    const i = list.indexOf(xml);
    if (i >= 0) return i;
    list.push(xml);
    return list.length - 1;
  }

  /** The id of each style object already seen: most cells share a handful of style objects. */
  private readonly byStyle = new WeakMap<CellStyle, number>();

  private lastStyle: CellStyle | undefined;
  private lastId = 0;

  xf(s: CellStyle): number {
    if (s === this.lastStyle) return this.lastId;
    let id = this.byStyle.get(s);
    if (id === undefined) this.byStyle.set(s, (id = this.newXf(s)));
    this.lastStyle = s;
    this.lastId = id;
    return id;
  }

  private newXf(s: CellStyle): number {
    const fontId = StyleTable.intern(this.fonts, this.fontXml(s));
    const fillId = s.fill ? StyleTable.intern(this.fills, `<fill><patternFill patternType="solid"><fgColor rgb="${argb(s.fill)}"/><bgColor indexed="64"/></patternFill></fill>`) : 0;
    const side = (n: string) => `<${n} style="thin"><color indexed="64"/></${n}>`;
    const borderId = s.border ? StyleTable.intern(this.borders, `<border>${side('left')}${side('right')}${side('top')}${side('bottom')}<diagonal/></border>`) : 0;
    let numFmtId = 0;
    if (s.numberFormat !== undefined) {
      numFmtId = BUILTIN_FORMATS.get(s.numberFormat) ?? this.formats.get(s.numberFormat) ?? 164 + this.formats.size;
      if (!BUILTIN_FORMATS.has(s.numberFormat)) this.formats.set(s.numberFormat, numFmtId);
    }
    const align =
      s.wrap || s.horizontal || s.vertical
        ? `<alignment${s.horizontal ? ` horizontal="${s.horizontal}"` : ''}${s.vertical ? ` vertical="${s.vertical}"` : ''}${s.wrap ? ' wrapText="1"' : ''}/>`
        : '';
    const protection = s.locked === false ? '<protection locked="0"/>' : '';
    const attrs =
      `numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"` +
      (numFmtId ? ' applyNumberFormat="1"' : '') +
      (fontId ? ' applyFont="1"' : '') +
      (fillId ? ' applyFill="1"' : '') +
      (borderId ? ' applyBorder="1"' : '') +
      (align ? ' applyAlignment="1"' : '') +
      (protection ? ' applyProtection="1"' : '');
    const xml = align || protection ? `<xf ${attrs}>${align}${protection}</xf>` : `<xf ${attrs}/>`;
    return StyleTable.intern(this.xfs, xml);
  }

  xml(): string {
    const numFmts = [...this.formats].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${xmlAttr(code)}"/>`).join('');
    return (
      `<styleSheet xmlns="${NS_MAIN}">` +
      (this.formats.size ? `<numFmts count="${this.formats.size}">${numFmts}</numFmts>` : '') +
      `<fonts count="${this.fonts.length}">${this.fonts.join('')}</fonts>` +
      `<fills count="${this.fills.length}">${this.fills.join('')}</fills>` +
      `<borders count="${this.borders.length}">${this.borders.join('')}</borders>` +
      `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
      `<cellXfs count="${this.xfs.length}">${this.xfs.join('')}</cellXfs>` +
      `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
      `</styleSheet>`
    );
  }
}

