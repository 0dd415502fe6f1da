// SHA-256 of files without loading them whole: reading a 50 MB file into one fresh buffer costs several
// times more than hashing it (page faults on the new allocation), so one 1 MiB buffer is reused.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

const CHUNK = 1 << 20;

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export interface FileDigest {
  readonly sha256: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** Hashes the file; size and mtime come from the same open handle, so the three describe one version. */
export async function hashFile(path: string): Promise<FileDigest> {
  const handle = await open(path, 'r');
  try {
    const { mtimeMs } = await handle.stat();
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(CHUNK);
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
    }
    return { sha256: hash.digest('hex'), size, mtimeMs };
  } finally {
    await handle.close();
  }
}
