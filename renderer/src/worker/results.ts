/**
 * The results screen's half in the worker: a year's ranking with the reward proposals as the exports show
 * them (shared/results/export-common.ts makes the rows: the same rank labels, ties, self-assessed score and
 * difference), the finalisation state and its history, the lock the evidence grid shows on a final year,
 * and the documents the screen exports (workbooks, CSV and JSON as bytes; PDFs as the printable HTML the
 * host prints). Every change goes through the evaluation file, which validates, audits and refuses writes to
 * a final year (EvaluationFile.setProposalOverride, clearProposalOverride, finalise, reopen).
 */
import type { YearResult } from '../../../shared/engine/score';
import { utf8 } from '../../../shared/exact/sha256';
import { localDate, type EvaluationFile, type FinalisationRecord } from '../../../shared/file/evaluation-file';
import { FileError } from '../../../shared/file/open';
import { formatIsoDate, text, type Text } from '../../../shared/i18n/text';
import { fileSafe, unitRows, type ExportInput } from '../../../shared/results/export-common';
import { detailCsv, resultsCsv, resultsJson } from '../../../shared/results/export-data';
import { rankingsWorkbook } from '../../../shared/results/export-workbook';
import { nominationHtml, nominationWorkbook } from '../../../shared/results/nomination';
import { resultsFingerprint } from '../../../shared/results/present';
import { scorecardHtml, scorecards } from '../../../shared/results/scorecard';
import type { ExportedDocument, ExportKind, FinalisationState, Labelled, RankingRow, RankingsView, YearLock } from './results-protocol';

/** A year's results are hashed once however often the screen asks (results objects are never changed). */
const FINGERPRINTS = new WeakMap<YearResult, string>();
export function fingerprintOf(r: YearResult): string {
  let f = FINGERPRINTS.get(r);
  if (f === undefined) FINGERPRINTS.set(r, (f = resultsFingerprint(r)));
  return f;
}

function finalisationState(f: FinalisationRecord): FinalisationState {
  return { at: f.finalisedAt, date: localDate(f.finalisedAt), by: f.finalisedBy, fingerprint: f.fingerprint };
}

/** "2026-12-20T01:30:00.000Z" → "20/12/2026 08:30" (Điện Biên, UTC+7, as the file's messages date things). */
export function localDateTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const local = new Date(t + 7 * 3_600_000).toISOString();
  return `${formatIsoDate(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

/** What the exports need, from the open file: the official results, the finalisation, the self-assessment. */
export function exportInput(
  f: EvaluationFile,
  year: number,
  result: YearResult,
  selfResult: YearResult,
  opts: { appVersion: string; generatedAt: string; withData?: boolean },
): ExportInput {
  const criteria = f.criteriaFor(year);
  if (!criteria) throw new FileError('no-criteria', text(`Tệp chưa có bộ tiêu chí cho năm ${year}`, `The file has no criteria set for ${year}`));
  const record = f.finalisation(year);
  return {
    result,
    criteria,
    selfResult,
    data: opts.withData ? f.yearData(year) : null,
    finalisation: record ? { at: record.finalisedAt, by: record.finalisedBy, fingerprint: record.fingerprint } : null,
    fingerprint: fingerprintOf(result),
    province: f.meta().province || 'Điện Biên',
    generatedAt: opts.generatedAt,
    appVersion: opts.appVersion,
  };
}

/** The ranking of a year: `result` is the panel's official results, `selfResult` the self-assessment scored alone. */
export function rankingsView(f: EvaluationFile, year: number, result: YearResult, selfResult: YearResult): RankingsView {
  const input = exportInput(f, year, result, selfResult, { appVersion: '', generatedAt: '' });
  const criteria = input.criteria;
  const set = criteria.set;
  const proposalLabel = (code: string): Labelled => ({ code, label: set.proposals.find((p) => p.code === code)?.label ?? text(code, code) });
  const names = new Map<string, string[]>();
  for (const u of result.units) {
    const k = `${u.unit.group}\u0000${u.rank}`;
    names.set(k, [...(names.get(k) ?? []), u.unit.name]);
  }
  const rows: RankingRow[] = unitRows(input).map((r) => {
    const u = r.result;
    const j = r.json;
    const computed = u.override ? u.override.computed : u.proposal;
    return {
      unit: u.unit.code,
      name: u.unit.name,
      group: u.unit.group,
      rank: u.rank,
      rankLabel: r.rankLabel,
      tiedWith: r.tied ? (names.get(`${u.unit.group}\u0000${u.rank}`) ?? []).filter((n) => n !== u.unit.name) : [],
      groups: j.groups,
      base: j.base,
      bonus: j.bonus,
      deduction: j.deduction,
      score: j.score,
      band: { code: u.band.code, label: u.band.label },
      bandNote: u.bandNote,
      proposal: u.proposal ? { code: u.proposal.code, label: u.proposal.label } : null,
      computedProposal: computed ? { code: computed.code, label: computed.label } : null,
      override: u.override ? { reason: u.override.reason, by: u.override.by, at: u.override.at } : null,
      selfScore: r.selfScore,
      difference: r.difference,
      completeness: { share: r.completeness, entered: u.completeness.entered, applicable: u.completeness.applicable, withEvidence: u.completeness.withEvidence },
    };
  });
  const record = f.finalisation(year);
  const fingerprint = input.fingerprint!;
  const openConflicts =
    Number(f.rows('SELECT count(*) FROM merge_conflicts WHERE year = ? AND resolved_at IS NULL', [year])[0]?.[0] ?? 0) +
    Number(f.rows('SELECT count(*) FROM consensus_conflicts WHERE year = ? AND resolved_at IS NULL', [year])[0]?.[0] ?? 0);
  return {
    year,
    criteria: { id: criteria.ident.id, version: criteria.ident.version, sha256: criteria.ident.sha256 },
    panel: result.panel,
    unitGroups: set.unitGroups.map((g) => ({ code: g.code, name: g.name, size: result.units.filter((u) => u.unit.group === g.code).length })),
    groups: set.groups.map((g) => ({ code: g.code, name: g.name })),
    proposals: set.proposals.map((p) => proposalLabel(p.code)),
    rows,
    fingerprint,
    finalisation: record ? finalisationState(record) : null,
    matchesFinal: record !== null && record.fingerprint === fingerprint,
    history: f.finalisationHistory(year).map((e) => ({
      seq: e.seq,
      action: e.action,
      at: e.at,
      when: localDateTime(e.at),
      actor: e.actor,
      fingerprint: e.fingerprint,
      reason: e.reason,
    })),
    openConflicts,
    chair: f.evaluators().find((e) => e.role === 'chair')?.name ?? null,
  };
}

/** The lock of a final year (null when the year is a draft): the file's own sentence refusing any change. */
export function yearLock(f: EvaluationFile, year: number): YearLock | null {
  const record = f.finalisation(year);
  if (!record) return null;
  try {
    f.assertYearOpen(year);
  } catch (e) {
    if (e instanceof FileError) return { finalisation: finalisationState(record), message: e.text };
    throw e;
  }
  return null;
}

/** The refusal of an entry edit in a final year, as the grid shows it; null when the year is open. */
export function editRefusal(f: EvaluationFile, year: number): Text | null {
  return yearLock(f, year)?.message ?? null;
}

const DOCUMENT_NAMES: Record<ExportKind, (year: number) => string> = {
  'rankings-xlsx': (y) => `xep-hang-${y}.xlsx`,
  'nominations-xlsx': (y) => `de-nghi-khen-thuong-${y}.xlsx`,
  'nominations-pdf': (y) => `de-nghi-khen-thuong-${y}.pdf`,
  'scorecard-pdf': (y) => `phieu-diem-${y}.pdf`,
  'scorecards-pdf': (y) => `phieu-diem-tat-ca-don-vi-${y}.pdf`,
  'results-csv': (y) => `ket-qua-${y}.csv`,
  'detail-csv': (y) => `chi-tiet-chi-tieu-${y}.csv`,
  'results-json': (y) => `ket-qua-${y}.json`,
};

/** "xep-hang-2026.xlsx" → "xep-hang-2026-du-thao.xlsx" on a draft: the file name says it too. */
export function documentName(kind: ExportKind, year: number, final: boolean, unit?: { code: string; name: string }): string {
  let name = DOCUMENT_NAMES[kind](year);
  if (unit) name = name.replace(/\.pdf$/, `-${fileSafe(unit.code)}-${fileSafe(unit.name)}.pdf`);
  return final ? name : name.replace(/(\.[a-z]+)$/, '-du-thao$1');
}

/** One document of a year's results. `unit` is required for 'scorecard-pdf' (one unit's scorecard). */
export function exportDocument(input: ExportInput, kind: ExportKind, unit?: string | null): ExportedDocument {
  const year = input.result.year;
  if (input.result.units.length === 0) {
    throw new FileError('export-empty', text(`Năm ${year} chưa có đơn vị nào được đánh giá: không có gì để xuất`, `No unit is evaluated in ${year}: there is nothing to export`));
  }
  const f = input.finalisation;
  const final = f !== null && f.fingerprint === input.fingerprint;
  const doc = (bytes: Uint8Array | null, html: string | null, u?: { code: string; name: string }): ExportedDocument => ({
    name: documentName(kind, year, final, u),
    bytes,
    html,
    final,
  });
  switch (kind) {
    case 'rankings-xlsx':
      return doc(rankingsWorkbook(input), null);
    case 'nominations-xlsx':
      return doc(nominationWorkbook(input), null);
    case 'nominations-pdf':
      return doc(null, nominationHtml(input));
    case 'results-csv':
      return doc(utf8(resultsCsv(input)), null);
    case 'detail-csv':
      return doc(utf8(detailCsv(input)), null);
    case 'results-json':
      return doc(utf8(JSON.stringify(resultsJson(input), null, 2) + '\n'), null);
    case 'scorecard-pdf': {
      const found = input.result.units.find((u) => u.unit.code === unit);
      if (!found) throw new FileError('export-unit', text(`Không có đơn vị ${unit ?? ''} trong năm ${year}`, `No unit ${unit ?? ''} in ${year}`));
      const [card] = scorecards(input, [found.unit.code]);
      return doc(null, scorecardHtml(input, card!), { code: found.unit.code, name: found.unit.name });
    }
    case 'scorecards-pdf': {
      const htmls = scorecards(input).map((card) => scorecardHtml(input, card));
      const title = `${final ? '' : 'DỰ THẢO – '}Phiếu kết quả đánh giá năm ${year} – ${input.province}`;
      return doc(null, combineDocuments(htmls, title));
    }
    default:
      throw new FileError('export-kind', text(`Không có loại tệp xuất “${String(kind)}”`, `No export “${String(kind)}”`));
  }
}

/**
 * Several printable documents of the same kind (the scorecards: same style sheet, same page footer) as one
 * document, each starting on a new page: the first document's head, then every document's body. The draft
 * watermark is fixed to the page, so one copy marks every page.
 */
export function combineDocuments(htmls: readonly string[], title: string): string {
  if (htmls.length === 0) throw new Error('combineDocuments: no documents');
  const first = htmls[0]!;
  const open = first.indexOf('<body>');
  if (open < 0) throw new Error('combineDocuments: a document without <body>');
  const watermark = /<div class="watermark"[^>]*>[^<]*<\/div>/;
  const bodies = htmls.map((h, i) => {
    const start = h.indexOf('<body>') + '<body>'.length;
    const end = h.lastIndexOf('</body>');
    if (start < '<body>'.length || end < start) throw new Error('combineDocuments: a document without <body>');
    const body = h.slice(start, end);
    return i === 0 ? body : body.replace(watermark, '');
  });
  const head = first.slice(0, open).replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)}</title>`);
  const sections = bodies.map((b, i) => `<section class="combined-document"${i > 0 ? ' style="break-before: page"' : ''}>${b}</section>`);
  return `${head}<body>${sections.join('\n')}</body></html>\n`;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
