// Runs sandboxed: only `electron`'s renderer modules are available, and the bundle must be CommonJS.
// Everything the page may use crosses here; for now that is the app version alone.
import { contextBridge } from 'electron';
import { version } from '../../package.json';

contextBridge.exposeInMainWorld('nq57Host', { version });
