/**
 * Benchmark: reading and scoring a national-scale interchange CSV for 2026.
 *
 *     npm run bench                       # 4,000 units, self-assessment + 3 evaluators, seed 57
 *     npm run bench -- --evaluators 11    # other shapes: --units N --evaluators N --seed N --runs N
 *                                         #   --province-runs N --only parse|full|province
 *
 * Measures, after warm-up runs: (c) a province (61 units: 45 XA, 14 SO, 2 BC, same shape), the full job,
 * median of 20 runs, measured first while the heap is small; (a) the floor, parseCsv alone on the national
 * text; (b) the full job, readInterchange + scoreYear on the same text (medians of --runs runs, default 3,
 * with readInterchange and scoreYear also timed apart); and memory (peak RSS of the process, heap used at the
 * end of the full job and live after a collection). Prints one table, each measure next to its goal with
 * PASS or MISS.
 *
 * A benchmark is not a test: it exits 0 whether goals are met or not. It exits 1 only when the generated
 * data is invalid (readInterchange reports a problem, or a unit goes unscored), because then the numbers
 * would measure the error path and mean nothing.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import type { LoadedCriteria } from '../../shared/criteria/loaded';
import { loadCriteria } from '../../shared/criteria/validate';
import { scoreYear, type YearResult } from '../../shared/engine/score';
import { parseCsv } from '../../shared/interchange/csv';
import { readInterchange } from '../../shared/interchange/read';
import { formatProblem } from '../../shared/problems';
import { syntheticCsv, type SyntheticCsv } from './synthetic';
import { argument, gc, int, median, now } from './bench-util';

// ------------------------------------------------------------------ options

const YEAR = 2026;
const CRITERIA_FILE = resolve(__dirname, '../../criteria/nq57-2026.1.json');
const GOAL_RATIO = 1.5; // full job ≤ 1.5 × the parse floor
const GOAL_PROVINCE_MS = 20; // province full job < 20 ms
const GOAL_MEMORY_BYTES = 1024 ** 3; // < 1 GB


const UNITS = argument('units', 4000);
const EVALUATORS = argument('evaluators', 3);
const SEED = argument('seed', 57);
const RUNS = Math.max(1, argument('runs', 3));
const PROVINCE_RUNS = Math.max(1, argument('province-runs', 20));
const ONLY = argument('only', 'all');

// ------------------------------------------------------------------ helpers

const ms = (x: number): string => (x >= 100 ? `${int(x)} ms` : `${x.toFixed(2)} ms`);
const mb = (bytes: number): string => `${int(bytes / 1024 ** 2)} MB`;
const perSecond = (rows: number, millis: number): string => `${int((rows * 1000) / millis)} rows/s`;

function fail(what: string, lines: readonly string[]): never {
  console.error(`INVALID DATA (${what}):`);
  for (const l of lines.slice(0, 20)) console.error('  ' + l);
  if (lines.length > 20) console.error(`  … and ${lines.length - 20} more`);
  process.exit(1);
}

/** The full job as the app and the CLI run it: read and validate the CSV, then score the year. */
function fullJob(criteria: LoadedCriteria, csv: string): { result: YearResult; readMs: number; scoreMs: number } {
  const t0 = now();
  const read = readInterchange(csv, YEAR, criteria);
  const t1 = now();
  if (!read.data) fail('readInterchange', read.problems.map((p) => formatProblem(p)));
  const result = scoreYear(criteria, read.data);
  const t2 = now();
  return { result, readMs: t1 - t0, scoreMs: t2 - t1 };
}

/** Checks once, outside the timings, that the file reads with no problem and every unit is scored. */
function validate(criteria: LoadedCriteria, label: string, synth: SyntheticCsv, units: number): void {
  const parsed = parseCsv(synth.csv);
  if (parsed.problems.length > 0) fail(`${label}: parseCsv`, parsed.problems.map((p) => formatProblem(p)));
  if (parsed.records.length !== synth.rows + 1) {
    fail(`${label}: row count`, [`the generator says ${synth.rows} rows, parseCsv found ${parsed.records.length - 1}`]);
  }
  const read = readInterchange(synth.csv, YEAR, criteria);
  if (read.problems.length > 0 || !read.data) fail(`${label}: readInterchange`, read.problems.map((p) => formatProblem(p)));
  if (read.data.units.length !== units) fail(`${label}: units`, [`expected ${units} units, read ${read.data.units.length}`]);
  const result = scoreYear(criteria, read.data);
  const missing = result.units.filter((u) => u.completeness.entered !== u.completeness.applicable);
  if (result.units.length !== units || missing.length > 0) {
    fail(`${label}: scoring`, [`${result.units.length} of ${units} units scored; ${missing.length} with an applicable indicator not entered`]);
  }
}

// ------------------------------------------------------------------ main

interface Row {
  readonly measure: string;
  readonly value: string;
  readonly goal: string;
  readonly status: 'PASS' | 'MISS' | '';
}

function main(): void {
  const loaded = loadCriteria(readFileSync(CRITERIA_FILE, 'utf8'), CRITERIA_FILE);
  if (!loaded.ok) fail('criteria', loaded.problems.map((p) => formatProblem(p)));
  const criteria = loaded.value;
  const table: Row[] = [];
  const loadAtStart = loadavg()[0]!;

  // ---- (c) one province, first, while the heap is small: the national file's gigabyte would slow it down.
  if (ONLY === 'all' || ONLY === 'province') {
    const province = syntheticCsv({ units: 61, seed: SEED, evaluators: EVALUATORS, groups: { XA: 45, SO: 14, BC: 2 }, provinces: 1 });
    validate(criteria, 'province', province, 61);
    console.log(`province: 61 units (XA 45, SO 14, BC 2), self + ${EVALUATORS} evaluators, ${int(province.rows)} input rows; valid`);
    for (let r = 0; r < 3; r++) fullJob(criteria, province.csv); // warm-up
    const times: number[] = [];
    for (let r = 0; r < PROVINCE_RUNS; r++) {
      gc();
      const t0 = now();
      fullJob(criteria, province.csv);
      times.push(now() - t0);
    }
    const med = median(times);
    // The province's own parse floor, for scale: the goal leaves the job little room above it.
    const parseTimes: number[] = [];
    for (let r = 0; r < PROVINCE_RUNS; r++) {
      gc();
      const t0 = now();
      parseCsv(province.csv);
      parseTimes.push(now() - t0);
    }
    table.push({
      measure: `(c) province full job, median of ${PROVINCE_RUNS}`,
      value: `${ms(med)}  ${perSecond(province.rows, med)}  (min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))})`,
      goal: `< ${GOAL_PROVINCE_MS} ms`,
      status: med < GOAL_PROVINCE_MS ? 'PASS' : 'MISS',
    });
    table.push({ measure: '      province parseCsv alone, median', value: `${ms(median(parseTimes))}  ${perSecond(province.rows, median(parseTimes))}`, goal: 'reference', status: '' });
  }

  // ---- (a) and (b) on the national file
  const heap = { peak: 0, live: 0 };
  let rssBefore = NaN;
  let genPeakKb = NaN;
  if (ONLY === 'all' || ONLY === 'parse' || ONLY === 'full') {
    let t = now();
    const national = syntheticCsv({ units: UNITS, seed: SEED, evaluators: EVALUATORS });
    const genMs = now() - t;
    genPeakKb = process.resourceUsage().maxRSS;
    gc();
    rssBefore = process.memoryUsage().rss;
    const rows = national.rows;
    const g = national.groups;
    console.log(
      `national: ${int(UNITS)} units (XA ${int(g.XA)}, SO ${int(g.SO)}, BC ${g.BC}), self + ${EVALUATORS} evaluators, seed ${SEED}\n` +
        `          ${int(rows)} input rows, ${int(national.entries)} entries, ${int(national.csv.length)} chars ` +
        `(${mb(Buffer.byteLength(national.csv, 'utf8'))} UTF-8), generated in ${ms(genMs)}`,
    );
    t = now();
    validate(criteria, 'national', national, UNITS);
    console.log(`          valid: readInterchange reports no problem, all ${int(UNITS)} units scored (check took ${ms(now() - t)})`);

    // (a) the floor.
    let parseMed = NaN;
    if (ONLY !== 'full') {
      parseCsv(national.csv); // warm-up
      const times: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        gc();
        const t0 = now();
        const parsed = parseCsv(national.csv);
        times.push(now() - t0);
        if (parsed.records.length !== rows + 1) fail('parse floor', ['record count changed between runs']);
      }
      parseMed = median(times);
      table.push({ measure: '(a) parse floor: parseCsv, national', value: `${ms(parseMed)}  ${perSecond(rows, parseMed)}`, goal: 'reference', status: '' });
    }

    // (b) the full job.
    if (ONLY !== 'parse') {
      fullJob(criteria, national.csv); // warm-up (the validation above was a first run too)
      const total: number[] = [];
      const reads: number[] = [];
      const scores: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        gc();
        const t0 = now();
        const { result, readMs, scoreMs } = fullJob(criteria, national.csv);
        total.push(now() - t0);
        reads.push(readMs);
        scores.push(scoreMs);
        // Heap at the end of the job, garbage included (the nearest cheap reading of its peak); then, after a
        // collection, what stays live while the result is held.
        heap.peak = Math.max(heap.peak, getHeapStatistics().used_heap_size);
        gc();
        heap.live = Math.max(heap.live, getHeapStatistics().used_heap_size);
        if (result.units.length !== UNITS) fail('full job', ['unit count changed between runs']);
      }
      const fullMed = median(total);
      table.push(
        { measure: '(b) full job: read + score, national', value: `${ms(fullMed)}  ${perSecond(rows, fullMed)}`, goal: '', status: '' },
        { measure: '      of which readInterchange', value: `${ms(median(reads))}  ${perSecond(rows, median(reads))}`, goal: '', status: '' },
        { measure: '      of which scoreYear', value: `${ms(median(scores))}  ${perSecond(rows, median(scores))}`, goal: '', status: '' },
      );
      if (!Number.isNaN(parseMed)) {
        const ratio = fullMed / parseMed;
        table.push({ measure: '(b)/(a) full job vs parse floor', value: `${ratio.toFixed(2)}×`, goal: `≤ ${GOAL_RATIO}×`, status: ratio <= GOAL_RATIO ? 'PASS' : 'MISS' });
      }
    }
  }

  // ---- memory: the process's peak, which also holds the generated text(s) and the generator's garbage.
  const maxRssKb = process.resourceUsage().maxRSS; // kilobytes on Linux and macOS
  const goalKb = GOAL_MEMORY_BYTES / 1024;
  table.push({
    measure: 'peak RSS (resourceUsage().maxRSS)',
    value:
      `${int(maxRssKb)} KB (${mb(maxRssKb * 1024)})` +
      (Number.isNaN(rssBefore) ? '' : `; generator's own peak ${mb(genPeakKb * 1024)}, RSS after it ${mb(rssBefore)}`),
    goal: `< 1 GB (${int(goalKb)} KB)`,
    status: maxRssKb < goalKb ? 'PASS' : 'MISS',
  });
  if (heap.peak > 0) {
    table.push(
      {
        measure: 'heap used at end of full job',
        value: `${mb(heap.peak)} (garbage included)`,
        goal: '< 1 GB',
        status: heap.peak < GOAL_MEMORY_BYTES ? 'PASS' : 'MISS',
      },
      { measure: '      live after GC, result held', value: `${mb(heap.live)} (CSV text included)`, goal: '', status: '' },
    );
  }

  // ---- the table
  const w = [0, 0, 0];
  for (const r of table) {
    w[0] = Math.max(w[0]!, r.measure.length);
    w[1] = Math.max(w[1]!, r.value.length);
    w[2] = Math.max(w[2]!, r.goal.length);
  }
  const line = (a: string, b: string, c: string, d: string) => `${a.padEnd(w[0]!)}  ${b.padEnd(w[1]!)}  ${c.padEnd(w[2]!)}  ${d}`.trimEnd();
  console.log('');
  console.log(`node ${process.version}, ${RUNS} measured run(s) of (a) and (b) after one warm-up, medians`);
  // Timings are wall-clock: a busy machine inflates them, so say how busy it was.
  console.log(`load average ${loadAtStart.toFixed(2)} at start, ${loadavg()[0]!.toFixed(2)} at end, on ${cpus().length} CPU(s)`);
  console.log(line('measure', 'value', 'goal', 'status'));
  console.log(line('-'.repeat(w[0]!), '-'.repeat(w[1]!), '-'.repeat(w[2]!), '------'));
  for (const r of table) console.log(line(r.measure, r.value, r.goal, r.status));
  process.exit(0);
}

main();
