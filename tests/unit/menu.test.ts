import { describe, expect, it, vi } from 'vitest';
import { applicationMenuTemplate } from '../../electron/main/menu';

describe('the application menu', () => {
  it('is in Vietnamese: Tệp → Thoát, Trợ giúp → Giới thiệu', () => {
    const showAbout = vi.fn();
    const menu = applicationMenuTemplate({ showAbout });
    const labels = menu.map((item) => [
      item.label,
      (Array.isArray(item.submenu) ? item.submenu : []).map((entry) => entry.label),
    ]);
    expect(labels).toEqual([
      ['Tệp', ['Thoát']],
      ['Trợ giúp', ['Giới thiệu']],
    ]);
  });

  it('quits through the quit role and opens the about box on demand', () => {
    const showAbout = vi.fn();
    const [file, help] = applicationMenuTemplate({ showAbout });
    const quit = Array.isArray(file?.submenu) ? file.submenu[0] : undefined;
    const about = Array.isArray(help?.submenu) ? help.submenu[0] : undefined;
    expect(quit?.role).toBe('quit');
    about?.click?.(undefined as never, undefined, undefined as never);
    expect(showAbout).toHaveBeenCalledTimes(1);
  });
});
