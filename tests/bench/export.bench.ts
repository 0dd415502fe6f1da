/**
 * Benchmark: the province's full export set (issue 5, item 8).
 *
 *     npm run bench:export                 # median of 3 runs after a warm-up
 *     npm run bench:export -- --runs N
 *
 * The demo province (demo/dien-bien.csv, 2026: 61 units) read, scored (panel and self-assessment) and then
 * exported as `export --what all` writes it: the rankings workbook, the results CSV, the detail CSV, the
 * results JSON, the nomination list as xlsx, CSV, JSON and PDF, and a PDF scorecard for each of the 61
 * units — Chromium started once per run, as the CLI does, and closed at the end. Files are made in memory
 * (writing 70 files is the disk's time, not ours). Each part is timed; the total is compared with its
 * goal (< 2 s). Without Chromium the PDF parts are left out and the line says so.
 *
 * A benchmark is not a test: it exits 0 whatever the goals say, and 1 only when it could not measure.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { criteriaForYear } from '../../cli/criteria-files';
import { scoreYear } from '../../shared/engine/score';
import { readInterchange } from '../../shared/interchange/read';
import type { ExportInput } from '../../shared/results/export-common';
import { detailCsv, nominationCsv, nominationJson, resultsCsv, resultsJson } from '../../shared/results/export-data';
import { rankingsWorkbook } from '../../shared/results/export-workbook';
import { nominationHtml, nominationWorkbook } from '../../shared/results/nomination';
import { scorecardHtml, scorecards } from '../../shared/results/scorecard';
import { openPdfRenderer } from '../../node/pdf';
import { median, now } from './bench-util';

const GOAL_TOTAL_MS = 2000;
const YEAR = 2026;
const CSV = resolve(__dirname, '../../demo/dien-bien.csv');
const runsArg = process.argv.indexOf('--runs');
const RUNS = Math.max(1, runsArg >= 0 ? Number(process.argv[runsArg + 1]) || 3 : 3);
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);

const ms = (x: number) => (x >= 100 ? `${Math.round(x).toLocaleString('en-US')} ms` : `${x.toFixed(1)} ms`);

type Times = Record<string, number>;

async function oneRun(text: string): Promise<{ times: Times; bytes: number; files: number }> {
  const times: Times = {};
  let bytes = 0;
  let files = 0;
  const time = async <T>(name: string, f: () => T | Promise<T>): Promise<T> => {
    const t = now();
    const r = await f();
    times[name] = (times[name] ?? 0) + (now() - t);
    return r;
  };
  const add = (b: Uint8Array | string) => {
    bytes += typeof b === 'string' ? b.length : b.byteLength;
    files++;
  };
  const total = now();
  const criteria = criteriaForYear(YEAR)!;
  const input: ExportInput = await time('read and score (panel + self)', () => {
    const read = readInterchange(text, YEAR, criteria, CSV);
    if (!read.data) throw new Error(JSON.stringify(read.problems.slice(0, 3)));
    const data = read.data;
    return {
      result: scoreYear(criteria, data),
      selfResult: scoreYear(criteria, data, { source: 'self' }),
      criteria,
      data,
      finalisation: null,
      province: 'Điện Biên',
      generatedAt: new Date().toISOString(),
      appVersion: 'bench',
    };
  });
  await time('rankings workbook (xlsx)', () => add(rankingsWorkbook(input)));
  await time('results CSV + detail CSV + JSON', () => {
    add(resultsCsv(input));
    add(detailCsv(input));
    add(JSON.stringify(resultsJson(input)));
  });
  await time('nomination list xlsx + CSV + JSON', () => {
    add(nominationWorkbook(input));
    add(nominationCsv(input));
    add(JSON.stringify(nominationJson(input)));
  });
  const htmls = await time('HTML: nomination list + 61 scorecards', () => [nominationHtml(input), ...scorecards(input).map((c) => scorecardHtml(input, c))]);
  if (HAVE_CHROMIUM) {
    const renderer = await time('PDF: start Chromium', () => openPdfRenderer({ chromium: CHROMIUM }));
    try {
      await time('PDF: nomination list', async () => add(await renderer.render(htmls[0]!)));
      await time('PDF: 61 scorecards (2 tabs)', async () => (await renderer.renderAll(htmls.slice(1), 2)).forEach(add));
    } finally {
      await time('PDF: close Chromium', () => renderer.close());
    }
  }
  times.total = now() - total;
  return { times, bytes, files };
}

async function main(): Promise<void> {
  const text = readFileSync(CSV, 'utf8');
  console.log(`export benchmark: demo province ${YEAR} (61 units), ${RUNS} measured run(s) after a warm-up; ${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)}`);
  if (!HAVE_CHROMIUM) console.log(`Chromium not found at ${CHROMIUM}: PDF parts left out (apt-get install chromium or set CHROMIUM_PATH)`);
  let last: Awaited<ReturnType<typeof oneRun>>;
  try {
    await oneRun(text);
    const runs: Awaited<ReturnType<typeof oneRun>>[] = [];
    for (let i = 0; i < RUNS; i++) runs.push((last = await oneRun(text)));
    const names = Object.keys(runs[0]!.times);
    const rows = names.map((n) => [n, median(runs.map((r) => r.times[n]!))] as const);
    const width = Math.max(...names.map((n) => n.length)) + 2;
    for (const [n, t] of rows) {
      if (n === 'total') continue;
      console.log(`  ${n.padEnd(width)}${ms(t).padStart(10)}`);
    }
    const total = rows.find(([n]) => n === 'total')![1];
    if (HAVE_CHROMIUM) {
      const withoutPdf = rows.filter(([n]) => n !== 'total' && !n.startsWith('PDF')).reduce((a, [, t]) => a + t, 0);
      console.log(`  ${'everything but the PDFs'.padEnd(width)}${ms(withoutPdf).padStart(10)}   goal < ${ms(GOAL_TOTAL_MS)}   ${withoutPdf < GOAL_TOTAL_MS ? 'PASS' : 'MISS'}`);
    }
    const verdict = total < GOAL_TOTAL_MS ? 'PASS' : 'MISS';
    const scope = HAVE_CHROMIUM ? 'full export set' : 'export set without PDF';
    console.log(`  ${`${scope}, total (median)`.padEnd(width)}${ms(total).padStart(10)}   goal < ${ms(GOAL_TOTAL_MS)}   ${verdict}`);
    console.log(`  ${last!.files} files, ${(last!.bytes / 1024 / 1024).toFixed(1)} MB`);
  } catch (e) {
    console.error('could not measure:', e);
    process.exit(1);
  }
}

void main();
