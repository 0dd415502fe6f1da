// The Host contract over IPC: one `ipcMain.handle` per method on `nq57:<method>`. Each handler answers
// only our own page (sender.ts), checks every argument at run time (validate.ts), lets HostService move
// the bytes, and returns an IpcResult, because Electron keeps only the message of a thrown Error and the
// page needs the bilingual {code, text}. Dialogs live here: the page asks "open", the main process asks
// the user where.
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { BrowserWindow, Dialog, IpcMain, Shell } from 'electron';
import type { HostFailure, HostInfo, PickedEvaluationFile, PickedFile } from '../../shared/host/contract';
import { text } from '../../shared/i18n/text';
import {
  ATTACHMENT_TYPES,
  attachmentStoreOf,
  assertSqliteFile,
  backupFolderOf,
  fsFailure,
  HostError,
  isHostError,
  openableCopy,
  safeFileName,
  writeFileAtomic,
  MAX_RECORD_CHARS,
} from '../../node/host';
import { hasSqliteHeader } from '../../node/host/sqlite-header';
import { extensionOf } from '../../node/host/file-types';
import { formatSize, quote } from '../../node/host/format';
import type { HostService } from '../../node/host-service';
import { channelOf, type DesktopMethod, type DocumentState, type HostMethod, type IpcResult, type Language } from '../common/ipc';
import {
  createEvaluationDialog,
  exportDialog,
  importDialog,
  isExportExtension,
  mergeDialog,
  openEvaluationDialog,
  saveAsDialog,
  withExtension,
  EXPORT_EXTENSIONS,
} from './dialogs';
import { isFromOwnPage } from './sender';
import {
  ARG,
  DEFAULT_LIMITS,
  EVALUATION_FILE_EXTENSION,
  expectArity,
  expectArray,
  expectBackupPath,
  expectBoolean,
  expectBytes,
  expectEvaluationPath,
  expectRecord,
  expectSha256,
  expectSize,
  expectString,
  invalid,
  type PayloadLimits,
} from './validate';

export interface IpcContext {
  readonly service: HostService;
  /** The one main window, whose main frame alone may call. */
  readonly window: () => BrowserWindow | null;
  /** The page we loaded (file:// of the built renderer, or the dev server). */
  readonly entryUrl: string;
  readonly info: () => HostInfo;
  readonly dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;
  readonly shell: Pick<Shell, 'openPath'>;
  /** Where dialogs start when no file is open (the user's Documents). */
  readonly documentsFolder: () => string;
  readonly language: () => Language;
  readonly setLanguage: (lang: Language) => Promise<void>;
  readonly setDocumentState: (state: DocumentState) => void;
  readonly reportSaved: (ok: boolean) => void;
  /** The open file or the recent list changed (the menu shows both). */
  readonly filesChanged: () => void;
  /** Prints an HTML document to PDF in a hidden window (print-pdf.ts). */
  readonly printPdf: (html: string) => Promise<Uint8Array>;
  readonly limits?: PayloadLimits;
  /** Where unexpected errors go (the page sees a sentence; the stack stays here). */
  readonly logError?: (error: unknown) => void;
}

type Handler = (args: readonly unknown[]) => unknown;

const NOT_OUR_PAGE: HostFailure = {
  code: 'forbidden-sender',
  text: text('Yêu cầu bị từ chối: không đến từ trang của ứng dụng.', 'Request refused: it did not come from the app’s own page.'),
};

export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, ctx: IpcContext): void {
  const handlers = ipcHandlers(ctx);
  for (const method of Object.keys(handlers) as (HostMethod | DesktopMethod)[]) {
    const handler = handlers[method];
    ipcMain.handle(channelOf(method), async (event, ...args: unknown[]): Promise<IpcResult<unknown>> => {
      if (!isFromOwnPage(event, ctx.window(), ctx.entryUrl)) return { ok: false, failure: NOT_OUR_PAGE };
      try {
        return { ok: true, value: await handler(args) };
      } catch (error) {
        return { ok: false, failure: toFailure(error, ctx.logError) };
      }
    });
  }
}

function toFailure(error: unknown, logError: ((error: unknown) => void) | undefined): HostFailure {
  if (isHostError(error)) return { code: error.code, text: error.text };
  (logError ?? console.error)(error);
  const detail = error instanceof Error ? error.message : String(error);
  return {
    code: 'internal',
    text: text(`Đã xảy ra lỗi không mong đợi trong ứng dụng (${detail}).`, `An unexpected error occurred in the app (${detail}).`),
  };
}

/** One handler per channel; the Record type makes a missing method a compile error. */
function ipcHandlers(ctx: IpcContext): Record<HostMethod | DesktopMethod, Handler> {
  const limits = ctx.limits ?? DEFAULT_LIMITS;
  const service = ctx.service;
  /** Files picked for merging, by the opaque handle the page holds: the page never names a path to copy from. */
  const mergeHandles = new Map<string, string>();

  const window = (): BrowserWindow => {
    const w = ctx.window();
    if (!w) throw new HostError('no-window', text('Cửa sổ ứng dụng đã đóng.', 'The app window is closed.'));
    return w;
  };
  const startFolder = (): string => {
    const open = service.openPath;
    return open ? dirname(open) : ctx.documentsFolder();
  };
  const databaseBytes = (method: string, value: unknown): Uint8Array => {
    const bytes = expectBytes(method, ARG.content, value, limits.fileBytes);
    if (!hasSqliteHeader(bytes)) throw invalid(method, 'nội dung không phải cơ sở dữ liệu SQLite', 'the content is not an SQLite database');
    return bytes;
  };
  const chosenFile = async (method: string, pick: () => Promise<{ canceled: boolean; filePath?: string }>): Promise<string | null> => {
    const { canceled, filePath } = await pick();
    if (canceled || !filePath) return null;
    return expectEvaluationPath(method, withExtension(filePath, EVALUATION_FILE_EXTENSION.slice(1)), limits);
  };

  return {
    info: (args) => {
      expectArity('info', args, 0);
      return ctx.info();
    },

    recentFiles: (args) => {
      expectArity('recentFiles', args, 0);
      return service.recentFiles();
    },

    open: async (args) => {
      expectArity('open', args, 1);
      let path: string;
      if (args[0] === undefined) {
        const { canceled, filePaths } = await ctx.dialog.showOpenDialog(window(), openEvaluationDialog(ctx.language(), startFolder()));
        const picked = filePaths[0];
        if (canceled || picked === undefined) return null;
        path = expectEvaluationPath('open', picked, limits);
      } else {
        path = expectEvaluationPath('open', args[0], limits);
      }
      try {
        return await service.open(path);
      } finally {
        ctx.filesChanged();
      }
    },

    openDemo: async (args) => {
      expectArity('openDemo', args, 0);
      try {
        return await service.openDemo();
      } finally {
        ctx.filesChanged();
      }
    },

    create: async (args) => {
      expectArity('create', args, 2);
      const bytes = databaseBytes('create', args[0]);
      const path =
        args[1] === undefined
          ? await chosenFile('create', () => ctx.dialog.showSaveDialog(window(), createEvaluationDialog(ctx.language(), ctx.documentsFolder())))
          : expectEvaluationPath('create', args[1], limits);
      if (path === null) return null;
      try {
        return await service.create(path, bytes);
      } finally {
        ctx.filesChanged();
      }
    },

    save: (args) => {
      expectArity('save', args, 2);
      const through = args[1] === undefined ? undefined : expectSize('save', ARG.journaledThrough, args[1]);
      return service.save(databaseBytes('save', args[0]), through);
    },

    journal: (args) => {
      expectArity('journal', args, 1);
      return service.journal(expectString('journal', ARG.journalRecord, args[0], MAX_RECORD_CHARS));
    },

    pendingChanges: (args) => {
      expectArity('pendingChanges', args, 0);
      return service.pendingChanges();
    },

    saveAs: async (args) => {
      expectArity('saveAs', args, 1);
      const bytes = databaseBytes('saveAs', args[0]);
      const from = service.openPath;
      const path = await chosenFile('saveAs', () => ctx.dialog.showSaveDialog(window(), saveAsDialog(ctx.language(), from, ctx.documentsFolder())));
      if (path === null) return null;
      try {
        return await service.saveAs(path, bytes);
      } finally {
        ctx.filesChanged();
      }
    },

    close: async (args) => {
      expectArity('close', args, 0);
      await service.close();
      ctx.filesChanged();
    },

    backups: (args) => {
      expectArity('backups', args, 0);
      return service.backups();
    },

    restore: (args) => {
      expectArity('restore', args, 1);
      const open = service.openPath;
      const path = open
        ? expectBackupPath('restore', args[0], backupFolderOf(open), limits)
        : expectString('restore', ARG.backupPath, args[0], limits.stringChars);
      return service.restore(path);
    },

    addAttachment: (args) => {
      expectArity('addAttachment', args, 1);
      const file = expectRecord('addAttachment', ARG.file, args[0]);
      const name = expectString('addAttachment', ARG.fileName, file['name'], 255);
      const bytes = expectBytes('addAttachment', ARG.content, file['bytes'], limits.attachmentBytes);
      return service.addAttachment({ name, bytes });
    },

    openAttachment: async (args) => {
      expectArity('openAttachment', args, 2);
      const sha256 = expectSha256('openAttachment', args[0]);
      const name = expectString('openAttachment', ARG.fileName, args[1], 255);
      const open = service.openPath;
      if (!open) throw new HostError('no-file', text('Chưa mở tệp đánh giá nào', 'No evaluation file is open'));
      // A read-only copy in a fresh temp folder, named by what the content is (never a program).
      const copy = await openableCopy(attachmentStoreOf(open), sha256, name);
      if (!ATTACHMENT_TYPES.some((t) => t.extensions.includes(extensionOf(copy)))) {
        throw new HostError('type-not-allowed', text(`Không mở tệp ${quote(basename(copy))}.`, `Will not open ${quote(basename(copy))}.`));
      }
      const refusal = await ctx.shell.openPath(copy);
      if (refusal !== '') {
        throw new HostError(
          'open-failed',
          text(`Không mở được ${quote(basename(copy))}: ${refusal}. Máy có thể chưa có chương trình xem loại tệp này.`, `Could not open ${quote(basename(copy))}: ${refusal}. No viewer for this type may be installed.`),
        );
      }
    },

    verifyAttachments: (args) => {
      expectArity('verifyAttachments', args, 1);
      const list = expectArray('verifyAttachments', ARG.attachments, args[0], limits.listItems).map((item) => {
        const entry = expectRecord('verifyAttachments', ARG.attachment, item);
        // An id a user edited into the database is reported as corrupt by verifyStore, not refused here.
        return { sha256: expectString('verifyAttachments', ARG.attachmentId, entry['sha256'], 128), size: expectSize('verifyAttachments', ARG.size, entry['size']) };
      });
      return service.verifyAttachments(list);
    },

    pickImportFiles: async (args): Promise<PickedFile[]> => {
      expectArity('pickImportFiles', args, 0);
      const { canceled, filePaths } = await ctx.dialog.showOpenDialog(window(), importDialog(ctx.language(), startFolder()));
      if (canceled) return [];
      const picked: PickedFile[] = [];
      for (const path of filePaths) picked.push({ name: basename(path), bytes: await readPicked(path, limits.importBytes) });
      return picked;
    },

    pickMergeFiles: async (args): Promise<PickedEvaluationFile[]> => {
      expectArity('pickMergeFiles', args, 0);
      const { canceled, filePaths } = await ctx.dialog.showOpenDialog(window(), mergeDialog(ctx.language(), startFolder()));
      if (canceled) return [];
      const picked: PickedEvaluationFile[] = [];
      for (const path of filePaths) {
        await assertSqliteFile(path);
        const handle = randomUUID();
        picked.push({ name: basename(path), bytes: await readPicked(path, limits.fileBytes), handle });
        mergeHandles.set(handle, path);
      }
      return picked;
    },

    copyAttachmentsFrom: (args) => {
      expectArity('copyAttachmentsFrom', args, 2);
      const handle = expectString('copyAttachmentsFrom', ARG.handle, args[0], 64);
      const path = mergeHandles.get(handle);
      if (path === undefined) throw invalid('copyAttachmentsFrom', 'không phải tệp đã chọn để gộp', 'not a file picked for merging');
      const shas = expectArray('copyAttachmentsFrom', ARG.attachments, args[1], limits.listItems).map((s) => expectSha256('copyAttachmentsFrom', s));
      return service.copyAttachmentsFrom(path, shas);
    },

    exportFile: async (args) => {
      expectArity('exportFile', args, 2);
      const suggested = safeFileName(expectString('exportFile', ARG.fileName, args[0], 255), 'xuat');
      const extension = extensionOf(suggested);
      if (!isExportExtension(extension)) {
        throw invalid('exportFile', `chỉ xuất được tệp ${EXPORT_EXTENSIONS.join(', ')}`, `only ${EXPORT_EXTENSIONS.join(', ')} files can be exported`);
      }
      const bytes = expectBytes('exportFile', ARG.content, args[1], limits.exportBytes);
      const { canceled, filePath } = await ctx.dialog.showSaveDialog(window(), exportDialog(ctx.language(), startFolder(), suggested, extension));
      if (canceled || !filePath) return null;
      // The export's extension is forced, so an export can never land on an evaluation file.
      const path = resolve(withExtension(filePath, extension));
      await writeFileAtomic(path, bytes);
      return path;
    },

    printPdf: async (args) => {
      expectArity('printPdf', args, 1);
      const html = expectString('printPdf', ARG.html, args[0], limits.printHtmlChars);
      if (html.trim() === '') throw invalid('printPdf', 'tài liệu cần in trống', 'the document to print is empty');
      return ctx.printPdf(html);
    },

    setDocumentState: (args) => {
      expectArity('setDocumentState', args, 1);
      const state = expectRecord('setDocumentState', ARG.state, args[0]);
      ctx.setDocumentState({
        name: expectString('setDocumentState', ARG.fileName, state['name'], 255),
        dirty: expectBoolean('setDocumentState', ARG.dirty, state['dirty']),
        busy: state['busy'] === undefined ? false : expectBoolean('setDocumentState', ARG.busy, state['busy']),
      });
    },

    getLanguage: (args) => {
      expectArity('getLanguage', args, 0);
      return ctx.language();
    },

    setLanguage: (args) => {
      expectArity('setLanguage', args, 1);
      const lang = args[0];
      if (lang !== 'vi' && lang !== 'en') throw invalid('setLanguage', 'ngôn ngữ phải là "vi" hoặc "en"', 'the language must be "vi" or "en"');
      return ctx.setLanguage(lang);
    },

    reportSaved: (args) => {
      expectArity('reportSaved', args, 1);
      ctx.reportSaved(expectBoolean('reportSaved', ARG.saved, args[0]));
    },
  };
}

/** A file the user picked, read only if it is within the limit (a 4 GB video picked by mistake is refused unread). */
async function readPicked(path: string, maxBytes: number): Promise<Uint8Array> {
  const failed = (error: unknown) => fsFailure('read-failed', text('Không đọc được tệp', 'Could not read'), path, error);
  const info = await stat(path).catch((error: unknown) => {
    throw failed(error);
  });
  if (info.size > maxBytes) {
    const size = formatSize(info.size);
    const limit = formatSize(maxBytes);
    throw new HostError(
      'too-large',
      text(`Tệp ${quote(basename(path))} quá lớn (${size.vi}, tối đa ${limit.vi}).`, `${quote(basename(path))} is too large (${size.en}, at most ${limit.en}).`),
    );
  }
  const bytes = await readFile(path).catch((error: unknown) => {
    throw failed(error);
  });
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}


