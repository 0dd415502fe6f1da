/**
 * Results as the documents people take away: the JSON the CLI prints and the ranking table. Every number
 * is rounded half away from zero to 2 decimals here and only here; the engine keeps exact fractions.
 */
import * as Rational from '../exact/rational';
import type { Q } from '../exact/rational';
import type { Lang } from '../i18n/text';
import type { ScoredItem, UnitResult, YearResult } from '../engine/score';

/** The rational functions, copied into a local object: direct calls also when run as CommonJS (see rational.ts). */
const R = { ...Rational };

export interface UnitJson {
  unit: string;
  name: string;
  group: string;
  score: number;
  base: number;
  bonus: number;
  deduction: number;
  band: string;
  bandLabel: string;
  bandNote: string | null;
  rank: number;
  proposal: string | null;
  proposalLabel: string | null;
  groups: Record<string, { points: number; max: number }>;
  indicators: Record<string, { points: number; max: number; status: ScoredItem['status']; explanation: string }>;
  items: Record<string, { points: number; status: ScoredItem['status']; explanation: string }>;
}

export interface ScoreJson {
  year: number;
  criteria: { id: string; version: string; sha256: string };
  panel: string;
  units: UnitJson[];
}

const c = (q: Q) => R.round(q, 2);

export function unitJson(u: UnitResult, lang: Lang = 'vi'): UnitJson {
  return {
    unit: u.unit.code,
    name: u.unit.name,
    group: u.unit.group,
    score: u.rounded,
    base: c(u.base),
    bonus: c(u.bonus),
    deduction: c(u.deduction),
    band: u.band.code,
    bandLabel: u.band.label[lang],
    bandNote: u.bandNote ? u.bandNote[lang] : null,
    rank: u.rank,
    proposal: u.proposal?.code ?? null,
    proposalLabel: u.proposal?.label[lang] ?? null,
    groups: Object.fromEntries(u.groups.map((g) => [g.code, { points: c(g.points), max: c(g.max) }])),
    indicators: Object.fromEntries(
      u.indicators.map((i) => [i.code, { points: c(i.points), max: c(i.max), status: i.status, explanation: i.explanation[lang] }]),
    ),
    items: Object.fromEntries(u.items.map((i) => [i.code, { points: c(i.points), status: i.status, explanation: i.explanation[lang] }])),
  };
}

export function scoreJson(r: YearResult, lang: Lang = 'vi'): ScoreJson {
  return {
    year: r.year,
    criteria: { id: r.criteria.id, version: r.criteria.version, sha256: r.criteria.sha256 },
    panel: r.panel,
    units: r.units.map((u) => unitJson(u, lang)),
  };
}

/** The ranking as a table: one row per unit, Vietnamese headers, numbers with two decimals. */
export function rankingTable(r: YearResult, groupCodes: readonly string[]): string[][] {
  const header = [
    'Năm',
    'Khối',
    'Thứ hạng',
    'Mã đơn vị',
    'Tên đơn vị',
    ...groupCodes.map((g) => `Nhóm ${g}`),
    'Điểm cơ sở',
    'Điểm thưởng',
    'Điểm trừ',
    'Tổng điểm',
    'Xếp loại',
    'Đề xuất khen thưởng',
    'Ghi chú xếp loại',
  ];
  const fixed = (q: Q) => c(q).toFixed(2);
  const rows = r.units.map((u) => [
    String(r.year),
    u.unit.group,
    String(u.rank),
    u.unit.code,
    u.unit.name,
    ...groupCodes.map((g) => fixed(u.groups.find((x) => x.code === g)?.points ?? R.ZERO)),
    fixed(u.base),
    fixed(u.bonus),
    fixed(u.deduction),
    u.rounded.toFixed(2),
    u.band.label.vi,
    u.proposal?.label.vi ?? '',
    u.bandNote?.vi ?? '',
  ]);
  return [header, ...rows];
}
