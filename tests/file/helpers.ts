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

/**
 * The bytes of an evaluation file with one damaged index: in the unit codes' primary-key index, the greatest
 * code is changed to one that no unit has (its last letter moved up one, so the index stays in order). Every
 * page and record is still well formed, so SQLite's quick check passes; the full integrity check finds the
 * index no longer matching its table.
 */
export function withDamagedUnitIndex(SQL: SqlJsStatic, bytes: Uint8Array): Uint8Array {
  const db = new SQL.Database(bytes);
  let pageSize: number, root: number, code: string;
  try {
    pageSize = Number(db.exec('PRAGMA page_size')[0]!.values[0]![0]);
    const index = db.exec("SELECT name, rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'units' AND sql IS NULL")[0]!.values[0]!;
    root = Number(index[1]);
    code = String(db.exec('SELECT max(code) FROM units')[0]!.values[0]![0]);
  } finally {
    db.close();
  }
  const out = bytes.slice();
  const needle = new TextEncoder().encode(code);
  const page = out.subarray((root - 1) * pageSize, root * pageSize);
  for (let i = 0; i + needle.length <= page.length; i++) {
    if (needle.every((b, k) => page[i + k] === b)) {
      page[i + needle.length - 1]! += 1;
      return out;
    }
  }
  throw new Error(`unit code ${code} not found in the index's root page ${root}`);
}

/**
 * The bytes of an evaluation file with one damaged page: the first page of `table` no longer says what kind
 * of page it is (its type byte set to a value SQLite never writes). SQLite's quick check finds it, and
 * reading that table fails; the other tables still read.
 */
export function withDamagedPage(SQL: SqlJsStatic, bytes: Uint8Array, table: string): Uint8Array {
  const db = new SQL.Database(bytes);
  let pageSize: number, root: number;
  try {
    pageSize = Number(db.exec('PRAGMA page_size')[0]!.values[0]![0]);
    root = Number(db.exec("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", [table])[0]!.values[0]![0]);
  } finally {
    db.close();
  }
  const out = bytes.slice();
  // Page 1 starts with the 100-byte database header; every other page with its b-tree header.
  out[(root - 1) * pageSize + (root === 1 ? 100 : 0)] = 0x07;
  return out;
}
