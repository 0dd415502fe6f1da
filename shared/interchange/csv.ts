/**
 * RFC 4180 CSV: comma-separated, fields optionally quoted with ", a quote inside a quoted field doubled,
 * CRLF or LF line ends, newlines allowed inside quoted fields. A leading UTF-8 BOM is dropped (Excel writes
 * one). Each record keeps the physical line it starts on, because that is what a person finds in an editor.
 */
import { text } from '../i18n/text';
import type { Problem } from '../problems';

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  readonly line: number;
  readonly fields: string[];
}

export interface ParsedCsv {
  readonly records: CsvRecord[];
  readonly problems: Problem[];
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

export function parseCsv(input: string): ParsedCsv {
  const records: CsvRecord[] = [];
  const problems = readCsvRecords(input, pushRecord, records);
  return { records, problems };
}

const pushRecord = (record: CsvRecord, records: CsvRecord[]): void => {
  records.push(record);
};

export interface ReadCsvOptions {
  /**
   * Hand every record in one array and one record object, overwritten by the next record, and keep the string
   * of a field equal to the same field of the record before instead of making a new one. For a consumer that
   * keeps nothing of a record but some of its strings (interchange/read.ts): rows of one unit repeat most of
   * their fields, and a national file has half a million rows.
   */
  readonly reuse?: boolean;
}

/**
 * The same reading, one record at a time: `onRecord(record, target)` gets each record as it ends, so a reader
 * that validates as it goes (interchange/read.ts) never holds the whole table, which for a national file is
 * hundreds of megabytes of arrays and strings. Returns the problems, in the order they were found.
 * (`target` is passed along rather than captured in a closure: the optimised loop then calls one long-lived
 * function, and no per-call closure that dies with its caller takes the optimised code with it.)
 */
export function readCsvRecords<T>(input: string, onRecord: (record: CsvRecord, target: T) => void, target: T, options: ReadCsvOptions = {}): Problem[] {
  const src = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const problems: Problem[] = [];
  const len = src.length;
  const reuse = options.reuse === true;
  const shared: { line: number; fields: string[] } = { line: 0, fields: [] };
  let i = 0;
  let line = 1;
  while (i < len) {
    const startLine = line;
    const fields: string[] = reuse ? shared.fields : [];
    let n = 0; // fields of this record so far (with `reuse`, fields[n] is the previous record's)
    // One record.
    for (;;) {
      if (src.charCodeAt(i) === QUOTE) {
        i++;
        let value = '';
        let from = i;
        for (;;) {
          const q = src.indexOf('"', i);
          if (q < 0) {
            problems.push({ line: startLine, message: text('Dấu ngoặc kép mở mà không đóng đến hết tệp', 'A quote opens and is never closed before the end of the file') });
            value += src.slice(from);
            i = len;
            break;
          }
          for (let k = i; k < q; k++) if (src.charCodeAt(k) === LF) line++;
          if (src.charCodeAt(q + 1) === QUOTE) {
            value += src.slice(from, q + 1);
            i = q + 2;
            from = i;
            continue;
          }
          value += src.slice(from, q);
          i = q + 1;
          break;
        }
        if (reuse) fields[n] = value;
        else fields.push(value);
        n++;
        const c = src.charCodeAt(i);
        if (i < len && c !== COMMA && c !== LF && c !== CR) {
          problems.push({ line, message: text('Có ký tự ngay sau dấu ngoặc kép đóng; trường có ngoặc kép phải kết thúc bằng dấu phẩy hoặc xuống dòng', 'Characters follow a closing quote; a quoted field must end at a comma or a line end') });
          while (i < len && src.charCodeAt(i) !== COMMA && src.charCodeAt(i) !== LF && src.charCodeAt(i) !== CR) i++;
        }
      } else {
        let j = i;
        while (j < len) {
          const c = src.charCodeAt(j);
          if (c === COMMA || c === LF || c === CR) break;
          j++;
        }
        if (reuse) {
          const prev = fields[n];
          fields[n] = prev !== undefined && prev.length === j - i && src.startsWith(prev, i) ? prev : src.slice(i, j);
        } else fields.push(src.slice(i, j));
        n++;
        i = j;
      }
      const c = src.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      if (c === CR) i++;
      if (src.charCodeAt(i) === LF) i++;
      line++;
      break;
    }
    if (reuse && fields.length !== n) fields.length = n;
    // A blank line (one empty field) is not a record.
    if (fields.length === 1 && fields[0] === '') continue;
    if (reuse) {
      shared.line = startLine;
      onRecord(shared, target);
    } else onRecord({ line: startLine, fields }, target);
  }
  return problems;
}

/** One CSV field, quoted when it must be. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}

/** A whole CSV document with CRLF line ends (RFC 4180) and, when asked, a BOM so that Excel reads UTF-8. */
export function toCsv(rows: readonly (readonly string[])[], { bom = false } = {}): string {
  return (bom ? '\uFEFF' : '') + rows.map(csvLine).join('\r\n') + '\r\n';
}
