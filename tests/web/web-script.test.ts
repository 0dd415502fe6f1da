// `npm run web` as a user runs it: the real scripts/web.ts through tsx, in its own process, stopped by a signal.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security';
import { startWebServer } from '../../node/web-server';
import { EvaluationFile } from '../../shared/file/evaluation-file';
import { sql, testEnv } from '../file/helpers';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tsxManifest = createRequire(join(root, 'package.json')).resolve('tsx/package.json');
const tsxCli = join(dirname(tsxManifest), (JSON.parse(readFileSync(tsxManifest, 'utf8')) as { bin: string }).bin);

let work: string;
let child: ChildProcess | undefined;

beforeAll(() => {
  // The script is told not to rebuild (others may be editing the renderer); it still needs a build to serve.
  if (!existsSync(join(root, 'out/renderer/index.html'))) {
    const build = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 180_000,
    });
    if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.stdout}\n${build.stderr}`);
  }
  work = mkdtempSync(join(tmpdir(), 'nq57-web-script-'));
}, 200_000);

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

function waitForUrl(process: ChildProcess): Promise<string> {
  return new Promise((done, fail) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`no URL printed within 30 s:\n${out}\n${err}`)), 30_000);
    process.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    process.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(out)?.[0];
      if (url) {
        clearTimeout(timer);
        done(url);
      }
    });
    process.once('exit', (code) => fail(new Error(`the server exited (${code}) before printing its URL:\n${out}\n${err}`)));
  });
}

describe('npm run web', () => {
  it('serves the app and the API on 127.0.0.1 until SIGTERM, which releases the lock', async () => {
    const dir = join(work, 'files');
    child = spawn(process.execPath, [tsxCli, 'scripts/web.ts', '--port', '0', '--dir', dir, '--no-build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((done) => child!.once('exit', (code) => done(code)));
    const url = await waitForUrl(child);

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('<div id="root">');
    const info = await fetch(`${url}api/info`, { headers: { 'X-NQ57-Request': '1' } });
    expect(await info.json()).toMatchObject({ kind: 'web', startWith: { kind: 'demo' } });

    // The renderer's first steps on the demo: learn it must be built, then create it (and lock it).
    const demo = (await (await fetch(`${url}api/open-demo`, { method: 'POST', headers: { 'X-NQ57-Request': '1' } })).json()) as { path: string };
    const SQL = await sql();
    const file = EvaluationFile.create(SQL, testEnv());
    const created = await fetch(`${url}api/create?path=${demo.path}`, {
      method: 'POST',
      headers: { 'X-NQ57-Request': '1', 'Content-Type': 'application/octet-stream' },
      body: new Uint8Array(file.export()),
    });
    file.close();
    expect(created.status).toBe(200);
    const lock = join(dir, 'dien-bien-demo.nq57.lock');
    expect(existsSync(lock)).toBe(true);

    // Another process cannot take the file meanwhile.
    mkdirSync(join(work, 'static'), { recursive: true });
    writeFileSync(join(work, 'static', 'index.html'), '');
    const other = await startWebServer({
      port: 0,
      staticDir: join(work, 'static'),
      workDir: dir,
      demoCsvPath: join(root, 'demo/dien-bien.csv'),
      startWith: { kind: 'demo' },
      contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    });
    try {
      const refused = await fetch(`${other.url}/api/open-demo`, { method: 'POST', headers: { 'X-NQ57-Request': '1' } });
      expect(refused.status).toBe(423);
      expect(((await refused.json()) as { code: string }).code).toBe('locked');
    } finally {
      await other.close();
    }

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(lock)).toBe(false);
    expect(existsSync(join(dir, 'dien-bien-demo.nq57'))).toBe(true);
  });
});
