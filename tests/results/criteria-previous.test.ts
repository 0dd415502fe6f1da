/** The criteria files' optional `previous` on an indicator (its code in earlier years), as the loader checks it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codeInYear } from '../../shared/criteria/loaded';
import { validateCriteria } from '../../shared/criteria/validate';
import { formatProblem } from '../../shared/problems';
import { rawJson } from './helpers';

const problems = (json: unknown): string[] => {
  const r = validateCriteria(json, 'x.json');
  return r.ok ? [] : r.problems.map(formatProblem);
};

const withPrevious = (previous: unknown) => {
  const b = rawJson('compare-2026.json');
  b.indicators[1].previous = previous;
  return b;
};

describe('previous', () => {
  it('loads, and gives an indicator’s code in an earlier year (its own code where no entry says otherwise)', () => {
    const r = validateCriteria(withPrevious([{ year: 2025, code: '2.1' }, { year: 2024, code: null }]));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const ind = r.value.indicators[1]!;
    expect([codeInYear(ind, 2025), codeInYear(ind, 2024), codeInYear(ind, 2023)]).toEqual(['2.1', null, '2.10']);
    expect(codeInYear(r.value.indicators[0]!, 2025)).toBe('1.1');
  });

  it('refuses every malformed entry at once, in both languages, with its path', () => {
    const p = problems(withPrevious([{ year: 2026, code: '2.1' }, { year: 2024, code: 'bad code' }, { year: 2024, code: '2.1' }, { year: 2023 }, { year: 2022, code: '2', note: 'x' }]));
    expect(p).toEqual([
      'x.json, indicators[1].previous[0].year: Năm 2026 phải trước năm 2026 của bộ tiêu chí | x.json, indicators[1].previous[0].year: The year 2026 must be before the set\'s year 2026',
      'x.json, indicators[1].previous[1].code: Giá trị "bad code" không đúng định dạng | x.json, indicators[1].previous[1].code: Value "bad code" has the wrong format',
      'x.json, indicators[1].previous[3].code: Thiếu trường bắt buộc (mã, hoặc null nếu năm đó không có chỉ tiêu tương ứng) | x.json, indicators[1].previous[3].code: Required field missing (a code, or null if that year had no counterpart)',
      'x.json, indicators[1].previous[4].note: Trường không được biết đến "note" | x.json, indicators[1].previous[4].note: Unknown field "note"',
      'x.json, indicators[1].previous[2]: Trùng năm "2024" (đã có ở vị trí 1) | x.json, indicators[1].previous[2]: Duplicate year "2024" (already at index 1)',
    ]);
    expect(problems(withPrevious([]))).toEqual(['x.json, indicators[1].previous: Danh sách không được rỗng | x.json, indicators[1].previous: The list must not be empty']);
    expect(problems(withPrevious({ year: 2025, code: '2.1' }))[0]).toMatch(/indicators\[1\]\.previous: Cần một danh sách \|.*Expected a list$/);
  });

  it('is declared in criteria/schema.json for editors, with a bilingual description', () => {
    const schema = JSON.parse(readFileSync('criteria/schema.json', 'utf8'));
    const prop = schema.$defs.indicator.properties.previous;
    expect(prop).toMatchObject({ type: 'array', minItems: 1, items: { $ref: '#/$defs/previousCode' } });
    expect(prop.description).toMatch(/^Không bắt buộc\..* \/ Optional\./);
    expect(schema.$defs.previousCode).toMatchObject({ additionalProperties: false, required: ['year', 'code'] });
  });

  it('does not change how anything scores, and the bundled 2026 file needs none (no indicator changed code since 2025)', () => {
    const b = JSON.parse(readFileSync('criteria/nq57-2026.1.json', 'utf8'));
    const a = JSON.parse(readFileSync('criteria/nq57-2025.1.json', 'utf8'));
    const codes26 = new Set(b.indicators.map((i: { code: string }) => i.code));
    expect(a.indicators.every((i: { code: string }) => codes26.has(i.code))).toBe(true);
    expect(b.indicators.some((i: { previous?: unknown }) => i.previous !== undefined)).toBe(false);
  });
});
