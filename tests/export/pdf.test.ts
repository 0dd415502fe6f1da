/**
 * The printable documents rendered to PDF in Chromium (node/pdf.ts, as the CLI renders them): page count,
 * A4 page size and orientation read from the PDF's MediaBox, the text on the pages (pdftotext) with DỰ THẢO,
 * page numbers and the footer line, a name full of markup printed as written; page 1 of each rendered to PNG
 * (pdftoppm) into test-results/screens/ to be looked at. Skipped, with a message saying why, only when there
 * is no Chromium (CI installs it). Also: what the user reads when Chromium is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath, openPdfRenderer, PdfUnavailable, type PdfRenderer } from '../../node/pdf';
import { nominationHtml } from '../../shared/results/nomination';
import { resultsFingerprint } from '../../shared/results/present';
import { scorecardHtml, scorecards } from '../../shared/results/scorecard';
import { demoProvince, inputOf, NASTY_NAME, SCREENS } from './helpers';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) {
  console.warn(`SKIPPED: the PDF tests need Chromium, and there is none at ${CHROMIUM}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`);
}
const has = (tool: string) => {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** Page count (the page tree's /Count) and every page's MediaBox, from the PDF's own text. */
function pdfPages(pdf: Uint8Array): { count: number; boxes: number[][] } {
  const s = Buffer.from(pdf).toString('latin1');
  const counts = [...s.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g)].map((m) => Number(m[1] ?? m[2]));
  const boxes = [...s.matchAll(/\/MediaBox\s*\[\s*([-\d.\s]+)\]/g)].map((m) => m[1]!.trim().split(/\s+/).map(Number));
  return { count: Math.max(0, ...counts), boxes };
}

const A4 = { w: 595.28, h: 841.89 };
const isA4 = (box: number[], landscape: boolean) => {
  const [x0, y0, x1, y1] = box as [number, number, number, number];
  const [w, h] = [x1 - x0, y1 - y0];
  const [ew, eh] = landscape ? [A4.h, A4.w] : [A4.w, A4.h];
  return Math.abs(w - ew) < 1.5 && Math.abs(h - eh) < 1.5;
};

/** The PDF's text (poppler's pdftotext): laid out as on the page, or in reading order (a cell's lines together). */
function pdfText(pdf: Uint8Array, name: string, layout = true): string | null {
  if (!has('pdftotext')) return null;
  const path = join(SCREENS, `${name}.pdf`);
  writeFileSync(path, pdf);
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), path, '-'], { encoding: 'utf8' });
}

/** Page 1 as a PNG at 60 dpi in test-results/screens/, to look at. */
function screenshot(pdf: Uint8Array, name: string): string | null {
  const path = join(SCREENS, `${name}.pdf`);
  writeFileSync(path, pdf);
  if (!has('pdftoppm')) {
    console.warn(`pdftoppm (poppler-utils) is not installed: no PNG of ${name}`);
    return null;
  }
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', path, join(SCREENS, name)]);
  return join(SCREENS, `${name}.png`);
}

/** The command line of the Chromium this process started last (Linux: /proc), as Playwright launched it. */
function browserCommandLine(): string[] {
  const mine = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return ppid === process.pid && args.includes('--remote-debugging-pipe') ? [{ pid: Number(pid), args }] : [];
      } catch {
        return [];
      }
    })
    .sort((a, b) => b.pid - a.pid);
  if (!mine[0]) throw new Error('no Chromium started by this process');
  return mine[0].args;
}

describe('when Chromium is missing', () => {
  it('says in both languages that PDF needs Chromium, how to get it, and that xlsx, csv and json work without it', () => {
    let error: unknown;
    try {
      chromiumPath({ CHROMIUM_PATH: '/nonexistent/chromium' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PdfUnavailable);
    const t = (error as PdfUnavailable).text;
    expect(t.vi).toBe(
      'Xuất PDF cần trình duyệt Chromium, nhưng không có ở /nonexistent/chromium (CHROMIUM_PATH). Cài bằng `apt-get install chromium` hoặc đặt biến môi trường CHROMIUM_PATH trỏ tới Chromium/Chrome. Xuất .xlsx, .csv, .json không cần Chromium.',
    );
    expect(t.en).toBe(
      'PDF export needs Chromium, and there is none at /nonexistent/chromium (CHROMIUM_PATH). Install it with `apt-get install chromium` or set CHROMIUM_PATH to a Chromium or Chrome binary. The .xlsx, .csv and .json exports work without it.',
    );
  });
});

describe.skipIf(!HAVE_CHROMIUM)('PDF in Chromium', () => {
  const province = demoProvince();
  let renderer: PdfRenderer;
  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    renderer = await openPdfRenderer({ chromium: CHROMIUM });
  }, 120_000);
  afterAll(async () => {
    await renderer?.close();
  });

  it('starts Chromium without its address bar’s pop-ups, which would take a core for seconds while it prints, and with Playwright’s own settings', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
    try {
      await (await browser.newPage()).goto('about:blank');
      const { targetInfos } = await (await browser.newBrowserCDPSession()).send('Target.getTargets');
      expect(targetInfos.map((t) => t.url)).toContain('about:blank');
      expect(targetInfos.map((t) => t.url).filter((url) => url.startsWith('chrome://'))).toEqual([]);
      // Chromium keeps the last --disable-features only (ours): it must hold every feature Playwright's holds.
      if (process.platform === 'linux') {
        const args = browserCommandLine();
        const lists = args.filter((a) => a.startsWith('--disable-features=')).map((a) => a.slice('--disable-features='.length).split(','));
        expect(lists.length).toBeGreaterThanOrEqual(2);
        const last = lists.at(-1)!;
        for (const earlier of lists.slice(0, -1)) expect(earlier.filter((f) => !last.includes(f))).toEqual([]);
        expect(last).toEqual(expect.arrayContaining(['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup']));
      }
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('prints the draft nomination list on A4 landscape pages, with DỰ THẢO, page numbers and the footer line', async () => {
    const nasty = demoProvince((d) => ({ ...d, units: d.units.map((u) => (u.code === '03325' ? { ...u, name: NASTY_NAME } : u)) }));
    const pdf = await renderer.render(nominationHtml(inputOf(nasty)));
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const { count, boxes } = pdfPages(pdf);
    expect(count).toBeGreaterThanOrEqual(3);
    expect(count).toBeLessThanOrEqual(8);
    expect(boxes).toHaveLength(count);
    for (const b of boxes) expect(isA4(b, true), JSON.stringify(b)).toBe(true);
    expect(screenshot(pdf, 'export-nomination-draft-p1')).not.toBe('');
    const text = pdfText(pdf, 'export-nomination-draft');
    if (text !== null) {
      const pages = text.split('\f').filter((p) => p.trim());
      expect(pages).toHaveLength(count);
      expect(pages[0]).toContain('DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG');
      expect(pages[0]).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(pages[0]).toContain('DỰ THẢO');
      // The name, markup and all, printed as text.
      // (pdftotext puts the neighbouring cell's lines between the name's lines: each line is checked.)
      const raw = pdfText(pdf, 'export-nomination-draft', false)!;
      for (const line of ['UBND xã <Mường>', `"Phăng" & 'Ảng' </td>`, '<script>alert(1)</script>']) expect(raw).toContain(line);
      expect(NASTY_NAME).toBe(`UBND xã <Mường> "Phăng" & 'Ảng' </td><script>alert(1)</script>`);
      // Page numbers from page 2 on (NĐ 30: top centre, none on the first page), the footer on every page.
      pages.forEach((p, i) => {
        if (i > 0) expect(p.split('\n').find((l) => l.trim())!.trim()).toBe(String(i + 1));
        expect(p).toMatch(/Năm 2026 · Bộ tiêu chí .* phiên bản 2026\.1/);
      });
    }
  });

  it('prints a final scorecard on A4 portrait pages, without DỰ THẢO, with its fingerprint', async () => {
    const fp = resultsFingerprint(province.result);
    const input = inputOf(province, { finalisation: { at: '2026-12-20T08:00:00.000Z', by: 'Chủ tịch Hội đồng', fingerprint: fp } });
    const pdf = await renderer.render(scorecardHtml(input, scorecards(input, ['03368'])[0]!));
    const { count, boxes } = pdfPages(pdf);
    expect(count).toBeGreaterThanOrEqual(2);
    expect(count).toBeLessThanOrEqual(10);
    for (const b of boxes) expect(isA4(b, false), JSON.stringify(b)).toBe(true);
    screenshot(pdf, 'export-scorecard-final-p1');
    const text = pdfText(pdf, 'export-scorecard-final');
    if (text !== null) {
      expect(text).not.toContain('DỰ THẢO');
      expect(text).toContain('PHIẾU KẾT QUẢ ĐÁNH GIÁ');
      expect(text).toContain('UBND xã Mường Nhà');
      expect(text.replace(/\s+/g, '')).toContain(fp);
    }
  });

  it('renders several documents at once in the same browser, in order', async () => {
    const input = inputOf(province);
    const cards = scorecards(input, ['03325', 'SKHCN', 'BDBP']);
    const pdfs = await renderer.renderAll(cards.map((c) => scorecardHtml(input, c)), 2);
    expect(pdfs).toHaveLength(3);
    expect(cards.map((c) => c.row.result.unit.code)).toEqual(['SKHCN', '03325', 'BDBP']);
    const texts = pdfs.map((p, i) => pdfText(p, `export-scorecard-${i}`, false));
    if (texts[0] !== null) {
      cards.forEach((c, i) => expect(texts[i]).toContain(c.row.result.unit.name));
    }
  });
});
