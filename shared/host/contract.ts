/**
 * The host contract: everything the renderer asks of the world outside the page. The renderer keeps the
 * evaluation file in its worker (sql.js) and does all validation, scoring and querying; a host only moves
 * bytes between the renderer and the disk, safely (lock, atomic save, backups, changed-on-disk check,
 * attachment store). Two hosts implement it: Electron's main process through the preload bridge, and the
 * web server of `npm run web` through HTTP (how the app is tested end to end in Chromium).
 *
 * Every method rejects with a HostFailure (a sentence in Vietnamese and English), never a stack trace.
 */
import type { Text } from '../i18n/text';

export interface HostFailure {
  readonly code: string;
  readonly text: Text;
}

export interface HostInfo {
  readonly kind: 'electron' | 'web';
  readonly appVersion: string;
  /** What to show first: the demo file (started without a file), a file given on the command line, or the start screen. */
  readonly startWith: { readonly kind: 'demo' } | { readonly kind: 'file'; readonly path: string } | { readonly kind: 'start-screen' };
}

/** A file the host opened (and locked) for the renderer. */
export interface OpenedFile {
  readonly path: string;
  /** File name without folders, for the title bar. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * The demo: either the existing demo file, or (on first use) where to create it and the interchange CSV to
 * build it from; the renderer builds it and hands the bytes to `create`.
 */
export type DemoFile = { readonly kind: 'existing'; readonly file: OpenedFile } | { readonly kind: 'build'; readonly path: string; readonly csv: string };

export interface SavedFile {
  readonly path: string;
  /** ISO time of the save. */
  readonly savedAt: string;
  /** A backup taken before this save, if one was due. */
  readonly backup: string | null;
}

export interface BackupInfo {
  readonly path: string;
  readonly createdAt: string;
  readonly size: number;
}

export interface AttachmentMeta {
  readonly sha256: string;
  readonly name: string;
  readonly mediaType: string;
  readonly size: number;
}

export interface AttachmentCheck {
  readonly missing: readonly string[];
  readonly corrupt: readonly string[];
  readonly ok: number;
}

/** One change in the journal of unsaved changes: its number and the renderer's record of it. */
export interface JournalEntry {
  readonly seq: number;
  readonly record: string;
}

/** A file picked by the user for import or merge. */
export interface PickedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Another evaluation file picked for merging: its bytes and how to fetch its attachments. */
export interface PickedEvaluationFile extends PickedFile {
  /** Opaque handle for `copyAttachmentsFrom`. */
  readonly handle: string;
}

export interface Host {
  info(): Promise<HostInfo>;
  recentFiles(): Promise<readonly string[]>;
  /** Opens (and locks) a file: the given path, or one the user picks; null when the user cancels. */
  open(path?: string): Promise<OpenedFile | null>;
  openDemo(): Promise<DemoFile>;
  /** Writes a new file (refusing to replace an existing one) and keeps it open: the given path or one the user picks. */
  create(bytes: Uint8Array, path?: string): Promise<OpenedFile | null>;
  /**
   * Saves the open file atomically, after a backup if one is due; refuses if it changed on disk.
   * `journaledThrough`: the number of the last journal record the bytes include (default: all of them).
   */
  save(bytes: Uint8Array, journaledThrough?: number): Promise<SavedFile>;
  /**
   * Appends one change to the open file's journal of unsaved changes, on the disk before it resolves, and
   * gives its number. The app journals each edit before showing it as done, so a crash before the next
   * save loses nothing: opening the file again hands the changes back (pendingChanges).
   */
  journal(record: string): Promise<number>;
  /** The open file's journal records that no save has included (left by a crash), oldest first. */
  pendingChanges(): Promise<readonly JournalEntry[]>;
  /** Saves under a new name the user picks and switches to it; null when cancelled. */
  saveAs(bytes: Uint8Array): Promise<SavedFile | null>;
  /** Releases the open file (its lock). */
  close(): Promise<void>;
  backups(): Promise<readonly BackupInfo[]>;
  /** Restores a backup over the open file (backing up the current state first) and returns the restored bytes. */
  restore(backupPath: string): Promise<OpenedFile>;
  /** Stores a document in the open file's attachment store (type allow-list, size limit). */
  addAttachment(file: PickedFile): Promise<AttachmentMeta>;
  /** Shows an attachment with the system viewer, from a temporary copy (Electron); the web host downloads it. */
  openAttachment(sha256: string, name: string): Promise<void>;
  verifyAttachments(expected: readonly { sha256: string; size: number }[]): Promise<AttachmentCheck>;
  /** Lets the user pick files to import (.csv, .xlsx); empty when cancelled. */
  pickImportFiles(): Promise<readonly PickedFile[]>;
  /** Lets the user pick evaluation files to merge; empty when cancelled. */
  pickMergeFiles(): Promise<readonly PickedEvaluationFile[]>;
  /** Copies attachments of a picked file into the open file's store. */
  copyAttachmentsFrom(handle: string, sha256s: readonly string[]): Promise<void>;
  /** Saves an export (xlsx, csv, pdf) where the user picks; null when cancelled. */
  exportFile(suggestedName: string, bytes: Uint8Array): Promise<string | null>;
  /**
   * Prints a self-contained HTML document (the results' printable documents: page size and margins in its
   * @page rule, no scripts, no external resources) to PDF bytes: in a hidden window with JavaScript off
   * (Electron's printToPDF), or in Chromium on the web server. Nothing is saved: pass the bytes to exportFile.
   */
  printPdf(html: string): Promise<Uint8Array>;
}
