/**
 * The screens' way of reading from the engine worker: ask when the inputs change, and take the answer only if
 * it is still the one wanted. A slow answer that comes after the inputs changed again (another year, another
 * unit) or after the view went away is dropped, so it can never overwrite a newer one.
 */
import { useEffect, type DependencyList } from 'react';

/**
 * `ask` runs in an effect whenever `deps` change; it returns the worker's promise, or null when there is
 * nothing to ask (it may reset the view's state itself then). `answered` and `failed` see only the answer to
 * the latest question.
 */
export function useWorkerAnswer<T>(ask: () => Promise<T> | null, answered: (value: T) => void, failed: (e: unknown) => void, deps: DependencyList): void {
  useEffect(() => {
    const question = ask();
    if (!question) return;
    let latest = true;
    question.then(
      (value) => {
        if (latest) answered(value);
      },
      (e) => {
        if (latest) failed(e);
      },
    );
    return () => {
      latest = false;
    };
    // The caller's dependencies are what the question depends on: `ask`, `answered` and `failed` are new
    // functions on every render and read the current props and state when called.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
}
