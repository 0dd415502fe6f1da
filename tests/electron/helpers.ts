import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { HostFailure } from '../../shared/host/contract';
import { EvaluationFile } from '../../shared/file/evaluation-file';
import { loadSqlJs } from '../../node/sqljs';
import { nodeFileEnv } from '../../node/file-env';
import type { IpcResult } from '../../electron/common/ipc';
import { startDesktop, type ElectronMain } from '../../electron/main/desktop';
import type { PayloadLimits } from '../../electron/main/validate';
import { fakeElectron } from './fake-electron';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const demoCsvPath = join(projectRoot, 'demo/dien-bien.csv');

export interface StartOptions {
  argv?: string[];
  env?: NodeJS.ProcessEnv;
  limits?: PayloadLimits;
  isPackaged?: boolean;
  /** Runs on the fresh userData folder before the app starts. */
  prepare?: (userData: string) => void;
}

/** The whole main process on a fake Electron, with a fresh userData and Documents folder. */
export async function startFakeDesktop(options: StartOptions = {}) {
  const root = mkdtempSync(join(tmpdir(), 'nq57-electron-'));
  const userData = join(root, 'userData');
  const documents = join(root, 'documents');
  mkdirSync(userData);
  mkdirSync(documents);
  options.prepare?.(userData);
  const fake = fakeElectron({ userData, documents, isPackaged: options.isPackaged ?? true });
  const desktop = startDesktop(fake.electron as unknown as ElectronMain, {
    demoCsvPath,
    mainDir: '/opt/nq57/resources/app.asar/out/main',
    argv: options.argv ?? ['/opt/nq57/nq57'],
    cwd: root,
    env: options.env ?? {},
    limits: options.limits,
  });
  await desktop.ready;
  return {
    fake,
    desktop,
    root,
    userData,
    documents,
    async cleanup() {
      await desktop.service.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export type FakeDesktop = Awaited<ReturnType<typeof startFakeDesktop>>;

/** The bytes of a real, empty evaluation file (sql.js), different for each province. */
export async function evaluationBytes(province = 'Điện Biên'): Promise<Uint8Array> {
  const file = EvaluationFile.create(await loadSqlJs(), nodeFileEnv('kiem-thu'), { province });
  try {
    return file.export();
  } finally {
    file.close();
  }
}

export function valueOf<T>(result: unknown): T {
  const r = result as IpcResult<T>;
  if (!r.ok) throw new Error(`expected success, got ${r.failure.code}: ${r.failure.text.en}`);
  return r.value;
}

export function failureOf(result: unknown): HostFailure {
  const r = result as IpcResult<unknown>;
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r.value)?.slice(0, 200)}`);
  return r.failure;
}

/** A failure the page can show: a code, and a sentence in each language that is not the other's. */
export function expectBilingual(failure: HostFailure, code: string): void {
  expect(failure.code).toBe(code);
  expect(failure.text.vi.length).toBeGreaterThan(10);
  expect(failure.text.en.length).toBeGreaterThan(10);
  expect(failure.text.vi).not.toBe(failure.text.en);
  expect(Object.keys(failure).sort()).toEqual(['code', 'text']);
}
