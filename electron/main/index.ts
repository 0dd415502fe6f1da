// The main process entry: the real Electron module and the bundled demo CSV handed to startDesktop.
//
// The demo CSV is imported with electron-vite's `?asset` suffix: the build copies demo/dien-bien.csv next
// to the bundle (out/main/chunks/) and this import becomes `join(__dirname, <that file>)`. The same path
// therefore works under `electron-vite dev`/`preview` (out/main in the project) and in a packaged app
// (inside app.asar, which Electron's fs reads transparently), with no extraResources to keep in step.
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron';
import demoCsvPath from '../../demo/dien-bien.csv?asset';
import { startDesktop } from './desktop';

startDesktop({ app, BrowserWindow, dialog, ipcMain, Menu, session, shell }, { demoCsvPath, mainDir: __dirname });
