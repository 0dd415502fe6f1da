import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCriteria } from '../../shared/criteria/validate';
import { readInterchange } from '../../shared/interchange/read';
import { formatProblem } from '../../shared/problems';

const load = (f: string) => {
  const r = loadCriteria(readFileSync(f, 'utf8'), f);
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  return r.value;
};
const c2026 = load('criteria/nq57-2026.1.json');

const HEADER = 'year,unit,unit_name,group,indicator,input,value,evaluator,evidence,explanation,accepted,note';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\r\n') + '\r\n';
const DBP = '2026,03127,UBND phường Điện Biên Phủ,XA';

describe('reading the interchange CSV', () => {
  it('keeps unit and indicator codes as written and groups rows into entries', () => {
    const r = readInterchange(
      csv(
        `${DBP},1.1,,2025-12-20,,KH 12/KH-UBND,,,`,
        `${DBP},3.1,numerator,45,,BB 3,,,`,
        `${DBP},3.1,denominator,50,Nguyễn Văn An,BB 3,,,`,
        `${DBP},3.1,denominator,50,,,,,`,
        `${DBP},3.1,numerator,44,Nguyễn Văn An,,,,`,
      ),
      2026,
      c2026,
    );
    expect(r.problems).toEqual([]);
    expect(r.data!.units).toEqual([{ code: '03127', name: 'UBND phường Điện Biên Phủ', group: 'XA' }]);
    const entries = r.data!.entries;
    expect(entries).toHaveLength(3);
    const an = entries.find((e) => e.code === '3.1' && e.evaluator === 'Nguyễn Văn An')!;
    expect(an.values).toEqual({ denominator: 50, numerator: 44 });
    expect(entries.find((e) => e.code === '1.1')!.values).toEqual({ value: '2025-12-20' });
  });

  it('accepts columns in any order and values written có/không, yes/no, 1/0', () => {
    const header = 'unit,year,indicator,value,group,unit_name,input,evaluator,evidence,explanation,accepted,note';
    const text = [header, '03127,2026,1.3,có,XA,P,,,,,,', '03127,2026,2.5,No,XA,P,,,,,,', '03127,2026,4.1,1,XA,P,,,,,,'].join('\n');
    const r = readInterchange(text, 2026, c2026);
    expect(r.problems).toEqual([]);
    expect(r.data!.entries.map((e) => e.values.value)).toEqual([true, false, true]);
  });

  it('only keeps the requested year and lists the years present', () => {
    const r = readInterchange(csv(`${DBP},1.3,,1,,,,,`, '2025,03127,UBND phường Điện Biên Phủ,XA,1.1,,1,,,,,'), 2026, c2026);
    expect(r.data!.entries).toHaveLength(1);
    expect(r.years).toEqual([2025, 2026]);
  });

  it('joins the documents of an entry given on several rows', () => {
    const r = readInterchange(csv(`${DBP},1.4,report_jun,2026-06-09,,BC 101/BC-UBND,,,`, `${DBP},1.4,report_dec,2026-12-09,,BC 230/BC-UBND,,,`), 2026, c2026);
    expect(r.data!.entries[0]!.evidence).toBe('BC 101/BC-UBND; BC 230/BC-UBND');
  });

  it('treats an empty date as "not submitted" but drops an entry whose only value is empty', () => {
    const r = readInterchange(csv(`${DBP},1.4,report_jun,,,,,,`, `${DBP},2.2,,,,,,,`), 2026, c2026);
    expect(r.problems).toEqual([]);
    expect(r.data!.entries.map((e) => e.code)).toEqual(['1.4']);
  });

  it('reports every problem with its line, column and value, and returns no data', () => {
    const r = readInterchange(
      csv(
        '2026,03127,UBND phường Điện Biên Phủ,XX,1.1,,2025-12-20,,,,,', // 2 unknown group
        `${DBP},9.9,,1,,,,,`, // 3 unknown indicator
        `${DBP},3.4b,,1,,,,,`, // 4 not applicable to XA
        `${DBP},2.2,,-3,,,,,`, // 5 negative
        `${DBP},2.2,,abc,Lò Thị Hương,,,,`, // 6 unparseable
        `${DBP},1.1,,2026-02-30,Lò Thị Hương,,,,`, // 7 bad date
        `${DBP},1.2,,maybe,,,,,`, // 8 choice outside options
        `${DBP},5.1b,,5.1,,,,,`, // 9 scale outside range/step
        `${DBP},2.3,numerator,7,,,,,`, // 10 numerator above denominator
        `${DBP},2.3,denominator,5,,,,,`, // 11
        `${DBP},3.3,numerator,2,,,,,`, // 12 one half only
        '2026,03127,UBND xã Khác,XA,4.1,,1,,,,,', // 13 second name
        '2026,03127,UBND phường Điện Biên Phủ,SO,2.5,,1,,,,,', // 14 second group
        `${DBP},2.4,bogus,1,,,,,`, // 15 unknown input
        `${DBP},1.4,,2026-06-01,,,,,`, // 16 multi-input without input name
        `${DBP},4.3,,4,,,,,`, // 17 count above its maximum
        `${DBP},1.3,,1,,,,yes,`, // 18 accepted not 0/1
        '2026,03127,x', // 19 wrong field count
        `${DBP},2.6,,3,,,,,`, // 20
        `${DBP},2.6,,4,,,,,`, // 21 duplicate
      ),
      2026,
      c2026,
    );
    expect(r.data).toBeNull();
    const where = r.problems.map((p) => [p.line, p.column ?? '', p.value ?? '']);
    expect(where).toEqual([
      [2, 'group', 'XX'],
      [3, 'indicator', '9.9'],
      [4, 'indicator', '3.4b'],
      [5, 'value', '-3'],
      [6, 'value', 'abc'],
      [7, 'value', '2026-02-30'],
      [8, 'value', 'maybe'],
      [9, 'value', '5.1'],
      [10, 'value', '7'],
      [12, 'input', 'numerator'],
      [13, 'unit_name', 'UBND xã Khác'],
      [14, 'group', 'SO'],
      [15, 'input', 'bogus'],
      [16, 'input', ''],
      [17, 'value', '4'],
      [18, 'accepted', 'yes'],
      [19, '', ''],
      [21, 'input', 'value'],
    ]);
    for (const p of r.problems) {
      expect(p.message.vi.length).toBeGreaterThan(5);
      expect(p.message.en.length).toBeGreaterThan(5);
    }
    const byLine = new Map(r.problems.map((p) => [p.line, p.message]));
    expect(byLine.get(4)!.vi).toMatch(/không áp dụng cho khối XA/);
    expect(byLine.get(5)!.en).toMatch(/negative/);
    expect(byLine.get(10)!.vi).toMatch(/lớn hơn mẫu số 5/);
    expect(byLine.get(12)!.en).toMatch(/numerator but no denominator/);
    expect(byLine.get(13)!.vi).toMatch(/đã có tên "UBND phường Điện Biên Phủ" ở dòng 3/);
    expect(byLine.get(21)!.en).toMatch(/Duplicates line 20/);
  });

  it('allows over-achievement where the criteria allow it (3.2) and nowhere else', () => {
    const ok = readInterchange(csv(`${DBP},3.2,numerator,130,,,,,`, `${DBP},3.2,denominator,100,,,,,`), 2026, c2026);
    expect(ok.problems).toEqual([]);
  });

  it('reports missing and unknown header columns before reading any row', () => {
    const r = readInterchange('year,unit,group,indicator,value,colour\n2026,1,XA,1.1,1,red\n', 2026, c2026);
    expect(r.data).toBeNull();
    expect(r.problems.every((p) => p.line === 1)).toBe(true);
    expect(r.problems.map((p) => p.message.en).join(' ')).toMatch(/Unknown column "colour"[\s\S]*Missing columns: unit_name, input, evaluator, evidence, explanation, accepted, note/);
  });

  it('reports an empty file', () => {
    expect(readInterchange('', 2026, c2026).problems[0]!.message.en).toMatch(/header/);
  });
});
