/**
 * The command-line host of the engine and the evaluation file (see USAGE in output.ts). stdout carries only
 * the requested document; problems go to stderr, one line each, Vietnamese then English.
 * Exit codes: 0 done, 1 refused (invalid input, nothing on stdout), 2 wrong usage.
 */
import { runCli } from './run';

// `npm run cli` runs in the package folder; paths the user typed are relative to where they typed them.
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

runCli(process.argv.slice(2)).then(
  ({ code, stdout, stderr }) => {
    if (stdout) process.stdout.write(stdout);
    if (stderr) process.stderr.write(stderr);
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`Lỗi không mong đợi / Unexpected error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env.NQ57_DEBUG) console.error(e);
    process.exitCode = 1;
  },
);
