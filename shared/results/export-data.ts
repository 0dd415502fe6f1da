/**
 * Every result of a year as data: JSON (present.ts's scoreJson, with what the exports add: the rank as
 * shown, the self-assessed score and the difference, completeness, the export's own facts) and CSV (the
 * ranking of every unit group in one table, and the per-indicator detail), for analysts and for the Board's
 * own tools. Numbers as present.ts rounds them; CSV with a BOM so Excel reads the Vietnamese letters.
 * Pure: no Node, no DOM.
 */
import type { ScoredItem } from '../engine/score';
import { toCsv } from '../interchange/csv';
import { exportStatus, STATUS_VI, SOURCE_VI, unitRows, type ExportInput, type UnitRow } from './export-common';
import { achievementSummary, nominationSections } from './nomination';
import { scoreJson, unitJson } from './present';

const fixed = (x: number | null) => (x === null ? '' : x.toFixed(2));

function statusCell(input: ExportInput): string {
  const s = exportStatus(input);
  return s.final && input.finalisation ? `Đã chốt ${input.finalisation.at.slice(0, 10)}` : 'DỰ THẢO';
}

/** The results JSON: scoreJson, each unit with the export's additions, and the export's facts. */
export function resultsJson(input: ExportInput): unknown {
  const status = exportStatus(input);
  const f = input.finalisation;
  const base = scoreJson(input.result, 'vi', { finalisation: f ? { finalisedAt: f.at, finalisedBy: f.by, fingerprint: f.fingerprint } : null });
  const rows = unitRows(input);
  return {
    ...base,
    status: status.final ? 'final' : 'draft',
    statusLine: status.line,
    export: { province: input.province, generatedAt: input.generatedAt, appVersion: input.appVersion },
    units: rows.map((r) => unitExtras(r)),
  };
}

function unitExtras(r: UnitRow): Record<string, unknown> {
  const j = r.json;
  const override =
    r.override && !j.proposalOverride
      ? {
          proposal: r.proposal?.code ?? null,
          proposalLabel: r.proposal?.label ?? null,
          proposalOverride: {
            computed: r.ruleProposal?.code ?? null,
            computedLabel: r.ruleProposal?.label ?? null,
            reason: r.override.reason,
            by: r.override.by ?? null,
            at: r.override.at ?? null,
          },
        }
      : {};
  return { ...j, ...override, rankLabel: r.rankLabel, tied: r.tied, groupSize: r.groupSize, selfScore: r.selfScore, difference: r.difference, completeness: r.completeness };
}

export const RESULTS_CSV_HEADERS = (groups: readonly string[]) => [
  'Năm',
  'Tình trạng',
  'Khối',
  'Thứ hạng',
  'Mã đơn vị',
  'Tên đơn vị',
  ...groups.map((g) => `Nhóm ${g}`),
  'Điểm quy đổi',
  'Điểm thưởng',
  'Điểm trừ',
  'Tổng điểm',
  'Xếp loại',
  'Đề xuất khen thưởng',
  'Đề xuất theo quy tắc',
  'Lý do điều chỉnh đề xuất',
  'Tự đánh giá',
  'Chênh lệch',
  'Mức đầy đủ số liệu (%)',
  'Ghi chú xếp loại',
];

/** One row per unit, every unit group, in the result's order. */
export function resultsCsv(input: ExportInput): string {
  const groups = input.criteria.set.groups.map((g) => g.code);
  const status = statusCell(input);
  const rows = unitRows(input).map((r) => [
    String(input.result.year),
    status,
    r.result.unit.group,
    r.rankLabel,
    r.result.unit.code,
    r.result.unit.name,
    ...groups.map((g) => fixed(r.json.groups[g]?.points ?? 0)),
    fixed(r.json.base),
    fixed(r.json.bonus),
    fixed(r.json.deduction),
    fixed(r.json.score),
    r.json.bandLabel,
    r.proposal?.label ?? '',
    r.ruleProposal?.label ?? '',
    r.override?.reason ?? '',
    fixed(r.selfScore),
    fixed(r.difference),
    String(Math.round(r.completeness * 100)),
    r.json.bandNote ?? '',
  ]);
  return toCsv([RESULTS_CSV_HEADERS(groups), ...rows], { bom: true });
}

export const DETAIL_CSV_HEADERS = ['Năm', 'Khối', 'Mã đơn vị', 'Tên đơn vị', 'Mã chỉ tiêu', 'Loại', 'Điểm', 'Tối đa', 'Trạng thái', 'Nguồn điểm', 'Tự đánh giá (điểm)', 'Giải thích'];

/** One row per unit and indicator (bonus and deduction items included). */
export function detailCsv(input: ExportInput): string {
  const selfByUnit = new Map((input.selfResult?.units ?? []).map((u) => [u.unit.code, unitJson(u, 'vi')]));
  const kind: Record<ScoredItem['kind'], string> = { indicator: 'Chỉ tiêu', bonus: 'Điểm thưởng', deduction: 'Điểm trừ' };
  const caps = new Map([...input.criteria.set.bonus.items, ...input.criteria.set.deductions.items].map((i) => [i.code, i.cap]));
  const out: string[][] = [DETAIL_CSV_HEADERS];
  for (const r of unitRows(input)) {
    const self = selfByUnit.get(r.result.unit.code);
    for (const it of [...r.result.indicators, ...r.result.items]) {
      const j = it.kind === 'indicator' ? r.json.indicators[it.code]! : r.json.items[it.code]!;
      const max = it.kind === 'indicator' ? r.json.indicators[it.code]!.max : (caps.get(it.code) ?? 0);
      const s = self ? (it.kind === 'indicator' ? self.indicators[it.code] : self.items[it.code]) : undefined;
      out.push([
        String(input.result.year),
        r.result.unit.group,
        r.result.unit.code,
        r.result.unit.name,
        it.code,
        kind[it.kind],
        it.status === 'not_applicable' ? '' : fixed(j.points),
        fixed(max),
        STATUS_VI[it.status] ?? it.status,
        SOURCE_VI[it.source] ?? it.source,
        s && s.source === 'self' && s.status !== 'not_applicable' ? fixed(s.points) : '',
        j.explanation,
      ]);
    }
  }
  return toCsv(out, { bom: true });
}

export const NOMINATION_CSV_HEADERS = ['STT', 'Tên tập thể', 'Mã đơn vị', 'Khối', 'Hình thức đề nghị', 'Tóm tắt thành tích', 'Điểm', 'Xếp loại', 'Thứ hạng', 'Ghi chú', 'Tình trạng'];

/** The nomination list as one table (STT within each form of reward). */
export function nominationCsv(input: ExportInput): string {
  const status = statusCell(input);
  const ug = new Map(input.criteria.set.unitGroups.map((g) => [g.code, g.name.vi]));
  const out: string[][] = [NOMINATION_CSV_HEADERS];
  for (const s of nominationSections(input)) {
    s.rows.forEach((r, i) =>
      out.push([
        String(i + 1),
        r.result.unit.name,
        r.result.unit.code,
        ug.get(r.result.unit.group) ?? r.result.unit.group,
        s.label,
        achievementSummary(input, r),
        fixed(r.json.score),
        r.json.bandLabel,
        `${r.rankLabel}/${r.groupSize}`,
        r.override ? r.note : '',
        status,
      ]),
    );
  }
  return toCsv(out, { bom: true });
}

export function nominationJson(input: ExportInput): unknown {
  const status = exportStatus(input);
  const r = input.result;
  return {
    year: r.year,
    criteria: { id: r.criteria.id, version: r.criteria.version, sha256: r.criteria.sha256 },
    status: status.final ? 'final' : 'draft',
    statusLine: status.line,
    fingerprint: status.fingerprint,
    finalisation: input.finalisation,
    export: { province: input.province, generatedAt: input.generatedAt, appVersion: input.appVersion },
    sections: nominationSections(input).map((s) => ({
      proposal: s.code,
      label: s.label,
      units: s.rows.map((row) => ({ ...unitExtras(row), summary: achievementSummary(input, row), note: row.override ? row.note : '' })),
    })),
  };
}
