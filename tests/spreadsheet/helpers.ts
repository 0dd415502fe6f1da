/**
 * Helpers for the workbook tests: the criteria as the app loads them, small zips built by hand, and ways to
 * change a workbook the way a person (or an attacker) would: typing into cells, adding a formula or a merge,
 * rewriting the hidden marker, patching the zip directory. Workbooks are edited as XML inside the zip with
 * fflate, so the tests do not depend on the writer to produce the broken files they need.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { LoadedCriteria } from '../../shared/criteria/loaded';
import { loadCriteria } from '../../shared/criteria/validate';
import { formatProblem, type Problem } from '../../shared/problems';
import { readXlsx, type ReadWorkbook } from '../../shared/spreadsheet/xlsx-read';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CRITERIA_TEXT = readFileSync(resolve(ROOT, 'criteria/nq57-2026.1.json'), 'utf8');

export function criteriaFrom(text: string): LoadedCriteria {
  const r = loadCriteria(text);
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  return r.value;
}

export const C2026 = criteriaFrom(CRITERIA_TEXT);
export const only2026 = (y: number) => (y === 2026 ? C2026 : null);

/** All problems on one line each, Vietnamese and English: what a failing expectation prints. */
export const shown = (ps: readonly Problem[]) => ps.map(formatProblem).join('\n');

export function readOk(bytes: Uint8Array): ReadWorkbook {
  const r = readXlsx(bytes);
  if (!r.ok) throw new Error(shown(r.problems));
  return r.value;
}

export type Files = Record<string, string | Uint8Array>;

export function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes);
}

export function zip(files: Files): Uint8Array {
  const out: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(files)) out[k] = typeof v === 'string' ? strToU8(v) : v;
  return zipSync(out, { level: 6 });
}

export function partText(bytes: Uint8Array, path: string): string {
  const f = unzip(bytes)[path];
  if (!f) throw new Error(`no part ${path}`);
  return strFromU8(f);
}

/** Replaces parts of a zip (a function receives the old text). */
export function editParts(bytes: Uint8Array, edits: Record<string, string | ((old: string) => string)>): Uint8Array {
  const files: Files = unzip(bytes);
  for (const [path, edit] of Object.entries(edits)) {
    const old = files[path];
    files[path] = typeof edit === 'string' ? edit : edit(old === undefined ? '' : typeof old === 'string' ? old : strFromU8(old));
  }
  return zip(files);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A minimal workbook made by hand: sheets given as the inner XML of <worksheet>. */
export function handWorkbook(sheets: { name: string; xml: string; state?: string }[], extra: { sst?: string; styles?: string; workbookPr?: string; definedNames?: string } = {}): Files {
  const files: Files = {
    '[Content_Types].xml': `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`,
    '_rels/.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml':
      `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${R}">${extra.workbookPr ?? ''}<sheets>` +
      sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`).join('') +
      `</sheets>${extra.definedNames ?? ''}</workbook>`,
    'xl/_rels/workbook.xml.rels':
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
      (extra.sst ? `<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : '') +
      (extra.styles ? `<Relationship Id="rIdT" Type="${REL}/styles" Target="styles.xml"/>` : '') +
      `</Relationships>`,
  };
  sheets.forEach((s, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = `<?xml version="1.0"?><worksheet xmlns="${MAIN}" xmlns:r="${R}">${s.xml}</worksheet>`));
  if (extra.sst) files['xl/sharedStrings.xml'] = `<?xml version="1.0"?><sst xmlns="${MAIN}">${extra.sst}</sst>`;
  if (extra.styles) files['xl/styles.xml'] = `<?xml version="1.0"?><styleSheet xmlns="${MAIN}">${extra.styles}</styleSheet>`;
  return files;
}

/** The part holding a sheet of a workbook written by our writer (sheets are numbered in order). */
export function sheetPath(bytes: Uint8Array, sheet: string): string {
  const i = readOk(bytes).sheets.findIndex((s) => s.name === sheet);
  if (i < 0) throw new Error(`no sheet ${sheet}`);
  return `xl/worksheets/sheet${i + 1}.xml`;
}

export type Typed = string | number | boolean | { formula: string; cached: number | string } | { shared: number };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Types into existing cells of a sheet (keeping each cell's style), as Excel would store what was typed. */
export function typeInto(bytes: Uint8Array, sheet: string, cells: Record<string, Typed>): Uint8Array {
  return editParts(bytes, {
    [sheetPath(bytes, sheet)]: (xml) => {
      let out = xml;
      for (const [ref, v] of Object.entries(cells)) {
        const re = new RegExp(`<c r="${ref}"( s="\\d+")?( t="\\w+")?(/>|>.*?</c>)`);
        const m = re.exec(out);
        if (!m) throw new Error(`cell ${ref} is not in sheet ${sheet}`);
        const s = m[1] ?? '';
        let cell: string;
        if (typeof v === 'number') cell = `<c r="${ref}"${s}><v>${v}</v></c>`;
        else if (typeof v === 'boolean') cell = `<c r="${ref}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
        else if (typeof v === 'string') cell = `<c r="${ref}"${s} t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
        else if ('shared' in v) cell = `<c r="${ref}"${s} t="s"><v>${v.shared}</v></c>`;
        else cell = typeof v.cached === 'number' ? `<c r="${ref}"${s}><f>${esc(v.formula)}</f><v>${v.cached}</v></c>` : `<c r="${ref}"${s} t="str"><f>${esc(v.formula)}</f><v>${esc(v.cached)}</v></c>`;
        out = out.replace(re, cell);
      }
      return out;
    },
  });
}

/** The table row holding (indicator, input) on a sheet, from the hidden marker. */
export function rowOf(bytes: Uint8Array, sheet: string, indicator: string, input = 'value'): number {
  const marker = readOk(bytes).sheets.find((s) => s.name === '_nq57')!;
  for (const cells of marker.rows.values()) {
    if (cells.get('A')?.value === sheet && cells.get('C')?.value === indicator && cells.get('D')?.value === input) return Number(cells.get('B')!.value);
  }
  throw new Error(`no row for ${indicator}/${input} on ${sheet}`);
}

/** Rewrites the hidden marker sheet from its rows of text (cells A, B, C, … as strings). */
export function editMarker(bytes: Uint8Array, edit: (rows: string[][]) => void): Uint8Array {
  const marker = readOk(bytes).sheets.find((s) => s.name === '_nq57')!;
  const rows: string[][] = [];
  for (const [r, cells] of marker.rows) {
    const line: string[] = [];
    for (const [col, c] of cells) line[col.charCodeAt(0) - 65] = String(c.value);
    rows[r - 1] = line;
  }
  edit(rows);
  const data = rows
    .map((line, i) =>
      line
        ? `<row r="${i + 1}">${line.map((v, j) => (v === undefined ? '' : `<c r="${String.fromCharCode(65 + j)}${i + 1}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`)).join('')}</row>`
        : '',
    )
    .join('');
  return editParts(bytes, {
    [sheetPath(bytes, '_nq57')]: (xml) => xml.replace(/<sheetData>.*<\/sheetData>|<sheetData\/>/s, `<sheetData>${data}</sheetData>`),
  });
}

/** Overwrites the declared inflated size of a zip member, in the central directory and in its local header. */
export function patchDeclaredSize(bytes: Uint8Array, member: string, size: number): Uint8Array {
  const out = bytes.slice();
  const v = new DataView(out.buffer);
  const name = strToU8(member);
  const matches = (at: number, nameAt: number) => name.every((b, k) => out[nameAt + k] === b) && v.getUint16(at, true) === name.length;
  let patched = 0;
  for (let p = 0; p + 46 < out.length; p++) {
    const sig = v.getUint32(p, true);
    if (sig === 0x02014b50 && matches(p + 28, p + 46)) {
      v.setUint32(p + 24, size, true);
      patched++;
    } else if (sig === 0x04034b50 && matches(p + 26, p + 30)) {
      v.setUint32(p + 22, size, true);
      patched++;
    }
  }
  if (patched !== 2) throw new Error(`member ${member} found ${patched} times`);
  return out;
}
