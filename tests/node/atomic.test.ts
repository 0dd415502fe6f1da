import { mkdirSync, readFileSync, statSync, symlinkSync, lstatSync, writeFileSync, chmodSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { beginAtomicWrite, copyFileAtomic, removeStaleTempFiles, writeFileAtomic } from '../../node/host/atomic';
import { filesUnder, hostError, sqliteImage, useTempFolders } from './helpers';

describe('saving a file atomically', () => {
  const tempFolder = useTempFolders();

  it('replaces the whole file and leaves no temporary file behind', async () => {
    const folder = tempFolder();
    const path = join(folder, 'danh-gia.nq57');
    const first = await sqliteImage('first');
    const second = await sqliteImage('second', 200);
    await writeFileAtomic(path, first);
    expect(readFileSync(path).equals(first)).toBe(true);
    await writeFileAtomic(path, second);
    expect(readFileSync(path).equals(second)).toBe(true);
    expect(filesUnder(folder)).toEqual(['danh-gia.nq57']);
  });

  it('never shows a reader a torn file: 100 saves watched by a concurrent reader see only whole images', async () => {
    const folder = tempFolder();
    const path = join(folder, 'danh-gia.nq57');
    const images = [await sqliteImage('a', 3000), await sqliteImage('b', 4000)].map((b) => Buffer.from(b));
    await writeFileAtomic(path, images[0]!);
    let saving = true;
    const reads: Promise<number> = (async () => {
      let count = 0;
      while (saving) {
        const bytes = await readFile(path);
        expect(images.some((image) => image.equals(bytes))).toBe(true);
        count += 1;
      }
      return count;
    })();
    for (let i = 1; i <= 100; i++) await writeFileAtomic(path, images[i % 2]!);
    saving = false;
    expect(await reads).toBeGreaterThan(0);
    expect(filesUnder(folder)).toEqual(['danh-gia.nq57']);
  });

  it('keeps the permissions of the file it replaces, whatever the umask', async () => {
    for (const mode of [0o640, 0o666, 0o600]) {
      const path = join(tempFolder(), 'danh-gia.nq57');
      writeFileSync(path, 'old');
      chmodSync(path, mode);
      await writeFileAtomic(path, Buffer.from('new'));
      expect(statSync(path).mode & 0o777).toBe(mode);
    }
  });

  it('writes through a symbolic link to the real file, and the link stays a link', async () => {
    const folder = tempFolder();
    mkdirSync(join(folder, 'real'));
    writeFileSync(join(folder, 'real', 'danh-gia.nq57'), 'old');
    symlinkSync(join(folder, 'real', 'danh-gia.nq57'), join(folder, 'link.nq57'));
    await writeFileAtomic(join(folder, 'link.nq57'), Buffer.from('new'));
    expect(lstatSync(join(folder, 'link.nq57')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(folder, 'real', 'danh-gia.nq57'), 'utf8')).toBe('new');
  });

  it('when the save fails, says why in both languages, keeps the old file and removes the temporary file', async () => {
    const folder = tempFolder();
    // The rename fails: a folder stands where the file should go.
    mkdirSync(join(folder, 'danh-gia.nq57'));
    writeFileSync(join(folder, 'danh-gia.nq57', 'inside'), 'untouched');
    const error = await hostError(writeFileAtomic(join(folder, 'danh-gia.nq57'), Buffer.from('new')), 'write-failed');
    expect(error.text.vi).toContain('Không lưu được tệp');
    expect(error.text.en).toContain('Could not save');
    expect(error.text.en).toContain('danh-gia.nq57');
    expect(filesUnder(folder)).toEqual(['danh-gia.nq57/inside']);
  });

  it('into a folder that does not exist, fails with a sentence naming the path and the reason', async () => {
    const path = join(tempFolder(), 'missing', 'danh-gia.nq57');
    const error = await hostError(writeFileAtomic(path, Buffer.from('x')), 'write-failed');
    expect(error.text.vi).toBe(`Không lưu được tệp “${path}”: tệp hoặc thư mục không tồn tại.`);
    expect(error.text.en).toBe(`Could not save “${path}”: the file or folder does not exist.`);
  });

  it('an aborted write leaves the file as it was and no temporary file', async () => {
    const folder = tempFolder();
    const path = join(folder, 'danh-gia.nq57');
    writeFileSync(path, 'old');
    const pending = await beginAtomicWrite(path);
    await pending.write(Buffer.from('half of the n'));
    expect(readFileSync(path, 'utf8')).toBe('old');
    await pending.abort();
    await pending.abort();
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(filesUnder(folder)).toEqual(['danh-gia.nq57']);
  });

  it('a write that must not replace refuses an existing file and leaves it untouched', async () => {
    const folder = tempFolder();
    const path = join(folder, 'danh-gia.nq57');
    const pending = await beginAtomicWrite(path);
    await pending.write(Buffer.from('mine'));
    writeFileSync(path, 'someone else’s');
    await hostError(pending.commit({ replace: false }), 'exists');
    expect(readFileSync(path, 'utf8')).toBe('someone else’s');
    expect(filesUnder(folder)).toEqual(['danh-gia.nq57']);
  });

  it('copies a file over another atomically', async () => {
    const folder = tempFolder();
    writeFileSync(join(folder, 'from'), Buffer.alloc(3 * 1024 * 1024 + 5, 7));
    writeFileSync(join(folder, 'to'), 'old');
    await copyFileAtomic(join(folder, 'from'), join(folder, 'to'));
    expect(readFileSync(join(folder, 'to')).equals(readFileSync(join(folder, 'from')))).toBe(true);
    await hostError(copyFileAtomic(join(folder, 'nothing'), join(folder, 'to')), 'read-failed');
    expect(filesUnder(folder)).toEqual(['from', 'to']);
  });

  it('removes the temporary files a killed save left beside the file, and nothing else', async () => {
    const folder = tempFolder();
    const path = join(folder, 'danh-gia.nq57');
    writeFileSync(path, 'db');
    for (const name of ['.danh-gia.nq57.4242.0badf00d.tmp', '.danh-gia.nq57.77.12345678.tmp', '.other.nq57.4242.0badf00d.tmp', 'notes.tmp', '.danh-gia.nq57.backup']) {
      writeFileSync(join(folder, name), 'x');
    }
    expect(await removeStaleTempFiles(path)).toBe(2);
    expect(filesUnder(folder)).toEqual(['.danh-gia.nq57.backup', '.other.nq57.4242.0badf00d.tmp', 'danh-gia.nq57', 'notes.tmp']);
  });

  it('does not remove the temporary file of a save in flight in this process', async () => {
    const folder = tempFolder();
    const path = join(folder, 'danh-gia.nq57');
    const pending = await beginAtomicWrite(path);
    expect(await removeStaleTempFiles(path)).toBe(0);
    await pending.write(Buffer.from('new'));
    await pending.commit();
    expect(readFileSync(path, 'utf8')).toBe('new');
  });
});
