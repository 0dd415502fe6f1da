import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import { afterEach, expect } from 'vitest';
import { HostError } from '../../node/host/errors';

/** A fresh folder per test, removed afterwards. */
export function useTempFolders(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
  return () => {
    const folder = mkdtempSync(join(tmpdir(), 'nq57-host-'));
    made.push(folder);
    return folder;
  };
}

/** Every file under `folder`, as sorted relative paths. */
export function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();
}

/** Awaits a promise that must fail with a HostError of `code`, with a sentence in both languages. */
export async function hostError(promise: Promise<unknown>, code: string): Promise<HostError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected HostError('${code}')`).toBeInstanceOf(HostError);
  const hostError = error as HostError;
  expect(hostError.code).toBe(code);
  expect(hostError.text.vi.length).toBeGreaterThan(10);
  expect(hostError.text.en.length).toBeGreaterThan(10);
  expect(hostError.text.vi).not.toBe(hostError.text.en);
  return hostError;
}

let sql: Promise<SqlJsStatic> | undefined;
export const sqlJs = (): Promise<SqlJsStatic> => (sql ??= initSqlJs());

/** A real SQLite image: a table of `rows` rows whose text mentions `label`. */
export async function sqliteImage(label: string, rows = 50): Promise<Uint8Array> {
  const SQL = await sqlJs();
  const db = new SQL.Database();
  db.run('CREATE TABLE entry (id INTEGER PRIMARY KEY, unit TEXT, note TEXT)');
  db.run('CREATE INDEX entry_unit ON entry (unit)');
  db.run(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO entry (unit, note) SELECT ? || '-' || i, printf('%s ghi chú số %d — %s', ?, i, hex(randomblob(24))) FROM n`,
    [rows, label, label],
  );
  const bytes = db.export();
  db.close();
  return bytes;
}

/** `PRAGMA integrity_check` of an image, as sql.js reports it ("ok" for a sound database). */
export async function integrityOf(bytes: Uint8Array): Promise<string> {
  const SQL = await sqlJs();
  const db = new SQL.Database(bytes);
  try {
    return String(db.exec('PRAGMA integrity_check')[0]?.values[0]?.[0]);
  } finally {
    db.close();
  }
}

/** The smallest files of each allowed type that pass the content checks. */
export const samples = {
  pdf: strToU8('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  png: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
  jpg: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]),
  docx: zipSync({ '[Content_Types].xml': strToU8('<Types/>'), '_rels/.rels': strToU8('<Relationships/>'), 'word/document.xml': strToU8('<w:document/>') }),
  xlsx: zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<workbook/>') }),
  odt: zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }], 'content.xml': strToU8('<office:document-content/>') }),
  ods: zipSync({
    mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }],
    'content.xml': strToU8('<office:document-content/>'),
  }),
  /** The start of a Windows program (the "MZ" DOS header). */
  exe: new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]),
};
