// The file host: everything the CLI and the Electron main process do with evaluation files on disk.
// It moves bytes and never looks inside the database; every failure is a HostError with a sentence in
// Vietnamese and English. The intended order of calls:
//   open   acquireLock → removeStaleTempFiles → read the bytes → fingerprint → verifyStore (attachments)
//   save   assertUnchanged(fingerprint) → maybeBackup → writeFileAtomic → fingerprint (the new baseline)
//   edit   appendJournal (each change, flushed, before it shows as done); save trims it; open reads what is left
//   close  lock.release()  (also from process.on('exit'): it is synchronous for that reason)
export { fsFailure, HostError, isHostError } from './errors';
export { hashFile, sha256Hex } from './hash';
export { beginAtomicWrite, copyFileAtomic, removeStaleTempFiles, writeFileAtomic, type AtomicWrite } from './atomic';
export { assertUnchanged, fingerprint, type DiskFingerprint } from './disk-state';
export {
  backupFolderOf,
  backupNow,
  backupsToKeep,
  DEFAULT_BACKUP_INTERVAL_MS,
  listBackups,
  maybeBackup,
  pruneBackups,
  restoreBackup,
  type BackupInfo,
} from './backups';
export { acquireLock, lockPathOf, type FileLock, type LockOwner } from './lock';
export {
  addAttachment,
  attachmentStoreOf,
  DEFAULT_MAX_ATTACHMENT_BYTES,
  openableCopy,
  readAttachment,
  removeOpenableCopies,
  verifyStore,
  type AttachmentInfo,
  type StoreCheck,
} from './attachments';
export { ALLOWED_LABELS, ATTACHMENT_TYPES, type AttachmentType } from './file-types';
export { pack, unpack, DEFAULT_MAX_UNPACKED_BYTES, PACK_FORMAT, PACK_VERSION, type PackManifest, type PackMember } from './pack';
export { assertSqliteFile, hasSqliteHeader } from './sqlite-header';
export { safeFileName } from './safe-name';
export { appendJournal, clearJournal, journalPathOf, MAX_RECORD_CHARS, readJournal, trimJournal, type JournalRecord } from './journal';
