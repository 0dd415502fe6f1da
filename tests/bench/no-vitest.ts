/**
 * Lets a benchmark run under plain tsx reuse tests/e2e/helpers.ts. That module imports `vitest` for its
 * suite hooks (e2eSuite), and vitest refuses to be loaded outside a vitest run. This module, imported
 * before the helpers, answers `vitest` with hooks that throw if ever called: the benchmarks use only the
 * helpers' plain functions (build, demo seed, server, browser).
 */
import Module from 'node:module';

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load };
const original = loader._load;

const refuse = (name: string) => () => {
  throw new Error(`${name}() is vitest's; tests/bench/no-vitest.ts stands in for vitest outside a test run`);
};
const inert = Object.freeze({ beforeAll: refuse('beforeAll'), afterAll: refuse('afterAll'), beforeEach: refuse('beforeEach'), afterEach: refuse('afterEach') });

loader._load = function load(this: unknown, request: string, parent: unknown, isMain: boolean): unknown {
  if (request === 'vitest') return inert;
  return original.call(this, request, parent, isMain);
};
