/**
 * Recognising an evaluation file before trusting it: the SQLite header, SQLite's own integrity check, our
 * application id, and the schema version (older → migrate, newer → refuse naming the app version needed).
 * Every failure is one clear sentence in Vietnamese and English.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { text, type Text } from '../i18n/text';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_INTRODUCED_IN, SCHEMA_VERSION } from './schema';

export class FileError extends Error {
  constructor(
    readonly code: string,
    readonly text: Text,
  ) {
    super(`${text.vi} | ${text.en}`);
    this.name = 'FileError';
  }
}

const HEADER = 'SQLite format 3\u0000';

export function hasSqliteHeader(bytes: Uint8Array): boolean {
  if (bytes.length < 100) return false;
  for (let i = 0; i < HEADER.length; i++) if (bytes[i] !== HEADER.charCodeAt(i)) return false;
  return true;
}

/**
 * How thoroughly SQLite checks a database. 'full' is `PRAGMA integrity_check`; 'quick' is `PRAGMA
 * quick_check`, which checks every page and record but not that each index matches its table (a quarter of
 * the time on the demo file).
 */
export type IntegrityCheck = 'full' | 'quick';

/**
 * The check made when a file is opened: one of the above, or 'later' (none now: the caller makes one before
 * it trusts what it read or writes the file). The app opens with 'later' so that the first screen comes
 * sooner, makes the quick check once that screen is up, and the full one before it first writes the file
 * (EngineSession.check and verify): a damaged file is still never saved over.
 */
export type OpenCheck = IntegrityCheck | 'later';

/** Opens the bytes as a database and checks that they are an evaluation file this app can use. */
export function openDatabase(SQL: SqlJsStatic, bytes: Uint8Array, integrity: OpenCheck = 'full'): { db: Database; schemaVersion: number } {
  if (bytes.length === 0) {
    throw new FileError('empty', text('Tệp rỗng (0 byte), không phải tệp đánh giá', 'The file is empty (0 bytes), not an evaluation file'));
  }
  if (!hasSqliteHeader(bytes)) {
    throw new FileError(
      'not-sqlite',
      text(
        'Tệp không phải tệp đánh giá: không có phần đầu của cơ sở dữ liệu SQLite (tệp khác hoặc đã hỏng)',
        'Not an evaluation file: it has no SQLite database header (another kind of file, or damaged)',
      ),
    );
  }
  const expected = declaredSize(bytes);
  if (expected !== null && expected > bytes.length) {
    throw damaged(`${bytes.length} / ${expected} byte`);
  }
  let db: Database;
  try {
    db = new SQL.Database(bytes);
  } catch {
    throw damaged();
  }
  try {
    if (integrity !== 'later') checkIntegrity(db, integrity);
    if (scalar(db, 'PRAGMA application_id') !== APPLICATION_ID) {
      throw new FileError(
        'foreign',
        text(
          'Đây là một cơ sở dữ liệu SQLite nhưng không phải tệp đánh giá của phần mềm này',
          'This is an SQLite database, but not an evaluation file of this software',
        ),
      );
    }
    const version = Number(scalar(db, 'PRAGMA user_version'));
    if (version > SCHEMA_VERSION) {
      const written = metaValue(db, 'app_version');
      const needed = SCHEMA_INTRODUCED_IN[version] ?? written ?? `> ${SCHEMA_INTRODUCED_IN[SCHEMA_VERSION]}`;
      throw new FileError(
        'newer',
        text(
          `Tệp được tạo bởi phiên bản mới hơn của phần mềm (cấu trúc số ${version}); cần phiên bản ${needed} trở lên để mở`,
          `The file was made by a newer version of the software (schema ${version}); version ${needed} or later is needed to open it`,
        ),
      );
    }
    if (version < 1) throw damaged('user_version 0');
    return { db, schemaVersion: version };
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Runs SQLite's own check of the database; a problem is the 'damaged' FileError naming SQLite's first finding. */
export function checkIntegrity(db: Database, integrity: IntegrityCheck = 'full'): void {
  let check: unknown;
  try {
    check = scalar(db, integrity === 'full' ? 'PRAGMA integrity_check' : 'PRAGMA quick_check');
  } catch (e) {
    throw damaged(e instanceof Error ? e.message : String(e));
  }
  if (check !== 'ok') throw damaged(firstFinding(String(check)));
}

/**
 * SQLite's first finding, without its heading: "Tree 13 page 13: btreeInitPage() returns error code 11", not
 * that line under "*** in database main ***" and followed by a hundred "Page N: never used".
 */
function firstFinding(report: string): string {
  return report.split('\n').find((line) => line.trim() && !/^\*\*\* in database \w+ \*\*\*$/.test(line.trim()))?.trim() ?? report;
}

/**
 * The database size the header declares (page size × page count), or null when the header's count is not
 * trustworthy (written by an old SQLite: "version-valid-for" differs from the change counter).
 */
function declaredSize(bytes: Uint8Array): number | null {
  const u32 = (o: number) => ((bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!) >>> 0;
  const raw = (bytes[16]! << 8) | bytes[17]!;
  const pageSize = raw === 1 ? 65536 : raw;
  if (u32(24) !== u32(92)) return null;
  return pageSize * u32(28);
}

function damaged(detail?: string): FileError {
  return new FileError(
    'damaged',
    text(
      `Tệp đánh giá bị hỏng${detail ? ` (${detail})` : ''}; hãy khôi phục từ bản sao lưu`,
      `The evaluation file is damaged${detail ? ` (${detail})` : ''}; restore it from a backup`,
    ),
  );
}

/** Applies the migrations after `from`, in one transaction: a failure leaves the database as it was. */
export function migrate(db: Database, from: number): void {
  if (from >= SCHEMA_VERSION) return;
  db.run('BEGIN');
  try {
    for (let v = from; v < SCHEMA_VERSION; v++) db.run(MIGRATIONS[v]!);
    db.run(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.run('COMMIT');
  } catch (e) {
    db.run('ROLLBACK');
    throw e;
  }
}

export function scalar(db: Database, sql: string, params: (string | number | null)[] = []): unknown {
  const st = db.prepare(sql);
  try {
    st.bind(params);
    return st.step() ? st.get()[0] : undefined;
  } finally {
    st.free();
  }
}

function metaValue(db: Database, key: string): string | undefined {
  try {
    const v = scalar(db, 'SELECT value FROM meta WHERE key = ?', [key]);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}
