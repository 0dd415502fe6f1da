/**
 * export: a year's results as the documents the Emulation and Commendation Board receives.
 *
 *   export <file.nq57> --year Y --what rankings|nominations|scorecards|all --format xlsx|pdf|csv|json|html --out <path>
 *
 * The official results of the year (the criteria's panel aggregate, consensus values and proposal overrides
 * of the file applied), the finalisation if the year is final (otherwise every document says DỰ THẢO), the
 * self-assessment scored alone (for the self-assessed score and the difference). For `all` and for several
 * scorecards, --out is a folder; otherwise a file. PDF needs Chromium (CHROMIUM_PATH or /usr/bin/chromium):
 * checked before anything is written, so a missing browser never leaves half an export.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { scoreYear } from '../shared/engine/score';
import { text } from '../shared/i18n/text';
import { dateVi, fileSafe, type ExportInput, type Finalisation } from '../shared/results/export-common';
import { detailCsv, nominationCsv, nominationJson, resultsCsv, resultsJson } from '../shared/results/export-data';
import { rankingsWorkbook } from '../shared/results/export-workbook';
import { nominationHtml, nominationWorkbook } from '../shared/results/nomination';
import { scorecardHtml, scorecardJson, scorecards } from '../shared/results/scorecard';
import { utf8 } from '../shared/exact/sha256';
import { writeFileAtomic } from '../node/host/atomic';
import { chromiumPath, openPdfRenderer, PdfUnavailable } from '../node/pdf';
import { FileSession } from '../node/session';
import { version } from '../package.json';
import { reason } from './criteria-files';
import { actorOf, done, parse, refused, str, usage, type CliOutput } from './output';

export const WHATS = ['rankings', 'nominations', 'scorecards', 'all'] as const;
export const FORMATS = ['xlsx', 'pdf', 'csv', 'json', 'html'] as const;
type What = (typeof WHATS)[number];
type Format = (typeof FORMATS)[number];

/** What each kind of document can be written as. */
const SUPPORTED: Record<Exclude<What, 'all'>, readonly Format[]> = {
  rankings: ['xlsx', 'csv', 'json'],
  nominations: ['xlsx', 'pdf', 'html', 'csv', 'json'],
  scorecards: ['pdf', 'html', 'json', 'csv'],
};

/** Files to write, as paths relative to --out ('' for --out itself) with their bytes. */
type Made = [path: string, bytes: Uint8Array][];
type Planned = (ctx: Context) => Made | Promise<Made>;

interface Context {
  readonly input: ExportInput;
  pdf(html: string): Promise<Uint8Array>;
  pdfAll(htmls: readonly string[]): Promise<Uint8Array[]>;
}

const bytesOf = (s: string) => utf8(s);
const jsonBytes = (v: unknown) => bytesOf(JSON.stringify(v, null, 2) + '\n');

export async function exportResults(args: readonly string[]): Promise<CliOutput> {
  const p = parse(args, {
    year: { type: 'string' },
    what: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    unit: { type: 'string', multiple: true },
  });
  if (typeof p === 'string') return usage(p);
  if (p.positionals.length !== 1) return usage('export cần đúng một tệp đánh giá / export takes exactly one evaluation file');
  const file = p.positionals[0]!;
  const yearText = str(p, 'year');
  if (!yearText || !/^\d{4}$/.test(yearText)) return usage('Thiếu hoặc sai --year <YYYY> / Missing or invalid --year <YYYY>');
  const year = Number(yearText);
  const what = (str(p, 'what') ?? 'all') as What;
  if (!WHATS.includes(what)) return usage(`--what phải là / must be ${WHATS.join('|')}`);
  const formatText = str(p, 'format');
  if (formatText !== undefined && !(FORMATS as readonly string[]).includes(formatText)) return usage(`--format phải là / must be ${FORMATS.join('|')}`);
  const format = formatText as Format | undefined;
  if (what !== 'all' && format === undefined) return usage(`Chọn --format cho --what ${what}: ${SUPPORTED[what].join('|')} / Choose --format for --what ${what}: ${SUPPORTED[what].join('|')}`);
  if (what !== 'all' && !SUPPORTED[what].includes(format!)) {
    const hint = what === 'rankings' && format === 'pdf' ? ' (bản in: --what nominations --format pdf / printable list: --what nominations --format pdf)' : '';
    return usage(`--what ${what} xuất được dạng / can be written as: ${SUPPORTED[what].join('|')}${hint}`);
  }
  const out = str(p, 'out');
  if (!out) return usage('Thiếu --out <tệp hoặc thư mục> / Missing --out <file or folder>');
  const units = (p.values.unit as string[] | undefined) ?? [];

  // The plan first, so that a missing Chromium is reported before anything is written.
  const oneScorecard = what === 'scorecards' && units.length === 1 && /\.(pdf|html|json|csv)$/i.test(out);
  const toFolder = what === 'all' || (what === 'scorecards' && (format === 'pdf' || format === 'html') && !oneScorecard);
  const needsPdf = format === 'pdf' || (what === 'all' && format === undefined);
  if (needsPdf) {
    try {
      chromiumPath();
    } catch (e) {
      if (e instanceof PdfUnavailable) {
        const alt = what === 'all' ? text(' Dùng --format xlsx|csv|json để xuất không cần PDF.', ' Use --format xlsx|csv|json to export without PDF.') : text('', '');
        return refused(text(e.text.vi + alt.vi, e.text.en + alt.en));
      }
      throw e;
    }
  }
  if (toFolder) {
    const info = statSync(out, { throwIfNoEntry: false });
    if (info && !info.isDirectory()) return refused(text(`--out phải là thư mục khi xuất nhiều tệp: ${out} là một tệp`, `--out must be a folder when several files are written: ${out} is a file`));
  }

  const session = await FileSession.open(file, { actor: actorOf(p), readOnly: true });
  let input: ExportInput;
  try {
    const f = session.file;
    const criteria = f.criteriaFor(year);
    if (!criteria) return refused(text(`Tệp chưa có bộ tiêu chí cho năm ${year}`, `The file has no criteria set for ${year}`), file);
    const data = f.yearData(year);
    if (data.units.length === 0) return refused(text(`Năm ${year} chưa có đơn vị nào được đánh giá`, `No unit is evaluated in ${year}`), file);
    for (const u of units) {
      if (!data.units.some((x) => x.code === u)) return refused(text(`Không có đơn vị ${u} trong năm ${year}`, `No unit ${u} in ${year}`), file);
    }
    const { result, fingerprint } = f.officialResults(year);
    const record = f.finalisation(year);
    const finalisation: Finalisation | null = record ? { at: record.finalisedAt, by: record.finalisedBy, fingerprint: record.fingerprint } : null;
    input = {
      result,
      criteria,
      selfResult: scoreYear(criteria, data, { source: 'self' }),
      data,
      finalisation,
      fingerprint,
      province: f.meta().province || 'Điện Biên',
      generatedAt: new Date().toISOString(),
      appVersion: version,
    };
  } finally {
    session.close();
  }

  const plan = planFiles(what, format, year, units, oneScorecard);
  let renderer: Awaited<ReturnType<typeof openPdfRenderer>> | null = null;
  const ctx: Context = {
    input,
    async pdf(html) {
      renderer ??= await openPdfRenderer();
      return renderer.render(html);
    },
    async pdfAll(htmls) {
      renderer ??= await openPdfRenderer();
      return renderer.renderAll(htmls, 2);
    },
  };
  const written: string[] = [];
  try {
    // Make every file, then write them: an error while making (Chromium failing) leaves nothing half written.
    const made: Made = [];
    for (const item of plan) made.push(...(await item(ctx)));
    for (const [path, bytes] of made) {
      const target = path === '' ? out : join(out, path);
      mkdirSync(dirname(target), { recursive: true });
      await writeFileAtomic(target, bytes);
      written.push(target);
    }
  } catch (e) {
    if (e instanceof PdfUnavailable) return refused(e.text);
    if (isFsError(e)) return refused(text(`Không ghi được tệp xuất: ${reason(e)}`, `Cannot write the export: ${reason(e)}`), out);
    throw e;
  } finally {
    if (renderer) await (renderer as { close(): Promise<void> }).close();
  }

  const status = input.finalisation ? `đã chốt / final (${dateVi(input.finalisation.at)})` : 'DỰ THẢO / draft';
  const stderr = input.finalisation
    ? ''
    : `cảnh báo / warning: kết quả năm ${year} chưa được chốt: các tệp xuất được đánh dấu DỰ THẢO / the ${year} results are not finalised: the exports are marked DỰ THẢO (draft)\n`;
  return done(`Đã xuất / Exported (${status}) ${written.length} tệp / files:\n${written.map((w) => `  ${w}`).join('\n')}\n`, stderr);
}

function planFiles(what: What, format: Format | undefined, year: number, units: readonly string[], oneScorecard: boolean): Planned[] {
  const single = what !== 'all';
  const name = (base: string, ext: string) => (single ? '' : `${base}-${year}.${ext}`);
  // `all` without --format: every format but HTML (the PDFs are made from it; ask for it with --format html).
  const wants = (w: Exclude<What, 'all'>, f: Format) =>
    single ? what === w && format === f : SUPPORTED[w].includes(f) && (format === undefined ? f !== 'html' : format === f);
  const only = units.length ? units : undefined;
  const one = (path: string, make: (c: Context) => Uint8Array | Promise<Uint8Array>): Planned => async (c) => [[path, await make(c)]];
  const plan: Planned[] = [];

  if (wants('rankings', 'xlsx')) plan.push(one(name('ket-qua', 'xlsx'), (c) => rankingsWorkbook(c.input)));
  if (wants('rankings', 'csv')) plan.push(one(name('ket-qua', 'csv'), (c) => bytesOf(resultsCsv(c.input))));
  if (!single && wants('rankings', 'csv')) plan.push(one(`chi-tiet-chi-tieu-${year}.csv`, (c) => bytesOf(detailCsv(c.input))));
  if (wants('rankings', 'json')) plan.push(one(name('ket-qua', 'json'), (c) => jsonBytes(resultsJson(c.input))));

  if (wants('nominations', 'xlsx')) plan.push(one(name('de-nghi-khen-thuong', 'xlsx'), (c) => nominationWorkbook(c.input)));
  if (wants('nominations', 'pdf')) plan.push(one(name('de-nghi-khen-thuong', 'pdf'), (c) => c.pdf(nominationHtml(c.input))));
  if (wants('nominations', 'html')) plan.push(one(name('de-nghi-khen-thuong', 'html'), (c) => bytesOf(nominationHtml(c.input))));
  if (wants('nominations', 'csv')) plan.push(one(name('de-nghi-khen-thuong', 'csv'), (c) => bytesOf(nominationCsv(c.input))));
  if (wants('nominations', 'json')) plan.push(one(name('de-nghi-khen-thuong', 'json'), (c) => jsonBytes(nominationJson(c.input))));

  // Scorecards as data go in one file (with --what scorecards only; `all` has the detail CSV and the results JSON).
  if (single && wants('scorecards', 'json')) plan.push(one('', (c) => jsonBytes(scorecards(c.input, only).map(scorecardJson))));
  if (single && wants('scorecards', 'csv')) plan.push(one('', (c) => bytesOf(detailCsv(c.input))));
  for (const f of ['pdf', 'html'] as const) {
    if (!wants('scorecards', f)) continue;
    const folder = single ? '' : `phieu-diem-${year}`;
    plan.push(async (c) => {
      const cards = scorecards(c.input, only);
      const htmls = cards.map((card) => scorecardHtml(c.input, card));
      // Chromium renders the cards two at a time, in one browser.
      const bytes = f === 'pdf' ? await c.pdfAll(htmls) : htmls.map(bytesOf);
      if (oneScorecard) return [['', bytes[0]!]];
      return cards.map((card, i): [string, Uint8Array] => [join(folder, fileName(card.row.result.unit.code, card.row.result.unit.name, f)), bytes[i]!]);
    });
  }
  return plan;
}

/** "<code>-<name>.<ext>" in plain letters, e.g. "03325-UBND-xa-Muong-Phang.pdf". */
const fileName = (code: string, name: string, ext: string) => `${fileSafe(code)}-${fileSafe(name)}.${ext}`;

function isFsError(e: unknown): boolean {
  return e instanceof Error && 'code' in e && typeof (e as { code: unknown }).code === 'string' && /^E[A-Z]+$/.test((e as { code: string }).code);
}
