/**
 * Benchmark: rankings and the comparison of years at national scale (issue 5, item 8: national rankings
 * under 5 s).
 *
 *     npm run bench:national              # median of 3 runs after a warm-up
 *     npm run bench:national -- --runs N
 *
 * 4,000 units (the national proportions of tests/bench/synthetic.ts), the self-assessment and 3 evaluators
 * each, for two years. "Rankings" is what the Emulation Board's list needs from the data: read the year,
 * score it (panel and self-assessment), the ranking table and the rankings workbook. "Compare" is the
 * comparison of the two scored years (compareScored, as the app does with results it holds) and its JSON.
 * The second year is generated with another seed and scored with the same criteria set (the synthetic data
 * follows the 2026 set), which costs the comparison the same as two sets would.
 *
 * A benchmark is not a test: it exits 0 whatever the goals say, and 1 only when it could not measure.
 */
import { cpus, loadavg } from 'node:os';
import { criteriaForYear } from '../../cli/criteria-files';
import { scoreYear, type YearResult } from '../../shared/engine/score';
import { readInterchange } from '../../shared/interchange/read';
import { compareJson, compareScored } from '../../shared/results/compare';
import { rankingTable } from '../../shared/results/present';
import { rankingsWorkbook } from '../../shared/results/export-workbook';
import { syntheticCsv } from './synthetic';
import { median, now } from './bench-util';

const GOAL_RANKINGS_MS = 5000;
const UNITS = 4000;
const runsArg = process.argv.indexOf('--runs');
const RUNS = Math.max(1, runsArg >= 0 ? Number(process.argv[runsArg + 1]) || 3 : 3);

const ms = (x: number) => `${Math.round(x).toLocaleString('en-US')} ms`;

function main(): void {
  const criteria = criteriaForYear(2026);
  if (!criteria) {
    console.error('no criteria set for 2026');
    process.exit(1);
  }
  const a = syntheticCsv({ units: UNITS, seed: 57, evaluators: 3, year: 2026 });
  const b = syntheticCsv({ units: UNITS, seed: 58, evaluators: 3, year: 2027 });
  console.log(
    `national results benchmark: ${UNITS.toLocaleString('en-US')} units × (self + 3 evaluators), ${a.rows.toLocaleString('en-US')} rows per year; ` +
      `${RUNS} measured run(s) after a warm-up; ${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)}`,
  );

  const groups = criteria.set.unitGroups.map((g) => g.code);
  const parts: Record<string, number[]> = {};
  const part = <T>(name: string, f: () => T): T => {
    const t = now();
    const r = f();
    (parts[name] ??= []).push(now() - t);
    return r;
  };
  const rankings = (csv: string, year: number): { ms: number; result: YearResult } => {
    const t = now();
    const read = part('read', () => readInterchange(csv, year, criteria));
    if (!read.data || read.problems.length > 0) {
      console.error(`the synthetic ${year} does not read: ${JSON.stringify(read.problems.slice(0, 3))}`);
      process.exit(1);
    }
    const data = read.data;
    const result = part('score (panel)', () => scoreYear(criteria, data));
    const selfResult = part('score (self-assessment)', () => scoreYear(criteria, data, { source: 'self' }));
    const table = part('ranking table', () => rankingTable(result, groups));
    const xlsx = part('rankings workbook', () => rankingsWorkbook({
      result,
      selfResult,
      criteria,
      data,
      finalisation: null,
      province: 'Toàn quốc (thử tải)',
      generatedAt: new Date().toISOString(),
      appVersion: 'bench',
    }));
    if (table.length < UNITS || xlsx.byteLength === 0) {
      console.error('the rankings are incomplete');
      process.exit(1);
    }
    return { ms: now() - t, result };
  };

  const rank: number[] = [];
  const cmp: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const first = rankings(a.csv, 2026);
    const second = rankings(b.csv, 2027);
    const t = now();
    const c = compareScored([
      { criteria, result: first.result },
      { criteria, result: second.result },
    ]);
    const json = JSON.stringify(compareJson(c, 2026, 2027));
    const compareMs = now() - t;
    if (c.units.length !== UNITS || json.length === 0) {
      console.error('the comparison is incomplete');
      process.exit(1);
    }
    if (run === 0) continue; // warm-up
    rank.push(first.ms, second.ms);
    cmp.push(compareMs);
  }
  const r = median(rank);
  const c = median(cmp);
  const w = 56;
  console.log(`  ${'national rankings (read, score, table, workbook)'.padEnd(w)}${ms(r).padStart(10)}   goal < ${ms(GOAL_RANKINGS_MS)}   ${r < GOAL_RANKINGS_MS ? 'PASS' : 'MISS'}`);
  for (const [name, xs] of Object.entries(parts)) console.log(`    ${name.padEnd(w - 2)}${ms(median(xs)).padStart(10)}`);
  console.log(`  ${'compare two scored years (rows, JSON)'.padEnd(w)}${ms(c).padStart(10)}   (no goal set; shown for the record)`);
}

main();
