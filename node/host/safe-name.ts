// File names that come from elsewhere (a dragged file, a colleague's archive, the database) become real
// file names on this computer only after this: no folders, nothing a file system or a viewer would
// misread, in NFC (macOS hands out decomposed Vietnamese letters, which look equal but compare unequal).

// Controls (C0, DEL, C1), characters Windows forbids, and bidirectional overrides (the "gpj.exe"
// trick that displays "exe.jpg").
const UNSAFE = /[\u0000-\u001f\u007f-\u009f<>:"|?*\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
const MAX_LENGTH = 120;

export function safeFileName(name: string, fallback = 'tep-dinh-kem'): string {
  const last = name.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let safe = last.replace(UNSAFE, '').replace(/^[\s.]+|[\s.]+$/g, '');
  const dot = safe.lastIndexOf('.');
  let stem = dot > 0 ? safe.slice(0, dot) : safe;
  const extension = dot > 0 ? safe.slice(dot) : '';
  if (WINDOWS_DEVICE.test(stem)) stem = `_${stem}`;
  const letters = [...stem];
  if (letters.length + extension.length > MAX_LENGTH) stem = letters.slice(0, Math.max(1, MAX_LENGTH - extension.length)).join('').trimEnd();
  safe = stem + extension;
  return safe === '' ? fallback : safe;
}
