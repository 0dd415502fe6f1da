import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  showAbout: () => void;
}

export function applicationMenuTemplate(actions: MenuActions): MenuItemConstructorOptions[] {
  return [
    { label: 'Tệp', submenu: [{ label: 'Thoát', role: 'quit' }] },
    { label: 'Trợ giúp', submenu: [{ label: 'Giới thiệu', click: actions.showAbout }] },
  ];
}
