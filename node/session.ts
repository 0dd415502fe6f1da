/**
 * An evaluation file open for editing on disk: the lock that keeps a second instance out, the fingerprint
 * that stops a save from overwriting someone else's change, backups before saving, and atomic saves.
 * The CLI uses it per command; the Electron main process keeps one open per window.
 */
import { access, readFile, stat } from 'node:fs/promises';
import type { SqlJsStatic } from 'sql.js';
import { EvaluationFile } from '../shared/file/evaluation-file';
import { FileError } from '../shared/file/open';
import { text } from '../shared/i18n/text';
import { nodeFileEnv } from './file-env';
import {
  acquireLock,
  assertUnchanged,
  attachmentStoreOf,
  backupNow,
  fingerprint,
  fsFailure,
  HostError,
  maybeBackup,
  pruneBackups,
  sha256Hex,
  writeFileAtomic,
  type DiskFingerprint,
  type FileLock,
} from './host';
import { loadSqlJs } from './sqljs';

async function readWithFingerprint(path: string): Promise<{ bytes: Buffer; atOpen: DiskFingerprint }> {
  try {
    const before = await stat(path);
    const bytes = await readFile(path);
    return { bytes, atOpen: { sha256: sha256Hex(bytes), size: bytes.length, mtimeMs: before.mtimeMs } };
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') {
      throw new HostError('not-found', text(`Không tìm thấy tệp “${path}”`, `File “${path}” not found`));
    }
    throw fsFailure('read-failed', text('Không đọc được tệp', 'Could not read'), path, e);
  }
}

export class FileSession {
  private constructor(
    readonly path: string,
    readonly file: EvaluationFile,
    private lock: FileLock | null,
    private atOpen: DiskFingerprint | null,
    /** The schema the file had on disk, when opening upgraded it: back it up before the first save. */
    private migratedFrom: number | null,
  ) {}

  get attachmentStore(): string {
    return attachmentStoreOf(this.path);
  }

  /** Opens an existing file for editing (or only reading, without the lock). */
  static async open(path: string, opts: { actor: string; readOnly?: boolean; SQL?: SqlJsStatic }): Promise<FileSession> {
    const SQL = opts.SQL ?? (await loadSqlJs());
    const lock = opts.readOnly ? null : await acquireLock(path);
    try {
      // One read serves both the fingerprint and the bytes to open.
      const { bytes, atOpen } = await readWithFingerprint(path);
      // The Buffer itself: sql.js slices what it is given, and a Buffer's slice is a view, not a copy.
      const { file, migratedFrom } = EvaluationFile.open(SQL, bytes, nodeFileEnv(opts.actor));
      return new FileSession(path, file, lock, atOpen, migratedFrom);
    } catch (e) {
      lock?.release();
      throw e;
    }
  }

  /** Creates a new file; refuses to replace an existing one. */
  static async create(path: string, opts: { actor: string; province?: string; SQL?: SqlJsStatic }): Promise<FileSession> {
    if (await access(path).then(() => true, () => false)) {
      throw new HostError('exists', text(`Tệp “${path}” đã tồn tại; chọn tên khác`, `File “${path}” already exists; choose another name`));
    }
    const SQL = opts.SQL ?? (await loadSqlJs());
    const lock = await acquireLock(path);
    const file = EvaluationFile.create(SQL, nodeFileEnv(opts.actor), opts.province ? { province: opts.province } : {});
    return new FileSession(path, file, lock, null, null);
  }

  /** Saves atomically, after checking nobody changed the file on disk and backing up what is there. */
  async save(): Promise<void> {
    if (!this.lock) throw new FileError('read-only', text('Tệp đang mở chỉ để đọc', 'The file is open read-only'));
    if (this.atOpen) {
      await assertUnchanged(this.path, this.atOpen);
      if (this.migratedFrom !== null) {
        await backupNow(this.path);
        await pruneBackups(this.path);
        this.migratedFrom = null;
      } else {
        await maybeBackup(this.path);
      }
    }
    await writeFileAtomic(this.path, this.file.export());
    this.atOpen = await fingerprint(this.path);
  }

  close(): void {
    this.file.close();
    this.lock?.release();
    this.lock = null;
  }
}
