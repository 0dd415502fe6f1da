/** Any thrown value as a failure to show: the host's and the worker's failures as they are, anything else as unexpected. */
import type { HostFailure } from '../../shared/host/contract';

export function asFailure(e: unknown): HostFailure {
  if (e && typeof e === 'object' && 'text' in e && 'code' in e) return e as HostFailure;
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal', text: { vi: `Lỗi không mong đợi: ${message}`, en: `Unexpected error: ${message}` } };
}
