/** validate and score: the engine on a criteria file, an interchange CSV or an evaluation file. */
import { readFileSync } from 'node:fs';
import type { LoadedCriteria } from '../shared/criteria/loaded';
import type { PanelAggregate } from '../shared/criteria/types';
import { AGGREGATES } from '../shared/engine/panel';
import { scoreYear, type YearData, type YearResult } from '../shared/engine/score';
import { text } from '../shared/i18n/text';
import { toCsv } from '../shared/interchange/csv';
import { readInterchange } from '../shared/interchange/read';
import type { FinalisationRecord } from '../shared/file/evaluation-file';
import { localDate } from '../shared/file/evaluation-file';
import { rankingTable, resultsFingerprint, scoreJson } from '../shared/results/present';
import { FileSession } from '../node/session';
import { criteriaForYear, readCriteriaFile, reason } from './criteria-files';
import { actorOf, done, failed, parse, refused, str, usage, type CliOutput } from './output';

export function validate(args: readonly string[]): CliOutput {
  const p = parse(args, {});
  if (typeof p === 'string') return usage(p);
  if (p.positionals.length !== 1) return usage('validate cần đúng một tệp tiêu chí / validate takes exactly one criteria file');
  const file = p.positionals[0]!;
  const r = readCriteriaFile(file);
  if (!r.ok) return failed(r.problems);
  const { id, version, sha256 } = r.value.ident;
  return done(`${file}: hợp lệ / valid — ${id} ${version} sha256:${sha256}\n`);
}

export async function score(args: readonly string[]): Promise<CliOutput> {
  const p = parse(args, {
    data: { type: 'string' },
    year: { type: 'string' },
    criteria: { type: 'string' },
    panel: { type: 'string' },
    lang: { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
  });
  if (typeof p === 'string') return usage(p);
  const data = str(p, 'data');
  const evaluationFile = p.positionals[0];
  if (!data === !evaluationFile || p.positionals.length > 1) {
    return usage('Chấm một tệp: --data <file.csv> hoặc <file.nq57> / Score one source: --data <file.csv> or <file.nq57>');
  }
  const yearText = str(p, 'year');
  if (!yearText || !/^\d{4}$/.test(yearText)) return usage('Thiếu hoặc sai --year <YYYY> / Missing or invalid --year <YYYY>');
  if (p.values.json === p.values.csv) return usage('Chọn một trong --json, --csv / Choose one of --json, --csv');
  const panel = str(p, 'panel') as PanelAggregate | undefined;
  if (panel !== undefined && !AGGREGATES.includes(panel)) return usage(`--panel phải là / must be ${AGGREGATES.join('|')}`);
  const lang = str(p, 'lang') ?? 'vi';
  if (lang !== 'vi' && lang !== 'en') return usage('--lang phải là vi hoặc en / must be vi or en');
  const year = Number(yearText);
  const format = p.values.json ? 'json' : 'csv';

  let criteria: LoadedCriteria;
  let yearData: YearData;
  const notes: string[] = [];
  /** For an evaluation file: the year's finalisation (null = a draft). */
  let finalisation: FinalisationRecord | null | undefined;
  if (evaluationFile) {
    if (str(p, 'criteria')) return usage('--criteria chỉ dùng với --data: tệp đánh giá giữ bộ tiêu chí của từng năm / --criteria only goes with --data: an evaluation file keeps each year’s set');
    const session = await FileSession.open(evaluationFile, { actor: actorOf(p), readOnly: true });
    try {
      const c = session.file.criteriaFor(year);
      if (!c) return refused(text(`Tệp chưa có bộ tiêu chí cho năm ${year}`, `The file has no criteria set for ${year}`), evaluationFile);
      criteria = c;
      yearData = session.file.yearData(year);
      finalisation = session.file.finalisation(year);
    } finally {
      session.close();
    }
  } else {
    const file = str(p, 'criteria');
    if (file) {
      const r = readCriteriaFile(file);
      if (!r.ok) return failed(r.problems);
      criteria = r.value;
      if (criteria.set.year !== year) {
        return failed([{ file, path: 'year', message: text(`Bộ tiêu chí dành cho năm ${criteria.set.year}, không phải ${year}`, `The criteria set is for ${criteria.set.year}, not ${year}`) }]);
      }
    } else {
      const c = criteriaForYear(year);
      if (!c) return refused(text(`Không có bộ tiêu chí cho năm ${year} trong criteria/; chỉ định --criteria <tệp>`, `No criteria set for ${year} in criteria/; pass --criteria <file>`));
      criteria = c;
    }
    let source: string;
    try {
      source = readFileSync(data!, 'utf8');
    } catch (e) {
      return refused(text(`Không đọc được tệp dữ liệu: ${reason(e)}`, `Cannot read the data file: ${reason(e)}`), data);
    }
    const read = readInterchange(source, year, criteria, data);
    if (!read.data) return failed(read.problems);
    yearData = read.data;
    if (yearData.units.length === 0) {
      const others = read.years.length ? ` (${read.years.join(', ')})` : '';
      notes.push(`Không có dòng nào của năm ${year}${others} / No rows for ${year}${others}`);
    }
  }
  const result = scoreYear(criteria, yearData, panel ? { panel } : {});
  notes.push(...warningSummary(result));
  // The fingerprint is shown in the JSON, and for an evaluation file (final or draft) in the CSV's status line.
  const fingerprint = format === 'json' || finalisation !== undefined ? resultsFingerprint(result) : '';
  if (finalisation && finalisation.fingerprint !== fingerprint) {
    notes.push(
      panel && panel !== finalisation.panel
        ? `Kết quả này tính bằng --panel ${panel}, không phải kết quả đã chốt (${finalisation.panel}) / These results use --panel ${panel}, not the finalised ones (${finalisation.panel})`
        : `Kết quả tính lại khác kết quả đã chốt (dấu vân tay ${finalisation.fingerprint.slice(0, 12)}…) / The results recomputed differ from those finalised (fingerprint ${finalisation.fingerprint.slice(0, 12)}…)`,
    );
  }
  const warnings = notes.map((n) => `cảnh báo / warning: ${n}\n`).join('');
  if (format === 'json') {
    const info = finalisation ? { finalisedAt: finalisation.finalisedAt, finalisedBy: finalisation.finalisedBy, fingerprint: finalisation.fingerprint } : null;
    return done(JSON.stringify(scoreJson(result, lang, { finalisation: info, fingerprint }), null, 2) + '\n', warnings);
  }
  // The table carries no status: for an evaluation file, the status and the fingerprint go to stderr.
  const status = finalisation === undefined ? '' : finalisationLine(year, finalisation, fingerprint) + '\n';
  return done(toCsv(rankingTable(result, criteria.set.groups.map((g) => g.code)), { bom: true }), status + warnings);
}

/** "Năm 2026: ĐÃ CHỐT ngày … (…); dấu vân tay …" or "DỰ THẢO", in both languages. */
export function finalisationLine(year: number, f: FinalisationRecord | null, fingerprint: string): string {
  if (!f) return `Năm ${year}: DỰ THẢO (chưa chốt kết quả); dấu vân tay sha256:${fingerprint} | ${year}: DRAFT (not finalised); fingerprint sha256:${fingerprint}`;
  const date = localDate(f.finalisedAt);
  return (
    `Năm ${year}: ĐÃ CHỐT KẾT QUẢ ngày ${date} (${f.finalisedBy}); dấu vân tay sha256:${f.fingerprint} | ` +
    `${year}: FINAL since ${date} (${f.finalisedBy}); fingerprint sha256:${f.fingerprint}`
  );
}

/** One line per indicator with warnings (e.g. scale judgements without a reason), naming the units. */
function warningSummary(result: YearResult): string[] {
  type Summary = { units: string[]; count: number; first: { vi: string; en: string } };
  const byCode = new Map<string, Summary>();
  for (const u of result.units) {
    for (const i of [...u.indicators, ...u.items]) {
      if (i.warnings.length === 0) continue;
      const w: Summary = byCode.get(i.code) ?? { units: [], count: 0, first: i.warnings[0]! };
      w.units.push(u.unit.code);
      w.count += i.warnings.length;
      byCode.set(i.code, w);
    }
  }
  return [...byCode].map(([code, w]) =>
    w.count === 1
      ? `${w.units[0]} ${code}: ${w.first.vi} | ${w.first.en}`
      : `${code}: ${w.count} mục thiếu lý do bằng văn bản ở ${w.units.length} đơn vị (${w.units.join(', ')}) | ${w.count} entries without a written reason in ${w.units.length} units`,
  );
}
