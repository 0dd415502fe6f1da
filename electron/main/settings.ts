// The user's preferences, kept in userData/settings.json between runs: for now the language.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../node/host';
import type { Language } from '../common/ipc';

export const DEFAULT_LANGUAGE: Language = 'vi';

async function readSettings(path: string): Promise<Record<string, unknown>> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    // Missing or damaged: start from the defaults rather than refuse to start.
    return {};
  }
}

export async function readLanguage(path: string): Promise<Language> {
  const language = (await readSettings(path))['language'];
  return language === 'en' || language === 'vi' ? language : DEFAULT_LANGUAGE;
}

/** Keeps the other settings as they are. */
export async function writeLanguage(path: string, language: Language): Promise<void> {
  const settings = await readSettings(path);
  await writeFileAtomic(path, new TextEncoder().encode(`${JSON.stringify({ ...settings, language }, null, 2)}\n`));
}
