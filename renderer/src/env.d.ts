/// <reference types="vite/client" />

interface NQ57Host {
  readonly version: string;
}

interface Window {
  /** Set by the desktop app's preload; absent when the renderer runs in a plain browser. */
  readonly nq57Host?: NQ57Host;
}
