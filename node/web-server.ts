/**
 * The web server of `npm run web`: serves the built renderer and the host contract (shared/host/contract.ts)
 * over HTTP on 127.0.0.1, so that the same renderer runs in plain Chromium (how the app is tested end to end).
 * Every byte still moves through one HostService (lock, atomic save, backups, changed-on-disk check,
 * attachment store); this module only translates HTTP to calls and confines the browser to `workDir`.
 *
 * The HTTP API (every route under /api/ needs the header `X-NQ57-Request: 1`):
 *   GET  /api/info                      → HostInfo (JSON)
 *   GET  /api/recent-files              → string[] (file names in workDir)
 *   POST /api/open?path=<name>          → the file's bytes; X-NQ57-Path, X-NQ57-Name (URI-encoded)
 *   POST /api/open-demo                 → the demo's bytes (as /api/open, X-NQ57-Demo: existing), or
 *                                         JSON {kind: 'build', path, csv}
 *   POST /api/create?path=<name>        body: bytes → {path, name}
 *   POST /api/save?through=<seq>        body: bytes → SavedFile (journal records ≤ seq are dropped)
 *   POST /api/save-as?path=<name>       body: bytes → SavedFile (the attachments go along)
 *   POST /api/journal                   body: JSON {record} → {seq}: one change, on disk before the reply
 *   GET  /api/pending-changes           → [{seq, record}]: changes no save has included (after a crash)
 *   POST /api/close                     → 204
 *   GET  /api/backups                   → BackupInfo[] (paths relative to workDir)
 *   POST /api/restore?path=<backup>     → the restored bytes (as /api/open)
 *   POST /api/attachments?name=<name>   body: bytes → AttachmentMeta
 *   GET  /api/attachments/<sha256>?name=<name> → the attachment's bytes, as a download
 *   POST /api/verify-attachments        body: JSON [{sha256, size}] → AttachmentCheck
 *   POST /api/upload?name=<name>        body: bytes of an evaluation file → {name}: stored in workDir under
 *                                         a new, safe name (a file the browser picked to open or to merge)
 *   POST /api/copy-attachments          body: JSON {handle, sha256s} → 204
 *   POST /api/print-pdf                 body: an HTML document (UTF-8 bytes) → its PDF (Chromium, node/pdf.ts:
 *                                         JavaScript off, every request refused); 503 pdf-unavailable without it
 * Failures are JSON {code, text: {vi, en}} with a 4xx or 5xx status.
 *
 * Request bodies have three limits: an evaluation file (create, save, save-as, upload) up to `maxFileBytes`
 * (2 GB: a national file of 4,000 units is about 234 MB, and sql.js cannot hold much more than 2 GB anyway),
 * JSON up to 16 MB, anything else (attachments, documents to print) up to `maxBodyBytes`. A file's body is
 * read into one buffer of its declared length (no second copy), then written as before: temp file, fsync,
 * rename (node/host/atomic.ts); a body cut short is refused, so the file on disk is never touched by it.
 *
 * One server has one open file, but a browser may have several tabs. So that a save from a tab whose file
 * was since replaced (another tab opened another file) never lands in the wrong file, opening hands out a
 * session token (header X-NQ57-Session) that every call about the open file must carry.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { version } from '../package.json';
import type { HostInfo, OpenedFile, SavedFile } from '../shared/host/contract';
import { formatNumber, text, type Text } from '../shared/i18n/text';
import { HostError, isHostError, safeFileName, writeFileAtomic } from './host';
import { formatSize } from './host/format';
import { hasSqliteHeader } from './host/sqlite-header';
import { HostService } from './host-service';
import { openPdfRenderer, PdfUnavailable, type PdfRenderer } from './pdf';

export interface WebServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** A loopback address only: the API reads and writes files. */
  readonly host?: string;
  /** The built renderer (out/renderer). */
  readonly staticDir: string;
  /** The only folder the browser can reach: its evaluation files, the demo, recent.json. */
  readonly workDir: string;
  readonly demoCsvPath: string;
  readonly startWith: HostInfo['startWith'];
  /**
   * The renderer's policy (CONTENT_SECURITY_POLICY of electron/main/security.ts), sent as a header on
   * every response. Passed in because node/ may not import electron/.
   */
  readonly contentSecurityPolicy: string;
  /** Largest request body other than an evaluation file (attachments, documents to print); 200 MB when omitted. JSON bodies: 16 MB at most. */
  readonly maxBodyBytes?: number;
  /** Largest evaluation file accepted (create, save, save-as, upload); 2 GB when omitted. */
  readonly maxFileBytes?: number;
}

export interface WebServer {
  /** http://127.0.0.1:<port>, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Releases the open file's lock (synchronously, before the first await) and stops the server. */
  close(): Promise<void>;
}

export const DEMO_FILE_NAME = 'dien-bien-demo.nq57';
const RECENT_FILE_NAME = 'recent.json';
const DEFAULT_MAX_BODY_BYTES = 200 * 1024 * 1024;
/** An evaluation file: a national one (4,000 units) is about 234 MB; sql.js's memory ends near 2 GB. */
const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024;
const MAX_JSON_BYTES = 16 * 1024 * 1024;
/** A document to print (all scorecards of a province are a few MB of HTML). */
const MAX_PRINT_BYTES = 64 * 1024 * 1024;
const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', 'localhost', '::1']);
/** Loopback as a URL's hostname (the Host header) spells it. */
const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

/** An HTTP-level refusal (bad request, wrong method, …) told like a HostError. */
class HttpError extends HostError {
  constructor(
    readonly status: number,
    code: string,
    message: Text,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(code, message);
  }
}

const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  'bad-attachment-id': 400,
  'no-file': 409,
  exists: 409,
  'changed-on-disk': 409,
  superseded: 409,
  locked: 423,
  'not-found': 404,
  'attachment-missing': 404,
  'too-large': 413,
  'archive-too-large': 413,
  'type-not-allowed': 415,
  'not-sqlite': 422,
  'bad-archive': 422,
  'pdf-unavailable': 503,
};

const UNEXPECTED = text(
  'Lỗi không mong đợi trong máy chủ của ứng dụng; chi tiết đã được ghi vào nhật ký của máy chủ.',
  'Unexpected error in the app server; the details were written to the server’s log.',
);

type Reply =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'empty' };

interface ApiRequest {
  readonly query: URLSearchParams;
  readonly body: Buffer;
  readonly session: string | undefined;
}

interface Route {
  readonly method: 'GET' | 'POST';
  /** What the body must be: nothing, raw bytes, the bytes of an evaluation file (a larger limit) or JSON. */
  readonly body: 'none' | 'bytes' | 'file' | 'json';
  /** Whether the call is about the open file (and so must carry its session token). */
  readonly session: boolean;
  readonly run: (request: ApiRequest, rest: string) => Promise<Reply>;
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK_ADDRESSES.has(host)) throw new Error(`The web server binds to a loopback address only, not ${host}`);
  const workDir = resolve(options.workDir);
  const staticDir = await realpath(resolve(options.staticDir));
  await mkdir(workDir, { recursive: true });
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const limits: BodyLimits = { bytes: maxBodyBytes, file: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, json: Math.min(MAX_JSON_BYTES, maxBodyBytes) };
  const service = new HostService({
    demoPath: join(workDir, DEMO_FILE_NAME),
    demoCsvPath: options.demoCsvPath,
    recentPath: join(workDir, RECENT_FILE_NAME),
  });
  const api = new Api(service, workDir, options.startWith);

  const securityHeaders: Record<string, string> = {
    'Content-Security-Policy': options.contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };

  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
    handle(req, res).catch((error: unknown) => sendFailure(res, error));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.url ?? '';
    if (!raw.startsWith('/')) throw badRequest(text('Địa chỉ yêu cầu không hợp lệ.', 'Invalid request address.'));
    const queryAt = raw.indexOf('?');
    const pathname = queryAt < 0 ? raw : raw.slice(0, queryAt);
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      await api.handle(req, res, pathname, new URLSearchParams(queryAt < 0 ? '' : raw.slice(queryAt + 1)), limits);
    } else {
      await serveStatic(staticDir, req, res, pathname);
    }
  }

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, host, () => {
      server.off('error', fail);
      done();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host === '::1' ? '[::1]' : host;

  return {
    url: `http://${shownHost}:${port}`,
    port,
    close: () => {
      const released = service.close();
      const printer = api.closePrinter();
      return new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }).then(() => Promise.all([released, printer]).then(() => undefined));
    },
  };
}

/** The API: HTTP calls mapped one to one onto HostService, one call at a time. */
class Api {
  private session: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly routes: Readonly<Record<string, Route>>;

  constructor(
    private readonly service: HostService,
    private readonly workDir: string,
    private readonly startWith: HostInfo['startWith'],
  ) {
    this.routes = {
      '/api/info': { method: 'GET', body: 'none', session: false, run: async () => this.info() },
      '/api/recent-files': { method: 'GET', body: 'none', session: false, run: () => this.recentFiles() },
      '/api/open': { method: 'POST', body: 'none', session: false, run: (r) => this.open(r) },
      '/api/open-demo': { method: 'POST', body: 'none', session: false, run: () => this.openDemo() },
      '/api/create': { method: 'POST', body: 'file', session: false, run: (r) => this.create(r) },
      '/api/save': { method: 'POST', body: 'file', session: true, run: (r) => this.save(r) },
      '/api/save-as': { method: 'POST', body: 'file', session: true, run: (r) => this.saveAs(r) },
      '/api/journal': { method: 'POST', body: 'json', session: true, run: (r) => this.journal(r) },
      '/api/pending-changes': { method: 'GET', body: 'none', session: true, run: () => this.pendingChanges() },
      '/api/close': { method: 'POST', body: 'none', session: false, run: (r) => this.close(r) },
      '/api/backups': { method: 'GET', body: 'none', session: true, run: () => this.backups() },
      '/api/restore': { method: 'POST', body: 'none', session: true, run: (r) => this.restore(r) },
      '/api/attachments': { method: 'POST', body: 'bytes', session: true, run: (r) => this.addAttachment(r) },
      '/api/attachments/': { method: 'GET', body: 'none', session: true, run: (r, sha) => this.readAttachment(r, sha) },
      '/api/verify-attachments': { method: 'POST', body: 'json', session: true, run: (r) => this.verifyAttachments(r) },
      '/api/upload': { method: 'POST', body: 'file', session: false, run: (r) => this.upload(r) },
      '/api/copy-attachments': { method: 'POST', body: 'json', session: true, run: (r) => this.copyAttachments(r) },
      '/api/print-pdf': { method: 'POST', body: 'bytes', session: false, run: (r) => this.printPdf(r) },
    };
  }

  async handle(req: IncomingMessage, res: ServerResponse, pathname: string, query: URLSearchParams, limits: BodyLimits): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    checkOrigin(req);
    const slash = pathname.startsWith('/api/attachments/') ? '/api/attachments/'.length : pathname.length;
    const route = this.routes[pathname.slice(0, slash)];
    if (!route) throw new HttpError(404, 'not-found', text('Không có chức năng này trong máy chủ.', 'No such function in the server.'));
    if (req.method !== route.method) {
      throw new HttpError(405, 'method-not-allowed', text(`Chỉ nhận phương thức ${route.method}.`, `Only ${route.method} is accepted.`), { Allow: route.method });
    }
    const body = route.body === 'none' ? Buffer.alloc(0) : await readBody(req, limits[route.body], route.body === 'json' ? 'json' : 'bytes');
    const session = headerOf(req, 'x-nq57-session');
    const { reply, opened } = await this.exclusive(async () => {
      if (route.session) this.checkSession(session);
      const before = this.session;
      const reply = await route.run({ query, body, session }, pathname.slice(slash));
      return { reply, opened: this.session !== before ? this.session : null };
    });
    // Only the call that opened the file learns its token; any other tab keeps its old one.
    if (opened !== null) res.setHeader('X-NQ57-Session', opened);
    send(res, reply);
  }

  /** HostService holds one file at a time: calls run one after another, never interleaved. */
  private exclusive<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private checkSession(session: string | undefined): void {
    if (this.service.openPath === null || session === this.session) return;
    throw new HostError(
      'superseded',
      text(
        'Máy chủ đang mở một tệp khác (có thể từ một thẻ khác của trình duyệt); để không ghi nhầm tệp, thao tác bị từ chối. Hãy tải lại trang.',
        'The server has another file open (perhaps from another browser tab); to avoid writing to the wrong file nothing was done. Reload the page.',
      ),
    );
  }

  private newSession(): void {
    this.session = randomBytes(16).toString('hex');
  }

  private info(): Reply {
    return { kind: 'json', value: { kind: 'web', appVersion: version, startWith: this.startWith } satisfies HostInfo };
  }

  private async recentFiles(): Promise<Reply> {
    const names = (await this.service.recentFiles()).map((p) => this.nameOf(p)).filter((n) => n !== null && isFileName(n));
    return { kind: 'json', value: names };
  }

  private async open(r: ApiRequest): Promise<Reply> {
    const opened = await this.service.open(this.fileParam(r.query, 'path'));
    this.newSession();
    return this.fileReply(opened);
  }

  private async openDemo(): Promise<Reply> {
    const demo = await this.service.openDemo();
    if (demo.kind === 'build') return { kind: 'json', value: { kind: 'build', path: this.nameOf(demo.path), csv: demo.csv } };
    this.newSession();
    return this.fileReply(demo.file, { 'X-NQ57-Demo': 'existing' });
  }

  private async create(r: ApiRequest): Promise<Reply> {
    const opened = await this.service.create(this.fileParam(r.query, 'path'), bytesOf(r.body));
    this.newSession();
    return { kind: 'json', value: { path: this.nameOf(opened.path), name: opened.name } };
  }

  private async save(r: ApiRequest): Promise<Reply> {
    const through = r.query.get('through');
    if (through !== null && !/^\d{1,15}$/.test(through)) {
      throw badRequest(text('Số bản ghi nhật ký đã lưu không hợp lệ.', 'Invalid number of the last journal record saved.'));
    }
    return { kind: 'json', value: this.saved(await this.service.save(bytesOf(r.body), through === null ? undefined : Number(through))) };
  }

  private async journal(r: ApiRequest): Promise<Reply> {
    const body = parseJson(r.body) as { record?: unknown } | null;
    if (!body || typeof body !== 'object' || typeof body.record !== 'string') {
      throw badRequest(text('Bản ghi nhật ký không hợp lệ.', 'Invalid journal record.'));
    }
    return { kind: 'json', value: { seq: await this.service.journal(body.record) } };
  }

  private async pendingChanges(): Promise<Reply> {
    return { kind: 'json', value: await this.service.pendingChanges() };
  }

  private async saveAs(r: ApiRequest): Promise<Reply> {
    const target = this.fileParam(r.query, 'path');
    const saved = await this.service.saveAs(target, bytesOf(r.body));
    this.newSession();
    return { kind: 'json', value: this.saved(saved) };
  }

  /** A tab whose file was replaced meanwhile must not close the file another tab is working on. */
  private async close(r: ApiRequest): Promise<Reply> {
    if (this.service.openPath !== null && r.session === this.session) {
      await this.service.close();
      this.session = null;
    }
    return { kind: 'empty' };
  }

  private async backups(): Promise<Reply> {
    const list = await this.service.backups();
    return { kind: 'json', value: list.map((b) => ({ ...b, path: this.nameOf(b.path) })) };
  }

  private async restore(r: ApiRequest): Promise<Reply> {
    return this.fileReply(await this.service.restore(this.backupParam(r.query)));
  }

  private async addAttachment(r: ApiRequest): Promise<Reply> {
    const name = r.query.get('name') ?? '';
    if (name.trim() === '' || name.length > 1000) throw badRequest(text('Thiếu tên tệp đính kèm.', 'The attachment has no name.'));
    return { kind: 'json', value: await this.service.addAttachment({ name, bytes: bytesOf(r.body) }) };
  }

  private async readAttachment(r: ApiRequest, sha256: string): Promise<Reply> {
    const bytes = await this.service.readAttachment(sha256);
    const name = safeFileName(r.query.get('name') ?? '', `${sha256.slice(0, 12)}.bin`);
    return { kind: 'bytes', bytes, headers: { 'Content-Disposition': contentDisposition(name) } };
  }

  private async verifyAttachments(r: ApiRequest): Promise<Reply> {
    const list = parseJson(r.body);
    const valid =
      Array.isArray(list) &&
      list.every((x: unknown) => {
        const o = x as { sha256?: unknown; size?: unknown } | null;
        return typeof o === 'object' && o !== null && typeof o.sha256 === 'string' && Number.isSafeInteger(o.size);
      });
    if (!valid) throw badRequest(text('Danh sách tệp đính kèm cần kiểm tra không hợp lệ.', 'Invalid list of attachments to verify.'));
    return { kind: 'json', value: await this.service.verifyAttachments(list as { sha256: string; size: number }[]) };
  }

  /** Stores a file the browser picked under a name of its own (never replacing a file) and names it. */
  private async upload(r: ApiRequest): Promise<Reply> {
    const bytes = bytesOf(r.body);
    const picked = r.query.get('name') ?? '';
    if (!hasSqliteHeader(bytes)) {
      throw new HostError(
        'not-sqlite',
        text(`Tệp “${safeFileName(picked)}” không phải là tệp đánh giá (không phải cơ sở dữ liệu SQLite).`, `“${safeFileName(picked)}” is not an evaluation file (not an SQLite database).`),
      );
    }
    const name = await this.freeName(picked);
    await writeFileAtomic(join(this.workDir, name), bytes);
    return { kind: 'json', value: { name } };
  }

  private async freeName(picked: string): Promise<string> {
    const safe = safeFileName(picked, 'tep-tai-len.nq57');
    const stem = (safe.toLowerCase().endsWith('.nq57') ? safe.slice(0, -'.nq57'.length) : safe).replace(/^[\s.]+/, '').slice(0, 100) || 'tep-tai-len';
    for (let n = 1; n < 1000; n++) {
      const name = `${stem}${n === 1 ? '' : `-${n}`}.nq57`;
      if (isFileName(name) && !(await exists(join(this.workDir, name)))) return name;
    }
    throw new HostError('exists', text('Đã có quá nhiều tệp cùng tên trong thư mục làm việc.', 'Too many files with this name in the working folder.'));
  }

  private async copyAttachments(r: ApiRequest): Promise<Reply> {
    const body = parseJson(r.body) as { handle?: unknown; sha256s?: unknown } | null;
    const sha256s = body?.sha256s;
    if (typeof body?.handle !== 'string' || !Array.isArray(sha256s) || !sha256s.every((s): s is string => typeof s === 'string')) {
      throw badRequest(text('Yêu cầu chép tệp đính kèm không hợp lệ.', 'Invalid request to copy attachments.'));
    }
    await this.service.copyAttachmentsFrom(this.fileName(body.handle), sha256s);
    return { kind: 'empty' };
  }

  /** One Chromium for every document printed, started on the first and closed with the server. */
  private printer: Promise<PdfRenderer> | null = null;

  private async printPdf(r: ApiRequest): Promise<Reply> {
    if (r.body.byteLength === 0) throw badRequest(text('Tài liệu cần in trống.', 'The document to print is empty.'));
    if (r.body.byteLength > MAX_PRINT_BYTES) throw tooLarge(MAX_PRINT_BYTES);
    const html = r.body.toString('utf8');
    try {
      this.printer ??= openPdfRenderer();
      const printer = await this.printer;
      return { kind: 'bytes', bytes: await printer.render(html) };
    } catch (error) {
      // Started again for the next document (Chromium missing now may be installed later; a crash is not kept).
      const failed = this.printer;
      this.printer = null;
      void failed?.then((p) => p.close()).catch(() => undefined);
      if (error instanceof PdfUnavailable) throw new HostError('pdf-unavailable', error.text);
      throw error;
    }
  }

  closePrinter(): Promise<void> {
    const printer = this.printer;
    this.printer = null;
    return printer ? printer.then((p) => p.close()).catch(() => undefined) : Promise.resolve();
  }

  private fileReply(opened: OpenedFile, headers: Record<string, string> = {}): Reply {
    return {
      kind: 'bytes',
      bytes: opened.bytes,
      headers: { ...headers, 'X-NQ57-Path': encodeURIComponent(this.nameOf(opened.path) ?? opened.name), 'X-NQ57-Name': encodeURIComponent(opened.name) },
    };
  }

  private saved(s: SavedFile): SavedFile {
    return { ...s, path: this.nameOf(s.path) ?? s.path, backup: s.backup === null ? null : this.nameOf(s.backup) };
  }

  /** A path on disk as the browser knows it: relative to workDir, with forward slashes. */
  private nameOf(path: string): string | null {
    const rel = relative(this.workDir, path);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
    return rel.split(sep).join('/');
  }

  private fileParam(query: URLSearchParams, key: string): string {
    return this.fileName(query.get(key));
  }

  /** A file name from the browser: an .nq57 file directly in workDir, nothing else. */
  private fileName(name: string | null): string {
    if (name === null || !isFileName(name)) throw badPath(name ?? '');
    return join(this.workDir, name);
  }

  /** A backup path from the browser: `<file>.nq57.backups/<backup>.bak` (HostService checks it is one). */
  private backupParam(query: URLSearchParams): string {
    const value = query.get('path') ?? '';
    const [folder = '', name = '', ...more] = value.split('/');
    const ok =
      more.length === 0 &&
      folder.endsWith('.backups') &&
      isFileName(folder.slice(0, -'.backups'.length)) &&
      name.endsWith('.bak') &&
      name === safeFileName(name) &&
      !name.startsWith('.');
    if (!ok) throw badPath(value);
    return join(this.workDir, folder, name);
  }
}

const isFileName = (name: string): boolean =>
  name.toLowerCase().endsWith('.nq57') && name.length > '.nq57'.length && name === safeFileName(name) && !name.startsWith('.') && !/[/\\]/.test(name);

function badPath(value: string): HttpError {
  return new HttpError(
    400,
    'bad-path',
    text(
      `Tên tệp không hợp lệ: “${value}”. Ứng dụng web chỉ dùng các tệp .nq57 nằm ngay trong thư mục làm việc của nó (không có thư mục, không có đường dẫn).`,
      `Invalid file name: “${value}”. The web app only uses .nq57 files directly in its working folder (no folders, no paths).`,
    ),
  );
}

const badRequest = (message: Text): HttpError => new HttpError(400, 'bad-request', message);

/**
 * Only our own page may call the API: the Host header must be loopback (a DNS-rebinding page names its own
 * host), a browser's Origin must be ours, and the custom header forces a CORS preflight, which we refuse.
 */
function checkOrigin(req: IncomingMessage): void {
  const forbidden = (): HttpError =>
    new HttpError(403, 'forbidden', text('Yêu cầu không đến từ trang của ứng dụng nên bị từ chối.', 'The request does not come from the app’s page and was refused.'));
  const hostHeader = headerOf(req, 'host') ?? '';
  let hostname: string;
  try {
    hostname = new URL(`http://${hostHeader}`).hostname;
  } catch {
    throw forbidden();
  }
  if (!LOOPBACK_HOSTNAMES.has(hostname)) throw forbidden();
  const origin = headerOf(req, 'origin');
  if (origin !== undefined && origin !== `http://${hostHeader}`) throw forbidden();
  if (headerOf(req, 'x-nq57-request') !== '1') throw forbidden();
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The largest body of each kind of route. */
interface BodyLimits {
  readonly bytes: number;
  readonly file: number;
  readonly json: number;
}

async function readBody(req: IncomingMessage, limit: number, kind: 'bytes' | 'json'): Promise<Buffer> {
  const type = (headerOf(req, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  const expected = kind === 'json' ? 'application/json' : 'application/octet-stream';
  if (type !== expected) {
    throw new HttpError(415, 'bad-content-type', text(`Nội dung gửi lên phải có kiểu ${expected}.`, `The request body must be ${expected}.`));
  }
  const length = headerOf(req, 'content-length');
  const declared = length === undefined ? null : Number(length);
  if (declared !== null && declared > limit) throw tooLarge(limit);
  if (declared !== null && Number.isSafeInteger(declared) && declared >= 0) {
    // The length is known (browsers send it): one buffer of that size, filled in place, so that a file of
    // hundreds of MB is not held twice (the chunks and their concatenation).
    const body = Buffer.allocUnsafe(declared);
    let at = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      if (at + chunk.length > declared) throw tooLarge(limit);
      chunk.copy(body, at);
      at += chunk.length;
    }
    if (at !== declared) throw incomplete(declared, at);
    return body;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

/** A body shorter than its declared length: never handed on (a file saved from it would be cut short). */
function incomplete(declared: number, received: number): HttpError {
  return badRequest(
    text(
      `Dữ liệu gửi lên bị thiếu (nhận ${formatNumber(received, 'vi')} trên ${formatNumber(declared, 'vi')} byte); không có gì được ghi.`,
      `The data sent is incomplete (${formatNumber(received, 'en')} of ${formatNumber(declared, 'en')} bytes received); nothing was written.`,
    ),
  );
}

function tooLarge(limit: number): HttpError {
  const most = formatSize(limit);
  return new HttpError(
    413,
    'too-large',
    text(`Dữ liệu gửi lên quá lớn (tối đa ${most.vi}).`, `The data sent is too large (at most ${most.en}).`),
    { Connection: 'close' },
  );
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw badRequest(text('Nội dung JSON gửi lên không hợp lệ.', 'The JSON sent is invalid.'));
  }
}

const bytesOf = (body: Buffer): Uint8Array => new Uint8Array(body.buffer, body.byteOffset, body.byteLength);


function contentDisposition(name: string): string {
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function send(res: ServerResponse, reply: Reply): void {
  if (reply.kind === 'empty') {
    res.writeHead(204).end();
  } else if (reply.kind === 'json') {
    sendJson(res, 200, reply.value);
  } else {
    res.writeHead(200, { ...reply.headers, 'Content-Type': 'application/octet-stream', 'Content-Length': reply.bytes.byteLength });
    res.end(reply.bytes);
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
  res.end(body);
}

function sendFailure(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    logUnexpected(error);
    res.destroy();
    return;
  }
  if (isHostError(error)) {
    const status = error instanceof HttpError ? error.status : (STATUS_OF_CODE[error.code] ?? 500);
    if (error instanceof HttpError) for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    if (status >= 500) logUnexpected(error);
    sendJson(res, status, { code: error.code, text: error.text });
    if (error instanceof HttpError && error.status === 413) res.on('finish', () => res.req.destroy());
    return;
  }
  logUnexpected(error);
  sendJson(res, 500, { code: 'internal', text: UNEXPECTED });
}

function logUnexpected(error: unknown): void {
  console.error('[nq57 web]', error instanceof Error ? (error.stack ?? error.message) : error);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** The built renderer: files only, inside staticDir only, index.html for `/`. */
async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    throw new HttpError(405, 'method-not-allowed', text('Chỉ nhận phương thức GET.', 'Only GET is accepted.'), { Allow: 'GET, HEAD' });
  }
  const notFound = (): HttpError => new HttpError(404, 'not-found', text('Không tìm thấy.', 'Not found.'));
  const refused = (): HttpError => badRequest(text('Đường dẫn không hợp lệ.', 'Invalid path.'));
  let pathname: string;
  try {
    pathname = decodeURIComponent(rawPath);
  } catch {
    throw refused();
  }
  // Refused outright rather than normalised: a request that climbs out of the folder is never a page of ours.
  if (/[\0\\]/.test(pathname) || pathname.split('/').some((segment) => segment === '..' || segment === '.')) throw refused();
  if (pathname === '/') pathname = '/index.html';
  const full = resolve(root, `.${pathname}`);
  if (!isInside(root, full)) throw refused();
  const info = await stat(full).catch(() => null);
  if (!info?.isFile()) throw notFound();
  // A symbolic link inside the folder must not lead out of it either.
  if (!isInside(root, await realpath(full))) throw notFound();
  res.writeHead(200, {
    'Content-Type': MIME_TYPES[extname(full).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((done, fail) => {
    const stream = createReadStream(full);
    stream.once('error', fail);
    res.once('close', () => done());
    stream.pipe(res);
  });
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
