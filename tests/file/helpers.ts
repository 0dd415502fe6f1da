import { readFileSync } from 'node:fs';
import type { SqlJsStatic } from 'sql.js';
import type { LoadedCriteria } from '../../shared/criteria/loaded';
import { loadCriteria } from '../../shared/criteria/validate';
import type { FileEnv } from '../../shared/file/evaluation-file';
import { formatProblem } from '../../shared/problems';
import { loadSqlJs } from '../../node/sqljs';

export const sql = (): Promise<SqlJsStatic> => loadSqlJs();

function load(f: string): LoadedCriteria {
  const r = loadCriteria(readFileSync(f, 'utf8'), f);
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  return r.value;
}
export const C2026 = load('criteria/nq57-2026.1.json');
export const C2025 = load('criteria/nq57-2025.1.json');
export const defaults = (year: number): LoadedCriteria | null => (year === 2026 ? C2026 : year === 2025 ? C2025 : null);

/** A deterministic environment: a clock that ticks one second per call, sequential ids. */
export function testEnv(actor = 'thư ký', start = Date.UTC(2026, 10, 1, 8, 0, 0)): FileEnv {
  let t = start;
  let id = 0;
  return {
    now: () => new Date((t += 1000)).toISOString(),
    newId: () => `id-${actor}-${++id}`,
    actor,
    appVersion: '0.1.0',
  };
}

export const DEMO_CSV = readFileSync('demo/dien-bien.csv', 'utf8');
