/**
 * Reading the zip container of a workbook that came from outside, without trusting it.
 *
 * The central directory is parsed here rather than by `unzipSync`, because `unzipSync` inflates a member
 * into a buffer of its *declared* size and keeps inflating past it, so a member that lies about its size
 * costs time in proportion to its real size. Here the caller checks declared sizes against its limits before
 * anything is inflated, and each member is then inflated in small steps with fflate's streaming `Inflate`,
 * stopping as soon as the output exceeds what the directory declared, and checking the CRC at the end.
 */
import { Inflate } from 'fflate';
import { text, type Text } from '../i18n/text';
import { decodeUtf8 } from './utf8';

export class ZipError extends Error {
  constructor(readonly why: Text) {
    super(why.en);
  }
}

export interface ZipEntry {
  /** The member's path, with forward slashes and no leading slash. */
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly crc: number;
  readonly compressedSize: number;
  /** The inflated size as the directory declares it; inflation stops beyond it. */
  readonly size: number;
  readonly localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 65_535;

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

const truncated = () =>
  new ZipError(text('Tệp nén bị cắt cụt hoặc hỏng (mục lục của tệp không đọc được)', 'The zip file is truncated or damaged (its directory cannot be read)'));

/** The members listed in the zip's central directory. */
export function zipDirectory(bytes: Uint8Array, maxEntries: number): ZipEntry[] {
  const n = bytes.length;
  if (n < 22) throw truncated();
  let eocd = -1;
  for (let p = n - 22; p >= Math.max(0, n - 22 - MAX_COMMENT); p--) {
    if (u32(bytes, p) === EOCD && p + 22 + u16(bytes, p + 20) <= n) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw truncated();
  const disk = u16(bytes, eocd + 4);
  const cdDisk = u16(bytes, eocd + 6);
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    throw new ZipError(text('Tệp nén dạng ZIP64 không được hỗ trợ (bảng tính này không cần đến dạng đó)', 'ZIP64 archives are not supported (no workbook of this size needs one)'));
  }
  if (disk !== 0 || cdDisk !== 0) throw new ZipError(text('Tệp nén chia nhiều phần không được hỗ trợ', 'Multi-part zip archives are not supported'));
  if (count > maxEntries) {
    throw new ZipError(text(`Tệp nén có ${count} thành phần, quá giới hạn ${maxEntries}`, `The zip holds ${count} members, more than the limit of ${maxEntries}`));
  }
  if (cdOffset + cdSize > eocd) throw truncated();
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || u32(bytes, p) !== CENTRAL) throw truncated();
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const crc = u32(bytes, p + 16);
    const compressedSize = u32(bytes, p + 20);
    const size = u32(bytes, p + 24);
    const nameLength = u16(bytes, p + 28);
    const extraLength = u16(bytes, p + 30);
    const commentLength = u16(bytes, p + 32);
    const localOffset = u32(bytes, p + 42);
    if (p + 46 + nameLength > eocd) throw truncated();
    const name = decodeUtf8(bytes.subarray(p + 46, p + 46 + nameLength)).replace(/\\/g, '/').replace(/^\/+/, '');
    entries.push({ name, method, flags, crc, compressedSize, size, localOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const CHUNK = 8192;

/**
 * The member's bytes. `tick` is called between steps (the caller's time budget). Throws ZipError when the
 * member is encrypted, uses an unknown compression, is cut short, inflates to more or less than its declared
 * size, or fails its CRC.
 */
export function inflateEntry(bytes: Uint8Array, e: ZipEntry, tick: () => void): Uint8Array {
  const damaged = (vi: string, en: string) => new ZipError(text(`Thành phần ${e.name} của tệp nén ${vi}`, `Member ${e.name} of the zip ${en}`));
  if (e.flags & 1) throw damaged('được mã hoá (tệp có mật khẩu?)', 'is encrypted (a password-protected file?)');
  const o = e.localOffset;
  if (o + 30 > bytes.length || u32(bytes, o) !== LOCAL) throw damaged('bị hỏng hoặc bị cắt cụt', 'is damaged or truncated');
  const start = o + 30 + u16(bytes, o + 26) + u16(bytes, o + 28);
  const end = start + e.compressedSize;
  if (end > bytes.length) throw damaged('bị cắt cụt', 'is truncated');
  const data = bytes.subarray(start, end);
  let out: Uint8Array;
  if (e.method === 0) {
    if (e.compressedSize !== e.size) throw damaged('khai báo sai kích thước', 'declares a wrong size');
    out = data;
  } else if (e.method === 8) {
    out = new Uint8Array(e.size);
    let filled = 0;
    const tooBig = damaged(
      `giải nén ra nhiều hơn kích thước khai báo (${e.size} byte): tệp có thể là "bom nén"`,
      `inflates to more than its declared size (${e.size} bytes): possibly a zip bomb`,
    );
    const inflater = new Inflate((chunk) => {
      if (filled + chunk.length > e.size) throw tooBig;
      out.set(chunk, filled);
      filled += chunk.length;
    });
    for (let p = 0; p < data.length || p === 0; p += CHUNK) {
      try {
        inflater.push(data.subarray(p, p + CHUNK), p + CHUNK >= data.length);
      } catch (err) {
        if (err === tooBig) throw err;
        throw damaged('bị hỏng (không giải nén được)', 'is damaged (cannot be inflated)');
      }
      tick();
    }
    if (filled !== e.size) throw damaged('khai báo sai kích thước', 'declares a wrong size');
  } else {
    throw damaged(`dùng kiểu nén không được hỗ trợ (${e.method})`, `uses an unsupported compression method (${e.method})`);
  }
  if (crc32(out) !== e.crc) throw damaged('bị hỏng (sai mã kiểm tra CRC)', 'is damaged (CRC mismatch)');
  return out;
}

let CRC_TABLE: Uint32Array | undefined;

function crc32(data: Uint8Array): number {
  if (!CRC_TABLE) {
    CRC_TABLE = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      CRC_TABLE[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
