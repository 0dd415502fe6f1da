// What the window shows first, from the command line: a file given after the app path (a double-click on
// a .nq57 file, or `nq57 ho-so.nq57`), otherwise the demo (issue 3 item 7).
import { resolve } from 'node:path';
import type { HostInfo } from '../../shared/host/contract';

/**
 * `argv` is process.argv: [electron, app path, ...] when run from source (`electron .`), [app, ...] when
 * packaged. Chromium switches (`--foo`) are skipped; the first argument ending in .nq57 is the file.
 */
export function startWithFromArgv(argv: readonly string[], isPackaged: boolean, cwd: string): HostInfo['startWith'] {
  const args = argv.slice(isPackaged ? 1 : 2);
  const file = args.find((a) => !a.startsWith('-') && a.toLowerCase().endsWith('.nq57') && !a.includes('\u0000'));
  return file === undefined ? { kind: 'demo' } : { kind: 'file', path: resolve(cwd, file) };
}
