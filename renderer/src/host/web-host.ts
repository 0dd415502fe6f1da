/**
 * The host contract over HTTP, for the renderer in a plain browser (the server is node/web-server.ts, started
 * by `npm run web`). Files live in the server's working folder and are named by their file name there.
 * Where the desktop app shows a dialog, the browser does what a web page can: an <input type=file> to pick
 * files (uploaded when the server needs them), a download to export, and a new name without asking for
 * "new" and "save as". PDFs are printed by the server (Chromium, node/pdf.ts).
 */
import type {
  AttachmentCheck,
  AttachmentMeta,
  BackupInfo,
  DemoFile,
  Host,
  HostFailure,
  HostInfo,
  JournalEntry,
  OpenedFile,
  PickedEvaluationFile,
  PickedFile,
  SavedFile,
} from '../../../shared/host/contract';

type Query = Readonly<Record<string, string>>;

interface Call {
  readonly query?: Query;
  readonly bytes?: Uint8Array;
  readonly json?: unknown;
}

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv;charset=utf-8',
  pdf: 'application/pdf',
  json: 'application/json',
  nq57: 'application/vnd.sqlite3',
};

/** How many numbered variants of a default name to try before giving up. */
const NAME_ATTEMPTS = 50;

export function createWebHost(origin: string): Host {
  /** Proves to the server that this page opened the file it is saving (see node/web-server.ts). */
  let session: string | null = null;
  let currentName: string | null = null;

  async function call(method: 'GET' | 'POST', route: string, { query, bytes, json }: Call = {}): Promise<Response> {
    const url = new URL(route, origin);
    for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
    const headers: Record<string, string> = { 'X-NQ57-Request': '1' };
    if (session !== null) headers['X-NQ57-Session'] = session;
    let body: BodyInit | undefined;
    if (bytes) {
      headers['Content-Type'] = 'application/octet-stream';
      body = arrayBufferOf(bytes);
    } else if (json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(json);
    }
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
    } catch {
      throw failure(
        'unreachable',
        'Không kết nối được với máy chủ của ứng dụng (lệnh npm run web còn chạy không?).',
        'Could not reach the app server (is npm run web still running?).',
      );
    }
    if (!response.ok) throw await failureOf(response);
    const token = response.headers.get('X-NQ57-Session');
    if (token !== null) session = token;
    return response;
  }

  const getJson = async <T>(route: string, c?: Call): Promise<T> => (await call('GET', route, c)).json() as Promise<T>;
  const postJson = async <T>(route: string, c?: Call): Promise<T> => (await call('POST', route, c)).json() as Promise<T>;

  async function openedFrom(response: Response): Promise<OpenedFile> {
    const path = decodeURIComponent(response.headers.get('X-NQ57-Path') ?? '');
    const name = decodeURIComponent(response.headers.get('X-NQ57-Name') ?? path);
    currentName = path;
    return { path, name, bytes: new Uint8Array(await response.arrayBuffer()) };
  }

  async function createAt(path: string, bytes: Uint8Array): Promise<OpenedFile> {
    const made = await postJson<{ path: string; name: string }>('/api/create', { query: { path }, bytes });
    currentName = made.path;
    return { path: made.path, name: made.name, bytes };
  }

  /** The first free name of `base-<date-time>[-n].nq57`: a new file needs no question in the browser. */
  async function firstFree<T>(base: string, attempt: (name: string) => Promise<T>): Promise<T> {
    const stamp = timeStamp(new Date());
    for (let n = 1; ; n++) {
      const name = `${base}-${stamp}${n === 1 ? '' : `-${n}`}.nq57`;
      try {
        return await attempt(name);
      } catch (error) {
        if ((error as HostFailure).code !== 'exists' || n >= NAME_ATTEMPTS) throw error;
      }
    }
  }

  async function upload(file: File): Promise<{ name: string; bytes: Uint8Array; stored: string }> {
    const bytes = await bytesOfFile(file);
    const { name } = await postJson<{ name: string }>('/api/upload', { query: { name: file.name.normalize('NFC') }, bytes });
    return { name: file.name, bytes, stored: name };
  }

  return {
    info: () => getJson<HostInfo>('/api/info'),

    recentFiles: () => getJson<string[]>('/api/recent-files'),

    async open(path?: string): Promise<OpenedFile | null> {
      let name = path;
      if (name === undefined) {
        const [file] = await pickFiles('.nq57', false);
        if (!file) return null;
        name = (await upload(file)).stored;
      }
      return openedFrom(await call('POST', '/api/open', { query: { path: name } }));
    },

    async openDemo(): Promise<DemoFile> {
      const response = await call('POST', '/api/open-demo');
      if (response.headers.get('X-NQ57-Demo') === 'existing') return { kind: 'existing', file: await openedFrom(response) };
      return (await response.json()) as DemoFile;
    },

    create(bytes: Uint8Array, path?: string): Promise<OpenedFile | null> {
      return path === undefined ? firstFree('tep-danh-gia', (name) => createAt(name, bytes)) : createAt(path, bytes);
    },

    save: (bytes: Uint8Array, journaledThrough?: number) =>
      postJson<SavedFile>('/api/save', { bytes, query: journaledThrough === undefined ? {} : { through: String(journaledThrough) } }),

    journal: async (record: string) => (await postJson<{ seq: number }>('/api/journal', { json: { record } })).seq,

    pendingChanges: () => getJson<JournalEntry[]>('/api/pending-changes'),

    async saveAs(bytes: Uint8Array): Promise<SavedFile | null> {
      const saved = await firstFree(stemOf(currentName), (path) => postJson<SavedFile>('/api/save-as', { query: { path }, bytes }));
      currentName = saved.path;
      return saved;
    },

    async close(): Promise<void> {
      await call('POST', '/api/close');
      session = null;
      currentName = null;
    },

    backups: () => getJson<BackupInfo[]>('/api/backups'),

    async restore(backupPath: string): Promise<OpenedFile> {
      return openedFrom(await call('POST', '/api/restore', { query: { path: backupPath } }));
    },

    addAttachment: (file: PickedFile) => postJson<AttachmentMeta>('/api/attachments', { query: { name: file.name.normalize('NFC') }, bytes: file.bytes }),

    async openAttachment(sha256: string, name: string): Promise<void> {
      const response = await call('GET', `/api/attachments/${encodeURIComponent(sha256)}`, { query: { name } });
      download(name, await response.blob());
    },

    verifyAttachments: (expected: readonly { sha256: string; size: number }[]) =>
      postJson<AttachmentCheck>('/api/verify-attachments', { json: expected.map(({ sha256, size }) => ({ sha256, size })) }),

    async pickImportFiles(): Promise<readonly PickedFile[]> {
      const files = await pickFiles('.csv,.xlsx', true);
      return Promise.all(files.map(async (file) => ({ name: file.name, bytes: await bytesOfFile(file) })));
    },

    async pickMergeFiles(): Promise<readonly PickedEvaluationFile[]> {
      const picked: PickedEvaluationFile[] = [];
      for (const file of await pickFiles('.nq57', true)) {
        const { name, bytes, stored } = await upload(file);
        picked.push({ name, bytes, handle: stored });
      }
      return picked;
    },

    async copyAttachmentsFrom(handle: string, sha256s: readonly string[]): Promise<void> {
      await call('POST', '/api/copy-attachments', { json: { handle, sha256s } });
    },

    async exportFile(suggestedName: string, bytes: Uint8Array): Promise<string | null> {
      const extension = suggestedName.slice(suggestedName.lastIndexOf('.') + 1).toLowerCase();
      download(suggestedName, new Blob([arrayBufferOf(bytes)], { type: MEDIA_TYPES[extension] ?? 'application/octet-stream' }));
      return suggestedName;
    },

    async printPdf(html: string): Promise<Uint8Array> {
      const response = await call('POST', '/api/print-pdf', { bytes: new TextEncoder().encode(html) });
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}

const failure = (code: string, vi: string, en: string): HostFailure => ({ code, text: { vi, en } });

async function failureOf(response: Response): Promise<HostFailure> {
  const body = (await response.json().catch(() => null)) as { code?: unknown; text?: { vi?: unknown; en?: unknown } } | null;
  if (typeof body?.code === 'string' && typeof body.text?.vi === 'string' && typeof body.text.en === 'string') {
    return failure(body.code, body.text.vi, body.text.en);
  }
  return failure(`http-${response.status}`, `Máy chủ của ứng dụng báo lỗi ${response.status}.`, `The app server answered with error ${response.status}.`);
}

/** The bytes as an ArrayBuffer of their own (fetch and Blob want one; a view may share a larger buffer). */
function arrayBufferOf(bytes: Uint8Array): ArrayBuffer {
  if (bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes.buffer;
  return bytes.slice().buffer;
}

async function bytesOfFile(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

/** yyyymmdd-hhmmss in local time: what a user recognises in a file name. */
function timeStamp(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** "dien-bien-demo-20261126-101500-2.nq57" → "dien-bien-demo": a copy is named after its original. */
function stemOf(name: string | null): string {
  const stem = (name ?? '').replace(/\.nq57$/i, '').replace(/-\d{8}-\d{6}(-\d+)?$/, '');
  return stem === '' ? 'tep-danh-gia' : stem;
}

/** Lets the user pick files; resolves with none when the picker is cancelled. */
function pickFiles(accept: string, multiple: boolean): Promise<File[]> {
  return new Promise((done) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = multiple;
    input.hidden = true;
    const finish = (files: File[]): void => {
      input.remove();
      done(files);
    };
    input.addEventListener('change', () => finish(Array.from(input.files ?? [])), { once: true });
    input.addEventListener('cancel', () => finish([]), { once: true });
    document.body.append(input);
    input.click();
  });
}

function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: the browser may still be reading the blob when click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
