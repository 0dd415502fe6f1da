// The window's security settings, kept free of Electron imports (types only) so that
// unit tests can check them in plain Node: Electron's security checklist, as data.
import type { WebPreferences } from 'electron';

export const HARDENED_WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
} satisfies WebPreferences);

export function webPreferencesWithPreload(preloadPath: string): WebPreferences {
  return { ...HARDENED_WEB_PREFERENCES, preload: preloadPath };
}

type Directives = Readonly<Record<string, readonly string[]>>;

// Everything the renderer loads ships with the app: no remote origin anywhere.
// 'wasm-unsafe-eval' lets sql.js compile its WebAssembly; it does not allow eval() of JavaScript.
const PRODUCTION_DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  // AG Grid's icon font ships inside its stylesheet as a data: URL; a font cannot run code.
  'font-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-src': ["'none'"],
};

// Vite's dev server injects an inline script (React Fast Refresh) and inline <style> tags.
// Used only when the window loads the dev server, never in a built app.
const DEV_SERVER_DIRECTIVES: Directives = {
  ...PRODUCTION_DIRECTIVES,
  'script-src': ["'self'", "'wasm-unsafe-eval'", "'unsafe-inline'"],
  'style-src': ["'self'", "'unsafe-inline'"],
};

function serialise(directives: Directives): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** Must equal the <meta http-equiv="Content-Security-Policy"> in renderer/index.html (a test checks it). */
export const CONTENT_SECURITY_POLICY = serialise(PRODUCTION_DIRECTIVES);
export const DEV_SERVER_CONTENT_SECURITY_POLICY = serialise(DEV_SERVER_DIRECTIVES);

/**
 * The window may only ever show the page it was opened on: the same file (another hash or query
 * is fine), or, during development, a page of the same dev-server origin.
 */
export function isNavigationAllowed(targetUrl: string, entryUrl: string): boolean {
  const target = parseUrl(targetUrl);
  const entry = parseUrl(entryUrl);
  if (!target || !entry || target.protocol !== entry.protocol) return false;
  if (entry.protocol === 'file:') {
    return target.host === entry.host && target.pathname === entry.pathname;
  }
  if (entry.protocol === 'http:' || entry.protocol === 'https:') {
    return target.origin === entry.origin;
  }
  return false;
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

type ResponseHeaders = Record<string, string | string[]>;

/** Response headers with our policy as the only Content-Security-Policy, whatever the server sent. */
export function withContentSecurityPolicy(
  headers: Readonly<ResponseHeaders> | undefined,
  policy: string,
): ResponseHeaders {
  const result: ResponseHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}
