/**
 * The engine worker's share of one edit in the app, step by step, in Node (the same EngineSession code the
 * worker runs; sql.js for Node instead of the browser's). A companion of ui.bench.ts, for finding where an
 * edit's time goes without a browser:
 *
 *     npx tsx --expose-gc tests/bench/ui-worker-steps.ts                 # province demo and national (4,000 units)
 *     npx tsx --expose-gc tests/bench/ui-worker-steps.ts --only province --runs 30
 *     … --units N --evaluators N --seed N    the national file (cached in the temporary folder, as ui.bench.ts)
 *
 * On one edit (Workspace.applyEdit) the page calls the worker 5 times, in sequence: snapshot, edit,
 * snapshot, unitList, unitScore. Each is timed here as a whole, with the size of its answer (structured
 * clone, as postMessage makes it) and the time to clone it; then the primitives those calls are made of
 * (the year's data out of SQLite, scoring the year for the panel and for the self-assessment, every entry of
 * the year) are timed alone, so that the whole can be attributed. Then the autosave's export.
 */
import './no-vitest';
import { serialize } from 'node:v8';
import { readFileSync } from 'node:fs';
import { loadSqlJs } from '../../node/sqljs';
import { nodeFileEnv } from '../../node/file-env';
import { EngineSession } from '../../renderer/src/worker/engine-session';
import { scoreYear } from '../../shared/engine/score';
import { EvaluationFile } from '../../shared/file/evaluation-file';
import { demoSeed, MEMBER, ROOT, UNIT } from '../e2e/helpers';
import { editTarget, nationalSeed, YEAR, type EditTarget } from './ui-support';
import { argument, gc, median, now } from './bench-util';


const ms = (x: number): string => (x >= 100 ? `${Math.round(x).toLocaleString('en-US')} ms` : `${x.toFixed(1)} ms`);
const kb = (bytes: number): string => `${Math.round(bytes / 1024).toLocaleString('en-US')} KB`;

interface Step {
  name: string;
  times: number[];
  bytes: number;
  cloneMs: number[];
}

async function measure(label: string, path: string, target: EditTarget, runs: number): Promise<void> {
  const SQL = await loadSqlJs();
  const bytes = new Uint8Array(readFileSync(path));
  const session = new EngineSession(SQL, nodeFileEnv);
  let t = now();
  session.open(bytes, 'bench');
  const openMs = now() - t;
  t = now();
  session.unitList(YEAR);
  const firstList = now() - t;
  console.log(`\n${label}: ${path} (${kb(bytes.length)}), open ${ms(openMs)}, first unitList (scores the year) ${ms(firstList)}; ${runs} edits of ${target.code} of ${target.unit} as ${target.whoName}`);

  const steps = new Map<string, Step>();
  const time = <T>(name: string, fn: () => T): T => {
    const t0 = now();
    const value = fn();
    const dt = now() - t0;
    const s = steps.get(name) ?? { name, times: [], bytes: 0, cloneMs: [] };
    s.times.push(dt);
    const c0 = now();
    structuredClone(value);
    s.cloneMs.push(now() - c0);
    s.bytes = serialize(value).length;
    steps.set(name, s);
    return value;
  };
  const base = { year: YEAR, unit: target.unit, code: target.code, who: target.who };
  for (let i = 0; i < runs + 2; i++) {
    if (i === 2) steps.clear(); // two warm-up edits
    gc();
    const value = i % 2 === 0 ? '3' : '12';
    time('snapshot', () => session.snapshot(YEAR, target.unit, target.code, target.who));
    const r = time('edit', () => session.edit({ ...base, field: 'v1', value }));
    if (!r.ok || !r.changed) throw new Error(`edit ${i}: ${JSON.stringify(r).slice(0, 300)}`);
    time('snapshot (after)', () => session.snapshot(YEAR, target.unit, target.code, target.who));
    time('unitList', () => session.unitList(YEAR));
    time('unitScore', () => session.unitScore(YEAR, target.unit));
  }
  let sum = 0;
  for (const s of steps.values()) {
    const m = median(s.times);
    sum += m;
    console.log(`  ${s.name.padEnd(18)} ${ms(m).padStart(9)}   answer ${kb(s.bytes).padStart(8)}, structuredClone ${ms(median(s.cloneMs))}`);
  }
  console.log(`  ${'sum (the 5 calls)'.padEnd(18)} ${ms(sum).padStart(9)}`);

  // The primitives, on a second copy of the file.
  const file = EvaluationFile.open(SQL, bytes, nodeFileEnv('bench')).file;
  const criteria = file.criteriaFor(YEAR)!;
  const prim = new Map<string, number[]>();
  const p = <T>(name: string, fn: () => T): T => {
    gc();
    const t0 = now();
    const v = fn();
    prim.set(name, [...(prim.get(name) ?? []), now() - t0]);
    return v;
  };
  for (let i = 0; i < Math.min(runs, 5) + 1; i++) {
    const data = p('file.yearData(year)', () => file.yearData(YEAR));
    p('scoreYear (panel)', () => scoreYear(criteria, data, { source: 'panel' }));
    p('scoreYear (self)', () => scoreYear(criteria, data, { source: 'self' }));
    p('file.entries({year}) (sheet)', () => file.entries({ year: YEAR }).filter((e) => e.who === target.who).length);
    p('file.attachments() (sheet)', () => file.attachments());
    p('sheet(year, who, unit)', () => session.sheet(YEAR, target.who, target.unit));
    p('exportBytes (autosave)', () => session.exportBytes());
  }
  console.log('  of which, alone (medians):');
  for (const [name, times] of prim) console.log(`    ${name.padEnd(30)} ${ms(median(times.slice(1))).padStart(9)}`);
  file.close();
}

async function main(): Promise<void> {
  const only = argument('only', 'all');
  const runs = Math.max(1, argument('runs', 10));
  if (only === 'all' || only === 'province') {
    const seed = await demoSeed();
    await measure('province demo', seed, await editTarget(seed, UNIT.code, '2.2', MEMBER), runs);
  }
  if (only === 'all' || only === 'national') {
    const n = await nationalSeed(ROOT, { units: argument('units', 4000), evaluators: argument('evaluators', 3), seed: argument('seed', 57) });
    await measure(`national (${n.units} units)`, n.path, await editTarget(n.path, '00100', '2.2'), Math.min(runs, 3));
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
