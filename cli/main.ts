/**
 * The command-line host of the engine, for analysts, automation and tests:
 *   validate <criteria-file>
 *   score --data <file.csv> --year <Y> [--criteria <file>] [--panel mean|median|trimmed] [--lang vi|en] (--json | --csv)
 * stdout carries only the requested document; every problem goes to stderr, one line each, Vietnamese then
 * English. Exit codes: 0 done, 1 invalid input (nothing on stdout), 2 wrong usage.
 */
import { runCli } from './run';

const { code, stdout, stderr } = runCli(process.argv.slice(2));
if (stdout) process.stdout.write(stdout);
if (stderr) process.stderr.write(stderr);
process.exitCode = code;
