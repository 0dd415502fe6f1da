// electron-vite's `?asset` imports (a file copied beside the bundle; the import is its run-time path).
declare module '*?asset' {
  const path: string;
  export default path;
}
