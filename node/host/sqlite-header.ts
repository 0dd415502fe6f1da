// The host knows nothing of our schema; the 16-byte header only stops it from putting something that is
// not a database where a database belongs (a backup restored over the file, a file packed for a colleague).
import { open } from 'node:fs/promises';
import { text } from '../../shared/i18n/text';
import { fsFailure, HostError } from './errors';
import { quote } from './format';

const HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export const hasSqliteHeader = (bytes: Uint8Array): boolean =>
  bytes.length >= HEADER.length && HEADER.equals(bytes.subarray(0, HEADER.length));

export async function assertSqliteFile(path: string): Promise<void> {
  const start = Buffer.alloc(HEADER.length);
  try {
    const handle = await open(path, 'r');
    try {
      await handle.read(start, 0, HEADER.length, 0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw fsFailure('read-failed', text('Không đọc được tệp', 'Could not read'), path, error);
  }
  if (!hasSqliteHeader(start)) {
    throw new HostError(
      'not-sqlite',
      text(
        `Tệp ${quote(path)} không phải là tệp đánh giá (không phải cơ sở dữ liệu SQLite).`,
        `${quote(path)} is not an evaluation file (not an SQLite database).`,
      ),
    );
  }
}
