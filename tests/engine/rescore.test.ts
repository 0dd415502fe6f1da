/** rescoreUnits: one unit's entries changed, the year ranked again, equal to scoring the whole year. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rescoreUnits, scoreYear } from '../../shared/engine/score';
import { contentOf, EvaluationFile, SELF } from '../../shared/file/evaluation-file';
import { importCsv } from '../../shared/file/import';
import { C2026, defaults, sql, testEnv } from '../file/helpers';

const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

async function demo(): Promise<EvaluationFile> {
  const file = EvaluationFile.create(await sql(), testEnv());
  const r = importCsv(file, readFileSync('demo/dien-bien.csv', 'utf8'), defaults, { file: 'dien-bien.csv' });
  expect(r.problems).toEqual([]);
  return file;
}

describe('rescoreUnits', () => {
  it('gives what scoreYear gives, for the panel and the self-assessment, with ranks and proposals moving across the group', async () => {
    const file = await demo();
    for (const source of ['panel', 'self'] as const) {
      let previous = scoreYear(C2026, file.yearData(2026), { source });
      for (const [unit, value] of [['03325', 0], ['03325', 40], ['03127', 1], ['03127', 25]] as const) {
        const key = { year: 2026, unit, indicator: '2.2', who: SELF };
        file.putEntry(key, { ...contentOf(file.entry(key)!), values: { value } });
        previous = rescoreUnits(C2026, previous, file.yearData(2026, { unit }), { source });
        expect(plain(previous)).toEqual(plain(scoreYear(C2026, file.yearData(2026), { source })));
      }
    }
  });

  it('keeps every proposal override of the year and follows a change of one', async () => {
    const file = await demo();
    const proposal = C2026.set.proposals[0]!.code;
    file.setProposalOverride({ year: 2026, unit: '03127', proposal, reason: 'Theo biên bản họp' });
    let previous = scoreYear(C2026, file.yearData(2026));
    // Another unit edited: the override of 03127 stays.
    const key = { year: 2026, unit: '03325', indicator: '2.2', who: SELF };
    file.putEntry(key, { ...contentOf(file.entry(key)!), values: { value: 0 } });
    previous = rescoreUnits(C2026, previous, file.yearData(2026, { unit: '03325' }));
    expect(previous.units.find((u) => u.unit.code === '03127')!.override).toBeDefined();
    expect(plain(previous)).toEqual(plain(scoreYear(C2026, file.yearData(2026))));
    // The override changed (to no proposal): the next rescoring of any unit applies the change.
    file.setProposalOverride({ year: 2026, unit: '03127', proposal: null, reason: 'Hủy điều chỉnh' });
    previous = rescoreUnits(C2026, previous, file.yearData(2026, { unit: '03325' }));
    expect(plain(previous)).toEqual(plain(scoreYear(C2026, file.yearData(2026))));
  });
});
