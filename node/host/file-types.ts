// Which files may be attached as evidence, decided by the name's extension AND the content: a program
// renamed "decision.pdf" must not reach a colleague's laptop, and a viewer must receive what the
// extension promises. Office and OpenDocument files are zips, so their inside is checked too.
import { strFromU8, unzipSync } from 'fflate';

export interface AttachmentType {
  /** The extensions this type may carry, lower case, the usual one first. */
  readonly extensions: readonly string[];
  readonly mediaType: string;
  readonly label: string;
  matches(bytes: Uint8Array): boolean;
}

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0): boolean =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

// Readers accept "%PDF-" anywhere in the first 1024 bytes (some scanners write a preamble).
const isPdf = (bytes: Uint8Array): boolean => Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-');
const isZip = (bytes: Uint8Array): boolean => startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);

interface ZipListing {
  readonly names: readonly string[];
  readonly mimetype: string | undefined;
}

/** The names in a zip and its tiny `mimetype` entry, inflating nothing else (no zip bomb can go off here). */
function listZip(bytes: Uint8Array): ZipListing | undefined {
  if (!isZip(bytes)) return undefined;
  const names: string[] = [];
  try {
    const files = unzipSync(bytes, {
      filter: (file) => {
        names.push(file.name);
        return file.name === 'mimetype' && file.size <= 256 && file.originalSize <= 256;
      },
    });
    const mimetype = files.mimetype;
    return { names, mimetype: mimetype ? strFromU8(mimetype).trim() : undefined };
  } catch {
    return undefined;
  }
}

const isOoxml = (folder: string) => (bytes: Uint8Array): boolean => {
  const zip = listZip(bytes);
  return !!zip && zip.names.includes('[Content_Types].xml') && zip.names.some((n) => n.startsWith(folder));
};

const isOdf = (mimetype: string) => (bytes: Uint8Array): boolean => listZip(bytes)?.mimetype === mimetype;

export const ATTACHMENT_TYPES: readonly AttachmentType[] = [
  { extensions: ['pdf'], mediaType: 'application/pdf', label: 'PDF', matches: isPdf },
  { extensions: ['png'], mediaType: 'image/png', label: 'PNG', matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { extensions: ['jpg', 'jpeg'], mediaType: 'image/jpeg', label: 'JPG', matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  {
    extensions: ['docx'],
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    label: 'DOCX',
    matches: isOoxml('word/'),
  },
  {
    extensions: ['xlsx'],
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    label: 'XLSX',
    matches: isOoxml('xl/'),
  },
  { extensions: ['odt'], mediaType: 'application/vnd.oasis.opendocument.text', label: 'ODT', matches: isOdf('application/vnd.oasis.opendocument.text') },
  {
    extensions: ['ods'],
    mediaType: 'application/vnd.oasis.opendocument.spreadsheet',
    label: 'ODS',
    matches: isOdf('application/vnd.oasis.opendocument.spreadsheet'),
  },
];

export const ALLOWED_LABELS = ATTACHMENT_TYPES.map((t) => t.label).join(', ');

// Only to word the refusal ("a program"); anything not allowed is refused anyway.
const PROGRAM_EXTENSIONS = new Set(
  'exe com bat cmd msi msp scr pif dll cpl vbs vbe js jse wsf wsh ps1 psm1 hta jar lnk reg sh app apk deb rpm dmg run bin'.split(' '),
);

/** Programs by their signature: Windows (MZ), Linux (ELF), macOS (Mach-O, fat binaries), scripts (#!). */
function looksLikeProgram(bytes: Uint8Array): boolean {
  return (
    startsWith(bytes, ascii('MZ')) ||
    startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46]) ||
    [[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe]].some((s) =>
      startsWith(bytes, s),
    ) ||
    startsWith(bytes, ascii('#!'))
  );
}

/** Office macros (VBA in OOXML, Basic in OpenDocument) run code when opened. */
function hasMacros(bytes: Uint8Array): boolean {
  const zip = listZip(bytes);
  return !!zip && zip.names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n) || n.startsWith('Basic/'));
}

export const extensionOf = (name: string): string => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

export type Classification =
  | { readonly ok: true; readonly type: AttachmentType }
  | { readonly ok: false; readonly reason: 'program' | 'extension' | 'content' | 'macros'; readonly expected?: AttachmentType };

export function classify(name: string, bytes: Uint8Array): Classification {
  const extension = extensionOf(name);
  if (looksLikeProgram(bytes) || PROGRAM_EXTENSIONS.has(extension)) return { ok: false, reason: 'program' };
  const type = ATTACHMENT_TYPES.find((t) => t.extensions.includes(extension));
  if (!type) return { ok: false, reason: 'extension' };
  if (!type.matches(bytes)) return { ok: false, reason: 'content', expected: type };
  if (hasMacros(bytes)) return { ok: false, reason: 'macros' };
  return { ok: true, type };
}

/** The allowed type the content is, whatever the name says (for naming a copy handed to a viewer). */
export const typeOfContent = (bytes: Uint8Array): AttachmentType | undefined =>
  looksLikeProgram(bytes) ? undefined : ATTACHMENT_TYPES.find((t) => t.matches(bytes));
