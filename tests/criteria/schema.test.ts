/**
 * criteria/schema.json documents the criteria file format for editors (VS Code reads it through the files'
 * "$schema": "./schema.json"). The loader in shared/criteria/validate.ts stays the authority; these tests keep
 * the schema in step with it: valid JSON, the same rule types as RULE_TYPES, every field of the real files
 * declared, and the real files valid against it. No JSON Schema library is added to the project: a small
 * evaluator for the keywords the schema uses is below, and it refuses any keyword it does not know.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULE_TYPES } from '../../shared/criteria/types';
import { loadCriteria } from '../../shared/criteria/validate';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const read = (rel: string): string => readFileSync(join(root, rel), 'utf8');

type Schema = boolean | { readonly [key: string]: unknown };
type SchemaObj = { readonly [key: string]: unknown };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const schemaText = read('criteria/schema.json');
const schema = JSON.parse(schemaText) as SchemaObj;
const defs = schema.$defs as Record<string, SchemaObj>;
const file2026 = JSON.parse(read('criteria/nq57-2026.1.json')) as Json;
const file2025 = JSON.parse(read('criteria/nq57-2025.1.json')) as Json;

// ---------------------------------------------------------------------------------------------------------
// A minimal JSON Schema 2020-12 evaluator for the subset of keywords the schema uses.

const ANNOTATIONS = new Set(['$schema', '$id', '$comment', '$defs', 'title', 'description', 'format', 'default', 'examples']);
const ASSERTIONS = new Set([
  '$ref', 'type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'propertyNames', 'minProperties',
  'dependentRequired', 'items', 'prefixItems', 'minItems', 'uniqueItems', 'pattern', 'minimum', 'maximum',
  'exclusiveMinimum', 'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else',
]);

interface Failure {
  readonly at: string;
  readonly why: string;
}

function resolveRef(ref: string): Schema {
  const m = /^#\/\$defs\/([^/]+)$/.exec(ref);
  if (!m) throw new Error(`unsupported $ref ${ref}`);
  const target = defs[m[1]!];
  if (target === undefined) throw new Error(`$ref ${ref} does not resolve`);
  return target;
}

const typeOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function check(s: Schema, v: unknown, at: string, out: Failure[]): void {
  if (s === true) return;
  if (s === false) {
    out.push({ at, why: 'not allowed' });
    return;
  }
  for (const k of Object.keys(s)) {
    if (!ANNOTATIONS.has(k) && !ASSERTIONS.has(k)) throw new Error(`schema keyword "${k}" is not understood by this test`);
  }
  const fail = (why: string) => out.push({ at, why });
  if (typeof s.$ref === 'string') check(resolveRef(s.$ref), v, at, out);
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    const t = typeOf(v);
    if (!types.some((x) => x === t || (x === 'number' && t === 'integer'))) fail(`expected ${types.join('|')}, got ${t}`);
  }
  if (s.enum !== undefined && !(s.enum as unknown[]).some((e) => sameJson(e, v))) fail(`not one of ${JSON.stringify(s.enum)}`);
  if (s.const !== undefined && !sameJson(s.const, v)) fail(`expected ${JSON.stringify(s.const)}`);
  if (typeof v === 'string' && typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(v)) fail(`"${v}" does not match ${s.pattern}`);
  if (typeof v === 'number') {
    if (typeof s.minimum === 'number' && v < s.minimum) fail(`${v} < ${s.minimum}`);
    if (typeof s.maximum === 'number' && v > s.maximum) fail(`${v} > ${s.maximum}`);
    if (typeof s.exclusiveMinimum === 'number' && v <= s.exclusiveMinimum) fail(`${v} ≤ ${s.exclusiveMinimum}`);
  }
  if (typeOf(v) === 'object') {
    const o = v as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const r of (s.required ?? []) as string[]) if (!(r in o)) fail(`missing "${r}"`);
    for (const [k, x] of Object.entries(o)) {
      if (k in props) check(props[k]!, x, `${at}.${k}`, out);
      else if (s.additionalProperties !== undefined) check(s.additionalProperties as Schema, x, `${at}.${k}`, out);
      if (s.propertyNames !== undefined) check(s.propertyNames as Schema, k, `${at}{${k}}`, out);
    }
    if (typeof s.minProperties === 'number' && Object.keys(o).length < s.minProperties) fail('too few properties');
    for (const [k, needs] of Object.entries((s.dependentRequired ?? {}) as Record<string, string[]>)) {
      if (k in o) for (const n of needs) if (!(n in o)) fail(`"${k}" needs "${n}"`);
    }
  }
  if (Array.isArray(v)) {
    const prefix = (s.prefixItems ?? []) as Schema[];
    v.forEach((x, i) => {
      if (i < prefix.length) check(prefix[i]!, x, `${at}[${i}]`, out);
      else if (s.items !== undefined) check(s.items as Schema, x, `${at}[${i}]`, out);
    });
    if (typeof s.minItems === 'number' && v.length < s.minItems) fail(`fewer than ${s.minItems} items`);
    if (s.uniqueItems === true && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) fail('items not unique');
  }
  for (const sub of (s.allOf ?? []) as Schema[]) check(sub, v, at, out);
  if (s.anyOf !== undefined && !(s.anyOf as Schema[]).some((sub) => passes(sub, v))) fail('matches none of anyOf');
  if (s.oneOf !== undefined) {
    const n = (s.oneOf as Schema[]).filter((sub) => passes(sub, v)).length;
    if (n !== 1) fail(`matches ${n} of oneOf, expected exactly 1`);
  }
  if (s.not !== undefined && passes(s.not as Schema, v)) fail('matches "not"');
  if (s.if !== undefined) {
    if (passes(s.if as Schema, v)) {
      if (s.then !== undefined) check(s.then as Schema, v, at, out);
    } else if (s.else !== undefined) check(s.else as Schema, v, at, out);
  }
}

function passes(s: Schema, v: unknown): boolean {
  const out: Failure[] = [];
  check(s, v, '', out);
  return out.length === 0;
}

function validate(v: unknown): Failure[] {
  const out: Failure[] = [];
  check(schema, v, '$', out);
  return out;
}

/** Every subschema, for structural checks. */
function* walk(s: unknown, path: string): Generator<[string, SchemaObj]> {
  if (typeof s !== 'object' || s === null) return;
  if (Array.isArray(s)) {
    for (const [i, x] of s.entries()) yield* walk(x, `${path}[${i}]`);
    return;
  }
  yield [path, s as SchemaObj];
  for (const [k, x] of Object.entries(s)) if (k !== 'enum' && k !== 'const') yield* walk(x, `${path}/${k}`);
}

const copy = (): Json => structuredClone(file2026);
const indicator = (json: Json, code: string): Json => (json.indicators as Json[]).find((i) => i.code === code);

// ---------------------------------------------------------------------------------------------------------

describe('criteria/schema.json', () => {
  it('is valid JSON declaring draft 2020-12, with a bilingual title and description naming the loader as authority', () => {
    expect(() => JSON.parse(schemaText)).not.toThrow();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.title).toMatch(/Bộ tiêu chí.*\/.*criteria/i);
    const description = String(schema.description);
    expect(description).toContain('validate.ts');
    expect(description).toMatch(/tổng điểm/);
    expect(description).toMatch(/sums/);
    expect(description).toMatch(/cross-reference/);
    expect(description).toMatch(/thứ tự/);
    expect(description).toMatch(/order/);
  });

  it('only uses keywords that this test understands, and every $ref resolves', () => {
    for (const [path, s] of walk(schema, '#')) {
      if (/\/properties\/[^/]+$/.test(path) && !path.includes('/allOf') && !('type' in s || '$ref' in s || 'enum' in s || 'const' in s || 'oneOf' in s || 'properties' in s)) {
        // a property schema with only annotations would accept anything; every property here is typed
        expect.fail(`untyped property schema at ${path}`);
      }
      for (const k of Object.keys(s)) {
        if (path.endsWith('/properties') || path.endsWith('/$defs') || path.endsWith('/dependentRequired')) continue;
        expect(ANNOTATIONS.has(k) || ASSERTIONS.has(k), `unknown keyword ${k} at ${path}`).toBe(true);
      }
      if (typeof s.$ref === 'string' && !path.endsWith('/properties')) expect(() => resolveRef(s.$ref as string)).not.toThrow();
    }
  });

  it('has exactly the rule types of RULE_TYPES: in the type enum, in one if-then each, and as one $defs entry each', () => {
    const rule = defs.rule!;
    const typeEnum = ((rule.properties as Record<string, SchemaObj>).type!.enum as string[]).slice();
    expect([...typeEnum].sort()).toEqual([...RULE_TYPES].sort());

    const branches = (rule.allOf as SchemaObj[]).map((b) => {
      const cond = b.if as SchemaObj;
      expect(cond.required).toEqual(['type']);
      const type = ((cond.properties as Record<string, SchemaObj>).type!.const as string);
      expect((b.then as SchemaObj).$ref).toBe(`#/$defs/rule-${type}`);
      return type;
    });
    expect(branches.length).toBe(new Set(branches).size);
    expect([...branches].sort()).toEqual([...RULE_TYPES].sort());

    const defined = Object.keys(defs).filter((k) => k.startsWith('rule-')).map((k) => k.slice('rule-'.length));
    expect(defined.sort()).toEqual([...RULE_TYPES].sort());
    for (const t of RULE_TYPES) {
      const d = defs[`rule-${t}`]!;
      expect(d.additionalProperties, `rule-${t} must reject unknown fields`).toBe(false);
      expect((d.properties as Record<string, SchemaObj>).type!.const).toBe(t);
      expect(d.required as string[]).toContain('type');
      expect(String(d.description)).toMatch(/ \/ /); // Vietnamese / English
    }
  });

  it('declares every top-level property of nq57-2026.1.json, and requires only declared ones', () => {
    const declared = Object.keys(schema.properties as object);
    for (const key of Object.keys(file2026)) expect(declared, `top-level "${key}"`).toContain(key);
    for (const key of schema.required as string[]) expect(declared).toContain(key);
    for (const key of schema.required as string[]) expect(Object.keys(file2026)).toContain(key);
  });

  it('gives every top-level property a bilingual hint for the editor', () => {
    for (const [key, s] of Object.entries(schema.properties as Record<string, SchemaObj>)) {
      const target = typeof s.$ref === 'string' ? (resolveRef(s.$ref) as SchemaObj) : s;
      const hint = String(s.description ?? target.description ?? target.title ?? '');
      expect(hint, `hint for ${key}`).toMatch(/ \/ /);
    }
  });

  it('accepts both real criteria files, which also load', () => {
    expect(validate(file2026)).toEqual([]);
    expect(validate(file2025)).toEqual([]);
    expect(loadCriteria(JSON.stringify(file2026)).ok).toBe(true);
    expect(loadCriteria(JSON.stringify(file2025)).ok).toBe(true);
  });

  it('flags, like the loader, an unknown field, an unknown rule type, a misplaced rule parameter and a two-kind deadline step', () => {
    const cases: [string, (j: Json) => void][] = [
      ['typo maxx', (j) => { indicator(j, '1.3').maxx = 2; }],
      ['unknown top-level field', (j) => { j.titel = j.title; }],
      ['unknown rule type', (j) => { indicator(j, '1.3').rule.type = 'yes-no'; }],
      ['steps on a count-target', (j) => { indicator(j, '2.6').rule.steps = [{ min: 0, points: 0 }]; }],
      ['both onOrBefore and daysLate', (j) => { indicator(j, '1.1').rule.ladder[0].daysLate = 0; }],
      ['empty clauses', (j) => { indicator(j, '1.3').clauses = []; }],
      ['malformed clause id', (j) => { indicator(j, '1.3').clauses = ['I-2-c']; }],
      ['bandCap on a bonus item', (j) => { j.bonus.items[0].bandCap = 'tot'; }],
      ['requires without otherwise', (j) => { delete j.bands[0].otherwise; }],
      ['tie-break by group with a stray field', (j) => { j.ranking.tieBreak[0].prefer = 'earlier'; }],
      ['count-steps not starting at 0', (j) => { indicator(j, '2.4').rule.steps[0].min = 1; }],
      ['inputLabels for a ratio naming "value"', (j) => { indicator(j, '3.3').inputLabels.value = { vi: 'x', en: 'x' }; }],
    ];
    for (const [name, mutate] of cases) {
      const j = copy();
      mutate(j);
      expect(validate(j).length, `schema should reject: ${name}`).toBeGreaterThan(0);
    }
    // The loader refuses all of these too, except the stray tie-break field, which it lets through (see loader.test.ts).
    for (const [name, mutate] of cases.filter(([n]) => !n.startsWith('tie-break'))) {
      const j = copy();
      mutate(j);
      expect(loadCriteria(JSON.stringify(j)).ok, `loader should reject: ${name}`).toBe(false);
    }
  });
});
