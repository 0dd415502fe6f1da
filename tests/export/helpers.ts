/** The demo province (demo/dien-bien.csv, 2026) scored as the CLI scores it, and export inputs built from it. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { criteriaForYear } from '../../cli/criteria-files';
import type { LoadedCriteria } from '../../shared/criteria/loaded';
import { scoreYear, type YearData, type YearResult } from '../../shared/engine/score';
import { readInterchange } from '../../shared/interchange/read';
import { child, childrenNamed, parseXmlTree, type XmlElement } from '../../shared/spreadsheet/xml';
import { readXlsx, type ReadSheet, type ReadWorkbook } from '../../shared/spreadsheet/xlsx-read';
import type { ExportInput } from '../../shared/results/export-common';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENS = join(ROOT, 'test-results/screens');
export const DEMO_CSV = join(ROOT, 'demo/dien-bien.csv');
export const YEAR = 2026;

export interface Province {
  criteria: LoadedCriteria;
  data: YearData;
  result: YearResult;
  selfResult: YearResult;
}

/** Reads and scores the demo province; `edit` may change the data first (e.g. rename a unit). */
export function demoProvince(edit?: (data: YearData) => YearData): Province {
  const criteria = criteriaForYear(YEAR);
  if (!criteria) throw new Error('no 2026 criteria set in criteria/');
  const read = readInterchange(readFileSync(DEMO_CSV, 'utf8'), YEAR, criteria, DEMO_CSV);
  if (!read.data) throw new Error(JSON.stringify(read.problems));
  const data = edit ? edit(read.data) : read.data;
  return { criteria, data, result: scoreYear(criteria, data), selfResult: scoreYear(criteria, data, { source: 'self' }) };
}

export const FINGERPRINT = 'ab'.repeat(32);

export function inputOf(p: Province, extra: Partial<ExportInput> = {}): ExportInput {
  return {
    result: p.result,
    criteria: p.criteria,
    selfResult: p.selfResult,
    data: p.data,
    finalisation: null,
    fingerprint: null,
    overrides: [],
    province: 'Điện Biên',
    generatedAt: '2026-12-21T09:30:00.000Z',
    appVersion: '0.1.0',
    ...extra,
  };
}

/** A name with every character HTML and XML must escape, and Vietnamese letters. */
export const NASTY_NAME = `UBND xã <Mường> "Phăng" & 'Ảng' </td><script>alert(1)</script>`;

// ── reading a workbook back ─────────────────────────────────────────────────────────────────────────────

export function readBack(bytes: Uint8Array): ReadWorkbook {
  const r = readXlsx(bytes);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

export function sheetOf(wb: ReadWorkbook, name: string): ReadSheet {
  const s = wb.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}; sheets: ${wb.sheets.map((x) => x.name).join(', ')}`);
  return s;
}

/** A cell's value, or undefined when empty. */
export const valueAt = (s: ReadSheet, ref: string): string | number | boolean | undefined => {
  const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
  return s.rows.get(Number(m[2]))?.get(m[1]!)?.value;
};

/** A row's values by column letter. */
export function rowValues(s: ReadSheet, row: number): Record<string, string | number | boolean> {
  return Object.fromEntries([...(s.rows.get(row) ?? new Map())].map(([col, c]) => [col, c.value]));
}

export function partXml(bytes: Uint8Array, path: string): XmlElement {
  const f = unzipSync(bytes)[path];
  if (!f) throw new Error(`no part ${path}`);
  return parseXmlTree(strFromU8(f));
}

export interface ResolvedStyle {
  bold: boolean;
  italic: boolean;
  underline: boolean;
  color: string | null;
  fill: string | null;
  border: boolean;
  numFmt: string;
  wrap: boolean;
}

const BUILTIN_NUMFMT: Record<string, string> = { '0': 'General', '1': '0', '2': '0.00', '9': '0%', '10': '0.00%', '49': '@' };

/** The style of one cell of the n-th sheet (1-based, in workbook order), resolved from styles.xml. */
export function styleAt(bytes: Uint8Array, sheetNumber: number, ref: string): ResolvedStyle {
  const sheet = partXml(bytes, `xl/worksheets/sheet${sheetNumber}.xml`);
  const styles = partXml(bytes, 'xl/styles.xml');
  let s = '0';
  for (const row of childrenNamed(child(sheet, 'sheetData')!, 'row')) {
    for (const c of childrenNamed(row, 'c')) if (c.attrs.get('r') === ref) s = c.attrs.get('s') ?? '0';
  }
  const xf = childrenNamed(child(styles, 'cellXfs')!, 'xf')[Number(s)]!;
  const font = childrenNamed(child(styles, 'fonts')!, 'font')[Number(xf.attrs.get('fontId'))]!;
  const fill = childrenNamed(child(styles, 'fills')!, 'fill')[Number(xf.attrs.get('fillId'))]!;
  const border = childrenNamed(child(styles, 'borders')!, 'border')[Number(xf.attrs.get('borderId'))]!;
  const numFmtId = xf.attrs.get('numFmtId') ?? '0';
  const custom = childrenNamed(child(styles, 'numFmts') ?? styles, 'numFmt').find((f) => f.attrs.get('numFmtId') === numFmtId);
  const pattern = child(fill, 'patternFill');
  return {
    bold: !!child(font, 'b'),
    italic: !!child(font, 'i'),
    underline: !!child(font, 'u'),
    color: child(font, 'color')?.attrs.get('rgb') ?? null,
    fill: pattern?.attrs.get('patternType') === 'solid' ? (child(pattern, 'fgColor')?.attrs.get('rgb') ?? null) : null,
    border: ['left', 'right', 'top', 'bottom'].every((side) => child(border, side)?.attrs.get('style') === 'thin'),
    numFmt: custom?.attrs.get('formatCode') ?? BUILTIN_NUMFMT[numFmtId] ?? numFmtId,
    wrap: child(xf, 'alignment')?.attrs.get('wrapText') === '1',
  };
}
