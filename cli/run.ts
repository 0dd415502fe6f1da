/** The CLI as a function of its arguments, so tests can run it in-process; main.ts does the real I/O. */
import { FileError } from '../shared/file/open';
import { HostError } from '../node/host';
import * as files from './file-commands';
import { refused, usage, USAGE, type CliOutput } from './output';
import { score, validate } from './score-commands';
import { compare, targets } from './result-commands';
import { exportResults } from './export-commands';

export { USAGE, type CliOutput };

const COMMANDS: Record<string, (args: readonly string[]) => CliOutput | Promise<CliOutput>> = {
  validate,
  score,
  init: files.init,
  demo: files.demo,
  import: files.importData,
  template: files.template,
  'export-csv': files.exportCsv,
  merge: files.mergeFiles,
  conflicts: files.listConflicts,
  resolve: files.resolve,
  consensus: files.consensus,
  finalize: files.finalize,
  reopen: files.reopen,
  override: files.override,
  attach: files.attach,
  check: files.check,
  backups: files.backups,
  restore: files.restore,
  pack: files.packFile,
  unpack: files.unpackFile,
  compare,
  targets,
  export: exportResults,
};

export async function runCli(argv: readonly string[]): Promise<CliOutput> {
  const [command, ...rest] = argv;
  if (command === undefined) return { code: 2, stdout: '', stderr: USAGE };
  if (command === 'help' || command === '--help' || command === '-h') return { code: 0, stdout: USAGE, stderr: '' };
  const run = COMMANDS[command];
  if (!run) return usage(`Lệnh không được biết đến / Unknown command: ${command}`);
  try {
    return await run(rest);
  } catch (e) {
    // Every failure a user can meet is a sentence, not a stack trace.
    if (e instanceof FileError || e instanceof HostError) return refused(e.text);
    throw e;
  }
}
