/**
 * Builds the app once before the suite when out/ is missing or older than its sources, so that the browser
 * tests, the web-server tests and the built-main smoke test all run against the current code, and no test
 * rebuilds out/ while another one serves it.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const SOURCES = ['electron', 'node', 'shared', 'renderer', 'criteria', 'demo', 'electron.vite.config.ts', 'package.json'];
const OUTPUTS = ['out/main/index.js', 'out/preload/index.js', 'out/renderer/index.html'];

function newest(path: string): number {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

export default function setup(): void {
  const sources = Math.max(...SOURCES.map((s) => newest(join(root, s))));
  const oldestOutput = Math.min(...OUTPUTS.map((o) => statSync(join(root, o), { throwIfNoEntry: false })?.mtimeMs ?? 0));
  if (oldestOutput >= sources) return;
  const run = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  });
  if (run.status !== 0) throw new Error(`electron-vite build failed:\n${run.stdout}\n${run.stderr}`);
}
