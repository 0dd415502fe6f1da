/**
 * The desktop host: the preload bridge (`window.nq57Host`) is already Host-shaped, so this only picks the
 * contract's methods (the rest of the app sees a plain Host) and hands out the window's extras apart.
 */
import type { Host } from '../../../shared/host/contract';

export function createElectronHost(bridge: NQ57Bridge): Host {
  return {
    info: () => bridge.info(),
    recentFiles: () => bridge.recentFiles(),
    open: (path) => bridge.open(path),
    openDemo: () => bridge.openDemo(),
    create: (bytes, path) => bridge.create(bytes, path),
    save: (bytes, journaledThrough) => bridge.save(bytes, journaledThrough),
    journal: (record) => bridge.journal(record),
    pendingChanges: () => bridge.pendingChanges(),
    saveAs: (bytes) => bridge.saveAs(bytes),
    close: () => bridge.close(),
    backups: () => bridge.backups(),
    restore: (backupPath) => bridge.restore(backupPath),
    addAttachment: (file) => bridge.addAttachment(file),
    openAttachment: (sha256, name) => bridge.openAttachment(sha256, name),
    verifyAttachments: (expected) => bridge.verifyAttachments(expected),
    pickImportFiles: () => bridge.pickImportFiles(),
    pickMergeFiles: () => bridge.pickMergeFiles(),
    copyAttachmentsFrom: (handle, sha256s) => bridge.copyAttachmentsFrom(handle, sha256s),
    exportFile: (suggestedName, bytes) => bridge.exportFile(suggestedName, bytes),
    printPdf: (html) => bridge.printPdf(html),
  };
}

/** The desktop window’s own needs (menu, title, language, save before closing): `desktopShell(window.nq57Host)`, null in a browser. */
export type DesktopShell = Pick<NQ57Bridge, 'onMenu' | 'setDocumentState' | 'getLanguage' | 'setLanguage' | 'onRequestSave' | 'reportSaved'>;

export function desktopShell(bridge: NQ57Bridge | undefined): DesktopShell | null {
  if (!bridge) return null;
  return {
    onMenu: (callback) => bridge.onMenu(callback),
    setDocumentState: (state) => bridge.setDocumentState(state),
    getLanguage: () => bridge.getLanguage(),
    setLanguage: (lang) => bridge.setLanguage(lang),
    onRequestSave: (callback) => bridge.onRequestSave(callback),
    reportSaved: (ok) => bridge.reportSaved(ok),
  };
}
