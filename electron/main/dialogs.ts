// What the file dialogs say and which files they offer, in the user's language. Data only, so the
// wording can be checked without Electron.
import { basename, dirname, extname, join } from 'node:path';
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { Language } from '../common/ipc';

const NQ57 = { vi: 'Tệp đánh giá NQ57', en: 'NQ57 evaluation file' } as const;

const EXPORT_TYPES = {
  xlsx: { vi: 'Bảng tính Excel', en: 'Excel workbook' },
  csv: { vi: 'Tệp CSV', en: 'CSV file' },
  pdf: { vi: 'Tài liệu PDF', en: 'PDF document' },
  json: { vi: 'Dữ liệu JSON', en: 'JSON data' },
  zip: { vi: 'Tệp nén ZIP', en: 'ZIP archive' },
} as const;

export type ExportExtension = keyof typeof EXPORT_TYPES;

export const EXPORT_EXTENSIONS = Object.keys(EXPORT_TYPES) as ExportExtension[];

export const isExportExtension = (extension: string): extension is ExportExtension => extension in EXPORT_TYPES;

const evaluationFilter = (lang: Language) => [{ name: `${NQ57[lang]} (*.nq57)`, extensions: ['nq57'] }];

export function openEvaluationDialog(lang: Language, folder: string): OpenDialogOptions {
  return {
    title: lang === 'vi' ? 'Mở tệp đánh giá' : 'Open an evaluation file',
    defaultPath: folder,
    filters: evaluationFilter(lang),
    properties: ['openFile'],
  };
}

export function createEvaluationDialog(lang: Language, folder: string): SaveDialogOptions {
  return {
    title: lang === 'vi' ? 'Tạo tệp đánh giá mới' : 'Create a new evaluation file',
    buttonLabel: lang === 'vi' ? 'Tạo' : 'Create',
    defaultPath: join(folder, lang === 'vi' ? 'danh-gia.nq57' : 'evaluation.nq57'),
    filters: evaluationFilter(lang),
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  };
}

/** Suggests "<name> (bản sao).nq57" beside the open file. */
export function saveAsDialog(lang: Language, currentPath: string | null, folder: string): SaveDialogOptions {
  const stem = currentPath ? basename(currentPath, extname(currentPath)) : lang === 'vi' ? 'danh-gia' : 'evaluation';
  const copy = lang === 'vi' ? 'bản sao' : 'copy';
  return {
    title: lang === 'vi' ? 'Lưu tệp đánh giá thành' : 'Save the evaluation file as',
    defaultPath: join(currentPath ? dirname(currentPath) : folder, `${stem} (${copy}).nq57`),
    filters: evaluationFilter(lang),
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  };
}

export function importDialog(lang: Language, folder: string): OpenDialogOptions {
  return {
    title: lang === 'vi' ? 'Chọn tệp dữ liệu để nhập' : 'Choose data files to import',
    defaultPath: folder,
    filters: [{ name: lang === 'vi' ? 'Dữ liệu (CSV, Excel)' : 'Data (CSV, Excel)', extensions: ['csv', 'xlsx'] }],
    properties: ['openFile', 'multiSelections'],
  };
}

export function mergeDialog(lang: Language, folder: string): OpenDialogOptions {
  return {
    title: lang === 'vi' ? 'Chọn các tệp đánh giá để gộp' : 'Choose evaluation files to merge',
    defaultPath: folder,
    filters: evaluationFilter(lang),
    properties: ['openFile', 'multiSelections'],
  };
}

export function exportDialog(lang: Language, folder: string, fileName: string, extension: ExportExtension): SaveDialogOptions {
  return {
    title: lang === 'vi' ? 'Xuất tệp' : 'Export',
    buttonLabel: lang === 'vi' ? 'Xuất' : 'Export',
    defaultPath: join(folder, fileName),
    filters: [{ name: `${EXPORT_TYPES[extension][lang]} (*.${extension})`, extensions: [extension] }],
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  };
}

/** A path the user typed without the extension gets it (Linux dialogs do not add it). */
export function withExtension(path: string, extension: string): string {
  return path.toLowerCase().endsWith(`.${extension}`) ? path : `${path}.${extension}`;
}
