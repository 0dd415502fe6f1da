/**
 * Results as the documents people take away: the JSON the CLI prints and the ranking table. Every number
 * is rounded half away from zero to 2 decimals here and only here; the engine keeps exact fractions.
 * Also the canonical form of a year's results and its fingerprint (SHA-256), which finalising a year stores.
 */
import { canonicalJson } from '../exact/canonical-json';
import * as Rational from '../exact/rational';
import type { Q } from '../exact/rational';
import { sha256Hex } from '../exact/sha256';
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
  /** The proposal in force: the override's where a person overrode it. */
  proposal: string | null;
  proposalLabel: string | null;
  /** Where overridden: what the criteria's rules propose, and the written reason. */
  proposalOverride?: { computed: string | null; computedLabel: string | null; reason: string; by: string | null; at: string | null };
  groups: Record<string, { points: number; max: number }>;
  indicators: Record<string, ItemJson & { max: number }>;
  items: Record<string, ItemJson>;
}

export interface ItemJson {
  points: number;
  status: ScoredItem['status'];
  /** Who the points come from: panel (the evaluators' aggregate), self, consensus, or none (no entry). */
  source: ScoredItem['source'];
  explanation: string;
  /** Where a consensus value applies: its points and reason, and the points it replaced (null = none or not applicable). */
  consensus?: { points: number; reason: string; replaced: number | null; replacedSource: 'panel' | 'self' | 'none' };
}

export interface ScoreJson {
  year: number;
  criteria: { id: string; version: string; sha256: string };
  panel: string;
  /** 'final' once the year is finalised in the evaluation file; results from anywhere else are a draft. */
  status: 'final' | 'draft';
  /** SHA-256 of these results in canonical form (resultsFingerprint). */
  fingerprint: string;
  /** The finalisation in force, and whether these results are the ones it fingerprinted. */
  finalisation: FinalisationJson | null;
  units: UnitJson[];
}

export interface FinalisationJson {
  finalisedAt: string;
  finalisedBy: string;
  fingerprint: string;
  /** These results are exactly those finalised (their fingerprints are equal). */
  matches: boolean;
}

/** What scoreJson needs to know of a finalisation. */
export interface FinalisationInfo {
  readonly finalisedAt: string;
  readonly finalisedBy: string;
  readonly fingerprint: string;
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
    ...(u.override
      ? {
          proposalOverride: {
            computed: u.override.computed?.code ?? null,
            computedLabel: u.override.computed?.label[lang] ?? null,
            reason: u.override.reason,
            by: u.override.by,
            at: u.override.at,
          },
        }
      : {}),
    groups: Object.fromEntries(u.groups.map((g) => [g.code, { points: c(g.points), max: c(g.max) }])),
    indicators: Object.fromEntries(u.indicators.map((i) => [i.code, { points: c(i.points), max: c(i.max), ...itemRest(i, lang) }])),
    items: Object.fromEntries(u.items.map((i) => [i.code, { points: c(i.points), ...itemRest(i, lang) }])),
  };
}

function itemRest(i: ScoredItem, lang: Lang): Omit<ItemJson, 'points'> {
  const rest: Omit<ItemJson, 'points'> = { status: i.status, source: i.source, explanation: i.explanation[lang] };
  if (i.consensus) {
    const r = i.consensus.replaced;
    rest.consensus = { points: c(i.consensus.points), reason: i.consensus.reason, replaced: r.points === null ? null : c(r.points), replacedSource: r.source };
  }
  return rest;
}

/** `opts.fingerprint`: resultsFingerprint(r), when the caller has it already (it costs a hash of the results). */
export function scoreJson(r: YearResult, lang: Lang = 'vi', opts: { finalisation?: FinalisationInfo | null; fingerprint?: string } = {}): ScoreJson {
  const fingerprint = opts.fingerprint ?? resultsFingerprint(r);
  const f = opts.finalisation ?? null;
  return {
    year: r.year,
    criteria: { id: r.criteria.id, version: r.criteria.version, sha256: r.criteria.sha256 },
    panel: r.panel,
    status: f ? 'final' : 'draft',
    fingerprint,
    finalisation: f ? { finalisedAt: f.finalisedAt, finalisedBy: f.finalisedBy, fingerprint: f.fingerprint, matches: f.fingerprint === fingerprint } : null,
    units: r.units.map((u) => unitJson(u, lang)),
  };
}

/** An exact fraction as "n/d": every digit, so that any change of a result changes the text. */
const exact = (q: Q): string => `${String(q.n)}/${String(q.d)}`;

/**
 * A year's results in canonical form: what a fingerprint is taken over. Exact fractions, codes and statuses
 * only — no names and no words, so that renaming a unit or rewording an explanation in a later version of
 * the software leaves the fingerprint of the same results unchanged — and the criteria set's hash, so that
 * the same numbers under other rules are other results. Units in listing order; per unit, groups as
 * [code, points, max] and indicators then items as [code, status, source, points, computed, max].
 */
export function canonicalResults(r: YearResult): unknown {
  return {
    format: 'nq57-results/1',
    year: r.year,
    criteria: { id: r.criteria.id, version: r.criteria.version, sha256: r.criteria.sha256 },
    panel: r.panel,
    source: r.source,
    units: r.units.map((u) => ({
      unit: u.unit.code,
      group: u.unit.group,
      earned: exact(u.earned),
      applicableMax: exact(u.applicableMax),
      base: exact(u.base),
      bonus: exact(u.bonus),
      deduction: exact(u.deduction),
      score: exact(u.score),
      rounded: u.rounded,
      band: u.band.code,
      rank: u.rank,
      proposal: u.proposal?.code ?? null,
      override: u.override ? { computed: u.override.computed?.code ?? null, reason: u.override.reason } : null,
      // Tuples rather than objects (a province's document is a third the size, and hashed in plain JS).
      groups: u.groups.map((g) => [g.code, exact(g.points), exact(g.max)]),
      items: [...u.indicators, ...u.items].map((i) => [i.code, i.status, i.source, exact(i.points), exact(i.computed), exact(i.max)]),
    })),
  };
}

/** SHA-256 (hex) of the canonical JSON of a year's results: equal results, equal fingerprints. */
export function resultsFingerprint(r: YearResult): string {
  return sha256Hex(canonicalJson(canonicalResults(r)));
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
  // Where someone overrode a proposal, two more columns: what the rules propose, and the reason.
  const overridden = r.units.some((u) => u.override);
  if (overridden) header.push('Đề xuất theo quy tắc', 'Lý do điều chỉnh đề xuất');
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
    ...(overridden ? (u.override ? [u.override.computed?.label.vi ?? 'Không đề xuất', u.override.reason] : [u.proposal?.label.vi ?? '', '']) : []),
  ]);
  return [header, ...rows];
}
