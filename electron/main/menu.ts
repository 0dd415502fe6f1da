// The application menu, in Vietnamese or English. Items that touch the document are carried out by the
// page (it knows whether there are unsaved changes), so they only send a MenuAction; editing and zoom use
// Electron's roles. Types only from Electron, so the template can be checked in plain Node.
import type { MenuItemConstructorOptions } from 'electron';
import type { Language, MenuAction } from '../common/ipc';

export interface MenuState {
  readonly language: Language;
  /** Recent evaluation files, newest first. */
  readonly recent: readonly string[];
  /** Save, backups, import, merge and export need an open file. */
  readonly hasFile: boolean;
  /** An import or a merge is running (DocumentState.busy): nothing that would leave or change the file meanwhile. */
  readonly busy: boolean;
  /** Reload and the developer tools, only under `electron-vite dev`. */
  readonly developer: boolean;
}

export interface MenuActions {
  send: (action: MenuAction) => void;
  setLanguage: (language: Language) => void;
  showAbout: () => void;
}

const LABELS = {
  vi: {
    file: 'Tệp',
    new: 'Mới',
    open: 'Mở…',
    openRecent: 'Mở gần đây',
    noRecent: '(Chưa có tệp nào)',
    save: 'Lưu',
    saveAs: 'Lưu thành…',
    backups: 'Sao lưu…',
    import: 'Nhập dữ liệu…',
    merge: 'Gộp tệp…',
    export: 'Xuất…',
    quit: 'Thoát',
    edit: 'Sửa',
    undo: 'Hoàn tác',
    redo: 'Làm lại',
    cut: 'Cắt',
    copy: 'Sao chép',
    paste: 'Dán',
    selectAll: 'Chọn tất cả',
    view: 'Xem',
    reload: 'Tải lại',
    devTools: 'Công cụ phát triển',
    zoomIn: 'Phóng to',
    zoomOut: 'Thu nhỏ',
    resetZoom: 'Cỡ mặc định',
    language: 'Ngôn ngữ',
    help: 'Trợ giúp',
    about: 'Giới thiệu',
  },
  en: {
    file: 'File',
    new: 'New',
    open: 'Open…',
    openRecent: 'Open recent',
    noRecent: '(No files yet)',
    save: 'Save',
    saveAs: 'Save as…',
    backups: 'Backups…',
    import: 'Import data…',
    merge: 'Merge files…',
    export: 'Export…',
    quit: 'Quit',
    edit: 'Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select all',
    view: 'View',
    reload: 'Reload',
    devTools: 'Developer tools',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    resetZoom: 'Actual size',
    language: 'Language',
    help: 'Help',
    about: 'About',
  },
} as const;

// Each language is named in itself, so a user who switched by mistake can find the way back.
const LANGUAGE_NAMES: Record<Language, string> = { vi: 'Tiếng Việt', en: 'English' };

/** "&" marks a keyboard mnemonic in Windows menus; a path containing one must show it literally. */
const literal = (label: string): string => label.replaceAll('&', '&&');

export function applicationMenuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const l = LABELS[state.language];
  const send = (action: MenuAction) => () => actions.send(action);
  const free = !state.busy;
  const recent: MenuItemConstructorOptions[] =
    state.recent.length === 0
      ? [{ label: l.noRecent, enabled: false }]
      : state.recent.map((path) => ({ label: literal(path), enabled: free, click: send(`open-recent:${path}`) }));

  return [
    {
      label: l.file,
      submenu: [
        { label: l.new, accelerator: 'CmdOrCtrl+N', enabled: free, click: send('new') },
        { label: l.open, accelerator: 'CmdOrCtrl+O', enabled: free, click: send('open') },
        { label: l.openRecent, submenu: recent },
        { type: 'separator' },
        { label: l.save, accelerator: 'CmdOrCtrl+S', enabled: state.hasFile, click: send('save') },
        { label: l.saveAs, accelerator: 'CmdOrCtrl+Shift+S', enabled: state.hasFile, click: send('save-as') },
        { label: l.backups, enabled: state.hasFile && free, click: send('backups') },
        { type: 'separator' },
        { label: l.import, enabled: state.hasFile && free, click: send('import') },
        { label: l.merge, enabled: state.hasFile && free, click: send('merge') },
        { label: l.export, enabled: state.hasFile, click: send('export') },
        { type: 'separator' },
        { label: l.quit, role: 'quit' },
      ],
    },
    {
      label: l.edit,
      submenu: [
        { label: l.undo, role: 'undo' },
        { label: l.redo, role: 'redo' },
        { type: 'separator' },
        { label: l.cut, role: 'cut' },
        { label: l.copy, role: 'copy' },
        { label: l.paste, role: 'paste' },
        { label: l.selectAll, role: 'selectAll' },
      ],
    },
    {
      label: l.view,
      submenu: [
        ...(state.developer
          ? ([
              { label: l.reload, role: 'reload' },
              { label: l.devTools, role: 'toggleDevTools' },
              { type: 'separator' },
            ] satisfies MenuItemConstructorOptions[])
          : []),
        { label: l.zoomIn, role: 'zoomIn' },
        { label: l.zoomOut, role: 'zoomOut' },
        { label: l.resetZoom, role: 'resetZoom' },
        { type: 'separator' },
        {
          label: l.language,
          submenu: (['vi', 'en'] as const).map((language) => ({
            label: LANGUAGE_NAMES[language],
            type: 'radio',
            checked: state.language === language,
            click: () => actions.setLanguage(language),
          })),
        },
      ],
    },
    { label: l.help, submenu: [{ label: l.about, click: actions.showAbout }] },
  ];
}
