/**
 * The renderer's entry. The app's code (React, AG Grid: a megabyte of script, half a second of the main
 * thread to evaluate on a slow laptop) is a separate chunk. boot.ts first starts the engine worker and asks
 * the host for the start file; the chunk is evaluated once the file's bytes are in the worker, so the worker
 * opens and scores the file while the page evaluates and renders the app, instead of one after the other
 * (npm run bench:ui, start). The chunk is fetched meanwhile (a modulepreload link, electron.vite.config.ts).
 */
import { boot } from './boot';

// Not longer than a second, though: a slow disk or host must not leave the window blank; the start screen then
// says "Đang mở…" until the file is open.
const handedOverOrLate = Promise.race([boot().handedOver, new Promise<void>((resolve) => setTimeout(resolve, 1000))]);
void handedOverOrLate.then(() => import('./root')).then(({ renderApp }) => renderApp());
