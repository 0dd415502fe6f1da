/**
 * The criteria files against the written spec: the 2026 set and the 2025 baseline load, their numbers match
 * the tables of criteria-2026.md (typed in here by hand), and every indicator cites a clause of plan.md.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadedCriteria } from '../../shared/criteria/loaded';
import { loadCriteria } from '../../shared/criteria/validate';
import * as R from '../../shared/exact/rational';
import { C2025, C2026, CRITERIA_DIR, DOMAIN_DIR, e, fullMarks, group, scoreOne, type Group } from './helpers';

const ALL: Group[] = ['SO', 'XA', 'BC'];
const SX: Group[] = ['SO', 'XA'];

/** criteria-2026.md, "Groups and indicators": code → [group, max, unit groups, rule type]. */
const TABLE_2026: Record<string, [string, number, Group[], string]> = {
  '1.1': ['I', 6, ALL, 'date-deadline'],
  '1.2': ['I', 4, ALL, 'choice'],
  '1.3': ['I', 2, ALL, 'yesno'],
  '1.4': ['I', 8, ALL, 'date-deadline'],
  '2.1': ['II', 5, ALL, 'choice'],
  '2.2': ['II', 7, ALL, 'count-target'],
  '2.3': ['II', 6, SX, 'ratio-target'],
  '2.4': ['II', 4, ALL, 'count-steps'],
  '2.5': ['II', 2, ALL, 'yesno'],
  '2.6': ['II', 3, ALL, 'count-target'],
  '2.7': ['II', 3, ALL, 'count-target'],
  '2.8': ['II', 2, SX, 'count-target'],
  '2.9': ['II', 3, ALL, 'count-target'],
  '3.1': ['III', 8, ALL, 'ratio-brackets'],
  '3.2': ['III', 8, ALL, 'ratio-target'],
  '3.3': ['III', 6, ALL, 'ratio-target'],
  '3.4a': ['III', 8, ['XA'], 'ratio-target'],
  '3.4b': ['III', 8, ['SO'], 'count-target'],
  '3.4c': ['III', 8, ['BC'], 'count-target'],
  '4.1': ['IV', 3, ALL, 'yesno'],
  '4.2': ['IV', 4, ALL, 'count-steps'],
  '4.3': ['IV', 3, ALL, 'count-target'],
  '5.1a': ['V', 5, ['BC'], 'count-target'],
  '5.1b': ['V', 5, SX, 'scale'],
};

/** criteria-2026.md, "The 2025 baseline set". */
const TABLE_2025: Record<string, [string, number, Group[], string]> = {
  '1.1': ['I', 20, ALL, 'yesno'],
  '2.1': ['II', 15, ALL, 'yesno'],
  '2.2': ['II', 15, ALL, 'count-target'],
  '2.3': ['II', 15, SX, 'ratio-target'],
  '2.5': ['II', 10, ALL, 'yesno'],
  '2.9': ['II', 10, ALL, 'count-target'],
  '3.1': ['III', 15, ALL, 'ratio-brackets'],
};

/** Per unit group, the sum of the indicators' maxima in each group, added up by hand from the tables. */
const PER_GROUP_2026: Record<Group, Record<string, number>> = {
  SO: { I: 20, II: 35, III: 30, IV: 10, V: 5 }, // II: 5+7+6+4+2+3+3+2+3; III: 8+8+6+8 (3.4b); V: 5.1b
  XA: { I: 20, II: 35, III: 30, IV: 10, V: 5 }, // III with 3.4a
  BC: { I: 20, II: 27, III: 30, IV: 10, V: 5 }, // II without 2.3 (6) and 2.8 (2): 35 − 8; III with 3.4c; V: 5.1a
};
const PER_GROUP_2025: Record<Group, Record<string, number>> = {
  SO: { I: 20, II: 65, III: 15 }, // II: 15+15+15+10+10
  XA: { I: 20, II: 65, III: 15 },
  BC: { I: 20, II: 50, III: 15 }, // without 2.3 (15)
};

function table(c: LoadedCriteria) {
  return Object.fromEntries(c.set.indicators.map((i) => [i.code, [i.group, i.max, [...i.appliesTo], i.rule.type]]));
}

function maximaPerGroup(c: LoadedCriteria, ug: Group): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of c.set.indicators) if (i.appliesTo.includes(ug)) out[i.group] = (out[i.group] ?? 0) + i.max;
  return out;
}

// ---------------------------------------------------------------- plan.md clause ids

/**
 * The clause ids of plan.md: "- I.2.c …", "- V.10 …", lettered items under a "### II.2.1" heading
 * ("- a." → II.2.1.a), and "(a) … (b) …" inside a "- V.1 …" item (→ V.1.a, V.1.b).
 */
function planClauses(md: string): Set<string> {
  const ids = new Set<string>();
  let heading: string | null = null;
  let current: string | null = null;
  for (const line of md.split('\n')) {
    const h = /^###\s+([IVX]+(?:\.\d+)+)\s/.exec(line);
    if (h) {
      heading = h[1]!;
      ids.add(heading);
      current = null;
      continue;
    }
    if (/^#/.test(line)) {
      heading = null;
      current = null;
      continue;
    }
    const bullet = /^- (.*)$/.exec(line);
    let body: string;
    if (bullet) {
      body = bullet[1]!;
      const full = /^([IVX]+(?:\.\d+)+(?:\.[a-z])?)\s/.exec(body);
      const letter = /^([a-z])\.\s/.exec(body);
      current = full ? full[1]! : letter && heading ? `${heading}.${letter[1]}` : null;
      if (current) ids.add(current);
    } else if (/^\s+\S/.test(line) && current) {
      body = line; // continuation of the current item
    } else {
      current = null;
      continue;
    }
    // "(a) … (b) …" inside an item without a letter of its own, e.g. V.1 and V.6.
    if (current && /^[IVX]+(?:\.\d+)+$/.test(current)) {
      for (const m of body.matchAll(/\(([a-z])\)/g)) ids.add(`${current}.${m[1]}`);
    }
  }
  return ids;
}

const PLAN = readFileSync(resolve(DOMAIN_DIR, 'plan.md'), 'utf8');
const CLAUSES = planClauses(PLAN);

describe('plan.md clause ids (parsed)', () => {
  it('finds the ids the plan uses, at every level', () => {
    for (const id of ['I.1', 'I.2.a', 'I.2.c', 'II.2.1.a', 'II.2.1.e', 'II.2.2.b', 'II.2.3.b', 'III.1', 'III.8', 'V.1.a', 'V.1.h', 'V.6.b', 'V.7.e', 'V.9', 'V.10']) {
      expect(CLAUSES.has(id), id).toBe(true);
    }
  });

  it('does not invent ids', () => {
    for (const id of ['III.9', 'V.11', 'II.2.1.f', 'V.1.i', 'V.10.a', 'IV.1']) expect(CLAUSES.has(id), id).toBe(false);
  });
});

// ---------------------------------------------------------------- the files

describe.each([
  ['nq57-2026.1.json', C2026, 2026],
  ['nq57-2025.1.json', C2025, 2025],
] as const)('%s', (file, criteria, year) => {
  it('loads without problems', () => {
    const r = loadCriteria(readFileSync(resolve(CRITERIA_DIR, file), 'utf8'), file);
    expect(r.ok ? [] : r.problems).toEqual([]);
    expect(criteria.set.year).toBe(year);
    expect(criteria.set.id).toBe('nq57-truyen-thong-dien-bien');
  });

  it('its group maxima add up to 100', () => {
    expect(criteria.set.scale).toBe(100);
    expect(criteria.set.groups.reduce((s, g) => s + g.max, 0)).toBe(100);
  });

  it('every indicator and item cites at least one clause, and every clause exists in plan.md', () => {
    const cited = [...criteria.set.indicators, ...criteria.set.bonus.items, ...criteria.set.deductions.items];
    for (const x of cited) {
      const clauses = x.clauses ?? [];
      expect(clauses.length, x.code).toBeGreaterThan(0);
      for (const cl of clauses) expect(CLAUSES.has(cl), `${x.code} cites ${cl}`).toBe(true);
    }
  });

  it('bands are Xuất sắc ≥ 90 (every group ≥ 70%), Tốt ≥ 80, Khá ≥ 65, Trung bình ≥ 50, Yếu', () => {
    expect(criteria.set.bands.map((b) => [b.code, b.min])).toEqual([
      ['xuat_sac', 90],
      ['tot', 80],
      ['kha', 65],
      ['trung_binh', 50],
      ['yeu', 0],
    ]);
    expect(criteria.set.bands[0]!.requires?.minGroupShare).toBe(0.7);
    expect(criteria.set.bands[0]!.otherwise).toBe('tot');
    expect(criteria.set.bands.map((b) => b.label.vi)).toEqual(['Xuất sắc', 'Tốt', 'Khá', 'Trung bình', 'Yếu']);
  });

  it('proposals: Bằng khen for Xuất sắc within max(1, ceil(15% × n)); Giấy khen for Xuất sắc, or Tốt within ceil(30% × n)', () => {
    expect(criteria.set.proposals.map((p) => p.code)).toEqual(['bang_khen_chu_tich_ubnd_tinh', 'giay_khen_giam_doc_so_khcn']);
    expect(criteria.set.proposals[0]!.when).toEqual([{ bands: ['xuat_sac'], maxRank: { share: 0.15, atLeast: 1 } }]);
    expect(criteria.set.proposals[1]!.when).toEqual([{ bands: ['xuat_sac'] }, { bands: ['tot'], maxRank: { share: 0.3 } }]);
  });
});

describe('the 2026 set matches the tables of criteria-2026.md', () => {
  it('has exactly the indicators of the tables, each with its group, maximum, unit groups and rule type', () => {
    expect(table(C2026)).toEqual(TABLE_2026);
    expect(C2026.set.indicators.map((i) => i.code)).toEqual(Object.keys(TABLE_2026));
  });

  it('groups: I 20, II 35, III 30, IV 10, V 5', () => {
    expect(C2026.set.groups.map((g) => [g.code, g.max])).toEqual([
      ['I', 20],
      ['II', 35],
      ['III', 30],
      ['IV', 10],
      ['V', 5],
    ]);
  });

  it.each(ALL)('for %s the indicators\' maxima per group match the tables', (ug) => {
    expect(maximaPerGroup(C2026, ug)).toEqual(PER_GROUP_2026[ug]);
  });

  it('the engine agrees: SO and XA have an applicable maximum of 100, BC of 92 (2.3 and 2.8 do not apply)', () => {
    expect(R.toNumber(scoreOne('SO', []).applicableMax)).toBe(100);
    expect(R.toNumber(scoreOne('XA', []).applicableMax)).toBe(100);
    const bc = scoreOne('BC', []);
    expect(R.toNumber(bc.applicableMax)).toBe(92);
    expect(group(bc, 'II')).toEqual({ points: '0', max: '27' });
    expect(bc.indicators.map((i) => i.code)).not.toContain('2.8');
  });

  it('the parameters of the tables: targets, steps, brackets, deadlines, choices', () => {
    const rule = (code: string) => C2026.set.indicators.find((i) => i.code === code)!.rule as unknown as Record<string, unknown>;
    expect(rule('2.2').target).toEqual({ SO: 24, XA: 12, BC: 200 });
    expect(rule('2.3').target).toBe(1);
    expect(rule('2.6').target).toBe(10);
    expect(rule('2.7').target).toEqual({ SO: 4, XA: 4, BC: 2 });
    expect(rule('2.8').target).toEqual({ SO: 5, XA: 20 });
    expect(rule('2.9').target).toBe(4);
    expect(rule('3.2').target).toBe(1);
    expect(rule('3.2').allowOver).toBe(true);
    expect(rule('3.3').target).toBe(0.4);
    expect(rule('3.4a').target).toBe(0.6);
    expect(rule('3.4b').target).toBe(3);
    expect(rule('3.4c').target).toBe(24);
    expect(rule('4.3').target).toBe(3);
    expect(rule('5.1a').target).toBe(6);
    expect(rule('2.4').steps).toEqual([
      { min: 0, points: 0 },
      { min: 1, points: 2 },
      { min: 2, points: 3 },
      { min: 3, points: 4 },
    ]);
    expect(rule('4.2').steps).toEqual([
      { min: 0, points: 0 },
      { min: 1, points: 2 },
      { min: 2, points: 4 },
    ]);
    expect(rule('3.1').brackets).toEqual([
      { min: 1, points: 8 },
      { min: 0.9, points: 6 },
      { min: 0.7, points: 4 },
      { min: 0.5, points: 2 },
      { min: 0, points: 0 },
    ]);
    expect(rule('1.1').ladder).toEqual([
      { onOrBefore: '2025-12-31', points: 6 },
      { onOrBefore: '2026-03-31', points: 4 },
      { onOrBefore: '2026-12-31', points: 2 },
    ]);
    expect(rule('1.4').inputs).toEqual([
      { name: 'report_jun', due: '2026-06-10' },
      { name: 'report_dec', due: '2026-12-10' },
    ]);
    expect(rule('1.4').ladder).toEqual([
      { daysLate: 0, points: 4 },
      { daysLate: 10, points: 2 },
    ]);
    expect([rule('1.4').late, rule('1.4').absent]).toEqual([1, 0]);
    const options = (code: string) => (rule(code).options as { code: string; points: number }[]).map((o) => [o.code, o.points]);
    expect(options('1.2')).toEqual([
      ['plan_and_budget', 4],
      ['plan_only', 2],
      ['none', 0],
    ]);
    expect(options('2.1')).toEqual([
      ['none', 0],
      ['exists', 2],
      ['active', 5],
    ]);
    expect(rule('5.1b').step).toBe(0.25);
  });

  it('bonus: T1 provincial +1, national +2, cap 3; T2 +2, cap 2; total cap 5', () => {
    const b = C2026.set.bonus;
    expect(b.cap).toBe(5);
    expect(b.items.map((i) => [i.code, i.inputs.map((x) => [x.name, x.points]), i.cap])).toEqual([
      ['T1', [['provincial', 1], ['national', 2]], 3],
      ['T2', [['value', 2]], 2],
    ]);
    expect(C2026.set.evidenceGate.appliesToBonus).toBe(true);
  });

  it('deductions: D1 −10 capping the band at Trung bình; D2 −3 each, cap 6', () => {
    const d = C2026.set.deductions;
    expect(d.items.map((i) => [i.code, i.inputs.map((x) => [x.name, x.kind, x.points]), i.cap, i.bandCap ?? null])).toEqual([
      ['D1', [['value', 'yesno', 10]], 10, 'trung_binh'],
      ['D2', [['value', 'count', 3]], 6, null],
    ]);
    expect(C2026.set.bands[0]!.requires?.withoutItems).toEqual(['D1']);
  });

  it('ranking: competition within the unit group; ties listed by group III, group II, the earlier June report', () => {
    expect(C2026.set.ranking).toEqual({
      method: 'competition',
      within: 'unitGroup',
      tieBreak: [
        { by: 'group', code: 'III' },
        { by: 'group', code: 'II' },
        { by: 'date', indicator: '1.4', input: 'report_jun', prefer: 'earlier' },
      ],
    });
    expect(C2026.set.panel.aggregate).toBe('mean');
  });
});

describe('the 2025 baseline matches criteria-2026.md', () => {
  it('has the seven carried-over indicators with their maxima', () => {
    expect(table(C2025)).toEqual(TABLE_2025);
  });

  it('groups I, II and III only: 20 + 65 + 15 = 100', () => {
    expect(C2025.set.groups.map((g) => [g.code, g.max])).toEqual([
      ['I', 20],
      ['II', 65],
      ['III', 15],
    ]);
  });

  it.each(ALL)('for %s the indicators\' maxima per group match', (ug) => {
    expect(maximaPerGroup(C2025, ug)).toEqual(PER_GROUP_2025[ug]);
  });

  it('no bonus and no deductions', () => {
    expect(C2025.set.bonus.items).toEqual([]);
    expect(C2025.set.deductions.items).toEqual([]);
  });

  it('3.1 brackets: 100% → 15; 90% → 11.25; 70% → 7.5; 50% → 3.75', () => {
    const r = (num: number) =>
      R.toNumber(scoreOne('SO', [e('U', '3.1', { numerator: num, denominator: 100 })], { criteria: C2025 }).indicators.find((i) => i.code === '3.1')!.points);
    expect([r(100), r(99), r(90), r(89), r(70), r(50), r(49)]).toEqual([15, 11.25, 11.25, 7.5, 7.5, 3.75, 0]);
  });

  it('a press agency in 2025 is scored out of 85 and rescaled: 2.2 with 100 of 200 items (7.5 of 15) only → 100 × 7.5/85 = 150/17 ≈ 8.82', () => {
    const r = scoreOne('BC', [e('U', '2.2', { value: 100 })], { criteria: C2025 });
    expect(R.toNumber(r.applicableMax)).toBe(85);
    expect(r.rounded).toBe(8.82);
  });

  it('a department with everything in 2025 scores 100 and is Xuất sắc', () => {
    const r = scoreOne(
      'SO',
      [
        e('U', '1.1', { value: true }),
        e('U', '2.1', { value: true }),
        e('U', '2.2', { value: 24 }),
        e('U', '2.3', { numerator: 2, denominator: 2 }),
        e('U', '2.5', { value: true }),
        e('U', '2.9', { value: 4 }),
        e('U', '3.1', { numerator: 10, denominator: 10 }),
      ],
      { criteria: C2025 },
    );
    expect(r.rounded).toBe(100);
    expect(r.band.code).toBe('xuat_sac');
  });

  it('under the 2025 set, entries for codes it does not have (T1, 3.2 …) are ignored', () => {
    const r = scoreOne('SO', [...fullMarks('U', 'SO'), e('U', 'T1', { provincial: 3, national: 0 })], { criteria: C2025 });
    // Of fullMarks, only 2.2 (24 → 15), 2.3 (5/5 → 15), 2.5 (yes → 10), 2.9 (4 → 10), 3.1 (100% → 15) are 2025
    // indicators; 1.1 and 2.1 have 2026-shaped values (a date, a choice) that a yes/no rule reads as "no".
    expect(R.toNumber(r.earned)).toBe(65);
    expect(R.toNumber(r.bonus)).toBe(0);
  });
});

describe('the validator refuses a set whose groups do not add up', () => {
  it('group I raised to 21 → a problem at "groups"', () => {
    const json = JSON.parse(readFileSync(resolve(CRITERIA_DIR, 'nq57-2026.1.json'), 'utf8'));
    json.groups[0].max = 21;
    const r = loadCriteria(JSON.stringify(json), 'broken.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.some((p) => p.path === 'groups')).toBe(true);
  });
});
