import { describe, expect, it } from 'vitest';
import { startWithFromArgv } from '../../electron/main/start';
import { startFakeDesktop, valueOf } from './helpers';

describe('what the app shows first', () => {
  it('is the demo when started without a file', () => {
    expect(startWithFromArgv(['C:\\Program Files\\NQ57\\nq57.exe'], true, 'C:\\')).toEqual({ kind: 'demo' });
    expect(startWithFromArgv(['/usr/lib/electron/electron', '.'], false, '/src/nq57')).toEqual({ kind: 'demo' });
    expect(startWithFromArgv(['/usr/lib/electron/electron', 'out/main/index.js', '--no-sandbox'], false, '/src/nq57')).toEqual({ kind: 'demo' });
  });

  it('is the file given after the app path, resolved against the working folder', () => {
    expect(startWithFromArgv(['/opt/nq57/nq57', '--enable-logging', 'ho-so/2026.nq57'], true, '/home/lan')).toEqual({
      kind: 'file',
      path: '/home/lan/ho-so/2026.nq57',
    });
    expect(startWithFromArgv(['/usr/bin/electron', '.', '/data/Hồ sơ.NQ57'], false, '/src')).toEqual({ kind: 'file', path: '/data/Hồ sơ.NQ57' });
  });

  it('never takes the app path itself, a switch or another kind of file for the file', () => {
    expect(startWithFromArgv(['/opt/x.nq57'], true, '/')).toEqual({ kind: 'demo' });
    expect(startWithFromArgv(['/usr/bin/electron', '/src/a.nq57'], false, '/')).toEqual({ kind: 'demo' });
    expect(startWithFromArgv(['/opt/nq57/nq57', '--file=a.nq57', 'bang.xlsx'], true, '/')).toEqual({ kind: 'demo' });
  });

  it('reaches the page through info()', async () => {
    const d = await startFakeDesktop({ argv: ['/opt/nq57/nq57', '/data/ho-so.nq57'] });
    try {
      expect(valueOf(await d.fake.invoke('nq57:info'))).toMatchObject({ startWith: { kind: 'file', path: '/data/ho-so.nq57' } });
    } finally {
      await d.cleanup();
    }
  });
});
