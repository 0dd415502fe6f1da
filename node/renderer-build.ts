/**
 * The built renderer (out/renderer) and what it is made from, for the tools that serve it: `npm run web`,
 * the end-to-end tests and the UI benchmark build it when it is missing or older than its sources.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** What the built renderer is made from: a change in any of these makes the build stale. */
export const RENDERER_SOURCES = ['renderer', 'shared', 'criteria', 'electron.vite.config.ts', 'package.json'];

/** The newest modification time under `path` (0 when it does not exist), node_modules and dot-folders left out. */
export function newestTime(path: string): number {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestTime(join(path, entry)));
  }
  return newest;
}

/** Whether out/renderer exists and is at least as new as every source. */
export function rendererBuildIsFresh(root: string): boolean {
  const built = statSync(join(root, 'out/renderer/index.html'), { throwIfNoEntry: false });
  return !!built && built.mtimeMs >= Math.max(...RENDERER_SOURCES.map((s) => newestTime(join(root, s))));
}

/** Runs `electron-vite build` with this Node (no npx, no shell: the same on Windows). */
export function buildRenderer(root: string, options: { inherit?: boolean; timeoutMs?: number } = {}): SpawnSyncReturns<string> {
  const manifest = createRequire(join(root, 'package.json')).resolve('electron-vite/package.json');
  const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> }).bin['electron-vite'] ?? '';
  return spawnSync(process.execPath, [join(dirname(manifest), bin), 'build', '--logLevel', 'warn'], {
    cwd: root,
    encoding: 'utf8',
    stdio: options.inherit ? ['ignore', 'inherit', 'inherit'] : 'pipe',
    timeout: options.timeoutMs,
  });
}
