// The menu as data; tests/electron/window.test.ts checks it wired into the app (language switch, actions).
import { describe, expect, it, vi } from 'vitest';
import { applicationMenuTemplate, type MenuState } from '../../electron/main/menu';

const state: MenuState = { language: 'vi', recent: [], hasFile: true, developer: false };

describe('the application menu', () => {
  it('is in Vietnamese: Tệp, Sửa, Xem, Trợ giúp', () => {
    const menu = applicationMenuTemplate(state, { send: vi.fn(), setLanguage: vi.fn(), showAbout: vi.fn() });
    expect(menu.map((item) => item.label)).toEqual(['Tệp', 'Sửa', 'Xem', 'Trợ giúp']);
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
