// The renderer's web host (renderer/src/host/web-host.ts) against the real web server, in Node: fetch is
// the same; the few DOM pieces it uses to pick and download files are played by a small fake page.
import { resolveObjectURL } from 'node:buffer';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security';
import { startWebServer, type WebServer } from '../../node/web-server';
import { createWebHost } from '../../renderer/src/host/web-host';
import { EvaluationFile } from '../../shared/file/evaluation-file';
import type { HostFailure } from '../../shared/host/contract';
import { sql, testEnv } from '../file/helpers';

const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

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
let workDir: string;
let server: WebServer;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'nq57-web-host-'));
  workDir = join(root, 'work');
  mkdirSync(join(root, 'static'));
  writeFileSync(join(root, 'static', 'index.html'), '<!doctype html>');
  server = await startWebServer({
    port: 0,
    staticDir: join(root, 'static'),
    workDir,
    demoCsvPath: 'demo/dien-bien.csv',
    startWith: { kind: 'demo' },
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
  });
});

afterEach(async () => {
  vi.unstubAllGlobals();
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<HostFailure> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).not.toBeInstanceOf(Error);
  const failure = error as HostFailure;
  expect(failure.text.vi.length).toBeGreaterThan(10);
  expect(failure.text.en.length).toBeGreaterThan(10);
  return failure;
}

/** What the user does when the page asks for files: pick these (or cancel with null). */
function fakePage(pick: (input: { accept: string; multiple: boolean }) => File[] | null) {
  const downloads: { name: string; bytes: Uint8Array; type: string }[] = [];
  const pickers: { accept: string; multiple: boolean }[] = [];
  let attached = 0;
  class FakeInput extends EventTarget {
    type = '';
    accept = '';
    multiple = false;
    hidden = false;
    files: File[] | null = null;
    remove(): void {
      attached--;
    }
    click(): void {
      pickers.push({ accept: this.accept, multiple: this.multiple });
      const files = pick(this);
      if (files === null) {
        this.dispatchEvent(new Event('cancel'));
      } else {
        this.files = files;
        this.dispatchEvent(new Event('change'));
      }
    }
  }
  const pending: Promise<void>[] = [];
  class FakeLink {
    href = '';
    download = '';
    hidden = false;
    remove(): void {
      attached--;
    }
    click(): void {
      const blob = resolveObjectURL(this.href);
      if (!blob) throw new Error(`no blob behind ${this.href}`);
      const name = this.download;
      pending.push(blob.arrayBuffer().then((b) => void downloads.push({ name, bytes: new Uint8Array(b), type: blob.type })));
    }
  }
  vi.stubGlobal('document', {
    createElement: (tag: string) => (tag === 'input' ? new FakeInput() : new FakeLink()),
    body: { append: () => attached++ },
  });
  return { downloads: async () => (await Promise.all(pending), downloads), pickers, attached: () => attached };
}

describe('the web host', () => {
  it('does the whole round trip of the contract through the server', async () => {
    const host = createWebHost(server.url);
    expect(await host.info()).toEqual({ kind: 'web', appVersion: '0.1.0', startWith: { kind: 'demo' } });

    const demo = await host.openDemo();
    expect(demo.kind).toBe('build');
    if (demo.kind !== 'build') return;
    const v1 = fileBytes('v1');
    const created = await host.create(v1, demo.path);
    expect(created).toEqual({ path: 'dien-bien-demo.nq57', name: 'dien-bien-demo.nq57', bytes: v1 });

    const saved = await host.save(fileBytes('v2'));
    expect(saved.path).toBe('dien-bien-demo.nq57');
    const [backup] = await host.backups();
    expect(backup?.path).toBe(saved.backup);
    const restored = await host.restore(backup!.path);
    expect(restored.bytes).toEqual(v1);

    const meta = await host.addAttachment({ name: 'Biên bản.pdf', bytes: PDF });
    expect(meta).toMatchObject({ name: 'Biên bản.pdf', mediaType: 'application/pdf', size: PDF.length });
    expect(await host.verifyAttachments([{ sha256: meta.sha256, size: meta.size }])).toEqual({ missing: [], corrupt: [], ok: 1 });

    await host.close();
    expect(existsSync(join(workDir, 'dien-bien-demo.nq57.lock'))).toBe(false);
    const existing = await host.openDemo();
    expect(existing.kind === 'existing' && existing.file.bytes).toEqual(v1);
    const reopened = await host.open('dien-bien-demo.nq57');
    expect(reopened?.bytes).toEqual(v1);
    expect(await host.recentFiles()).toEqual(['dien-bien-demo.nq57']);
  });

  it('rejects with a bilingual HostFailure, never an Error', async () => {
    const host = createWebHost(server.url);
    expect((await rejection(host.open('../x.nq57'))).code).toBe('bad-path');
    expect((await rejection(host.save(fileBytes('x')))).code).toBe('no-file');
    await host.create(fileBytes('a'), 'a.nq57');
    writeFileSync(join(workDir, 'a.nq57'), fileBytes('changed'));
    const changed = await rejection(host.save(fileBytes('a2')));
    expect(changed.code).toBe('changed-on-disk');
    expect(changed.text.en).toContain('was changed on disk');

    await server.close();
    expect((await rejection(host.info())).code).toBe('unreachable');
  });

  it('names new files and copies without asking, never replacing a file', async () => {
    const host = createWebHost(server.url);
    const stamp = /^tep-danh-gia-\d{8}-\d{6}(-\d+)?\.nq57$/;
    const first = await host.create(fileBytes('a'));
    const second = await host.create(fileBytes('b'));
    expect(first?.path).toMatch(stamp);
    expect(second?.path).toMatch(stamp);
    expect(second?.path).not.toBe(first?.path);

    await host.create(fileBytes('c'), 'Điện Biên.nq57');
    const copy = await host.saveAs(fileBytes('c2'));
    expect(copy?.path).toMatch(/^Điện Biên-\d{8}-\d{6}\.nq57$/);
    const copyOfCopy = await host.saveAs(fileBytes('c3'));
    expect(copyOfCopy?.path).toMatch(/^Điện Biên-\d{8}-\d{6}(-\d+)?\.nq57$/);
    expect(copyOfCopy?.path).not.toBe(copy?.path);
    expect(new Uint8Array(readFileSync(join(workDir, 'Điện Biên.nq57')))).toEqual(fileBytes('c'));
  });

  it('keeps a tab whose file another tab replaced from saving into the new file', async () => {
    const tab1 = createWebHost(server.url);
    const tab2 = createWebHost(server.url);
    await tab1.create(fileBytes('a'), 'a.nq57');
    await tab2.create(fileBytes('b'), 'b.nq57');
    expect((await rejection(tab1.save(fileBytes('a2')))).code).toBe('superseded');
    await tab1.close();
    expect(existsSync(join(workDir, 'b.nq57.lock'))).toBe(true);
    expect((await tab2.save(fileBytes('b2'))).path).toBe('b.nq57');
  });

  it('opens a file the user picks by uploading it, and returns null when the picker is cancelled', async () => {
    const picked = fileBytes('picked');
    let choice: File[] | null = null;
    const page = fakePage(() => choice);
    const host = createWebHost(server.url);
    expect(await host.open()).toBeNull();
    choice = [new File([new Uint8Array(picked)], 'Hội đồng.nq57')];
    const opened = await host.open();
    expect(opened).toEqual({ path: 'Hội đồng.nq57', name: 'Hội đồng.nq57', bytes: picked });
    expect(page.pickers).toEqual([
      { accept: '.nq57', multiple: false },
      { accept: '.nq57', multiple: false },
    ]);
    expect(page.attached()).toBe(0);
  });

  it('picks files to import in the page, without the server', async () => {
    const page = fakePage(() => [new File(['year,unit\n'], 'a.csv'), new File([new Uint8Array([0x50, 0x4b])], 'b.xlsx')]);
    const files = await createWebHost(server.url).pickImportFiles();
    expect(files.map((f) => f.name)).toEqual(['a.csv', 'b.xlsx']);
    expect(new TextDecoder().decode(files[0]!.bytes)).toBe('year,unit\n');
    expect(page.pickers).toEqual([{ accept: '.csv,.xlsx', multiple: true }]);
    fakePage(() => null);
    expect(await createWebHost(server.url).pickImportFiles()).toEqual([]);
  });

  it('uploads files picked for merging, whose handles fetch their attachments', async () => {
    const host = createWebHost(server.url);
    await host.create(fileBytes('evaluator'), 'evaluator.nq57');
    const meta = await host.addAttachment({ name: 'scan.pdf', bytes: PDF });
    await host.create(fileBytes('master'), 'master.nq57');

    const theirs = fileBytes('theirs');
    fakePage(() => [new File([new Uint8Array(theirs)], 'evaluator.nq57')]);
    const [picked] = await host.pickMergeFiles();
    expect(picked).toEqual({ name: 'evaluator.nq57', bytes: theirs, handle: 'evaluator-2.nq57' });
    expect((await rejection(host.copyAttachmentsFrom(picked!.handle, [meta.sha256]))).code).toBe('attachment-missing');
    await host.copyAttachmentsFrom('evaluator.nq57', [meta.sha256]);
    expect(await host.verifyAttachments([{ sha256: meta.sha256, size: meta.size }])).toEqual({ missing: [], corrupt: [], ok: 1 });
  });

  it('downloads exports and attachments', async () => {
    const page = fakePage(() => null);
    const host = createWebHost(server.url);
    expect(await host.exportFile('Kết quả 2026.xlsx', new Uint8Array([1, 2, 3]))).toBe('Kết quả 2026.xlsx');
    await host.create(fileBytes('a'), 'a.nq57');
    const meta = await host.addAttachment({ name: 'scan.pdf', bytes: PDF });
    await host.openAttachment(meta.sha256, 'Quyết định.pdf');
    expect(await page.downloads()).toEqual([
      { name: 'Kết quả 2026.xlsx', bytes: new Uint8Array([1, 2, 3]), type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      { name: 'Quyết định.pdf', bytes: PDF, type: 'application/octet-stream' },
    ]);
    expect(page.attached()).toBe(0);
  });

  it('prints a document to PDF through the server, and saves a JSON export', async () => {
    const page = fakePage(() => null);
    const host = createWebHost(server.url);
    const pdf = await host.printPdf('<!DOCTYPE html><html lang="vi"><head><style>@page { size: A4 portrait; margin: 20mm; }</style></head><body><p>Phiếu kết quả</p></body></html>');
    expect(new TextDecoder('latin1').decode(pdf.subarray(0, 5))).toBe('%PDF-');
    const failure = await rejection(host.printPdf(''));
    expect(failure.code).toBe('bad-request');
    expect(await host.exportFile('ket-qua-2026.json', new TextEncoder().encode('{}'))).toBe('ket-qua-2026.json');
    expect((await page.downloads()).map((d) => [d.name, d.type])).toEqual([['ket-qua-2026.json', 'application/json']]);
  }, 120_000);
});
