/**
 * The byte-moving half of the host contract (shared/host/contract.ts), shared by the Electron main process
 * and the web server of `npm run web`: one open file at a time, locked while open, saved atomically after a
 * backup when one is due, never over a change someone else made on disk. It never opens the database: the
 * renderer does that (and all validation) in its worker. Dialogs are the caller's business.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { AttachmentCheck, AttachmentMeta, BackupInfo, DemoFile, OpenedFile, PickedFile, SavedFile } from '../shared/host/contract';
import { text } from '../shared/i18n/text';
import {
  acquireLock,
  addAttachment,
  appendJournal,
  clearJournal,
  MAX_RECORD_CHARS,
  readJournal,
  trimJournal,
  assertSqliteFile,
  assertUnchanged,
  attachmentStoreOf,

  fingerprint,
  HostError,
  listBackups,
  maybeBackup,
  readAttachment,
  restoreBackup,
  sha256Hex,
  verifyStore,
  writeFileAtomic,
  type DiskFingerprint,
  type FileLock,
} from './host';

interface Current {
  path: string;
  lock: FileLock;
  atOpen: DiskFingerprint;
  /** The last journal record's number (records not yet saved are in `<path>.journal`). */
  journalSeq: number;
}

export interface HostServiceOptions {
  /** Where the demo file lives (created by the renderer on first use). */
  demoPath: string;
  /** The interchange CSV the demo is built from. */
  demoCsvPath: string;
  /** A small JSON file remembering recent files; none when omitted. */
  recentPath?: string;
}

const RECENT_MAX = 10;

export class HostService {
  private current: Current | null = null;

  constructor(private readonly options: HostServiceOptions) {}

  get openPath(): string | null {
    return this.current?.path ?? null;
  }

  async open(path: string): Promise<OpenedFile> {
    await this.close();
    const lock = await acquireLock(path);
    try {
      await assertSqliteFile(path);
      const bytes = await readFile(path);
      const st = await stat(path);
      const atOpen: DiskFingerprint = { sha256: sha256Hex(bytes), size: bytes.length, mtimeMs: st.mtimeMs };
      const journal = await readJournal(path);
      this.current = { path, lock, atOpen, journalSeq: journal.reduce((m, r) => Math.max(m, r.seq), 0) };
      await this.remember(path);
      return { path, name: basename(path), bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
    } catch (e) {
      lock.release();
      throw e;
    }
  }

  async openDemo(): Promise<DemoFile> {
    const exists = await stat(this.options.demoPath).then(
      () => true,
      () => false,
    );
    if (exists) return { kind: 'existing', file: await this.open(this.options.demoPath) };
    return { kind: 'build', path: this.options.demoPath, csv: await readFile(this.options.demoCsvPath, 'utf8') };
  }

  /** Writes a new file and keeps it open; refuses to replace an existing file. */
  async create(path: string, bytes: Uint8Array): Promise<OpenedFile> {
    if (await stat(path).then(() => true, () => false)) {
      throw new HostError('exists', text(`Tệp “${path}” đã tồn tại; chọn tên khác`, `File “${path}” already exists; choose another name`));
    }
    await this.close();
    await mkdir(dirname(path), { recursive: true });
    const lock = await acquireLock(path);
    try {
      await writeFileAtomic(path, bytes);
      // A new file starts with no unsaved changes, whatever a journal of an earlier file by that name held.
      await clearJournal(path);
      this.current = { path, lock, atOpen: await fingerprint(path), journalSeq: 0 };
      await this.remember(path);
      return { path, name: basename(path), bytes };
    } catch (e) {
      lock.release();
      throw e;
    }
  }

  /**
   * `journaledThrough`: the last journal record the bytes include (the renderer knows; by default all of
   * them). Those records leave the journal once the bytes are safely on disk, not before.
   */
  async save(bytes: Uint8Array, journaledThrough?: number): Promise<SavedFile> {
    const c = this.requireOpen();
    await assertUnchanged(c.path, c.atOpen);
    const backup = await maybeBackup(c.path);
    await writeFileAtomic(c.path, bytes);
    c.atOpen = await fingerprint(c.path);
    await trimJournal(c.path, Math.min(journaledThrough ?? c.journalSeq, c.journalSeq));
    return { path: c.path, savedAt: new Date().toISOString(), backup: backup?.path ?? null };
  }

  /** Appends a change to the open file's journal, on the disk before this resolves; its number. */
  async journal(record: string): Promise<number> {
    const c = this.requireOpen();
    if (record.length > MAX_RECORD_CHARS) {
      throw new HostError('too-large', text('Một thay đổi quá lớn để ghi vào nhật ký', 'A change too large for the journal'));
    }
    const seq = c.journalSeq + 1;
    await appendJournal(c.path, { seq, record });
    c.journalSeq = seq;
    return seq;
  }

  /** The changes in the open file's journal that no save has included yet (after a crash), in order. */
  async pendingChanges(): Promise<{ seq: number; record: string }[]> {
    const c = this.requireOpen();
    return readJournal(c.path);
  }

  /**
   * Saves under a new path and switches to it, carrying every intact attachment of the current store along
   * (the bytes are the renderer's; which attachments they refer to is not the host's to read). A damaged
   * blob is left behind rather than failing the save-as halfway, after the switch to the new file.
   */
  async saveAs(path: string, bytes: Uint8Array): Promise<SavedFile> {
    const from = this.current ? attachmentStoreOf(this.current.path) : null;
    const attachments = from ? await intactAttachments(from) : [];
    const before = this.current?.path;
    const opened = await this.create(path, bytes);
    // The new file holds every change; the old one's journal would replay them onto the old file.
    if (before) await clearJournal(before);
    if (from) for (const sha of attachments) await this.copyAttachment(from, sha);
    return { path: opened.path, savedAt: new Date().toISOString(), backup: null };
  }

  async close(): Promise<void> {
    this.current?.lock.release();
    this.current = null;
  }

  async backups(): Promise<BackupInfo[]> {
    const c = this.requireOpen();
    return (await listBackups(c.path)).map((b) => ({ path: b.path, createdAt: b.createdAt.toISOString(), size: b.size }));
  }

  async restore(backupPath: string): Promise<OpenedFile> {
    const c = this.requireOpen();
    const known = (await listBackups(c.path)).some((b) => b.path === backupPath);
    if (!known) throw new HostError('not-found', text('Không phải bản sao lưu của tệp đang mở', 'Not a backup of the open file'));
    await restoreBackup(c.path, backupPath);
    // The restored image replaces what the journal's changes applied to.
    await clearJournal(c.path);
    const bytes = await readFile(c.path);
    c.atOpen = await fingerprint(c.path);
    return { path: c.path, name: basename(c.path), bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  }

  async addAttachment(file: PickedFile): Promise<AttachmentMeta> {
    const c = this.requireOpen();
    return addAttachment(attachmentStoreOf(c.path), { name: file.name, bytes: file.bytes });
  }

  async readAttachment(sha256: string): Promise<Uint8Array> {
    const c = this.requireOpen();
    return readAttachment(attachmentStoreOf(c.path), sha256);
  }

  async verifyAttachments(expected: readonly { sha256: string; size: number }[]): Promise<AttachmentCheck> {
    const c = this.requireOpen();
    const r = await verifyStore(attachmentStoreOf(c.path), expected);
    return { missing: r.missing.map((a) => a.sha256), corrupt: r.corrupt.map((a) => a.sha256), ok: r.ok };
  }

  /** Copies attachments from another evaluation file's store (a file picked for merging). */
  async copyAttachmentsFrom(otherFilePath: string, sha256s: readonly string[]): Promise<void> {
    for (const sha of sha256s) await this.copyAttachment(attachmentStoreOf(otherFilePath), sha);
  }

  private async copyAttachment(fromStore: string, sha: string): Promise<void> {
    const c = this.requireOpen();
    const bytes = await readAttachment(fromStore, sha);
    const target = join(attachmentStoreOf(c.path), sha.slice(0, 2), sha);
    if (await stat(target).then(() => true, () => false)) return;
    await mkdir(dirname(target), { recursive: true });
    await writeFileAtomic(target, bytes);
  }

  async recentFiles(): Promise<string[]> {
    if (!this.options.recentPath) return [];
    try {
      const list = JSON.parse(await readFile(this.options.recentPath, 'utf8')) as unknown;
      return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string').slice(0, RECENT_MAX) : [];
    } catch {
      return [];
    }
  }

  private async remember(path: string): Promise<void> {
    if (!this.options.recentPath) return;
    const list = [path, ...(await this.recentFiles()).filter((p) => p !== path)].slice(0, RECENT_MAX);
    await mkdir(dirname(this.options.recentPath), { recursive: true });
    await writeFile(this.options.recentPath, JSON.stringify(list, null, 2));
  }

  private requireOpen(): Current {
    if (!this.current) throw new HostError('no-file', text('Chưa mở tệp đánh giá nào', 'No evaluation file is open'));
    return this.current;
  }
}



/** The ids of every intact blob in an attachment store (`<sha[0..2]>/<sha>`); none when there is no store. */
async function intactAttachments(store: string): Promise<string[]> {
  const found: { sha256: string; size: number }[] = [];
  const folders = await readdir(store).catch(() => [] as string[]);
  for (const folder of folders.filter((f) => /^[0-9a-f]{2}$/.test(f))) {
    for (const name of await readdir(join(store, folder)).catch(() => [] as string[])) {
      if (!/^[0-9a-f]{64}$/.test(name) || !name.startsWith(folder)) continue;
      const size = await stat(join(store, folder, name)).then((st) => (st.isFile() ? st.size : undefined), () => undefined);
      if (size !== undefined) found.push({ sha256: name, size });
    }
  }
  const check = await verifyStore(store, found);
  const bad = new Set([...check.missing, ...check.corrupt].map((a) => a.sha256));
  return found.map((a) => a.sha256).filter((sha) => !bad.has(sha));
}
