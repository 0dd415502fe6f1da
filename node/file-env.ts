/** The clock, ids and identity the evaluation file needs, supplied by a Node host. */
import { randomUUID } from 'node:crypto';
import type { FileEnv } from '../shared/file/evaluation-file';
import { version } from '../package.json';

export function nodeFileEnv(actor: string): FileEnv {
  return { now: () => new Date().toISOString(), newId: () => randomUUID(), actor, appVersion: version };
}
