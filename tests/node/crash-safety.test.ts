// A save killed at any moment leaves the evaluation file as it was before that save or as it is after
// it, never in between. A child process saves two real SQLite images alternately with writeFileAtomic
// and is killed with SIGKILL (no clean-up of any kind runs) after a random delay, many times over.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeStaleTempFiles } from '../../node/host/atomic';
import { compileForNode, type Compiled } from './fixtures/compile';
import { filesUnder, integrityOf, sqliteImage, useTempFolders } from './helpers';

const KILLS = 60;
const MAX_DELAY_MS = 60;
/** Children started ahead, waiting for their turn: starting Node is the slow part of each round. */
const AHEAD = 3;

/** mulberry32: the same delays on every run, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Saver {
  readonly process: ChildProcess;
  readonly ready: Promise<unknown>;
  readonly exited: Promise<unknown[]>;
}

function startSaver(script: string, args: readonly string[]): Saver {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  return {
    process: child,
    exited: once(child, 'exit'),
    ready: once(createInterface({ input: child.stdout! }), 'line'),
  };
}

describe('crash safety of saving', () => {
  const tempFolder = useTempFolders();
  let child: Compiled;
  beforeAll(() => {
    child = compileForNode(fileURLToPath(new URL('./fixtures/save-loop.ts', import.meta.url)));
  });
  afterAll(() => child.remove());

  it(`after each of ${KILLS} kills in the middle of saving, the file is the old or the new database, intact`, async () => {
    const started = performance.now();
    const folder = tempFolder();
    // Large enough (a few MB) that a kill often lands inside the write or the flush, not between saves.
    const oldImage = await sqliteImage('old', 20_000);
    const newImage = await sqliteImage('new', 24_000);
    expect(Buffer.from(oldImage).equals(Buffer.from(newImage))).toBe(false);
    const oldPath = join(folder, 'old.sqlite');
    const newPath = join(folder, 'new.sqlite');
    writeFileSync(oldPath, oldImage);
    writeFileSync(newPath, newImage);
    const target = join(folder, 'danh-gia.nq57');
    writeFileSync(target, oldImage);

    const random = seeded(57);
    const outcomes = { old: 0, new: 0, interruptedMidSave: 0 };
    // Alternate which image a child writes first, so both directions of a save get interrupted.
    const argsFor = (round: number) => [target, ...(round % 2 === 0 ? [newPath, oldPath] : [oldPath, newPath])];
    const queue: Saver[] = [];
    for (let round = 0; round < Math.min(AHEAD, KILLS); round++) queue.push(startSaver(child.path, argsFor(round)));
    try {
      for (let kill = 0; kill < KILLS; kill++) {
        const saver = queue.shift()!;
        if (kill + AHEAD < KILLS) queue.push(startSaver(child.path, argsFor(kill + AHEAD)));
        await saver.ready;
        saver.process.stdin!.write('go\n');
        await sleep(random() * MAX_DELAY_MS);
        saver.process.kill('SIGKILL');
        const [, signal] = await saver.exited;
        expect(signal).toBe('SIGKILL');

        const bytes = readFileSync(target);
        const isOld = bytes.equals(oldImage);
        const isNew = bytes.equals(newImage);
        expect(isOld || isNew, `after kill ${kill + 1} the file is neither the old nor the new image (${bytes.length} bytes)`).toBe(true);
        expect(await integrityOf(bytes)).toBe('ok');
        outcomes[isOld ? 'old' : 'new'] += 1;
        // A kill inside a save leaves its temporary file behind; the next instance to hold the lock removes it.
        if ((await removeStaleTempFiles(target)) > 0) outcomes.interruptedMidSave += 1;
      }
    } finally {
      for (const waiting of queue) waiting.process.kill('SIGKILL');
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`crash safety: ${KILLS} kills in ${seconds.toFixed(1)} s — old ${outcomes.old}, new ${outcomes.new}, ${outcomes.interruptedMidSave} killed mid-save`);

    // The test proves something only if kills landed inside saves and saves completed between kills.
    expect(outcomes.interruptedMidSave).toBeGreaterThan(KILLS / 10);
    expect(outcomes.old).toBeGreaterThan(0);
    expect(outcomes.new).toBeGreaterThan(0);
    expect(filesUnder(folder)).toEqual(['danh-gia.nq57', 'new.sqlite', 'old.sqlite']);
    // About 13 s alone on two idle cores; the margin is for a machine busy with other test files.
  }, 180_000);
});
