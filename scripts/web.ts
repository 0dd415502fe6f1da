// `npm run web -- --port <N> [--dir <workDir>] [--no-build]`: the app in a plain browser. Builds the
// renderer when the build is missing or older than its sources (unless --no-build), then serves it on
// 127.0.0.1 with the browser host (node/web-server.ts), starting on the demo file, until stopped (Ctrl+C or
// SIGTERM release the file lock).
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../electron/main/security';
import { buildRenderer, rendererBuildIsFresh } from '../node/renderer-build';
import { startWebServer } from '../node/web-server';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_PORT = 5757;

interface Options {
  port: number;
  dir: string;
  dirIsDefault: boolean;
  build: boolean;
}

function parseArgs(args: readonly string[]): Options {
  let port = DEFAULT_PORT;
  let dir: string | undefined;
  let build = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = args[i + 1];
    if (arg === '--port' && value !== undefined) {
      port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`--port wants a number from 0 to 65535, not “${value}”`);
      i++;
    } else if (arg === '--dir' && value !== undefined) {
      dir = resolve(value);
      i++;
    } else if (arg === '--no-build') {
      build = false;
    } else if (arg === '--help' || arg === '-h') {
      usage();
    } else {
      usage(`unknown argument “${arg}”`);
    }
  }
  return { port, dir: dir ?? join(tmpdir(), 'nq57-web'), dirIsDefault: dir === undefined, build };
}

function usage(problem?: string): never {
  const text =
    'Usage: npm run web -- [--port <N>] [--dir <folder>] [--no-build]\n' +
    `  --port  port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one)\n` +
    `  --dir   the working folder for evaluation files (default ${join(tmpdir(), 'nq57-web')})\n` +
    '  --no-build  serve out/renderer as it is, even when older than its sources\n';
  if (problem) {
    process.stderr.write(`npm run web: ${problem}\n${text}`);
    process.exit(2);
  }
  process.stdout.write(text);
  process.exit(0);
}

function buildIfNeeded(allowed: boolean): void {
  const built = existsSync(join(root, 'out/renderer/index.html'));
  if (built && (!allowed || rendererBuildIsFresh(root))) return;
  process.stdout.write(built ? 'The renderer build is older than its sources: building…\n' : 'No renderer build yet: building…\n');
  const result = buildRenderer(root, { inherit: true });
  if (result.status !== 0) {
    process.stderr.write('npm run web: the build failed (see above).\n');
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  buildIfNeeded(options.build);
  const server = await startWebServer({
    port: options.port,
    staticDir: join(root, 'out/renderer'),
    workDir: options.dir,
    demoCsvPath: join(root, 'demo/dien-bien.csv'),
    startWith: { kind: 'demo' },
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
  });
  process.stdout.write(
    `NQ57 in the browser: ${server.url}/\n` +
      `Working folder: ${options.dir}${options.dirIsDefault ? ' (the default; choose another with --dir)' : ''}\n` +
      'Stop with Ctrl+C.\n',
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: closing the open file and stopping.\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Whatever else ends the process, the lock goes with it (close releases it before its first await).
  process.on('exit', () => void server.close());
}

main().catch((error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') process.stderr.write('npm run web: that port is in use; choose another with --port.\n');
  else console.error(error);
  process.exit(1);
});
