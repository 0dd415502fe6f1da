// Reading a zip that came from elsewhere (a USB stick, an e-mail) without trusting it. The central
// directory is read from the end of the file, so nothing is inflated before every name and declared
// size has been checked; each member is then inflated as a stream that stops the moment its output
// passes the declared size (a zip bomb declares little and inflates a lot). fflate writes our archives;
// reading uses Node's zlib because it streams with back-pressure from a file, so memory stays flat.
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import { text, type Text } from '../../shared/i18n/text';
import { HostError } from './errors';
import { quote } from './format';

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  /** The inflated size the archive declares; inflating never produces more than this. */
  readonly size: number;
  readonly localHeaderOffset: number;
  readonly rawName: Buffer;
}

export interface ZipDirectory {
  readonly entries: readonly ZipEntry[];
  /** Where member data must end: the start of the central directory. */
  readonly dataEnd: number;
}

export function badArchive(archivePath: string, detail: Text, cause?: unknown): HostError {
  return new HostError(
    'bad-archive',
    text(
      `Tệp ${quote(archivePath)} không phải là gói tệp đánh giá hợp lệ: ${detail.vi}. Không có gì được giải nén.`,
      `${quote(archivePath)} is not a valid evaluation-file package: ${detail.en}. Nothing was unpacked.`,
    ),
    { cause },
  );
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

export async function readZipDirectory(handle: FileHandle, archivePath: string, maxEntries: number): Promise<ZipDirectory> {
  const bad = (vi: string, en: string) => badArchive(archivePath, text(vi, en));
  const fileSize = (await handle.stat()).size;
  const tailLength = Math.min(fileSize, 22 + 0xffff);
  const tail = await readAt(handle, fileSize - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('không phải tệp zip', 'it is not a zip file');
  const eocdOffset = fileSize - tailLength + eocd;
  const disk = tail.readUInt16LE(eocd + 4);
  const directoryDisk = tail.readUInt16LE(eocd + 6);
  const entriesHere = tail.readUInt16LE(eocd + 8);
  const count = tail.readUInt16LE(eocd + 10);
  const directorySize = tail.readUInt32LE(eocd + 12);
  const directoryOffset = tail.readUInt32LE(eocd + 16);
  if (disk !== 0 || directoryDisk !== 0 || entriesHere !== count) throw bad('gói bị chia thành nhiều phần', 'it is split into several parts');
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    throw bad('định dạng zip64 không được hỗ trợ', 'the zip64 format is not supported');
  }
  if (count > maxEntries) throw bad(`có quá nhiều mục (${count})`, `it has too many members (${count})`);
  if (directoryOffset + directorySize > eocdOffset || directorySize > MAX_DIRECTORY_BYTES) throw bad('mục lục zip bị hỏng', 'its zip directory is damaged');

  const directory = await readAt(handle, directoryOffset, directorySize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw bad('mục lục zip bị hỏng', 'its zip directory is damaged');
    const flags = directory.readUInt16LE(p + 8);
    const method = directory.readUInt16LE(p + 10);
    const compressedSize = directory.readUInt32LE(p + 20);
    const size = directory.readUInt32LE(p + 24);
    const nameLength = directory.readUInt16LE(p + 28);
    const extraLength = directory.readUInt16LE(p + 30);
    const commentLength = directory.readUInt16LE(p + 32);
    const localHeaderOffset = directory.readUInt32LE(p + 42);
    const rawName = directory.subarray(p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;
    if (p > directory.length) throw bad('mục lục zip bị hỏng', 'its zip directory is damaged');
    const name = decodeName(rawName, (flags & 0x800) !== 0);
    if (name === undefined) throw bad('có tên mục không đọc được', 'a member name is unreadable');
    if (flags & 0x1) throw bad(`mục ${quote(name)} được mã hóa`, `member ${quote(name)} is encrypted`);
    if (method !== 0 && method !== 8) throw bad(`mục ${quote(name)} dùng kiểu nén không hỗ trợ`, `member ${quote(name)} uses an unsupported compression`);
    if (method === 0 && compressedSize !== size) throw bad(`kích thước mục ${quote(name)} không nhất quán`, `member ${quote(name)} has inconsistent sizes`);
    entries.push({ name, method, compressedSize, size, localHeaderOffset, rawName: Buffer.from(rawName) });
  }
  return { entries, dataEnd: directoryOffset };
}

function decodeName(raw: Uint8Array, utf8: boolean): string | undefined {
  try {
    return utf8 ? new TextDecoder('utf-8', { fatal: true }).decode(raw) : Buffer.from(raw).toString('latin1');
  } catch {
    return undefined;
  }
}

/**
 * Where each member's data lies, after checking its local header repeats the central name, that the data
 * lies before the directory, and that no two members share bytes (overlapping members are how the
 * worst zip bombs multiply their output).
 */
export async function dataRanges(handle: FileHandle, archivePath: string, directory: ZipDirectory): Promise<Map<ZipEntry, number>> {
  const starts = new Map<ZipEntry, number>();
  const spans: { from: number; to: number; name: string }[] = [];
  for (const entry of directory.entries) {
    const header = await readAt(handle, entry.localHeaderOffset, 30);
    if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_SIGNATURE) {
      throw badArchive(archivePath, text(`mục ${quote(entry.name)} bị hỏng`, `member ${quote(entry.name)} is damaged`));
    }
    const nameLength = header.readUInt16LE(26);
    const extraLength = header.readUInt16LE(28);
    const localName = await readAt(handle, entry.localHeaderOffset + 30, nameLength);
    if (!localName.equals(entry.rawName)) {
      throw badArchive(archivePath, text(`tên mục ${quote(entry.name)} không nhất quán`, `member ${quote(entry.name)} has two different names`));
    }
    const start = entry.localHeaderOffset + 30 + nameLength + extraLength;
    if (start + entry.compressedSize > directory.dataEnd) {
      throw badArchive(archivePath, text(`mục ${quote(entry.name)} vượt ra ngoài gói`, `member ${quote(entry.name)} runs past the end of the package`));
    }
    starts.set(entry, start);
    spans.push({ from: entry.localHeaderOffset, to: start + entry.compressedSize, name: entry.name });
  }
  spans.sort((a, b) => a.from - b.from);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]!.from < spans[i - 1]!.to) {
      throw badArchive(archivePath, text(`các mục ${quote(spans[i]!.name)} chồng lên nhau`, `members overlap at ${quote(spans[i]!.name)}`));
    }
  }
  return starts;
}

/**
 * Inflates one member into `sink`, a chunk at a time. Stops with a HostError as soon as the output passes
 * the declared size, and when it ends short of it.
 */
export async function inflateMember(
  archivePath: string,
  entry: ZipEntry,
  start: number,
  sink: (chunk: Buffer) => Promise<void>,
): Promise<void> {
  const source =
    entry.compressedSize === 0
      ? Readable.from([])
      : createReadStream(archivePath, { start, end: start + entry.compressedSize - 1, highWaterMark: 256 * 1024 });
  let produced = 0;
  // Node 20's pipeline can report its own AbortError instead of the error the last stage threw, so
  // that error is kept here.
  let stopped: unknown;
  const consume = async (chunks: AsyncIterable<Buffer>): Promise<void> => {
    try {
      for await (const chunk of chunks) {
        produced += chunk.length;
        if (produced > entry.size) {
          throw badArchive(
            archivePath,
            text(`mục ${quote(entry.name)} giải nén ra nhiều hơn kích thước đã khai báo (có thể là "bom zip")`, `member ${quote(entry.name)} inflates to more than its declared size (a possible zip bomb)`),
          );
        }
        await sink(chunk);
      }
    } catch (error) {
      stopped = error;
      throw error;
    }
  };
  try {
    if (entry.method === 8) await pipeline(source, createInflateRaw(), consume);
    else await pipeline(source, consume);
  } catch (error) {
    const cause = stopped ?? error;
    if (cause instanceof HostError) throw cause;
    throw badArchive(archivePath, text(`mục ${quote(entry.name)} bị hỏng`, `member ${quote(entry.name)} is damaged`), cause);
  }
  if (produced !== entry.size) {
    throw badArchive(archivePath, text(`mục ${quote(entry.name)} ngắn hơn kích thước đã khai báo`, `member ${quote(entry.name)} is shorter than declared`));
  }
}
