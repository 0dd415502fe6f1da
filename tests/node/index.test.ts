import { describe, expect, it } from 'vitest';
import * as host from '../../node/host';

describe('the file host API (node/host)', () => {
  it('offers what the CLI and the Electron main process use, and nothing else', () => {
    expect(Object.keys(host).sort()).toEqual(
      [
        'ALLOWED_LABELS',
        'ATTACHMENT_TYPES',
        'DEFAULT_BACKUP_INTERVAL_MS',
        'DEFAULT_MAX_ATTACHMENT_BYTES',
        'DEFAULT_MAX_UNPACKED_BYTES',
        'HostError',
        'MAX_RECORD_CHARS',
        'PACK_FORMAT',
        'PACK_VERSION',
        'acquireLock',
        'addAttachment',
        'appendJournal',
        'assertSqliteFile',
        'assertUnchanged',
        'attachmentStoreOf',
        'backupFolderOf',
        'backupNow',
        'backupsToKeep',
        'beginAtomicWrite',
        'clearJournal',
        'copyFileAtomic',
        'fingerprint',
        'fsFailure',
        'hashFile',
        'hasSqliteHeader',
        'isHostError',
        'journalPathOf',
        'listBackups',
        'lockPathOf',
        'maybeBackup',
        'openableCopy',
        'pack',
        'pruneBackups',
        'readAttachment',
        'readJournal',
        'removeOpenableCopies',
        'removeStaleTempFiles',
        'restoreBackup',
        'safeFileName',
        'sha256Hex',
        'trimJournal',
        'unpack',
        'verifyStore',
        'writeFileAtomic',
      ].sort(),
    );
  });

  it('fails with a HostError carrying Vietnamese and English', () => {
    const error = new host.HostError('locked', { vi: 'Tệp đang được mở.', en: 'The file is open.' });
    expect(error).toBeInstanceOf(Error);
    expect(host.isHostError(error)).toBe(true);
    expect(error.message).toBe('Tệp đang được mở. / The file is open.');
    expect(error.code).toBe('locked');
  });
});
