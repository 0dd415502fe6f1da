/**
 * Work that can wait until the page has nothing better to do: the browser's idle callback, run at the
 * latest `withinMs` later. Where a browser has no idle callback, the next task.
 */
export interface IdleTask {
  cancel(): void;
}

export function whenIdle(work: () => void, withinMs: number): IdleTask {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(() => work(), { timeout: withinMs });
    return { cancel: () => cancelIdleCallback(handle) };
  }
  const handle = setTimeout(work, 0);
  return { cancel: () => clearTimeout(handle) };
}
