import { formatNumber, type Text } from '../../shared/i18n/text';

/** Paths and names in messages are quoted so that spaces and odd characters stay visible. */
export const quote = (path: string): string => `“${path}”`;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** "14:05 26/11/2026" in the machine's local time: the order Vietnamese readers expect, used in both languages. */
export function formatDateTime(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())} ${pad(date.getDate())}/${pad(date.getMonth() + 1)}/${date.getFullYear()}`;
}

/** Sizes as users think of them: "25 MB", "1,5 KB" (binary units, named the familiar way). */
export function formatSize(bytes: number): Text {
  const units = ['B', 'KB', 'MB', 'GB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const u = units[unit];
  return { vi: `${formatNumber(value, 'vi', 1)} ${u}`, en: `${formatNumber(value, 'en', 1)} ${u}` };
}
