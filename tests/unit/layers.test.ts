import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLayers, scanFile } from '../../scripts/check-layers';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

describe('the layering of the real project', () => {
  it('has no violation in shared/, renderer/ or node/', () => {
    const report = checkLayers(projectRoot);
    expect(report.violations).toEqual([]);
    expect(report.filesChecked).toBeGreaterThan(0);
  });
});

describe('a tree that breaks the layering', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'nq57-layers-'));
    writeTree(root, {
      'shared/clean.ts': "import { score } from './engine/score';\nexport const x = score;\n",
      'shared/node-prefixed.ts': "// reads a file\nimport { readFileSync } from 'node:fs';\n",
      'shared/node-bare.ts': "export const a = 1;\n\nimport * as fs from 'fs';\n",
      'shared/electron.ts': "import { ipcRenderer } from 'electron';\n",
      'shared/dom.ts': "export function rename(): void {\n  document.title = 'x';\n}\n",
      'renderer/src/host.ts': "\n\nimport { x } from '../../electron/main/x';\n",
    });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reports every violation with its file and line', () => {
    const report = checkLayers(root);
    expect(report.filesChecked).toBe(6);
    expect(report.violations.map(({ file, line }) => `${file}:${line}`).sort()).toEqual([
      'renderer/src/host.ts:3',
      'shared/dom.ts:2',
      'shared/electron.ts:1',
      'shared/node-bare.ts:3',
      'shared/node-prefixed.ts:2',
    ]);
  });

  it('names what was imported and why it is refused', () => {
    const messages = checkLayers(root).violations.map((violation) => violation.message);
    expect(messages).toContain("imports the Node built-in 'node:fs' (shared/ must not depend on Node)");
    expect(messages).toContain("imports the Node built-in 'fs' (shared/ must not depend on Node)");
    expect(messages).toContain("imports 'electron' (shared/ must not depend on Electron)");
    expect(messages).toContain("refers to the DOM global 'document' (shared/ must not depend on the DOM)");
    expect(messages).toContain(
      "imports '../../electron/main/x' from electron/ (renderer/ must not depend on electron/)",
    );
  });

  it('as a command, prints one line per violation and exits with 1', () => {
    const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
    const run = spawnSync(process.execPath, [tsxCli, join(projectRoot, 'scripts/check-layers.ts'), root], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(5);
    expect(run.stderr).toContain('shared/node-prefixed.ts:2: ');
  });
});

describe('what shared/ may not import', () => {
  const lineOf = (text: string) => scanFile('shared/a.ts', text).map((violation) => violation.line);

  it('refuses every form of module reference', () => {
    expect(lineOf("export { join } from 'path';")).toEqual([1]);
    expect(lineOf("export * from 'node:path';")).toEqual([1]);
    expect(lineOf("const fs = await import('fs/promises');")).toEqual([1]);
    expect(lineOf("const os = require('os');")).toEqual([1]);
    expect(lineOf("import os = require('node:os');")).toEqual([1]);
    expect(lineOf("import type { Stats } from 'fs';")).toEqual([1]);
    expect(lineOf("let s: import('node:fs').Stats;")).toEqual([1]);
    expect(lineOf('const m = await import(`electron`);')).toEqual([1]);
  });

  it('refuses the host folders, reached by any relative path', () => {
    expect(lineOf("import { run } from '../cli/main';")).toEqual([1]);
    expect(lineOf("import { App } from '../renderer/src/App';")).toEqual([1]);
    expect(lineOf("import { x } from '../electron/main/security';")).toEqual([1]);
    expect(lineOf("import { writeFileAtomic } from '../node/host/atomic';")).toEqual([1]);
    expect(scanFile('shared/engine/deep/a.ts', "import { run } from '../../../cli/main';")).toHaveLength(1);
  });

  it('accepts its own modules, the criteria data and npm packages', () => {
    expect(lineOf("import { a } from './engine/a';\nimport data from '../criteria/2026.json';")).toEqual([]);
    expect(lineOf("import initSqlJs from 'sql.js';\nimport { z } from 'electron-like-name';")).toEqual([]);
  });
});

describe('DOM globals in shared/', () => {
  const namesIn = (text: string) => scanFile('shared/a.ts', text).map((violation) => violation.message);

  it('refuses window, document, navigator and localStorage as references', () => {
    expect(namesIn('const w = window.innerWidth;')).toHaveLength(1);
    expect(namesIn('if (typeof navigator !== "undefined") {}')).toHaveLength(1);
    expect(namesIn("localStorage.setItem('k', 'v');")).toHaveLength(1);
    expect(namesIn('export const host = { document };')).toHaveLength(1);
  });

  it('ignores the names in comments, strings, property names and local bindings', () => {
    expect(namesIn('// uses window.document in the browser\nconst s = "document";')).toEqual([]);
    expect(namesIn('const t = `the window`;\n/* navigator */')).toEqual([]);
    expect(namesIn('const o = { document: 1, window() {} };\nconst d = o.document;')).toEqual([]);
    expect(namesIn('interface Evidence { document: string }')).toEqual([]);
    expect(namesIn('export function title(document: { title: string }) { return document.title; }')).toEqual([]);
  });
});

describe('what renderer/ may not import', () => {
  it('refuses electron, electron/ and Node, and leaves shared/ open to it', () => {
    expect(scanFile('renderer/src/a.tsx', "import { ipcRenderer } from 'electron';")).toHaveLength(1);
    expect(scanFile('renderer/src/a.tsx', "import { x } from '../../electron/preload/index';")).toHaveLength(1);
    expect(scanFile('renderer/src/a.tsx', "import { readFile } from 'node:fs/promises';")).toHaveLength(1);
    expect(scanFile('renderer/src/a.tsx', "import { pack } from '../../node/host/pack';")).toHaveLength(1);
    expect(scanFile('renderer/src/a.tsx', "import { score } from '../../shared/engine/score';")).toEqual([]);
    expect(scanFile('renderer/src/a.tsx', 'document.title = "ok";')).toEqual([]);
  });
});

describe('what node/ may not import', () => {
  const lineOf = (text: string) => scanFile('node/host/a.ts', text).map((violation) => violation.line);

  it('refuses Electron and the hosts that use it, so the CLI runs without Electron', () => {
    expect(lineOf("import { app } from 'electron';")).toEqual([1]);
    expect(lineOf("import { x } from '../../electron/main/security';")).toEqual([1]);
    expect(lineOf("import { runCli } from '../../cli/run';")).toEqual([1]);
    expect(lineOf("import { App } from '../../renderer/src/App';")).toEqual([1]);
  });

  it('accepts Node built-ins, shared/ and npm packages', () => {
    expect(lineOf("import { rename } from 'node:fs/promises';\nimport { text } from '../../shared/i18n/text';\nimport { zipSync } from 'fflate';")).toEqual([]);
  });
});
