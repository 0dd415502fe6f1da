/**
 * Cell addresses ("B12", "A1:C3") and Excel's date serial numbers, shared by the workbook writer and reader.
 */

/** Excel's limits: columns A…XFD, rows 1…1 048 576. */
export const MAX_COLUMN = 16_384;
export const MAX_ROW = 1_048_576;

/** 1 → "A", 27 → "AA". */
export function columnLetter(column: number): string {
  if (!Number.isInteger(column) || column < 1 || column > MAX_COLUMN) throw new RangeError(`column ${column} out of range`);
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** "A" → 1, "aa" → 27; null for anything that is not a column of a worksheet. */
export function columnNumber(letters: string): number | null {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return null;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n <= MAX_COLUMN ? n : null;
}

export interface CellAddress {
  readonly row: number;
  readonly column: number;
}

/** "B12" (or "$B$12") → {row: 12, column: 2}; null when it is not a cell address within Excel's limits. */
export function parseCellRef(ref: string): CellAddress | null {
  const m = /^\$?([A-Za-z]{1,3})\$?([1-9]\d{0,6})$/.exec(ref);
  if (!m) return null;
  const column = columnNumber(m[1]!);
  const row = Number(m[2]);
  if (column === null || row > MAX_ROW) return null;
  return { row, column };
}

export function cellRef(row: number, column: number): string {
  return `${columnLetter(column)}${row}`;
}

export interface CellRange {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** "A1:C3" or a single cell "B2" → a range with top ≤ bottom and left ≤ right; null when malformed. */
export function parseRangeRef(ref: string): CellRange | null {
  const [a, b, extra] = ref.split(':');
  if (a === undefined || extra !== undefined) return null;
  const p = parseCellRef(a);
  const q = b === undefined ? p : parseCellRef(b);
  if (!p || !q) return null;
  return {
    top: Math.min(p.row, q.row),
    left: Math.min(p.column, q.column),
    bottom: Math.max(p.row, q.row),
    right: Math.max(p.column, q.column),
  };
}

export function rangeRef(r: CellRange): string {
  const a = cellRef(r.top, r.left);
  return r.top === r.bottom && r.left === r.right ? a : `${a}:${cellRef(r.bottom, r.right)}`;
}

/** A sheet name as a formula needs it: 'Tên trang'!$A$1 (quoted, apostrophes doubled). */
export function sheetQualified(sheet: string, ref: string): string {
  return `'${sheet.replace(/'/g, "''")}'!${ref}`;
}

/** "A1:C3" → "$A$1:$C$3", for defined names and validation sources. */
export function absoluteRef(r: CellRange): string {
  const a = `$${columnLetter(r.left)}$${r.top}`;
  return r.top === r.bottom && r.left === r.right ? a : `${a}:$${columnLetter(r.right)}$${r.bottom}`;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Days from 1970-01-01 to 1899-12-30, Excel's day 0 for dates from 1 March 1900 on. */
const EPOCH_1900 = 25_569;
/** Days from 1970-01-01 to 1904-01-01, day 0 of workbooks using the 1904 date system (old Mac Excel). */
const EPOCH_1904 = 24_107;
/** 9999-12-31, the last date Excel knows. */
const MAX_SERIAL = 2_958_465;

/**
 * An ISO date → Excel's serial number. Excel believes 1900 was a leap year (serial 60 is 29 February 1900),
 * so dates before March 1900 are one day lower than plain day counting would give.
 */
export function isoToSerial(iso: string, date1904 = false): number {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) throw new RangeError(`not a date: ${iso}`);
  const days = t / DAY_MS;
  const serial = date1904 ? days + EPOCH_1904 : days + EPOCH_1900 >= 61 ? days + EPOCH_1900 : days + EPOCH_1900 - 1;
  if (serial < (date1904 ? 0 : 1) || serial > MAX_SERIAL) throw new RangeError(`date outside Excel's range: ${iso}`);
  return serial;
}

/** Excel's serial number → ISO date (the time of day is dropped); null when it is no real date. */
export function serialToIso(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial)) return null;
  const s = Math.floor(serial);
  let days: number;
  if (date1904) {
    if (s < 0 || s > MAX_SERIAL) return null;
    days = s - EPOCH_1904;
  } else {
    // 0 is "0 January 1900" and 60 is Excel's 29 February 1900: neither is a date.
    if (s < 1 || s === 60 || s > MAX_SERIAL) return null;
    days = s >= 61 ? s - EPOCH_1900 : s - EPOCH_1900 + 1;
  }
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}
