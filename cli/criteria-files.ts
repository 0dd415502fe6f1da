/** Finding and reading criteria files on disk (Node side); validation itself is shared/. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadCriteria } from '../shared/criteria/validate';
import type { LoadedCriteria } from '../shared/criteria/loaded';
import type { Result } from '../shared/problems';
import { text } from '../shared/i18n/text';

/** The criteria/ folder of this project, wherever the command is run from. */
export const CRITERIA_DIR = resolve(__dirname, '..', 'criteria');

export function readCriteriaFile(path: string): Result<LoadedCriteria> {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, problems: [{ file: path, message: text(`Không đọc được tệp: ${reason(e)}`, `Cannot read the file: ${reason(e)}`) }] };
  }
  return loadCriteria(source, path);
}

/**
 * The set for a year: among the valid files in `dir` whose year matches, the highest version.
 * A file that does not validate is skipped here; `validate` is the command that reports on it.
 */
export function criteriaForYear(year: number, dir = CRITERIA_DIR): LoadedCriteria | null {
  let best: LoadedCriteria | null = null;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json') && n !== 'schema.json').sort()) {
    const r = readCriteriaFile(join(dir, name));
    if (!r.ok || r.value.set.year !== year) continue;
    if (!best || compareVersions(r.value.set.version, best.set.version) > 0) best = r.value;
  }
  return best;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function reason(e: unknown): string {
  if (e && typeof e === 'object' && 'code' in e && (e as { code: unknown }).code === 'ENOENT') return 'không tồn tại / not found';
  return e instanceof Error ? e.message : String(e);
}
