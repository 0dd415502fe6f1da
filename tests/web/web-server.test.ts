import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security';
import { startWebServer, type WebServer, type WebServerOptions } from '../../node/web-server';
import { EvaluationFile } from '../../shared/file/evaluation-file';
import type { AttachmentCheck, AttachmentMeta, BackupInfo, SavedFile } from '../../shared/host/contract';
import { sql, testEnv } from '../file/helpers';

const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/** Real evaluation files, each different (the province differs). */
let fileBytes: (province: string) => Uint8Array;
beforeAll(async () => {
  const SQL = await sql();
  fileBytes = (province) => {
    const file = EvaluationFile.create(SQL, testEnv(), { province });
    try {
      return file.export();
    } finally {
      file.close();
    }
  };
});

let root: string;
let staticDir: string;
let workDir: string;
const servers: WebServer[] = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'nq57-web-'));
  staticDir = join(root, 'static');
  workDir = join(root, 'work');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>NQ57</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(staticDir, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(staticDir, 'assets', 'sql-wasm.wasm'), WASM);
  writeFileSync(join(root, 'secret.txt'), 'SECRET');
});

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  rmSync(root, { recursive: true, force: true });
});

async function start(options: Partial<WebServerOptions> = {}): Promise<WebServer> {
  const server = await startWebServer({
    port: 0,
    staticDir,
    workDir,
    demoCsvPath: 'demo/dien-bien.csv',
    startWith: { kind: 'demo' },
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    ...options,
  });
  servers.push(server);
  return server;
}

/** A raw request: the path goes out exactly as written (fetch would normalise "/../"). */
function raw(server: WebServer, path: string, { method = 'GET', headers = {} }: { method?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((done, fail) => {
    const req = request(`${server.url}/`, { method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** The browser page's side of the API: the custom header, and the session token of the file it opened. */
function client(server: WebServer) {
  let session: string | null = null;
  return async (route: string, { method = 'POST', bytes, json }: { method?: string; bytes?: Uint8Array; json?: unknown } = {}): Promise<Response> => {
    const headers: Record<string, string> = { 'X-NQ57-Request': '1' };
    if (session !== null) headers['X-NQ57-Session'] = session;
    if (bytes) headers['Content-Type'] = 'application/octet-stream';
    if (json !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${server.url}${route}`, {
      method,
      headers,
      body: bytes ? new Uint8Array(bytes) : json !== undefined ? JSON.stringify(json) : undefined,
    });
    session = response.headers.get('X-NQ57-Session') ?? session;
    return response;
  };
}

async function failure(response: Response, status: number, code: string): Promise<{ vi: string; en: string }> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { code: string; text: { vi: string; en: string } };
  expect(body.code).toBe(code);
  expect(body.text.vi.length).toBeGreaterThan(10);
  expect(body.text.en.length).toBeGreaterThan(10);
  return body.text;
}

const bytesOf = async (response: Response): Promise<Uint8Array> => new Uint8Array(await response.arrayBuffer());

describe('the built renderer', () => {
  it('is served with the CSP of the desktop app, nosniff, and the right types', async () => {
    const server = await start();
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('content-security-policy')).toContain("'wasm-unsafe-eval'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>NQ57</title>');

    const types = { '/assets/app.js': 'text/javascript', '/assets/app.css': 'text/css', '/assets/sql-wasm.wasm': 'application/wasm', '/index.html': 'text/html' };
    for (const [path, type] of Object.entries(types)) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toContain(type);
    }
    expect(await bytesOf(await fetch(`${server.url}/assets/sql-wasm.wasm`))).toEqual(WASM);
  });

  it('lists no folder and answers 404 for what is not there', async () => {
    const server = await start();
    for (const path of ['/assets', '/assets/', '/nothing.js']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain('app.js');
    }
  });

  it('refuses every way out of the static folder', async () => {
    const server = await start();
    symlinkSync(join(root, 'secret.txt'), join(staticDir, 'link.txt'));
    const attempts = [
      '/../secret.txt',
      '/../work/recent.json',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%5csecret.txt',
      '/assets/..\\..\\secret.txt',
      '/index.html%00.js',
      '/%E0%A4%A',
      '/link.txt',
    ];
    for (const path of attempts) {
      const response = await raw(server, path);
      expect([400, 404], path).toContain(response.status);
      expect(response.body, path).not.toContain('SECRET');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
    expect((await raw(server, '/../secret.txt')).status).toBe(400);
    expect((await raw(server, '/%2e%2e/secret.txt')).status).toBe(400);
  });

  it('takes GET and HEAD only', async () => {
    const server = await start();
    const post = await raw(server, '/', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const head = await raw(server, '/assets/app.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('binds to a loopback address only', async () => {
    await expect(start({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
    expect((await start()).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('the API', () => {
  it('tells the renderer it is the web host and what to show first', async () => {
    const server = await start({ startWith: { kind: 'demo' } });
    const response = await client(server)('/api/info', { method: 'GET' });
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ kind: 'web', appVersion: '0.1.0', startWith: { kind: 'demo' } });
  });

  it('hands out the demo CSV the first time, then opens the demo file the renderer built from it', async () => {
    const server = await start();
    const api = client(server);
    const first = (await (await api('/api/open-demo')).json()) as { kind: string; path: string; csv: string };
    expect(first.kind).toBe('build');
    expect(first.path).toBe('dien-bien-demo.nq57');
    expect(first.csv).toContain('year,unit,unit_name');

    const demo = fileBytes('Điện Biên');
    const created = await api(`/api/create?path=${first.path}`, { bytes: demo });
    expect(await created.json()).toEqual({ path: 'dien-bien-demo.nq57', name: 'dien-bien-demo.nq57' });
    expect(existsSync(join(workDir, 'dien-bien-demo.nq57.lock'))).toBe(true);

    const again = await api('/api/open-demo');
    expect(again.headers.get('x-nq57-demo')).toBe('existing');
    expect(decodeURIComponent(again.headers.get('x-nq57-path') ?? '')).toBe('dien-bien-demo.nq57');
    expect(await bytesOf(again)).toEqual(demo);
  });

  it('creates, opens and saves a file, which a second server cannot open meanwhile', async () => {
    const server = await start();
    const api = client(server);
    const v1 = fileBytes('v1');
    const v2 = fileBytes('v2');
    expect((await api('/api/create?path=Đánh giá 2026.nq57', { bytes: v1 })).status).toBe(200);
    await failure(await api('/api/create?path=Đánh giá 2026.nq57', { bytes: v1 }), 409, 'exists');

    const opened = await api(`/api/open?path=${encodeURIComponent('Đánh giá 2026.nq57')}`);
    expect(decodeURIComponent(opened.headers.get('x-nq57-name') ?? '')).toBe('Đánh giá 2026.nq57');
    expect(await bytesOf(opened)).toEqual(v1);

    const saved = (await (await api('/api/save', { bytes: v2 })).json()) as SavedFile;
    expect(saved.path).toBe('Đánh giá 2026.nq57');
    expect(saved.backup).toMatch(/^Đánh giá 2026\.nq57\.backups\/Đánh giá 2026\.nq57\.\d{8}-\d{6}-\d{3}\.bak$/);
    expect(new Uint8Array(readFileSync(join(workDir, 'Đánh giá 2026.nq57')))).toEqual(v2);

    const other = client(await start());
    const text = await failure(await other(`/api/open?path=${encodeURIComponent('Đánh giá 2026.nq57')}`), 423, 'locked');
    expect(text.en).toContain('already open');
  });

  it('journals changes before saving them, hands back what no save included, and drops what a save holds', async () => {
    const server = await start();
    const api = client(server);
    await api('/api/create?path=j.nq57', { bytes: fileBytes('v1') });
    const seqs = [];
    for (const record of ['{"a":1}', '{"a":2}', '{"a":3}']) seqs.push(((await (await api('/api/journal', { json: { record } })).json()) as { seq: number }).seq);
    expect(seqs).toEqual([1, 2, 3]);
    expect(readFileSync(join(workDir, 'j.nq57.journal'), 'utf8').trim().split('\n')).toHaveLength(3);

    expect((await api('/api/save?through=2', { bytes: fileBytes('v2') })).status).toBe(200);
    expect(await (await api('/api/pending-changes', { method: 'GET' })).json()).toEqual([{ seq: 3, record: '{"a":3}' }]);

    await failure(await api('/api/save?through=-1', { bytes: fileBytes('v3') }), 400, 'bad-request');
    await failure(await api('/api/journal', { json: { record: 42 } }), 400, 'bad-request');
    expect(new Uint8Array(readFileSync(join(workDir, 'j.nq57'))), 'a refused save writes nothing').toEqual(fileBytes('v2'));

    // A page that crashed and loads again opens the file anew and finds the change no save included.
    const again = client(server);
    await again(`/api/open?path=j.nq57`);
    expect(await (await again('/api/pending-changes', { method: 'GET' })).json()).toEqual([{ seq: 3, record: '{"a":3}' }]);
    expect((await again('/api/save', { bytes: fileBytes('v3') })).status).toBe(200);
    expect(await (await again('/api/pending-changes', { method: 'GET' })).json()).toEqual([]);
  });

  it('refuses to save over a file changed on disk behind its back', async () => {
    const server = await start();
    const api = client(server);
    await api('/api/create?path=a.nq57', { bytes: fileBytes('v1') });
    writeFileSync(join(workDir, 'a.nq57'), fileBytes('someone else'));
    const text = await failure(await api('/api/save', { bytes: fileBytes('v2') }), 409, 'changed-on-disk');
    expect(text.vi).toContain('đã bị thay đổi trên đĩa');
    expect(text.en).toContain('was changed on disk');
    expect(new Uint8Array(readFileSync(join(workDir, 'a.nq57')))).toEqual(fileBytes('someone else'));
  });

  it('lists backups and restores one, after which saving goes on', async () => {
    const server = await start();
    const api = client(server);
    const v1 = fileBytes('v1');
    await api('/api/create?path=a.nq57', { bytes: v1 });
    await api('/api/save', { bytes: fileBytes('v2') });
    const backups = (await (await api('/api/backups', { method: 'GET' })).json()) as BackupInfo[];
    expect(backups).toHaveLength(1);
    expect(backups[0]!.path).toMatch(/^a\.nq57\.backups\/a\.nq57\.\d{8}-\d{6}-\d{3}\.bak$/);
    expect(backups[0]!.size).toBe(v1.length);

    const restored = await api(`/api/restore?path=${encodeURIComponent(backups[0]!.path)}`);
    expect(restored.status).toBe(200);
    expect(await bytesOf(restored)).toEqual(v1);
    expect(((await (await api('/api/backups', { method: 'GET' })).json()) as BackupInfo[]).length).toBe(2);
    expect((await api('/api/save', { bytes: fileBytes('v3') })).status).toBe(200);

    await failure(await api('/api/restore?path=a.nq57.backups/a.nq57.20200101-000000-000.bak'), 404, 'not-found');
  });

  it('stores an attachment, gives it back as a download and verifies the store', async () => {
    const server = await start();
    const api = client(server);
    await api('/api/create?path=a.nq57', { bytes: fileBytes('a') });
    const meta = (await (await api(`/api/attachments?name=${encodeURIComponent('Quyết định số 5.pdf')}`, { bytes: PDF })).json()) as AttachmentMeta;
    expect(meta).toMatchObject({ name: 'Quyết định số 5.pdf', mediaType: 'application/pdf', size: PDF.length });

    const read = await api(`/api/attachments/${meta.sha256}?name=${encodeURIComponent('Quyết định số 5.pdf')}`, { method: 'GET' });
    expect(read.status).toBe(200);
    expect(read.headers.get('content-type')).toBe('application/octet-stream');
    expect(read.headers.get('content-disposition')).toBe(
      `attachment; filename="Quyet dinh so 5.pdf"; filename*=UTF-8''${encodeURIComponent('Quyết định số 5.pdf')}`,
    );
    expect(await bytesOf(read)).toEqual(PDF);

    const missing = 'ab'.repeat(32);
    const check = (await (await api('/api/verify-attachments', { json: [{ sha256: meta.sha256, size: meta.size }, { sha256: missing, size: 3 }] })).json()) as AttachmentCheck;
    expect(check).toEqual({ missing: [missing], corrupt: [], ok: 1 });

    await failure(await api('/api/attachments?name=scan.pdf', { bytes: new TextEncoder().encode('MZ not a pdf') }), 415, 'type-not-allowed');
    await failure(await api('/api/attachments/..%2f..%2fsecret', { method: 'GET' }), 400, 'bad-attachment-id');
    await failure(await api('/api/verify-attachments', { json: { not: 'a list' } }), 400, 'bad-request');
  });

  it('saves as a new file with its intact attachments and works on the new file from then on', async () => {
    const server = await start();
    const api = client(server);
    await api('/api/create?path=a.nq57', { bytes: fileBytes('a') });
    const meta = (await (await api('/api/attachments?name=scan.pdf', { bytes: PDF })).json()) as AttachmentMeta;
    const other = new TextEncoder().encode('%PDF-1.4\nanother scan\n%%EOF\n');
    const damaged = (await (await api('/api/attachments?name=other.pdf', { bytes: other })).json()) as AttachmentMeta;
    writeFileSync(join(workDir, 'a.nq57.attachments', damaged.sha256.slice(0, 2), damaged.sha256), '%PDF-1.4\ntampered\n%%EOF\n');

    const saved = (await (await api('/api/save-as?path=b.nq57', { bytes: fileBytes('b') })).json()) as SavedFile;
    expect(saved).toMatchObject({ path: 'b.nq57', backup: null });
    expect(existsSync(join(workDir, 'a.nq57.lock'))).toBe(false);
    expect(existsSync(join(workDir, 'b.nq57.lock'))).toBe(true);
    expect(await bytesOf(await api(`/api/attachments/${meta.sha256}`, { method: 'GET' }))).toEqual(PDF);
    // A damaged blob stays behind instead of failing the save-as halfway.
    await failure(await api(`/api/attachments/${damaged.sha256}`, { method: 'GET' }), 404, 'attachment-missing');
  });

  it('stores a picked evaluation file under a new name and copies attachments from another file', async () => {
    const server = await start();
    const api = client(server);
    await api('/api/create?path=b.nq57', { bytes: fileBytes('b') });
    const meta = (await (await api('/api/attachments?name=scan.pdf', { bytes: PDF })).json()) as AttachmentMeta;
    await api('/api/close');

    const picked = fileBytes('picked');
    const first = (await (await api('/api/upload?name=b.nq57', { bytes: picked })).json()) as { name: string };
    expect(first.name).toBe('b-2.nq57');
    const climbing = (await (await api(`/api/upload?name=${encodeURIComponent('../../x/evil.nq57')}`, { bytes: picked })).json()) as { name: string };
    expect(climbing.name).toBe('evil.nq57');
    const noExtension = (await (await api('/api/upload?name=recent.json', { bytes: picked })).json()) as { name: string };
    expect(noExtension.name).toBe('recent.json.nq57');
    expect(new Uint8Array(readFileSync(join(workDir, 'b-2.nq57')))).toEqual(picked);
    await failure(await api('/api/upload?name=x.nq57', { bytes: new TextEncoder().encode('not a database') }), 422, 'not-sqlite');
    expect(readdirSync(root)).toEqual(['secret.txt', 'static', 'work']);

    await api('/api/create?path=a.nq57', { bytes: fileBytes('a') });
    expect((await api('/api/copy-attachments', { json: { handle: 'b.nq57', sha256s: [meta.sha256] } })).status).toBe(204);
    expect(await bytesOf(await api(`/api/attachments/${meta.sha256}`, { method: 'GET' }))).toEqual(PDF);
    await failure(await api('/api/copy-attachments', { json: { handle: 'b-2.nq57', sha256s: [meta.sha256] } }), 404, 'attachment-missing');
  });

  it('refuses every path that is not a file name in its working folder', async () => {
    const server = await start();
    const api = client(server);
    writeFileSync(join(root, 'x.nq57'), fileBytes('outside'));
    const names = ['../x.nq57', '/etc/passwd', join(root, 'x.nq57'), 'sub/x.nq57', '..\\x.nq57', 'x.txt', 'recent.json', '.nq57', '', 'CON.nq57'];
    for (const name of names) {
      await failure(await api(`/api/open?path=${encodeURIComponent(name)}`), 400, 'bad-path');
      await failure(await api(`/api/create?path=${encodeURIComponent(name)}`, { bytes: fileBytes('x') }), 400, 'bad-path');
    }
    await failure(await api('/api/open'), 400, 'bad-path');
    await api('/api/create?path=a.nq57', { bytes: fileBytes('a') });
    for (const backup of ['../../etc/passwd', '/etc/passwd', 'a.nq57.backups/../../x.nq57', 'a.nq57.backups/x/y.bak', 'a.nq57/a.bak']) {
      await failure(await api(`/api/restore?path=${encodeURIComponent(backup)}`), 400, 'bad-path');
    }
    await failure(await api('/api/copy-attachments', { json: { handle: '/etc/passwd', sha256s: [] } }), 400, 'bad-path');
    await failure(await api('/api/save-as?path=../b.nq57', { bytes: fileBytes('b') }), 400, 'bad-path');
    expect(existsSync(join(root, 'b.nq57'))).toBe(false);
  });

  it('remembers recent files, newest first, as names in its working folder', async () => {
    const server = await start();
    const api = client(server);
    expect(await (await api('/api/recent-files', { method: 'GET' })).json()).toEqual([]);
    await api('/api/create?path=a.nq57', { bytes: fileBytes('a') });
    await api('/api/create?path=b.nq57', { bytes: fileBytes('b') });
    await api('/api/open?path=a.nq57');
    expect(await (await api('/api/recent-files', { method: 'GET' })).json()).toEqual(['a.nq57', 'b.nq57']);
    expect(JSON.parse(readFileSync(join(workDir, 'recent.json'), 'utf8'))).toEqual([join(workDir, 'a.nq57'), join(workDir, 'b.nq57')]);
  });

  it('answers only its own page: loopback Host, its own Origin, and the request header', async () => {
    const server = await start();
    const plain = await fetch(`${server.url}/api/info`);
    await failure(plain, 403, 'forbidden');
    const foreign = await fetch(`${server.url}/api/info`, { headers: { 'X-NQ57-Request': '1', Origin: 'http://evil.example' } });
    await failure(foreign, 403, 'forbidden');
    const rebound = await raw(server, '/api/info', { headers: { 'X-NQ57-Request': '1', Host: `evil.example:${server.port}` } });
    expect(rebound.status).toBe(403);
    const own = await fetch(`${server.url}/api/info`, { headers: { 'X-NQ57-Request': '1', Origin: server.url } });
    expect(own.status).toBe(200);
  });

  it('never lets a page whose file was replaced save into, or close, the file another page opened', async () => {
    const server = await start();
    const first = client(server);
    const second = client(server);
    await first('/api/create?path=a.nq57', { bytes: fileBytes('a') });
    const b = fileBytes('b');
    await second('/api/create?path=b.nq57', { bytes: b });
    await failure(await first('/api/save', { bytes: fileBytes('a2') }), 409, 'superseded');
    await failure(await first('/api/backups', { method: 'GET' }), 409, 'superseded');
    expect((await first('/api/close')).status).toBe(204);
    expect(existsSync(join(workDir, 'b.nq57.lock'))).toBe(true);
    expect(new Uint8Array(readFileSync(join(workDir, 'b.nq57')))).toEqual(b);
    expect((await first('/api/info', { method: 'GET' })).headers.get('x-nq57-session')).toBeNull();
    expect((await second('/api/save', { bytes: fileBytes('b2') })).status).toBe(200);
  });

  it('refuses wrong methods, unknown routes, wrong body types and bodies over the limit', async () => {
    const server = await start({ maxBodyBytes: 1024, maxFileBytes: 2048 });
    const api = client(server);
    const wrong = await api('/api/save', { method: 'GET' });
    expect(wrong.headers.get('allow')).toBe('POST');
    await failure(wrong, 405, 'method-not-allowed');
    await failure(await api('/api/info', { method: 'PUT' }), 405, 'method-not-allowed');
    await failure(await api('/api/nothing'), 404, 'not-found');
    const text = await failure(await api('/api/create?path=a.nq57', { bytes: new Uint8Array(4096) }), 413, 'too-large');
    expect(text.en).toContain('at most 2 KB');
    expect(text.vi).toContain('tối đa 2 KB');
    expect(existsSync(join(workDir, 'a.nq57'))).toBe(false);
    const asText = await fetch(`${server.url}/api/save`, { method: 'POST', headers: { 'X-NQ57-Request': '1', 'Content-Type': 'text/plain' }, body: 'x' });
    await failure(asText, 415, 'bad-content-type');
    await failure(await fetch(`${server.url}/api/verify-attachments`, { method: 'POST', headers: { 'X-NQ57-Request': '1', 'Content-Type': 'application/json' }, body: '{' }), 400, 'bad-request');
    await failure(await api('/api/save', { bytes: new Uint8Array(10) }), 409, 'no-file');
  });

  it('takes an evaluation file up to its own limit, separate from and larger than the other calls’ limits', async () => {
    // The JSON calls' limit 1 KB, an evaluation file's 1 MB: a real file over 1 KB is saved, JSON over 1 KB is not.
    const server = await start({ maxBodyBytes: 1024, maxFileBytes: 1024 * 1024 });
    const api = client(server);
    const v1 = fileBytes('v1');
    const v2 = fileBytes('v2');
    expect(v2.byteLength).toBeGreaterThan(1024);
    expect(v2.byteLength).toBeLessThan(1024 * 1024);
    expect((await api('/api/create?path=a.nq57', { bytes: v1 })).status).toBe(200);
    const saved = await api('/api/save', { bytes: v2 });
    expect(saved.status).toBe(200);
    expect(new Uint8Array(readFileSync(join(workDir, 'a.nq57')))).toEqual(v2);
    expect((await api('/api/save-as?path=b.nq57', { bytes: v1 })).status).toBe(200);
    expect(new Uint8Array(readFileSync(join(workDir, 'b.nq57')))).toEqual(v1);
    expect(await (await api('/api/upload?name=c.nq57', { bytes: v2 })).json()).toEqual({ name: 'c.nq57' });

    // JSON over 1 KB is refused, and so is any other body (an attachment) over it.
    const record = 'x'.repeat(2000);
    expect((await failure(await api('/api/journal', { json: { record } }), 413, 'too-large')).en).toContain('at most 1 KB');
    await failure(await api('/api/verify-attachments', { json: Array.from({ length: 40 }, () => ({ sha256: 'a'.repeat(64), size: 1 })) }), 413, 'too-large');
    await failure(await api('/api/attachments?name=bien-ban.pdf', { bytes: new Uint8Array(4096) }), 413, 'too-large');
    // A journal record under the limit still goes in.
    expect((await api('/api/journal', { json: { record: 'nhỏ' } })).status).toBe(200);

    // A file over its limit is refused and the file on disk stays as it was, with no temporary file left.
    const text = await failure(await api('/api/save', { bytes: new Uint8Array(1024 * 1024 + 1) }), 413, 'too-large');
    expect(text.en).toContain('at most 1 MB');
    expect(new Uint8Array(readFileSync(join(workDir, 'b.nq57')))).toEqual(v1);
    expect(readdirSync(workDir).filter((n) => !/^(a|b|c)\.nq57(\.lock|\.journal|\.backups|\.attachments)?$/.test(n) && n !== 'recent.json')).toEqual([]);
  });

  it('by default takes an evaluation file of up to 2 GB, JSON of up to 16 MB and other bodies of up to 200 MB', async () => {
    const server = await start();
    /** The server's answer to a body declared with this length, before any of it is sent. */
    const declared = (path: string, type: string, length: number) =>
      new Promise<{ status: number; body: { code: string; text: { vi: string; en: string } } }>((done, fail) => {
        const req = request(`${server.url}${path}`, { method: 'POST', headers: { 'X-NQ57-Request': '1', 'Content-Type': type, 'Content-Length': String(length) } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
        });
        req.on('error', fail);
        req.flushHeaders();
      });
    // 234 MB, a national file, is under the file limit: only 2 GB + 1 byte is refused up front.
    const file = await declared('/api/save', 'application/octet-stream', 2 * 1024 ** 3 + 1);
    expect(file).toMatchObject({ status: 413, body: { code: 'too-large', text: { vi: 'Dữ liệu gửi lên quá lớn (tối đa 2 GB).', en: 'The data sent is too large (at most 2 GB).' } } });
    expect((await declared('/api/journal', 'application/json', 16 * 1024 ** 2 + 1)).body.text.en).toContain('at most 16 MB');
    expect((await declared('/api/attachments?name=a.pdf', 'application/octet-stream', 200 * 1024 ** 2 + 1)).body.text.en).toContain('at most 200 MB');
  });

  it('never saves a body cut short: the file on disk stays as it was', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const server = await start();
      const api = client(server);
      const v1 = fileBytes('v1');
      const created = await api('/api/create?path=a.nq57', { bytes: v1 });
      const session = created.headers.get('X-NQ57-Session')!;
      const v2 = fileBytes('v2');
      // Half of the file sent, then the connection drops (a laptop going to sleep mid-autosave).
      await new Promise<void>((done) => {
        const req = request(`${server.url}/api/save`, {
          method: 'POST',
          headers: { 'X-NQ57-Request': '1', 'X-NQ57-Session': session, 'Content-Type': 'application/octet-stream', 'Content-Length': String(v2.byteLength) },
        });
        req.on('error', () => done());
        req.write(v2.subarray(0, v2.byteLength >> 1), () => setTimeout(() => req.destroy(), 50));
      });
      await vi.waitFor(() => expect(logged).toHaveBeenCalled());
      expect(new Uint8Array(readFileSync(join(workDir, 'a.nq57')))).toEqual(v1);
      // The next save, whole, goes through.
      expect((await api('/api/save', { bytes: v2 })).status).toBe(200);
      expect(new Uint8Array(readFileSync(join(workDir, 'a.nq57')))).toEqual(v2);
    } finally {
      logged.mockRestore();
    }
  });

  it('answers an unexpected failure with a generic sentence and logs the stack', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const server = await start({ demoCsvPath: join(root, 'no-such.csv') });
      const text = await failure(await client(server)('/api/open-demo'), 500, 'internal');
      expect(text.en).toContain('Unexpected error');
      expect(text.en).not.toContain('no-such.csv');
      expect(String(logged.mock.calls[0]?.[1])).toContain('ENOENT');
    } finally {
      logged.mockRestore();
    }
  });
});

describe('printing a document to PDF (POST /api/print-pdf)', () => {
  const html = (body: string, page = 'A4 landscape') =>
    `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>@page { size: ${page}; margin: 20mm 15mm 20mm 30mm; } body { font: 13pt serif; }</style></head><body>${body}</body></html>`;
  const utf8 = (s: string) => new TextEncoder().encode(s);
  /** Every page's MediaBox, from the PDF's own text. */
  const mediaBoxes = (pdf: Uint8Array) =>
    [...Buffer.from(pdf).toString('latin1').matchAll(/\/MediaBox\s*\[\s*([-\d.\s]+)\]/g)].map((m) => m[1]!.trim().split(/\s+/).map(Number));

  it('prints the document in Chromium, with the page size of its @page rule, the server not needing a file open', async () => {
    const server = await start();
    const api = client(server);
    const pages = Array.from({ length: 30 }, (_, i) => `<p style="break-after: page">Trang ${i + 1}: Danh sách đề nghị khen thưởng</p>`).join('');
    const landscape = await api('/api/print-pdf', { bytes: utf8(html(pages)) });
    expect(landscape.status).toBe(200);
    const pdf = await bytesOf(landscape);
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const boxes = mediaBoxes(pdf);
    expect(boxes.length).toBe(30);
    for (const [x0, y0, x1, y1] of boxes) {
      expect(Math.abs(x1! - x0! - 841.89)).toBeLessThan(1.5);
      expect(Math.abs(y1! - y0! - 595.28)).toBeLessThan(1.5);
    }
    // The same Chromium prints the next document, portrait this time.
    const portrait = mediaBoxes(await bytesOf(await api('/api/print-pdf', { bytes: utf8(html('<h1>Phiếu kết quả</h1>', 'A4 portrait')) })));
    expect(portrait.map(([x0, y0, x1, y1]) => [Math.round(x1! - x0!), Math.round(y1! - y0!)])).toEqual([[595, 842]]);
  }, 120_000);

  it('refuses an empty document, a document over the limit, another body type, and a page that is not ours', async () => {
    const server = await start({ maxBodyBytes: 1024 });
    const api = client(server);
    await failure(await api('/api/print-pdf', { bytes: new Uint8Array(0) }), 400, 'bad-request');
    await failure(await api('/api/print-pdf', { bytes: new Uint8Array(4096) }), 413, 'too-large');
    await failure(await fetch(`${server.url}/api/print-pdf`, { method: 'POST', headers: { 'X-NQ57-Request': '1', 'Content-Type': 'text/html' }, body: '<p>x</p>' }), 415, 'bad-content-type');
    await failure(await fetch(`${server.url}/api/print-pdf`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: '<p>x</p>' }), 403, 'forbidden');
    await failure(await api('/api/print-pdf', { method: 'GET' }), 405, 'method-not-allowed');
  });

  it('says in both languages that PDF needs Chromium when there is none, and prints once there is', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.stubEnv('CHROMIUM_PATH', join(root, 'no-chromium'));
    try {
      const server = await start();
      const api = client(server);
      const text = await failure(await api('/api/print-pdf', { bytes: utf8(html('<p>x</p>')) }), 503, 'pdf-unavailable');
      expect(text.vi).toContain('Chromium');
      expect(text.en).toContain('CHROMIUM_PATH');
      vi.unstubAllEnvs();
      const again = await api('/api/print-pdf', { bytes: utf8(html('<p>x</p>')) });
      expect(again.status).toBe(200);
    } finally {
      vi.unstubAllEnvs();
      logged.mockRestore();
    }
  }, 120_000);
});
