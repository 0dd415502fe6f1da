/**
 * Reads an .xlsx workbook that came from outside (a unit's self-assessment, an evaluator's file) without
 * trusting it: sizes are checked against the zip directory before anything is inflated, each part is inflated
 * in bounded steps, sheets, rows and cells are counted, and a time budget is enforced throughout. Formulas are
 * never evaluated: a cell with a formula is reported as such with its cached value. Only what a data import
 * needs is read: sheet names and visibility, cell values (styles only to tell dates from numbers), merged
 * ranges and defined names. Every failure is a Problem naming the file, in Vietnamese and English.
 */
import { text, type Text } from '../i18n/text';
import type { Problem, Result } from '../problems';
import { columnLetter, isoToSerial, MAX_ROW, parseCellRef, parseRangeRef, type CellRange } from './cells';
import { decodeUtf8 } from './utf8';
import { child, childrenNamed, decodeXstring, parseXml, parseXmlTree, XmlError, type XmlElement } from './xml';
import { inflateEntry, zipDirectory, ZipError, type ZipEntry } from './zip-read';

export interface ReadLimits {
  /** Size of the file itself. */
  readonly maxBytes: number;
  /** Inflated size of any one part that is read. */
  readonly maxMemberBytes: number;
  /** Inflated size of all XML parts together, as the zip directory declares them. */
  readonly maxInflatedBytes: number;
  /** Members of the zip. */
  readonly maxEntries: number;
  readonly maxSheets: number;
  /** Rows of one sheet. */
  readonly maxRows: number;
  /** Cells (and shared strings) of the whole workbook. */
  readonly maxCells: number;
  /** Time budget; reading stops with a problem when it is spent. */
  readonly maxMillis: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxMemberBytes: 64 * 1024 * 1024,
  maxInflatedBytes: 128 * 1024 * 1024,
  maxEntries: 2_000,
  maxSheets: 200,
  maxRows: 100_000,
  maxCells: 1_000_000,
  maxMillis: 5_000,
};

export interface XlsxReadOptions extends Partial<ReadLimits> {
  /** Named in every problem. */
  readonly file?: string;
  /** The clock of the time budget (tests pass a fake one); default Date.now. */
  readonly now?: () => number;
}

/** "date": a number whose format shows a date (value: Excel's serial number), or a cell typed t="d". */
export type CellType = 'string' | 'number' | 'boolean' | 'date' | 'error';

export interface ReadCell {
  readonly value: string | number | boolean;
  readonly type: CellType;
  /** The cell holds a formula; `value` is what the file cached, never computed here. */
  readonly hasFormula: boolean;
}

export interface MergedRange extends CellRange {
  readonly ref: string;
}

export type SheetState = 'visible' | 'hidden' | 'veryHidden';

export interface ReadSheet {
  readonly name: string;
  readonly state: SheetState;
  /** Row number → column letters → cell; only cells with a value or a formula. */
  readonly rows: Map<number, Map<string, ReadCell>>;
  readonly merges: MergedRange[];
}

export interface ReadDefinedName {
  readonly name: string;
  /** The formula as written, e.g. `'Trang 1'!$A$1:$A$3`. */
  readonly ref: string;
  /** The sheet the name is local to, if any. */
  readonly sheet?: string;
  readonly hidden: boolean;
}

export interface ReadWorkbook {
  readonly sheets: ReadSheet[];
  readonly definedNames: ReadDefinedName[];
  /** Dates count from 1904 (old Mac workbooks): serials must be converted with this flag. */
  readonly date1904: boolean;
}

/** Stops reading with these problems. */
class Refusal extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems[0]?.message.en ?? 'refused');
  }
}

const REL_TYPE = /\/(officeDocument|worksheet|sharedStrings|styles)$/;
/**
 * A size for a message, in KB below 1 MB and in MB to one decimal above; a size found is rounded up and a
 * limit down, so a file one byte over 10 MB never reads "10 MB, at most 10 MB".
 */
function size(n: number, limit = false): string {
  const round = limit ? Math.floor : Math.ceil;
  if (n < 1024 * 1024) return `${round(n / 1024)} KB`;
  return `${String(round(n / (1024 * 1024) * 10) / 10)} MB`;
}

export function readXlsx(bytes: Uint8Array, options: XlsxReadOptions = {}): Result<ReadWorkbook> {
  const limits: ReadLimits = { ...DEFAULT_LIMITS, ...definedOnly(options) };
  const file = options.file;
  const now = options.now ?? Date.now;
  const started = now();
  const at = (message: Text, where: Partial<Problem> = {}): Problem => ({ ...(file ? { file } : {}), ...where, message });
  const refuse = (message: Text, where: Partial<Problem> = {}) => new Refusal([at(message, where)]);
  const tick = () => {
    if (now() - started > limits.maxMillis) {
      throw refuse(
        text(`Đọc tệp mất quá ${limits.maxMillis / 1000} giây nên đã dừng: tệp quá lớn hoặc có cấu trúc bất thường`, `Reading took over ${limits.maxMillis / 1000} s and was stopped: the file is too large or unusually built`),
      );
    }
  };

  try {
    if (bytes.length > limits.maxBytes) {
      throw refuse(text(`Tệp quá lớn: ${size(bytes.length)}, tối đa ${size(limits.maxBytes, true)}`, `The file is too large: ${size(bytes.length)}, at most ${size(limits.maxBytes, true)}`));
    }
    const kind = sniff(bytes);
    if (kind) throw refuse(kind);

    const entries = zipDirectory(bytes, limits.maxEntries);
    const members = new Map<string, ZipEntry>();
    let declaredXml = 0;
    for (const e of entries) {
      if (e.name.endsWith('/')) continue;
      const key = e.name.toLowerCase();
      if (members.has(key)) throw refuse(text(`Tệp nén có hai thành phần cùng tên ${e.name}`, `The zip holds two members named ${e.name}`));
      members.set(key, e);
      if (/\.(xml|rels)$/i.test(e.name)) declaredXml += e.size;
    }
    // Before anything is inflated: the directory's declared sizes of every part this reader could read.
    if (declaredXml > limits.maxInflatedBytes) {
      throw refuse(
        text(
          `Tệp giải nén ra ${size(declaredXml)} dữ liệu, quá giới hạn ${size(limits.maxInflatedBytes, true)} (có thể là "bom nén")`,
          `The file inflates to ${size(declaredXml)}, over the limit of ${size(limits.maxInflatedBytes, true)} (possibly a zip bomb)`,
        ),
      );
    }
    // Each part is inflated once: sheets pointing at one part would otherwise multiply the work past the limits.
    const inflated = new Set<string>();
    const read = (path: string): string | null => {
      const e = members.get(path.toLowerCase());
      if (!e) return null;
      if (inflated.has(e.name)) throw refuse(text(`Tệp bị hỏng: phần ${e.name} được dùng hai lần`, `The file is damaged: part ${e.name} is used twice`));
      inflated.add(e.name);
      if (e.size > limits.maxMemberBytes) {
        throw refuse(
          text(
            `Thành phần ${e.name} giải nén ra ${size(e.size)}, quá giới hạn ${size(limits.maxMemberBytes, true)} (có thể là "bom nén")`,
            `Part ${e.name} inflates to ${size(e.size)}, over the limit of ${size(limits.maxMemberBytes, true)} (possibly a zip bomb)`,
          ),
        );
      }
      tick();
      return decodeUtf8(inflateEntry(bytes, e, tick));
    };
    const xmlPart = <T>(path: string, source: string, parse: (xml: string) => T): T => {
      try {
        return parse(source);
      } catch (err) {
        if (!(err instanceof XmlError)) throw err;
        throw refuse(
          text(`Tệp bị hỏng: phần ${path} không phải XML hợp lệ (${err.why.vi}, ký tự thứ ${err.offset})`, `The file is damaged: part ${path} is not well-formed XML (${err.why.en}, at character ${err.offset})`),
        );
      }
    };
    const tree = (path: string, source: string) => xmlPart(path, source, (x) => parseXmlTree(x, tick));

    const rootRels = read('_rels/.rels');
    const office = rootRels === null ? undefined : relationships(tree('_rels/.rels', rootRels), '').find((r) => r.type === 'officeDocument');
    const workbookPath = office?.target ?? 'xl/workbook.xml';
    const workbookXml = read(workbookPath);
    if (workbookXml === null) throw refuse(notAWorkbook(members));
    const wb = tree(workbookPath, workbookXml);
    if (wb.name !== 'workbook') throw refuse(notAWorkbook(members));
    const dir = workbookPath.includes('/') ? workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1) : '';
    const relsPath = `${dir}_rels/${workbookPath.slice(dir.length)}.rels`;
    const relsXml = read(relsPath);
    const rels = relsXml === null ? [] : relationships(tree(relsPath, relsXml), dir);
    const byId = new Map(rels.map((r) => [r.id, r]));

    const date1904 = isTrue(child(wb, 'workbookPr')?.attrs.get('date1904'));
    const sheetEls = childrenNamed(child(wb, 'sheets') ?? wb, 'sheet');
    if (sheetEls.length === 0) throw refuse(text('Bảng tính không có trang nào', 'The workbook has no sheet'));
    if (sheetEls.length > limits.maxSheets) {
      throw refuse(text(`Bảng tính có ${sheetEls.length} trang, quá giới hạn ${limits.maxSheets}`, `The workbook has ${sheetEls.length} sheets, more than the limit of ${limits.maxSheets}`));
    }
    const names = new Set<string>();
    for (const s of sheetEls) {
      const name = s.attrs.get('name') ?? '';
      if (name === '' || names.has(name.toLowerCase())) {
        throw refuse(text(`Bảng tính có tên trang trống hoặc trùng: "${name}"`, `The workbook has an empty or repeated sheet name: "${name}"`));
      }
      names.add(name.toLowerCase());
    }

    const stylesRel = rels.find((r) => r.type === 'styles');
    const stylesPath = stylesRel?.target ?? `${dir}styles.xml`;
    const stylesXml = read(stylesPath);
    const dateStyles = stylesXml === null ? [] : dateStyleTable(tree(stylesPath, stylesXml));

    const problems: Problem[] = [];
    const counter = { cells: 0 };
    const sstRel = rels.find((r) => r.type === 'sharedStrings');
    const sstPath = sstRel?.target ?? `${dir}sharedStrings.xml`;
    const sstXml = read(sstPath);
    const strings = sstXml === null ? [] : xmlPart(sstPath, sstXml, (x) => sharedStrings(x, limits, counter, tick, refuse));

    const sheets: ReadSheet[] = [];
    for (const s of sheetEls) {
      const name = s.attrs.get('name')!;
      const stateAttr = s.attrs.get('state');
      const state: SheetState = stateAttr === 'hidden' || stateAttr === 'veryHidden' ? stateAttr : 'visible';
      const rel = byId.get(s.attrs.get('id') ?? '');
      const sheet: ReadSheet = { name, state, rows: new Map(), merges: [] };
      sheets.push(sheet);
      if (!rel || rel.type !== 'worksheet') continue; // a chart sheet or the like: no cells
      const xml = read(rel.target);
      if (xml === null) {
        throw refuse(text(`Tệp bị hỏng: thiếu phần ${rel.target} của trang "${name}"`, `The file is damaged: part ${rel.target} of sheet "${name}" is missing`), { sheet: name });
      }
      xmlPart(rel.target, xml, (x) =>
        readSheetXml(x, sheet, { strings, dateStyles, date1904, limits, counter, tick, refuse, problem: (p) => problems.push(at(p.message, p)) }),
      );
    }

    const namesEl = child(wb, 'definedNames');
    const definedNames: ReadDefinedName[] = (namesEl ? childrenNamed(namesEl, 'definedName') : []).map((d) => {
      const local = d.attrs.get('localSheetId');
      const sheet = local !== undefined && /^\d+$/.test(local) ? sheets[Number(local)]?.name : undefined;
      return { name: d.attrs.get('name') ?? '', ref: d.text, ...(sheet !== undefined ? { sheet } : {}), hidden: isTrue(d.attrs.get('hidden')) };
    });
    if (problems.length > 0) return { ok: false, problems };
    return { ok: true, value: { sheets, definedNames, date1904 } };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, problems: err.problems };
    if (err instanceof ZipError) {
      return { ok: false, problems: [at(text(`Không đọc được tệp .xlsx: ${lowerFirst(err.why.vi)}`, `Cannot read the .xlsx file: ${lowerFirst(err.why.en)}`))] };
    }
    return {
      ok: false,
      problems: [at(text('Không đọc được tệp: tệp không phải bảng tính .xlsx hợp lệ hoặc bị hỏng', 'Cannot read the file: it is not a valid .xlsx workbook or it is damaged'))],
    };
  }
}

function definedOnly(o: XlsxReadOptions): Partial<ReadLimits> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(DEFAULT_LIMITS) as (keyof ReadLimits)[]) {
    const v = o[k];
    if (typeof v === 'number') out[k] = v;
  }
  return out;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const isTrue = (v: string | undefined) => v === '1' || v === 'true';

/** What the file is when it is not a zip at all, by its first bytes; null for a zip. */
function sniff(b: Uint8Array): Text | null {
  const starts = (...sig: number[]) => sig.every((x, i) => b[i] === x);
  if (b.length === 0) return text('Tệp rỗng (0 byte), không phải bảng tính .xlsx', 'The file is empty (0 bytes), not an .xlsx workbook');
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0x50, 0x4b, 0x05, 0x06)) return null;
  const not = (vi: string, en: string) => text(`Tệp không phải bảng tính Excel .xlsx: ${vi}`, `The file is not an Excel .xlsx workbook: ${en}`);
  if (starts(0x25, 0x50, 0x44, 0x46)) return not('đây là tệp PDF', 'it is a PDF document');
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    return not(
      'đây là tệp Excel 97–2003 (.xls) hoặc tệp .xlsx có đặt mật khẩu; hãy mở bằng Excel, bỏ mật khẩu và lưu lại dạng .xlsx',
      'it is an Excel 97–2003 (.xls) file or a password-protected .xlsx; open it in Excel, remove the password and save it as .xlsx',
    );
  }
  let i = starts(0xef, 0xbb, 0xbf) ? 3 : 0;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
  if (b[i] === 0x3c) return not('đây là tệp văn bản HTML hoặc XML', 'it is an HTML or XML text file');
  return not('nội dung không phải tệp nén ZIP của Excel (có thể tệp đã bị đổi đuôi thành .xlsx)', 'its content is not the zip container of an Excel file (it may have been renamed to .xlsx)');
}

function notAWorkbook(members: ReadonlyMap<string, ZipEntry>): Text {
  const base = text('Tệp nén không phải bảng tính Excel: không có phần xl/workbook.xml', 'The zip is not an Excel workbook: it has no xl/workbook.xml part');
  if (members.has('content.xml') && members.has('mimetype')) {
    return text(`${base.vi} (có vẻ là tệp LibreOffice .ods; hãy lưu lại dạng .xlsx)`, `${base.en} (it looks like a LibreOffice .ods file; save it as .xlsx)`);
  }
  if (members.has('word/document.xml')) return text(`${base.vi} (đây là tệp Word .docx)`, `${base.en} (it is a Word .docx document)`);
  return base;
}

interface Relationship {
  readonly id: string;
  readonly type: string;
  readonly target: string;
}

/** The relationships of a part, with targets resolved to member paths; external targets are dropped. */
function relationships(root: XmlElement, dir: string): Relationship[] {
  const out: Relationship[] = [];
  for (const r of childrenNamed(root, 'Relationship')) {
    if (r.attrs.get('TargetMode') === 'External') continue;
    const m = REL_TYPE.exec(r.attrs.get('Type') ?? '');
    const target = resolvePath(dir, r.attrs.get('Target') ?? '');
    if (m && target !== null) out.push({ id: r.attrs.get('Id') ?? '', type: m[1]!, target });
  }
  return out;
}

function resolvePath(dir: string, target: string): string | null {
  const path = target.startsWith('/') ? target.slice(1) : dir + target;
  const parts: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.length ? parts.join('/') : null;
}

/** Built-in number formats that show dates or times (ECMA-376 §18.8.30 and the East Asian ones). */
const BUILTIN_DATE_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

export function isDateFormat(code: string): boolean {
  const bare = (code.split(';')[0] ?? '')
    .replace(/"[^"]*"/g, '')
    .replace(/[\\_*]./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/General/gi, '');
  return /[dmyhs]/i.test(bare);
}

/** For each cell format (xf) index: does it show a date? */
function dateStyleTable(styles: XmlElement): boolean[] {
  const custom = new Map<number, string>();
  for (const f of childrenNamed(child(styles, 'numFmts') ?? styles, 'numFmt')) {
    custom.set(Number(f.attrs.get('numFmtId')), f.attrs.get('formatCode') ?? '');
  }
  const xfs = child(styles, 'cellXfs');
  if (!xfs) return [];
  return childrenNamed(xfs, 'xf').map((xf) => {
    const id = Number(xf.attrs.get('numFmtId') ?? '0');
    const code = custom.get(id);
    return code !== undefined ? isDateFormat(code) : BUILTIN_DATE_IDS.has(id);
  });
}

type Refuse = (message: Text, where?: Partial<Problem>) => Refusal;

function sharedStrings(xml: string, limits: ReadLimits, counter: { cells: number }, tick: () => void, refuse: Refuse): string[] {
  const out: string[] = [];
  let cur: string | null = null;
  let inT = false;
  let phonetic = 0;
  parseXml(
    xml,
    {
      open(name) {
        if (name === 'si') {
          cur = '';
          if (++counter.cells > limits.maxCells) {
            throw refuse(text(`Bảng tính có hơn ${limits.maxCells} ô và chuỗi ký tự`, `The workbook has more than ${limits.maxCells} cells and strings`));
          }
        } else if (name === 'rPh') phonetic++;
        else if (name === 't' && cur !== null && phonetic === 0) inT = true;
      },
      close(name) {
        if (name === 'si') {
          out.push(decodeXstring(cur ?? ''));
          cur = null;
        } else if (name === 'rPh') phonetic--;
        else if (name === 't') inT = false;
      },
      text(value) {
        if (inT && cur !== null) cur += value;
      },
    },
    tick,
  );
  return out;
}

interface SheetContext {
  readonly strings: readonly string[];
  readonly dateStyles: readonly boolean[];
  readonly date1904: boolean;
  readonly limits: ReadLimits;
  readonly counter: { cells: number };
  readonly tick: () => void;
  readonly refuse: Refuse;
  readonly problem: (p: Problem) => void;
}

interface CellDraft {
  row: number;
  column: number;
  type: string;
  style: number;
  v: string;
  inline: string;
  formula: boolean;
}

function readSheetXml(xml: string, sheet: ReadSheet, ctx: SheetContext): void {
  const { limits, refuse } = ctx;
  let inData = false;
  let row = 0;
  let column = 0;
  let rowCount = 0;
  let cell: CellDraft | null = null;
  let inV = false;
  let inIs = false;
  let inT = false;
  let phonetic = 0;
  const where = (r: number, c: number) => ({ sheet: sheet.name, line: r, column: columnLetter(c) });
  const bad = (r: number, c: number, value: string, vi: string, en: string) =>
    ctx.problem({ ...where(r, c), value, message: text(vi, en) });

  const finish = (d: CellDraft) => {
    const v = d.v.trim();
    let value: string | number | boolean;
    let type: CellType;
    switch (d.type) {
      case 's': {
        if (v === '' && !d.formula) return;
        const k = /^\d+$/.test(v) ? Number(v) : -1;
        const s = ctx.strings[k];
        if (s === undefined) return bad(d.row, d.column, v, 'Ô tham chiếu tới chuỗi ký tự không tồn tại', 'The cell refers to a shared string that does not exist');
        [value, type] = [s, 'string'];
        break;
      }
      case 'str':
        [value, type] = [decodeXstring(d.v), 'string'];
        break;
      case 'inlineStr':
        [value, type] = [decodeXstring(d.inline), 'string'];
        break;
      case 'b':
        if (v !== '0' && v !== '1' && v !== 'true' && v !== 'false') {
          if (v === '' && d.formula) return put(d, '', 'string');
          return bad(d.row, d.column, v, 'Giá trị đúng/sai không hợp lệ', 'Invalid boolean value');
        }
        [value, type] = [v === '1' || v === 'true', 'boolean'];
        break;
      case 'e':
        [value, type] = [v, 'error'];
        break;
      case 'd': {
        const m = /^(\d{4}-\d{2}-\d{2})(T[\d:.]*(Z|[+-]\d{2}:?\d{2})?)?$/.exec(v);
        let serial: number | null = null;
        try {
          serial = m ? isoToSerial(m[1]!, ctx.date1904) : null;
        } catch {
          serial = null;
        }
        if (serial === null) return bad(d.row, d.column, v, 'Ngày không hợp lệ', 'Invalid date');
        [value, type] = [serial, 'date'];
        break;
      }
      default: {
        if (v === '') {
          if (d.formula) return put(d, '', 'string');
          return;
        }
        if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) || !Number.isFinite(Number(v))) {
          return bad(d.row, d.column, v, 'Ô số chứa giá trị không phải số', 'A number cell holds something that is not a number');
        }
        [value, type] = [Number(v), ctx.dateStyles[d.style] ? 'date' : 'number'];
      }
    }
    if (type === 'string' && value === '' && !d.formula) return;
    put(d, value, type);
  };
  const put = (d: CellDraft, value: string | number | boolean, type: CellType) => {
    let cells = sheet.rows.get(d.row);
    if (!cells) sheet.rows.set(d.row, (cells = new Map()));
    const letter = columnLetter(d.column);
    if (cells.has(letter)) return bad(d.row, d.column, String(value), 'Ô xuất hiện hai lần trong tệp', 'The cell appears twice in the file');
    cells.set(letter, { value, type, hasFormula: d.formula });
  };

  parseXml(
    xml,
    {
      open(name, attrs) {
        if (name === 'sheetData') {
          inData = true;
        } else if (inData && name === 'row' && !cell) {
          const r = attrs.get('r');
          const n = r === undefined ? row + 1 : /^\d{1,7}$/.test(r) ? Number(r) : NaN;
          if (!(n >= 1 && n <= MAX_ROW)) throw refuse(text(`Số dòng không hợp lệ "${r}"`, `Invalid row number "${r}"`), { sheet: sheet.name });
          row = n;
          column = 0;
          if (++rowCount > limits.maxRows) {
            throw refuse(text(`Trang có hơn ${limits.maxRows} dòng`, `The sheet has more than ${limits.maxRows} rows`), { sheet: sheet.name });
          }
        } else if (inData && name === 'c' && row > 0) {
          const r = attrs.get('r');
          const addr = r === undefined ? { row, column: column + 1 } : parseCellRef(r);
          if (!addr || addr.row !== row || addr.column > 16_384) {
            throw refuse(text(`Địa chỉ ô không hợp lệ "${r}" ở dòng ${row}`, `Invalid cell address "${r}" in row ${row}`), { sheet: sheet.name, line: row });
          }
          column = addr.column;
          if (++ctx.counter.cells > limits.maxCells) {
            throw refuse(text(`Bảng tính có hơn ${limits.maxCells} ô`, `The workbook has more than ${limits.maxCells} cells`), { sheet: sheet.name });
          }
          const s = attrs.get('s');
          cell = { row, column, type: attrs.get('t') ?? 'n', style: s && /^\d+$/.test(s) ? Number(s) : 0, v: '', inline: '', formula: false };
        } else if (cell) {
          if (name === 'v') inV = true;
          else if (name === 'f') cell.formula = true;
          else if (name === 'is') inIs = true;
          else if (name === 'rPh') phonetic++;
          else if (name === 't' && inIs && phonetic === 0) inT = true;
        } else if (name === 'mergeCell') {
          const ref = attrs.get('ref') ?? '';
          const range = parseRangeRef(ref);
          if (!range) throw refuse(text(`Vùng gộp ô không hợp lệ "${ref}"`, `Invalid merged range "${ref}"`), { sheet: sheet.name });
          sheet.merges.push({ ref, ...range });
        }
      },
      close(name) {
        if (name === 'sheetData') inData = false;
        else if (name === 'c' && cell) {
          finish(cell);
          cell = null;
          inV = inIs = inT = false;
          phonetic = 0;
        } else if (name === 'v') inV = false;
        else if (name === 'is') inIs = false;
        else if (name === 'rPh') phonetic--;
        else if (name === 't') inT = false;
      },
      text(value) {
        if (!cell) return;
        if (inV) cell.v += value;
        else if (inT) cell.inline += value;
      },
    },
    ctx.tick,
  );
}
