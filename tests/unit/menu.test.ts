// The menu as data; tests/electron/window.test.ts checks it wired into the app (language switch, actions).
import { describe, expect, it, vi } from 'vitest';
import { applicationMenuTemplate, type MenuState } from '../../electron/main/menu';

const state: MenuState = { language: 'vi', recent: [], hasFile: true, busy: false, developer: false };

describe('the application menu', () => {
  it('is in Vietnamese: Tệp, Sửa, Xem, Trợ giúp', () => {
    const menu = applicationMenuTemplate(state, { send: vi.fn(), setLanguage: vi.fn(), showAbout: vi.fn() });
    expect(menu.map((item) => item.label)).toEqual(['Tệp', 'Sửa', 'Xem', 'Trợ giúp']);
  });

  it('greys everything that would leave or change the file while an import or a merge runs, and nothing else', () => {
    const enabled = (busy: boolean) => {
      const [file] = applicationMenuTemplate({ ...state, busy, recent: ['D:/ho-so.nq57'] }, { send: vi.fn(), setLanguage: vi.fn(), showAbout: vi.fn() });
      const items = Array.isArray(file?.submenu) ? file.submenu.filter((i) => i.label) : [];
      return Object.fromEntries(
        items.flatMap((i) => (Array.isArray(i.submenu) ? i.submenu.map((r) => [`${i.label} › ${r.label}`, r.enabled !== false]) : [[i.label, i.enabled !== false]])),
      );
    };
    expect(enabled(false)).toEqual({ Mới: true, 'Mở…': true, 'Mở gần đây › D:/ho-so.nq57': true, Lưu: true, 'Lưu thành…': true, 'Sao lưu…': true, 'Nhập dữ liệu…': true, 'Gộp tệp…': true, 'Xuất…': true, Thoát: true });
    expect(enabled(true)).toEqual({ Mới: false, 'Mở…': false, 'Mở gần đây › D:/ho-so.nq57': false, Lưu: true, 'Lưu thành…': true, 'Sao lưu…': false, 'Nhập dữ liệu…': false, 'Gộp tệp…': false, 'Xuất…': true, Thoát: true });
  });

  it('quits through the quit role and opens the about box on demand', () => {
    const showAbout = vi.fn();
    const [file, , , help] = applicationMenuTemplate(state, { send: vi.fn(), setLanguage: vi.fn(), showAbout });
    const quit = Array.isArray(file?.submenu) ? file.submenu.find((item) => item.label === 'Thoát') : undefined;
    const about = Array.isArray(help?.submenu) ? help.submenu[0] : undefined;
    expect(quit?.role).toBe('quit');
    about?.click?.(undefined as never, undefined, undefined as never);
    expect(showAbout).toHaveBeenCalledTimes(1);
  });
});
