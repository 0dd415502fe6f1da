import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../node/host/atomic';
import { assertUnchanged, fingerprint } from '../../node/host/disk-state';
import { sha256Hex } from '../../node/host/hash';
import { hostError, useTempFolders } from './helpers';

describe('a file changed on disk since it was opened is never silently overwritten', () => {
  const tempFolder = useTempFolders();
  const opened = async (content: string) => {
    const path = join(tempFolder(), 'danh-gia.nq57');
    writeFileSync(path, content);
    return { path, atOpen: await fingerprint(path) };
  };

  it('describes a file by its size, modification time and SHA-256', async () => {
    const { path, atOpen } = await opened('nội dung');
    expect(atOpen).toEqual({ size: Buffer.byteLength('nội dung'), mtimeMs: statSync(path).mtimeMs, sha256: sha256Hex(readFileSync(path)) });
  });

  it('lets a save proceed when nobody touched the file', async () => {
    const { path, atOpen } = await opened('version 1');
    await expect(assertUnchanged(path, atOpen)).resolves.toBeUndefined();
  });

  it('refuses when someone else wrote a different size', async () => {
    const { path, atOpen } = await opened('version 1');
    writeFileSync(path, 'version 1 with a colleague’s changes');
    const error = await hostError(assertUnchanged(path, atOpen), 'changed-on-disk');
    expect(error.text.vi).toContain('Tệp “');
    expect(error.text.vi).toContain('đã bị thay đổi trên đĩa sau khi mở');
    expect(error.text.en).toContain(`${path}” was changed on disk after it was opened`);
  });

  it('refuses a change of the same size even when the modification time was put back', async () => {
    const path = join(tempFolder(), 'danh-gia.nq57');
    const sameSecond = new Date(2026, 10, 26, 9, 30, 0);
    writeFileSync(path, 'version A');
    utimesSync(path, sameSecond, sameSecond);
    const atOpen = await fingerprint(path);
    writeFileSync(path, 'version B');
    utimesSync(path, sameSecond, sameSecond);
    expect(statSync(path).mtimeMs).toBe(atOpen.mtimeMs);
    await hostError(assertUnchanged(path, atOpen), 'changed-on-disk');
  });

  it('accepts a file that was only touched (new time, same bytes)', async () => {
    const { path, atOpen } = await opened('version A');
    utimesSync(path, new Date(2030, 0, 1), new Date(2030, 0, 1));
    await expect(assertUnchanged(path, atOpen)).resolves.toBeUndefined();
  });

  it('refuses when the file was deleted or moved away', async () => {
    const { path, atOpen } = await opened('version A');
    unlinkSync(path);
    const error = await hostError(assertUnchanged(path, atOpen), 'changed-on-disk');
    expect(error.text.vi).toContain('không còn trên đĩa');
  });

  it('after our own save, the new fingerprint is the one to compare with', async () => {
    const { path, atOpen } = await opened('version A');
    await writeFileAtomic(path, Buffer.from('version B, saved by us'));
    await hostError(assertUnchanged(path, atOpen), 'changed-on-disk');
    const afterSave = await fingerprint(path);
    await expect(assertUnchanged(path, afterSave)).resolves.toBeUndefined();
  });

  it('hashes a 50 MB file in under 100 ms (the check runs before every save)', async () => {
    const path = join(tempFolder(), 'large.nq57');
    writeFileSync(path, randomBytes(50 * 1024 * 1024));
    const atOpen = await fingerprint(path);
    const times: number[] = [];
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      await assertUnchanged(path, atOpen);
      times.push(performance.now() - started);
    }
    console.log(`assertUnchanged on 50 MB: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
    // The best of five: other test files run in parallel on the same two cores.
    expect(Math.min(...times)).toBeLessThan(100);
  });
});
