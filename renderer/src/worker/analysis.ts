/**
 * The analysts' views in the worker: comparing years (shared/results/compare.ts) and the plan's targets
 * (shared/results/targets.ts), shaped for the "So sánh năm" and "Chỉ tiêu kế hoạch" tabs, and their tables as
 * workbooks (shared/spreadsheet/xlsx-write.ts). Pure: the session hands in the file, its criteria and its
 * cached results, so this runs in the Web Worker and in Node tests alike.
 *
 * Rounding is the shared modules' own: scores and score changes as compareJson gives them (2 decimals), shares
 * of a maximum as fractions of 1 to 4 decimals, targets exactly as targetsJson gives them.
 */
import type { LoadedCriteria } from '../../../shared/criteria/loaded';
import type { UnitResult, YearData, YearResult } from '../../../shared/engine/score';
import * as R from '../../../shared/exact/rational';
import type { EvaluationFile } from '../../../shared/file/evaluation-file';
import { text, type Lang, type Text } from '../../../shared/i18n/text';
import {
  compareJson,
  compareScored,
  criteriaChanges,
  ExactMean,
  unitChange,
  type ChangeKind,
  type Comparison,
  type CriteriaChangeJson,
  type UnitYear,
} from '../../../shared/results/compare';
import { planTargets, targetsJson, type TargetKey, type TargetsJson } from '../../../shared/results/targets';
import { writeXlsx, type CellInput, type CellStyle, type SheetSpec } from '../../../shared/spreadsheet/xlsx-write';

/** What the session lends: the open file, a year's criteria, and its (cached) panel results. */
export interface AnalysisSource {
  readonly file: EvaluationFile;
  criteria(year: number): LoadedCriteria;
  scored(year: number): YearResult;
}

// ── what the compare tab receives ─────────────────────────────────────────────────────────────────────

export interface BandView {
  code: string;
  label: Text;
}

export interface CompareMember {
  unit: string;
  name: string;
  score: number;
  rank: number;
  band: BandView;
}

export interface CompareUnitYear {
  score: number;
  rank: number;
  /** Units of the unit group ranked that year. */
  groupSize: number;
  band: BandView;
  /** For a merged unit in a year before the merger: its predecessors, whose mean score this is. */
  merged: CompareMember[] | null;
  /** Criteria group (I–V) → points ÷ max, 4 decimals; null where the group did not apply. For a merged year: the members' mean. */
  groups: Record<string, number | null>;
}

export interface CompareUnit {
  unit: string;
  name: string;
  group: string;
  /** One per compared year (in order); null where neither the unit nor its predecessors existed. */
  years: (CompareUnitYear | null)[];
  /** Later score − earlier score, between the first and the last compared year (2 decimals). */
  scoreChange: number | null;
  /** Earlier rank − later rank (moving up is positive); null when the unit changed group or is missing a year. */
  rankChange: number | null;
  /** Units formed (partly) from this one. */
  successors: string[];
}

export interface CompareIndicatorYear {
  /** The indicator's code in that year's set. */
  code: string;
  max: number;
  /** Mean share of the maximum over the units it applied to, 4 decimals; null when it applied to none. */
  share: number | null;
  units: number;
}

export interface CompareIndicator {
  /** The code in the newest year that has it. */
  code: string;
  name: Text;
  /** Criteria group (I–V) in the newest year that has it. */
  section: string;
  years: (CompareIndicatorYear | null)[];
  /** Share in the last year − share in the first year, 4 decimals. */
  change: number | null;
  /** What the criteria sets changed about it between the first and the last year. */
  changes: ChangeKind[];
}

export interface CriteriaChangeSet {
  from: number;
  to: number;
  /** Both years use the very same set (same SHA-256). */
  sameSet: boolean;
  items: CriteriaChangeJson[];
}

export interface CompareViewData {
  years: number[];
  from: number;
  to: number;
  criteria: { year: number; id: string; version: string; sha256: string; title: Text }[];
  /** The unit groups (khối) present, in the newest set's order, with how many units each has. */
  unitGroups: { code: string; name: Text; units: number }[];
  /** The criteria groups (I–V) of all compared years, newest set's order first. */
  sections: { code: string; name: Text }[];
  /** Band codes best first, with the newest set's labels. */
  bands: BandView[];
  units: CompareUnit[];
  /** Indicator rows per unit group ('' = every unit). */
  indicators: Record<string, CompareIndicator[]>;
  /** What changed between each compared year and the next. */
  changes: CriteriaChangeSet[];
  /** Each year's own results summed up per unit group ('' = every unit), for the charts. */
  stats: Record<string, YearStats[]>;
}

/** Lower bounds of the score bins of the distribution chart: under 40, 40–<50, …, 90 and over. */
export const SCORE_BINS = [0, 40, 50, 60, 70, 80, 90] as const;

/** One year's results of a unit group: each unit's own score once (a merged unit's predecessors count as themselves). */
export interface YearStats {
  year: number;
  units: number;
  /** Mean and median of the scores, 2 decimals; null without units. */
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  /** Units per bin of SCORE_BINS. */
  bins: number[];
  /** Criteria group (I–V) → the mean over the units of points ÷ max (4 decimals); null where it applied to none. */
  sections: Record<string, number | null>;
}

export interface CompareUnitIndicatorYear {
  code: string;
  max: number;
  /** The unit's points (null for a merged year: several units). */
  points: number | null;
  /** points ÷ max, 4 decimals (a merged year: the members' mean); null when not applicable. */
  share: number | null;
  status: string | null;
}

export interface CompareUnitDetail {
  unit: string;
  name: string;
  group: string;
  years: number[];
  row: CompareUnit;
  indicators: { code: string; name: Text; section: string; years: (CompareUnitIndicatorYear | null)[]; change: number | null; changes: ChangeKind[] }[];
  sections: { code: string; name: Text; years: (number | null)[] }[];
}

export type CompareTable = 'units' | 'indicators' | 'changes' | 'unit';

export interface CompareExportRequest {
  table: CompareTable;
  /** Unit group shown ('' or null: every unit). */
  group?: string | null;
  /** The units table's rows in the order shown (codes); default the comparison's order. */
  order?: string[];
  /** The unit of the 'unit' table. */
  unit?: string;
  lang?: Lang;
}

export interface TargetsViewData {
  years: number[];
  perYear: TargetsJson[];
  /** Per year, per target with a step for that year in the criteria: whether the value reaches the step (exactly). */
  stepReached: Partial<Record<TargetKey, boolean>>[];
}

// ── the comparison ────────────────────────────────────────────────────────────────────────────────────

const share4 = (q: R.Q) => R.round(q, 4);

/**
 * The comparisons (per unit group) and the view of the last years asked, reused while the results are the same
 * objects: the session drops its results on every change, so a change of the file makes them anew.
 */
let cache: { results: readonly YearResult[]; comparisons: Map<string, Comparison>; view: CompareViewData | null } | null = null;

function cached(results: readonly YearResult[]): NonNullable<typeof cache> {
  if (!cache || cache.results.length !== results.length || !cache.results.every((r, i) => r === results[i])) {
    cache = { results, comparisons: new Map(), view: null };
  }
  return cache;
}

function checkYears(src: AnalysisSource, years: readonly number[]): number[] {
  const sorted = [...new Set(years.map(Number))].sort((a, b) => a - b);
  const have = src.file.years();
  for (const y of sorted) {
    if (!have.includes(y)) throw new RangeError(`year ${y} is not in the file (${have.join(', ')})`);
  }
  if (sorted.length < 2) throw new RangeError('compare needs at least two years');
  return sorted;
}

function predecessorsOf(file: EvaluationFile): Map<string, string[]> {
  return new Map(file.units().filter((u) => u.predecessors.length > 0).map((u) => [u.code, [...u.predecessors]]));
}

/** The comparison of the years, over every unit or over one unit group's units (for the indicators' shares). */
function comparisonOf(src: AnalysisSource, years: readonly number[], group = ''): Comparison {
  const results = years.map((y) => src.scored(y));
  const store = cached(results);
  const hit = store.comparisons.get(group);
  if (hit) return hit;
  const input = years.map((y, i) => {
    const r = results[i]!;
    return { criteria: src.criteria(y), result: group ? { ...r, units: r.units.filter((u) => u.unit.group === group) } : r };
  });
  const comparison = compareScored(input, { predecessors: predecessorsOf(src.file) });
  store.comparisons.set(group, comparison);
  return comparison;
}

const bandView = (b: { code: string; label: Text }): BandView => ({ code: b.code, label: b.label });

/** Each criteria group's points ÷ max for one unit, or the mean of those shares over a merged unit's members. */
function groupShares(members: readonly UnitResult[]): Record<string, number | null> {
  const shares = new Map<string, R.Q[]>();
  for (const m of members) {
    for (const g of m.groups) {
      if (R.isZero(g.max)) continue;
      const list = shares.get(g.code) ?? [];
      list.push(R.div(g.points, g.max));
      shares.set(g.code, list);
    }
  }
  const codes = new Set(members.flatMap((m) => m.groups.map((g) => g.code)));
  const out: Record<string, number | null> = {};
  for (const code of codes) {
    const list = shares.get(code);
    out[code] = list?.length ? share4(R.div(R.sum(list), R.q(list.length))) : null;
  }
  return out;
}

function unitYearView(y: UnitYear | null, groupSizes: ReadonlyMap<string, number>): CompareUnitYear | null {
  if (!y) return null;
  const members = y.merged ? y.merged.members : [y.result!];
  return {
    score: y.score,
    rank: y.rank,
    groupSize: groupSizes.get(y.group) ?? 0,
    band: bandView(y.band),
    merged: y.merged ? y.merged.members.map((m) => ({ unit: m.unit.code, name: m.unit.name, score: m.rounded, rank: m.rank, band: bandView(m.band) })) : null,
    groups: groupShares(members),
  };
}

function sizes(r: YearResult): Map<string, number> {
  const out = new Map<string, number>();
  for (const u of r.units) out.set(u.unit.group, (out.get(u.unit.group) ?? 0) + 1);
  return out;
}

function indicatorRows(c: Comparison, kindsOf: (code: string) => ChangeKind[]): CompareIndicator[] {
  const lastIndex = c.years.length - 1;
  return c.indicators
    .filter((row) => row.years.some((y) => y !== null))
    .map((row) => {
      let newest = -1;
      for (let k = lastIndex; k >= 0 && newest < 0; k--) if (row.years[k]) newest = k;
      const def = c.criteria[newest]!.indicators.find((i) => i.code === row.years[newest]!.code)!;
      const [a, b] = [row.years[0]?.share ?? null, row.years[lastIndex]?.share ?? null];
      return {
        code: row.code,
        name: def.name,
        section: def.group,
        years: row.years.map((y) => (y ? { code: y.code, max: R.toNumber(y.max), share: y.share ? y.share.round(4) : null, units: y.units } : null)),
        change: a && b ? ExactMean.roundDifference(b, a, 4) : null,
        changes: kindsOf(row.code),
      };
    });
}

export function compareView(src: AnalysisSource, yearsAsked: readonly number[]): CompareViewData {
  const years = checkYears(src, yearsAsked);
  const store = cached(years.map((y) => src.scored(y)));
  if (store.view) return store.view;
  const c = comparisonOf(src, years);
  const lastIndex = years.length - 1;
  const newest = c.criteria[lastIndex]!;
  const groupSizes = c.results.map(sizes);

  const units: CompareUnit[] = c.units.map((row) => {
    const ch = unitChange(row, 0, lastIndex);
    return {
      unit: row.unit,
      name: row.name,
      group: row.group,
      years: row.years.map((y, k) => unitYearView(y, groupSizes[k]!)),
      scoreChange: ch.scoreChange === null ? null : R.round(ch.scoreChange, 2),
      rankChange: ch.rankChange,
      successors: [...row.successors],
    };
  });

  // Indicators changed between the first and the last year, by code in the newer set (else the older one).
  const firstToLast = criteriaChanges(c.criteria[0]!, newest);
  const kindsOf = (code: string) => [...new Set(firstToLast.filter((x) => x.subject === 'indicator' && (x.code ?? x.previousCode) === code).map((x) => x.kind))];

  const groupOrder = newest.set.unitGroups.map((g) => g.code);
  const present = [...new Set(units.map((u) => u.group))].sort((a, b) => (groupOrder.indexOf(a) + 1 || 99) - (groupOrder.indexOf(b) + 1 || 99));
  const groupName = (code: string): Text => {
    for (let k = lastIndex; k >= 0; k--) {
      const g = c.criteria[k]!.set.unitGroups.find((x) => x.code === code);
      if (g) return g.name;
    }
    return text(code, code);
  };
  const indicators: Record<string, CompareIndicator[]> = { '': indicatorRows(c, kindsOf) };
  for (const g of present) indicators[g] = indicatorRows(comparisonOf(src, years, g), kindsOf);

  const sections: { code: string; name: Text }[] = [];
  for (let k = lastIndex; k >= 0; k--) {
    for (const g of c.criteria[k]!.set.groups) if (!sections.some((s) => s.code === g.code)) sections.push({ code: g.code, name: g.name });
  }

  const changes: CriteriaChangeSet[] = [];
  for (let k = 0; k < lastIndex; k++) {
    const [a, b] = [c.criteria[k]!, c.criteria[k + 1]!];
    const sameSet = a.ident.sha256 === b.ident.sha256;
    changes.push({ from: years[k]!, to: years[k + 1]!, sameSet, items: sameSet ? [] : compareJson(c, years[k]!, years[k + 1]!).criteriaChanges });
  }

  const stats: Record<string, YearStats[]> = { '': c.results.map((r) => yearStats(r, null)) };
  for (const g of present) stats[g] = c.results.map((r) => yearStats(r, g));

  return (store.view = {
    years,
    from: years[0]!,
    to: years[lastIndex]!,
    criteria: years.map((y, k) => ({ year: y, id: c.criteria[k]!.ident.id, version: c.criteria[k]!.ident.version, sha256: c.criteria[k]!.ident.sha256, title: c.criteria[k]!.set.title })),
    unitGroups: present.map((code) => ({ code, name: groupName(code), units: units.filter((u) => u.group === code).length })),
    sections,
    bands: newest.set.bands.map(bandView),
    units,
    indicators,
    changes,
    stats,
  });
}

function yearStats(r: YearResult, group: string | null): YearStats {
  const units = r.units.filter((u) => group === null || u.unit.group === group);
  const scores = units.map((u) => u.rounded).sort((a, b) => a - b);
  const exact = scores.map((x) => R.fromDecimal(x));
  const n = scores.length;
  const median = n === 0 ? null : n % 2 ? scores[(n - 1) / 2]! : R.round(R.div(R.add(exact[n / 2 - 1]!, exact[n / 2]!), R.q(2)), 2);
  const bins = SCORE_BINS.map(() => 0);
  for (const x of scores) {
    let k = SCORE_BINS.length - 1;
    while (k > 0 && x < SCORE_BINS[k]!) k--;
    bins[k]!++;
  }
  const sections: Record<string, number | null> = {};
  const shares = new Map<string, R.Q[]>();
  for (const u of units) {
    for (const g of u.groups) {
      const list = shares.get(g.code) ?? [];
      if (!R.isZero(g.max)) list.push(R.div(g.points, g.max));
      shares.set(g.code, list);
    }
  }
  for (const [code, list] of shares) sections[code] = list.length ? share4(R.div(R.sum(list), R.q(list.length))) : null;
  return {
    year: r.year,
    units: n,
    mean: n ? R.round(R.div(R.sum(exact), R.q(n)), 2) : null,
    median,
    min: n ? scores[0]! : null,
    max: n ? scores[n - 1]! : null,
    bins,
    sections,
  };
}

/** One unit across the years: each indicator's points and share, and each criteria group's share. */
export function compareUnitDetail(src: AnalysisSource, yearsAsked: readonly number[], unit: string): CompareUnitDetail {
  const years = checkYears(src, yearsAsked);
  const view = compareView(src, years);
  const row = view.units.find((u) => u.unit === unit);
  if (!row) throw new RangeError(`unit ${unit} is in none of the years compared`);
  const c = comparisonOf(src, years);
  const raw = c.units.find((u) => u.unit === unit)!;
  const lastIndex = years.length - 1;
  const membersOf = (k: number): UnitResult[] => {
    const y = raw.years[k];
    return !y ? [] : y.merged ? [...y.merged.members] : [y.result!];
  };
  const members = years.map((_, k) => membersOf(k));
  const all = view.indicators['']!;
  const exact = (k: number, code: string): R.Q | null => {
    const shares: R.Q[] = [];
    for (const m of members[k]!) {
      const item = m.indicators.find((i) => i.code === code);
      if (item && item.status !== 'not_applicable' && !R.isZero(item.max)) shares.push(R.div(item.points, item.max));
    }
    return shares.length ? R.div(R.sum(shares), R.q(shares.length)) : null;
  };
  const indicators = all
    .map((ind) => {
      const perYear = ind.years.map((y, k): CompareUnitIndicatorYear | null => {
        if (!y || members[k]!.length === 0) return null;
        const items = members[k]!.map((m) => m.indicators.find((i) => i.code === y.code)).filter((x) => x !== undefined);
        if (items.length === 0) return null;
        const share = exact(k, y.code);
        const one = members[k]!.length === 1 ? items[0]! : null;
        return {
          code: y.code,
          max: y.max,
          points: one ? R.round(one.points, 2) : null,
          share: share === null ? null : share4(share),
          status: one ? one.status : null,
        };
      });
      const [a, b] = [ind.years[0] ? exact(0, ind.years[0].code) : null, ind.years[lastIndex] ? exact(lastIndex, ind.years[lastIndex].code) : null];
      return { code: ind.code, name: ind.name, section: ind.section, years: perYear, change: a && b ? share4(R.sub(b, a)) : null, changes: ind.changes };
    })
    .filter((ind) => ind.years.some((y) => y !== null));
  const sections = view.sections
    .map((s) => ({ code: s.code, name: s.name, years: row.years.map((y) => (y ? (y.groups[s.code] ?? null) : null)) }))
    .filter((s) => s.years.some((v) => v !== null));
  return { unit: row.unit, name: row.name, group: row.group, years, row, indicators, sections };
}

// ── the plan's targets ──────────────────────────────────────────────────────────────────────────────────

export function targetsView(src: AnalysisSource, yearsAsked: readonly number[]): TargetsViewData {
  const have = src.file.years();
  const years = [...new Set(yearsAsked.map(Number))].filter((y) => have.includes(y)).sort((a, b) => a - b);
  const results = years.map((y) => planTargets(src.criteria(y), yearDataOf(src, y)));
  return {
    years,
    perYear: results.map(targetsJson),
    stepReached: results.map((r) => {
      const out: Partial<Record<TargetKey, boolean>> = {};
      for (const t of r.targets) if (t.yearTarget !== null && t.value !== null) out[t.def.key] = R.ge(t.value, t.yearTarget);
      return out;
    }),
  };
}

function yearDataOf(src: AnalysisSource, year: number): YearData {
  return src.file.yearData(year);
}

// ── workbooks ─────────────────────────────────────────────────────────────────────────────────────────

const S = {
  title: { bold: true, fontSize: 13, vertical: 'center' },
  subtitle: { italic: true, color: '52606D' },
  header: { bold: true, fill: 'DDEBF7', border: 'thin', horizontal: 'center', vertical: 'center', wrap: true },
  text: { border: 'thin', vertical: 'top', wrap: true },
  center: { border: 'thin', vertical: 'top', horizontal: 'center' },
  number: { border: 'thin', vertical: 'top', numberFormat: '0.00' },
  /** Counts of people: whole (targets.ts). */
  people: { border: 'thin', vertical: 'top', numberFormat: '#,##0' },
  signed: { border: 'thin', vertical: 'top', numberFormat: '+0.00;-0.00;0.00' },
  rank: { border: 'thin', vertical: 'top', horizontal: 'center', numberFormat: '0' },
  signedRank: { border: 'thin', vertical: 'top', horizontal: 'center', numberFormat: '+0;-0;0' },
  percent: { border: 'thin', vertical: 'top', numberFormat: '0.00%' },
  signedPercent: { border: 'thin', vertical: 'top', numberFormat: '+0.00%;-0.00%;0.00%' },
} as const satisfies Record<string, CellStyle>;

const cell = (value: string | number | boolean | null | undefined, style: CellStyle): CellInput => ({ value: value ?? null, style });

/** The row of the header in every sheet of these workbooks (title, subtitle, blank, header). */
export const TABLE_HEADER_ROW = 4;

function tableSheet(name: string, title: string, subtitle: string, header: { label: string; width: number }[], rows: CellInput[][]): SheetSpec {
  const lastColumn = columnName(header.length);
  return {
    name,
    rows: [[cell(title, S.title)], [cell(subtitle, S.subtitle)], [], header.map((h) => cell(h.label, S.header)), ...rows],
    columns: header.map((h) => ({ width: h.width })),
    merges: [`A1:${lastColumn}1`, `A2:${lastColumn}2`],
    rowHeights: { 1: 22 },
    freeze: { rows: TABLE_HEADER_ROW },
    autoFilter: rows.length ? `A${TABLE_HEADER_ROW}:${lastColumn}${TABLE_HEADER_ROW + rows.length}` : undefined,
    print: { orientation: 'landscape', fitToWidth: true },
  };
}

function columnName(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

const W = (lang: Lang) => (t: Text) => t[lang];
const T = (lang: Lang, vi: string, en: string) => (lang === 'vi' ? vi : en);

const KIND_LABEL: Record<ChangeKind, Text> = {
  added: text('mới', 'new'),
  removed: text('bỏ', 'removed'),
  mapped: text('đổi mã', 'code changed'),
  mapping_unresolved: text('không khớp mã', 'unresolved mapping'),
  renamed: text('đổi tên', 'renamed'),
  regrouped: text('đổi nhóm', 'moved group'),
  reweighted: text('đổi điểm tối đa', 're-weighted'),
  applies_changed: text('đổi đối tượng áp dụng', 'applies to others'),
  rule_changed: text('đổi cách tính', 'rule changed'),
  threshold_changed: text('đổi ngưỡng', 'threshold changed'),
};

export const changeKindLabel = (kind: ChangeKind): Text => KIND_LABEL[kind];

const SUBJECT_LABEL: Record<string, Text> = {
  scale: text('Thang điểm', 'Scale'),
  group: text('Nhóm tiêu chí', 'Criteria group'),
  indicator: text('Chỉ tiêu', 'Indicator'),
  item: text('Điểm thưởng, điểm trừ', 'Bonus, deductions'),
  band: text('Xếp loại', 'Band'),
};

function criteriaLine(view: CompareViewData): string {
  return view.criteria.map((c) => `${c.year}: ${c.id} ${c.version} (SHA-256 ${c.sha256.slice(0, 12)}…)`).join('; ');
}

export function compareWorkbook(src: AnalysisSource, yearsAsked: readonly number[], req: CompareExportRequest): Uint8Array {
  const lang = req.lang ?? 'vi';
  const w = W(lang);
  const view = compareView(src, yearsAsked);
  const { years, from, to } = view;
  const group = req.group || '';
  const groupLabel = group ? `${T(lang, 'khối', 'group')} ${w(view.unitGroups.find((g) => g.code === group)?.name ?? text(group, group))}` : T(lang, 'mọi khối', 'every group');
  const span = years.join(' – ');
  const subtitle = `${T(lang, 'Bộ tiêu chí', 'Criteria')} ${criteriaLine(view)}`;
  let sheet: SheetSpec;

  if (req.table === 'units') {
    let rows = view.units.filter((u) => !group || u.group === group);
    if (req.order?.length) {
      const at = new Map(req.order.map((code, i) => [code, i]));
      rows = rows.filter((u) => at.has(u.unit)).sort((a, b) => at.get(a.unit)! - at.get(b.unit)!);
    }
    const header = [
      { label: T(lang, 'Khối', 'Group'), width: 7 },
      { label: T(lang, 'Mã đơn vị', 'Unit code'), width: 11 },
      { label: T(lang, 'Tên đơn vị', 'Unit'), width: 36 },
      ...years.flatMap((y) => [
        { label: `${T(lang, 'Điểm', 'Score')} ${y}`, width: 10 },
        { label: `${T(lang, 'Hạng', 'Rank')} ${y}`, width: 8 },
        { label: `${T(lang, 'Xếp loại', 'Band')} ${y}`, width: 12 },
      ]),
      { label: T(lang, `Chênh lệch điểm ${from}–${to}`, `Score change ${from}–${to}`), width: 13 },
      { label: T(lang, `Thay đổi thứ hạng ${from}–${to}`, `Rank change ${from}–${to}`), width: 13 },
      { label: T(lang, 'Ghi chú', 'Note'), width: 40 },
    ];
    const body = rows.map((u) => [
      cell(u.group, S.center),
      cell(u.unit, S.text),
      cell(u.name, S.text),
      ...u.years.flatMap((y) => (y ? [cell(y.score, S.number), cell(y.rank, S.rank), cell(w(y.band.label), S.text)] : [cell(null, S.text), cell(null, S.text), cell(null, S.text)])),
      cell(u.scoreChange, S.signed),
      cell(u.rankChange, S.signedRank),
      cell(unitNote(u, years, lang), S.text),
    ]);
    sheet = tableSheet(T(lang, 'Đơn vị', 'Units'), T(lang, `So sánh kết quả các năm ${span}, ${groupLabel}`, `Results compared, ${span}, ${groupLabel}`), subtitle, header, body);
  } else if (req.table === 'indicators') {
    const rows = view.indicators[group] ?? view.indicators['']!;
    const header = [
      { label: T(lang, 'Mã chỉ tiêu', 'Indicator'), width: 10 },
      { label: T(lang, 'Tên chỉ tiêu', 'Name'), width: 50 },
      { label: T(lang, 'Nhóm', 'Group'), width: 7 },
      ...years.flatMap((y) => [
        { label: `${T(lang, 'Mã năm', 'Code in')} ${y}`, width: 9 },
        { label: `${T(lang, 'Tỷ lệ đạt', 'Share of max')} ${y}`, width: 11 },
      ]),
      { label: T(lang, `Thay đổi ${from}–${to} (điểm %)`, `Change ${from}–${to} (points of %)`), width: 14 },
      { label: T(lang, 'Thay đổi của bộ tiêu chí', 'Criteria changes'), width: 30 },
    ];
    const body = rows.map((r) => [
      cell(r.code, S.text),
      cell(w(r.name), S.text),
      cell(r.section, S.center),
      ...r.years.flatMap((y) => [cell(y?.code ?? null, S.center), cell(y?.share ?? null, S.percent)]),
      cell(r.change, S.signedPercent),
      cell(r.changes.map((k) => w(KIND_LABEL[k])).join(', '), S.text),
    ]);
    sheet = tableSheet(
      T(lang, 'Chỉ tiêu', 'Indicators'),
      T(lang, `Tỷ lệ đạt theo chỉ tiêu (điểm ÷ điểm tối đa), ${span}, ${groupLabel}`, `Indicators as a share of their maximum, ${span}, ${groupLabel}`),
      subtitle,
      header,
      body,
    );
  } else if (req.table === 'changes') {
    const header = [
      { label: T(lang, 'Giữa các năm', 'Between'), width: 12 },
      { label: T(lang, 'Đối tượng', 'Subject'), width: 18 },
      { label: T(lang, 'Loại thay đổi', 'Change'), width: 18 },
      { label: T(lang, 'Mã', 'Code'), width: 8 },
      { label: T(lang, 'Mã năm trước', 'Earlier code'), width: 10 },
      { label: T(lang, 'Trước', 'Before'), width: 9 },
      { label: T(lang, 'Sau', 'After'), width: 9 },
      { label: T(lang, 'Nội dung', 'Description'), width: 80 },
    ];
    const body = view.changes.flatMap((set) =>
      set.sameSet
        ? [[cell(`${set.from}–${set.to}`, S.center), cell(T(lang, 'Cùng một bộ tiêu chí, không thay đổi', 'The same criteria set, no change'), S.text)]]
        : set.items.map((x) => [
            cell(`${set.from}–${set.to}`, S.center),
            cell(w(SUBJECT_LABEL[x.subject] ?? text(x.subject, x.subject)), S.text),
            cell(w(KIND_LABEL[x.kind]), S.text),
            cell(x.code, S.center),
            cell(x.previousCode, S.center),
            cell(x.before ?? null, S.number),
            cell(x.after ?? null, S.number),
            cell(w(x.text), S.text),
          ]),
    );
    sheet = tableSheet(T(lang, 'Thay đổi bộ tiêu chí', 'Criteria changes'), T(lang, `Những thay đổi của bộ tiêu chí, ${span}`, `What changed in the criteria, ${span}`), subtitle, header, body);
  } else {
    if (!req.unit) throw new RangeError('the unit table needs a unit');
    const d = compareUnitDetail(src, years, req.unit);
    const header = [
      { label: T(lang, 'Mã chỉ tiêu', 'Indicator'), width: 10 },
      { label: T(lang, 'Tên chỉ tiêu', 'Name'), width: 50 },
      { label: T(lang, 'Nhóm', 'Group'), width: 7 },
      ...years.flatMap((y) => [
        { label: `${T(lang, 'Điểm', 'Points')} ${y}`, width: 9 },
        { label: `${T(lang, 'Tối đa', 'Max')} ${y}`, width: 8 },
        { label: `${T(lang, 'Tỷ lệ đạt', 'Share')} ${y}`, width: 10 },
      ]),
      { label: T(lang, `Thay đổi ${from}–${to} (điểm %)`, `Change ${from}–${to} (points of %)`), width: 14 },
      { label: T(lang, 'Thay đổi của bộ tiêu chí', 'Criteria changes'), width: 30 },
    ];
    const body = d.indicators.map((r) => [
      cell(r.code, S.text),
      cell(w(r.name), S.text),
      cell(r.section, S.center),
      ...r.years.flatMap((y) => [cell(y?.points ?? null, S.number), cell(y?.max ?? null, S.number), cell(y?.share ?? null, S.percent)]),
      cell(r.change, S.signedPercent),
      cell(r.changes.map((k) => w(KIND_LABEL[k])).join(', '), S.text),
    ]);
    const scores = d.row.years.map((y, k) => (y ? `${years[k]}: ${y.score.toFixed(2)}` : null)).filter(Boolean).join('; ');
    sheet = tableSheet(T(lang, 'Chi tiết đơn vị', 'Unit detail'), `${d.name} (${d.unit}), ${span} — ${scores}`, subtitle, header, body);
  }
  return writeXlsx({ sheets: [sheet], title: sheet.name, creator: 'Đánh giá truyền thông NQ57' });
}

function unitNote(u: CompareUnit, years: readonly number[], lang: Lang): string {
  const notes: string[] = [];
  u.years.forEach((y, k) => {
    if (y?.merged) {
      const list = y.merged.map((m) => `${m.unit} (${m.score.toFixed(2)})`).join(', ');
      notes.push(T(lang, `Năm ${years[k]}: trung bình của ${list}`, `${years[k]}: mean of ${list}`));
    }
  });
  if (!u.years[u.years.length - 1] && u.successors.length) notes.push(T(lang, `Đã sáp nhập vào ${u.successors.join(', ')}`, `Merged into ${u.successors.join(', ')}`));
  return notes.join('; ');
}

const MEASURE_UNIT: Record<'units' | 'people', Text> = { units: text('đơn vị', 'units'), people: text('người', 'people') };

export function targetsWorkbook(src: AnalysisSource, yearsAsked: readonly number[], lang: Lang = 'vi'): Uint8Array {
  const w = W(lang);
  const view = targetsView(src, yearsAsked);
  const header = [
    { label: T(lang, 'Năm', 'Year'), width: 7 },
    { label: T(lang, 'Điều khoản', 'Clause'), width: 10 },
    { label: T(lang, 'Chỉ tiêu', 'Indicator'), width: 8 },
    { label: T(lang, 'Mục tiêu của kế hoạch', 'Target of the plan'), width: 46 },
    { label: T(lang, 'Mục tiêu', 'Target'), width: 9 },
    { label: T(lang, 'Đến năm', 'By'), width: 8 },
    { label: T(lang, 'Mục tiêu năm', 'Year step'), width: 9 },
    { label: T(lang, 'Kết quả', 'Value'), width: 9 },
    { label: T(lang, 'Đạt', 'Reached'), width: 9 },
    { label: T(lang, 'Tử số', 'Numerator'), width: 11 },
    { label: T(lang, 'Mẫu số', 'Denominator'), width: 11 },
    { label: T(lang, 'Đo bằng', 'Measured in'), width: 8 },
    { label: T(lang, 'Đơn vị thuộc diện', 'Units concerned'), width: 10 },
    { label: T(lang, 'Chưa có số liệu', 'Without figures'), width: 10 },
    { label: T(lang, 'Số đơn vị chưa đạt', 'Units holding it back'), width: 10 },
    { label: T(lang, 'Cách tính', 'How it is aggregated'), width: 60 },
  ];
  const rows: CellInput[][] = [];
  const held: CellInput[][] = [];
  for (const doc of view.perYear) {
    for (const t of doc.targets) {
      const reached = t.reached === null ? (t.measured ? T(lang, 'không có mức', 'no number') : T(lang, 'chưa đo', 'not measured')) : t.reached ? T(lang, 'Đạt', 'Yes') : T(lang, 'Chưa đạt', 'No');
      rows.push([
        cell(doc.year, S.center),
        cell(t.clause, S.center),
        cell(t.indicator, S.center),
        cell(w(t.label), S.text),
        cell(t.target, S.percent),
        cell(t.targetYear, S.center),
        cell(t.yearTarget, S.percent),
        cell(t.value, S.percent),
        cell(reached, S.center),
        cell(t.measured ? t.numerator : null, t.measure === 'people' ? S.people : S.number),
        cell(t.measured ? t.denominator : null, t.measure === 'people' ? S.people : S.number),
        cell(w(MEASURE_UNIT[t.measure]), S.center),
        cell(t.measured ? t.units.applicable : null, S.rank),
        cell(t.measured ? t.units.missing : null, S.rank),
        cell(t.measured ? t.heldBackBy.length : null, S.rank),
        cell(t.measured ? w(t.aggregation) : w(t.note ?? text('', '')), S.text),
      ]);
      for (const u of t.heldBackBy) {
        held.push([
          cell(doc.year, S.center),
          cell(t.clause, S.center),
          cell(w(t.label), S.text),
          cell(u.group, S.center),
          cell(u.unit, S.text),
          cell(u.name, S.text),
          cell(u.status === 'missing' ? T(lang, 'chưa có số liệu', 'no figures') : u.source === 'panel' ? T(lang, 'hội đồng', 'panel') : T(lang, 'tự đánh giá', 'self-assessment'), S.text),
          cell(u.value, S.percent),
          cell(u.numerator ?? null, S.people),
          cell(u.denominator ?? null, S.people),
          cell(u.shortfall, t.measure === 'people' ? S.people : S.percent),
        ]);
      }
    }
  }
  const span = view.years.join(', ');
  const subtitle = T(lang, 'Tính từ số liệu đã nhập (của hội đồng nếu có, nếu không thì của đơn vị tự đánh giá)', 'From the entries (the panel’s where any, else the self-assessment)');
  const heldHeader = [
    { label: T(lang, 'Năm', 'Year'), width: 7 },
    { label: T(lang, 'Điều khoản', 'Clause'), width: 10 },
    { label: T(lang, 'Mục tiêu', 'Target'), width: 40 },
    { label: T(lang, 'Khối', 'Group'), width: 7 },
    { label: T(lang, 'Mã đơn vị', 'Unit code'), width: 11 },
    { label: T(lang, 'Tên đơn vị', 'Unit'), width: 34 },
    { label: T(lang, 'Nguồn số liệu', 'Source'), width: 14 },
    { label: T(lang, 'Tỷ lệ của đơn vị', 'Unit’s share'), width: 10 },
    { label: T(lang, 'Tử số', 'Numerator'), width: 10 },
    { label: T(lang, 'Mẫu số', 'Denominator'), width: 10 },
    { label: T(lang, 'Còn thiếu', 'Shortfall'), width: 10 },
  ];
  return writeXlsx({
    sheets: [
      tableSheet(T(lang, 'Chỉ tiêu kế hoạch', 'Plan targets'), T(lang, `Tiến độ thực hiện các mục tiêu của kế hoạch, năm ${span}`, `Progress on the plan’s targets, ${span}`), subtitle, header, rows),
      tableSheet(T(lang, 'Đơn vị chưa đạt', 'Units holding back'), T(lang, `Các đơn vị chưa đạt mục tiêu, năm ${span}`, `Units holding the targets back, ${span}`), subtitle, heldHeader, held),
    ],
    title: T(lang, 'Chỉ tiêu kế hoạch', 'Plan targets'),
    creator: 'Đánh giá truyền thông NQ57',
  });
}
