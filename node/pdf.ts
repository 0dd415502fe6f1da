/**
 * HTML → PDF in Chromium, driven by playwright-core: the printable documents of shared/results (nomination
 * list, scorecards) as the CLI and the tests print them. The Electron app prints the same HTML with
 * webContents.printToPDF instead.
 *
 * Chromium is found at CHROMIUM_PATH, else /usr/bin/chromium (Debian's `apt-get install chromium`);
 * Playwright's own browser download is never used. playwright-core is loaded only when a PDF is asked for,
 * so every other command (and xlsx, csv, json exports) works without it or without Chromium; when either is
 * missing the error says so in Vietnamese and English (PdfUnavailable).
 *
 * The page is rendered offline: JavaScript off, every request refused (the documents are self-contained),
 * page size and margins from the document's @page rule (A4, NĐ 30's margins).
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { text, type Text } from '../shared/i18n/text';

/**
 * The features Playwright disables itself (playwright-core's chromiumSwitches: requests to Google at start,
 * paint holding, …). Chromium keeps only the last --disable-features it is given, and Playwright puts its own
 * first: ours must repeat them. tests/export/pdf.test.ts fails when Playwright's list has one this lacks.
 */
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Headless Chromium 156 still prepares its address bar's two pop-ups (chrome://omnibox-popup.top-chrome) in
  // a renderer of their own for each new window: ~2 s of a core, on a laptop's two, while the PDF (or a test's
  // page) is being made. Nothing here has an address bar.
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'].join(',')}`,
];

const WITHOUT_VI = 'Xuất .xlsx, .csv, .json không cần Chromium.';
const WITHOUT_EN = 'The .xlsx, .csv and .json exports work without it.';

/** PDF cannot be made here: no Chromium, or no playwright-core. `text` says why and what to do. */
export class PdfUnavailable extends Error {
  constructor(readonly text: Text) {
    super(text.en);
    this.name = 'PdfUnavailable';
  }
}

/** The Chromium binary: CHROMIUM_PATH, else /usr/bin/chromium; PdfUnavailable when there is none. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CHROMIUM_PATH?.trim();
  const path = fromEnv || '/usr/bin/chromium';
  if (!existsSync(path)) {
    const where = fromEnv ? ` (CHROMIUM_PATH)` : '';
    throw new PdfUnavailable(
      text(
        `Xuất PDF cần trình duyệt Chromium, nhưng không có ở ${path}${where}. Cài bằng \`apt-get install chromium\` hoặc đặt biến môi trường CHROMIUM_PATH trỏ tới Chromium/Chrome. ${WITHOUT_VI}`,
        `PDF export needs Chromium, and there is none at ${path}${where}. Install it with \`apt-get install chromium\` or set CHROMIUM_PATH to a Chromium or Chrome binary. ${WITHOUT_EN}`,
      ),
    );
  }
  return path;
}

type Playwright = typeof import('playwright-core');

async function loadPlaywright(): Promise<Playwright> {
  try {
    return await import('playwright-core');
  } catch (e) {
    throw new PdfUnavailable(
      text(
        `Xuất PDF cần gói playwright-core (cài cùng các gói phát triển: \`npm ci\`): ${e instanceof Error ? e.message : String(e)}. ${WITHOUT_VI}`,
        `PDF export needs the playwright-core package (installed with the development dependencies: \`npm ci\`): ${e instanceof Error ? e.message : String(e)}. ${WITHOUT_EN}`,
      ),
    );
  }
}

export interface PdfRenderer {
  /** One HTML document → PDF bytes. Several may run at once (one tab each). */
  render(html: string): Promise<Uint8Array>;
  /** Renders each document, at most `parallel` at a time, keeping the order. */
  renderAll(htmls: readonly string[], parallel?: number): Promise<Uint8Array[]>;
  close(): Promise<void>;
}

/** Starts Chromium once for any number of documents; close() when done. */
export async function openPdfRenderer(options: { chromium?: string } = {}): Promise<PdfRenderer> {
  const executablePath = options.chromium ?? chromiumPath();
  const { chromium } = await loadPlaywright();
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  } catch (e) {
    throw new PdfUnavailable(
      text(
        `Không khởi động được Chromium (${executablePath}) để xuất PDF: ${firstLine(e)}. ${WITHOUT_VI}`,
        `Could not start Chromium (${executablePath}) to make the PDF: ${firstLine(e)}. ${WITHOUT_EN}`,
      ),
    );
  }
  let context: BrowserContext;
  try {
    context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    // Self-contained documents: nothing is ever fetched.
    await context.route('**/*', (route) => route.abort());
  } catch (e) {
    await browser.close();
    throw e;
  }
  // Tabs are kept and reused: opening a tab per document costs more than the document.
  const idle: Page[] = [];
  const render = async (html: string): Promise<Uint8Array> => {
    const page = idle.pop() ?? (await context.newPage());
    let reusable = false;
    try {
      await page.setContent(html, { waitUntil: 'load' });
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: false });
      reusable = true;
      return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    } finally {
      if (reusable) idle.push(page);
      else await page.close().catch(() => undefined);
    }
  };
  return {
    render,
    async renderAll(htmls, parallel = 2) {
      const out: Uint8Array[] = new Array(htmls.length);
      let next = 0;
      const worker = async () => {
        while (next < htmls.length) {
          const i = next++;
          out[i] = await render(htmls[i]!);
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, htmls.length)) }, worker));
      return out;
    },
    async close() {
      await browser.close();
    },
  };
}

/** One document → PDF, starting and stopping Chromium around it. */
export async function htmlToPdf(html: string): Promise<Uint8Array> {
  const r = await openPdfRenderer();
  try {
    return await r.render(html);
  } finally {
    await r.close();
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}
