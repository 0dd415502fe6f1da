import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  DEV_SERVER_CONTENT_SECURITY_POLICY,
  HARDENED_WEB_PREFERENCES,
  isNavigationAllowed,
  webPreferencesWithPreload,
  withContentSecurityPolicy,
} from '../../electron/main/security';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((directive) => {
      const [name = '', ...sources] = directive.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

function sources(policy: string): string[] {
  return [...directives(policy).values()].flat();
}

describe('the window web preferences', () => {
  it('isolate the page from Node and Electron', () => {
    expect(HARDENED_WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('keep every hardening setting when the preload is added', () => {
    const preferences = webPreferencesWithPreload('/app/out/preload/index.js');
    expect(preferences).toEqual({ ...HARDENED_WEB_PREFERENCES, preload: '/app/out/preload/index.js' });
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(HARDENED_WEB_PREFERENCES)).toBe(true);
  });
});

describe('the content security policy', () => {
  const policy = directives(CONTENT_SECURITY_POLICY);

  it('allows only the app itself, and WebAssembly for sql.js', () => {
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
  });

  it("has 'wasm-unsafe-eval' as its only unsafe source", () => {
    expect(sources(CONTENT_SECURITY_POLICY).filter((source) => source.includes('unsafe'))).toEqual([
      "'wasm-unsafe-eval'",
    ]);
  });

  it('names no remote source and no wildcard; the only scheme is data: for fonts', () => {
    for (const policyText of [CONTENT_SECURITY_POLICY, DEV_SERVER_CONTENT_SECURITY_POLICY]) {
      for (const source of sources(policyText)) {
        if (source === 'data:') continue;
        expect(source, `source ${source}`).toMatch(/^'[a-z-]+'$/);
      }
      const dataUses = policyText.split(';').filter((d) => d.includes('data:')).map((d) => d.trim().split(/\s+/)[0]);
      expect(dataUses).toEqual(['font-src']);
    }
  });

  it('is the one written in renderer/index.html', () => {
    const html = readFileSync(resolve(projectRoot, 'renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });

  it('is relaxed for the dev server only by inline script and style', () => {
    const dev = directives(DEV_SERVER_CONTENT_SECURITY_POLICY);
    expect(dev.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", "'unsafe-inline'"]);
    expect(dev.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    for (const [name, value] of policy) {
      if (name !== 'script-src') expect(dev.get(name), name).toEqual(value);
    }
  });

  it('replaces whatever policy a response carried', () => {
    const headers = withContentSecurityPolicy(
      { 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] },
      CONTENT_SECURITY_POLICY,
    );
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    expect(withContentSecurityPolicy(undefined, CONTENT_SECURITY_POLICY)).toEqual({
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });
});

describe('navigation from the built app', () => {
  const entry = 'file:///opt/nq57/resources/app.asar/out/renderer/index.html';

  it('stays on the same file, whatever its hash or query', () => {
    expect(isNavigationAllowed(entry, entry)).toBe(true);
    expect(isNavigationAllowed(`${entry}#/ket-qua`, entry)).toBe(true);
    expect(isNavigationAllowed(`${entry}?nam=2026`, entry)).toBe(true);
  });

  it('refuses the web', () => {
    expect(isNavigationAllowed('https://example.com/', entry)).toBe(false);
    expect(isNavigationAllowed('http://localhost:5173/', entry)).toBe(false);
  });

  it('refuses other files', () => {
    expect(isNavigationAllowed('file:///etc/passwd', entry)).toBe(false);
    expect(isNavigationAllowed('file:///opt/nq57/resources/app.asar/out/renderer/other.html', entry)).toBe(false);
    expect(isNavigationAllowed('file://server/opt/nq57/resources/app.asar/out/renderer/index.html', entry)).toBe(
      false,
    );
  });

  it('refuses other schemes and garbage', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<p>x</p>', 'about:blank', 'not a url', '']) {
      expect(isNavigationAllowed(url, entry), url).toBe(false);
    }
  });
});

describe('navigation under the dev server', () => {
  const entry = 'http://localhost:5173/';

  it('stays on the dev server origin', () => {
    expect(isNavigationAllowed('http://localhost:5173/index.html#x', entry)).toBe(true);
  });

  it('refuses another port, scheme or host', () => {
    expect(isNavigationAllowed('http://localhost:5174/', entry)).toBe(false);
    expect(isNavigationAllowed('https://localhost:5173/', entry)).toBe(false);
    expect(isNavigationAllowed('http://example.com/', entry)).toBe(false);
    expect(isNavigationAllowed('file:///etc/passwd', entry)).toBe(false);
  });
});
