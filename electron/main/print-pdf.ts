// HTML → PDF in the main process, for the results' printable documents (nomination list, scorecards):
// the page sends the HTML, a hidden window prints it with webContents.printToPDF, the bytes go back.
//
// The HTML comes from the page, so it is treated as hostile: the window has no preload, no Node, no
// JavaScript, is sandboxed and offscreen, lives in its own in-memory session (nothing shared with the app's
// window) whose requests are all refused but the document itself, and the document gets a policy of its own
// put in front (no images, fonts, frames or anything else from outside), so that no HTML can make the PDF
// carry a file of this computer. The document is written to a fresh private temporary folder rather than
// passed as a data: URL, which Chromium caps at 2 MB (all scorecards of a province are more).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Electron from 'electron';
import type { WebPreferences } from 'electron';
import { text } from '../../shared/i18n/text';
import { HostError } from '../../node/host';
import { HARDENED_WEB_PREFERENCES } from './security';

export type PrintElectron = Pick<typeof Electron, 'BrowserWindow' | 'session'>;

/** No "persist:" prefix: an in-memory session, gone with the app. */
export const PRINT_PARTITION = 'nq57-print';

export const PRINT_WEB_PREFERENCES = Object.freeze({
  partition: PRINT_PARTITION,
  javascript: false,
  ...HARDENED_WEB_PREFERENCES,
  spellcheck: false,
  offscreen: true,
} satisfies WebPreferences);

/** The printed document may use its own inline styles and data: images and fonts, nothing else. */
export const PRINT_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

/** How long a document may take to load before printing is given up. */
const LOAD_TIMEOUT_MS = 60_000;

/**
 * The document with our policy first: right after its doctype (a tag before the doctype would switch the
 * page to quirks mode). A policy the document declares itself can only narrow ours, never widen it.
 */
export function withPrintPolicy(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${PRINT_CONTENT_SECURITY_POLICY}">`;
  const doctype = /^\uFEFF?\s*<!doctype[^>]*>/i.exec(html);
  return doctype ? `${doctype[0]}${meta}${html.slice(doctype[0].length)}` : `${meta}${html}`;
}

/** The documents being printed, by URL: the only requests the print session lets through. */
const allowed = new Set<string>();
const guarded = new WeakSet<object>();

function printSession(electron: PrintElectron): Electron.Session {
  const ses = electron.session.fromPartition(PRINT_PARTITION);
  if (!guarded.has(ses)) {
    guarded.add(ses);
    ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isDocument(details.url) }));
  }
  return ses;
}

/** Whether a request is for a document being printed (the same file, however Chromium spells its URL). */
function isDocument(requested: string): boolean {
  if (allowed.has(requested)) return true;
  let path: string;
  try {
    path = fileURLToPath(requested);
  } catch {
    return false;
  }
  const same = (a: string, b: string) => (process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b);
  for (const url of allowed) if (same(fileURLToPath(url), path)) return true;
  return false;
}

/** One document at a time: printing is memory-hungry, and the page asks for documents one by one anyway. */
let queue: Promise<unknown> = Promise.resolve();

export function printHtmlToPdf(electron: PrintElectron, html: string): Promise<Uint8Array> {
  const run = queue.then(
    () => printNow(electron, html),
    () => printNow(electron, html),
  );
  queue = run.catch(() => undefined);
  return run;
}

async function printNow(electron: PrintElectron, html: string): Promise<Uint8Array> {
  printSession(electron);
  const folder = await mkdtemp(join(tmpdir(), 'nq57-print-'));
  const path = join(folder, 'document.html');
  const url = pathToFileURL(path).href;
  let window: Electron.BrowserWindow | null = null;
  try {
    await writeFile(path, withPrintPolicy(html), { encoding: 'utf8', mode: 0o600 });
    allowed.add(url);
    // A4 at 96 dpi: the layout the document is printed from.
    window = new electron.BrowserWindow({ show: false, width: 794, height: 1123, webPreferences: { ...PRINT_WEB_PREFERENCES } });
    const w = window;
    await withTimeout(w.loadURL(url), LOAD_TIMEOUT_MS);
    // Page size and margins come from the document's @page rule (A4, NĐ 30's margins), as in Chromium (node/pdf.ts).
    const pdf = await w.webContents.printToPDF({
      pageSize: 'A4',
      preferCSSPageSize: true,
      printBackground: true,
      margins: { top: 0, bottom: 0, left: 0, right: 0 },
      generateDocumentOutline: false,
    });
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  } catch (error) {
    if (error instanceof HostError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new HostError('print-failed', text(`Không tạo được tệp PDF (${detail}).`, `Could not make the PDF (${detail}).`));
  } finally {
    allowed.delete(url);
    if (window && !window.isDestroyed()) window.destroy();
    await rm(folder, { recursive: true, force: true }).catch(() => undefined);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new HostError('print-timeout', text('Tài liệu cần in không tải xong trong thời gian cho phép.', 'The document to print did not finish loading in time.'))),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
