/**
 * What every export of a year's results shares: the explicit input (results, finalisation, proposal
 * overrides, province, date of export, app version), one row per unit with the numbers as present.ts rounds
 * them and the proposal a person may have overridden, the status line (final or DỰ THẢO), and the criteria's
 * band, ranking and proposal rules written out in words. Pure: no Node, no DOM.
 *
 * The input is explicit so that the exports do not depend on how finalisation and overrides are stored:
 * the CLI and the app read them from the evaluation file and pass them in.
 */
import type { LoadedCriteria } from '../criteria/loaded';
import * as Rational from '../exact/rational';
import type { UnitResult, YearData, YearResult } from '../engine/score';
import { formatIsoDate } from '../i18n/text';
import { resultsFingerprint, unitJson, type UnitJson } from './present';

/** The rational functions, copied into a local object: direct calls also when run as CommonJS (see rational.ts). */
const R = { ...Rational };

/** The chair's finalisation of the year: when, by whom, and the fingerprint of the results it froze. */
export interface Finalisation {
  /** ISO date or date-time. */
  readonly at: string;
  readonly by: string;
  /** SHA-256 (hex) over the canonical results and the criteria hash. */
  readonly fingerprint: string;
}

/** A person's override of the proposal the rules gave one unit, with the written reason. */
export interface ProposalOverride {
  readonly unit: string;
  /** A proposal code of the criteria set, or null for "no proposal". */
  readonly proposal: string | null;
  readonly reason: string;
  readonly by?: string | null;
  readonly at?: string | null;
}

/** The issuing body as it heads a printed document (Nghị định 30/2020/NĐ-CP: parent body, then the body). */
export interface Issuer {
  /** e.g. "UBND TỈNH ĐIỆN BIÊN". */
  readonly parent: string;
  /** e.g. "SỞ KHOA HỌC VÀ CÔNG NGHỆ". */
  readonly body: string;
  /** The signer's title over the signature, e.g. "GIÁM ĐỐC". */
  readonly signerTitle?: string;
  /** The signer's name, if known; otherwise the space is left for the signature and name. */
  readonly signerName?: string;
}

export interface ExportInput {
  /** The panel's results (scoreYear with the default source). */
  readonly result: YearResult;
  /** The criteria set that produced them (names, rules in words). */
  readonly criteria: LoadedCriteria;
  /** The self-assessment scored alone (scoreYear with source 'self'), for the self-assessed score and the difference. */
  readonly selfResult?: YearResult | null;
  /** The year's entries, for the evidence lists of the scorecards. */
  readonly data?: YearData | null;
  /** null = not finalised: every document is marked DỰ THẢO. */
  readonly finalisation: Finalisation | null;
  /** Fingerprint of the results being exported; default resultsFingerprint(result) (present.ts). */
  readonly fingerprint?: string | null;
  /**
   * Overrides to apply to results scored without them. Results from the evaluation file carry their overrides
   * already (UnitResult.override, from YearData.proposalOverrides): leave this out for those.
   */
  readonly overrides?: readonly ProposalOverride[];
  /** Province name as written, e.g. "Điện Biên". */
  readonly province: string;
  /** ISO date-time of the export. */
  readonly generatedAt: string;
  readonly appVersion: string;
  /** Default: the criteria's issuer under "UBND TỈNH <province>". */
  readonly issuer?: Issuer;
}

export const DRAFT = 'DỰ THẢO';

/** Whether the export is of final results, and the line that says so. */
export interface ExportStatus {
  readonly final: boolean;
  /** The fingerprint shown: the finalised one, else the current results' one, else null. */
  readonly fingerprint: string | null;
  /** One sentence: "Kết quả đã chốt ngày … bởi …" or "DỰ THẢO: kết quả chưa được chốt …". */
  readonly line: string;
}

export function exportStatus(input: ExportInput): ExportStatus {
  const f = input.finalisation;
  // The fingerprint finalising stores is taken over the official results: the same function, the same results.
  const current = input.fingerprint ?? fingerprintOf(input.result);
  if (f && (current === null || current === f.fingerprint)) {
    return { final: true, fingerprint: f.fingerprint, line: `Kết quả đã chốt ngày ${dateVi(f.at)} (${f.by})` };
  }
  if (f) {
    // What is exported is not what was finalised: never present it as final.
    return {
      final: false,
      fingerprint: current,
      line: `${DRAFT}: kết quả hiện tại khác với kết quả đã chốt ngày ${dateVi(f.at)} (dấu vân tay đã chốt ${f.fingerprint})`,
    };
  }
  return { final: false, fingerprint: current, line: `${DRAFT}: kết quả chưa được chốt, còn có thể thay đổi` };
}

/** A year's results are hashed once however many documents are made from them (results are never changed). */
const FINGERPRINTS = new WeakMap<YearResult, string>();
function fingerprintOf(r: YearResult): string {
  let f = FINGERPRINTS.get(r);
  if (f === undefined) FINGERPRINTS.set(r, (f = resultsFingerprint(r)));
  return f;
}

/**
 * Dates on documents are Vietnam's (UTC+7), as the file's own messages give them (shared/file localDate):
 * a year finalised at 01:00 on 21/12 in Điện Biên was finalised on 21/12, not on the UTC day before.
 */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** An instant in Vietnam's time as "yyyy-mm-ddThh:mm"; null when `iso` carries no time. */
function vietnamTime(iso: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso)) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : new Date(t + VIETNAM_OFFSET_MS).toISOString().slice(0, 16);
}

/** "2026-12-20" → "20/12/2026"; "2026-12-20T18:30:00Z" → "21/12/2026" (01:30 in Vietnam). */
export function dateVi(iso: string): string {
  const local = vietnamTime(iso);
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(local ?? iso);
  return m ? formatIsoDate(m[1]!) : iso;
}

/** "2026-12-20T08:30:00.000Z" → "20/12/2026 15:30" (Vietnam's time); a bare date as dateVi. */
export function dateTimeVi(iso: string): string {
  const local = vietnamTime(iso);
  if (!local) return dateVi(iso);
  return `${formatIsoDate(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

/** A rounded number with exactly two decimals, Vietnamese style: 93.5 → "93,50", 1234.5 → "1.234,50". */
export function vn2(x: number): string {
  const [int, frac] = Math.abs(x).toFixed(2).split('.');
  return `${x < 0 ? '−' : ''}${int!.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${frac}`;
}

/** A rounded number as short as it goes, Vietnamese style: 7.5 → "7,5", 20 → "20". */
export function vnShort(x: number): string {
  const s = String(Math.abs(x));
  const [int, frac] = s.split('.');
  return `${x < 0 ? '−' : ''}${int!.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}${frac ? ',' + frac : ''}`;
}

// ------------------------------------------------------------------ unit rows

export interface UnitRow {
  readonly result: UnitResult;
  /** present.ts's rounded numbers for the unit. */
  readonly json: UnitJson;
  readonly unitGroupName: string;
  /** Units of the unit group in the year (the n of the proposal quotas). */
  readonly groupSize: number;
  /** Another unit of the group has the same rank. */
  readonly tied: boolean;
  /** "3" or "3=" when shared. */
  readonly rankLabel: string;
  /** What the criteria's rules give. */
  readonly ruleProposal: { readonly code: string; readonly label: string } | null;
  /** What is proposed: the override where there is one, else the rules'. */
  readonly proposal: { readonly code: string; readonly label: string } | null;
  readonly override: ProposalOverride | null;
  /** The self-assessed score (rounded), null when not given or the unit made no self-assessment. */
  readonly selfScore: number | null;
  /** score − self-assessed score, exact to the cent; null without a self-assessed score. */
  readonly difference: number | null;
  /** Share of the applicable indicators with any entry, 0…1. */
  readonly completeness: number;
  /** The band note and the override, in words, for a "Ghi chú" column. */
  readonly note: string;
}

/** The rows of every unit in the result's order (unit group, then rank and tie-breaks); made once per input. */
export function unitRows(input: ExportInput): readonly UnitRow[] {
  let rows = ROWS.get(input);
  if (!rows) ROWS.set(input, (rows = makeUnitRows(input)));
  return rows;
}
const ROWS = new WeakMap<ExportInput, readonly UnitRow[]>();

function makeUnitRows(input: ExportInput): UnitRow[] {
  const { result, criteria } = input;
  const overrides = new Map((input.overrides ?? []).map((o) => [o.unit, o]));
  const selfByUnit = new Map((input.selfResult?.units ?? []).map((u) => [u.unit.code, u]));
  const sizes = new Map<string, number>();
  const rankCount = new Map<string, number>();
  for (const u of result.units) {
    sizes.set(u.unit.group, (sizes.get(u.unit.group) ?? 0) + 1);
    const k = `${u.unit.group}\u0000${u.rank}`;
    rankCount.set(k, (rankCount.get(k) ?? 0) + 1);
  }
  return result.units.map((u) => {
    const json = unitJson(u, 'vi');
    const tied = (rankCount.get(`${u.unit.group}\u0000${u.rank}`) ?? 0) > 1;
    // An override the engine applied (from the evaluation file) is in the result; one passed in is applied here.
    let ruleProposal: UnitRow['ruleProposal'];
    let proposal: UnitRow['proposal'];
    let override: ProposalOverride | null;
    if (u.override) {
      const c = u.override.computed;
      ruleProposal = c ? { code: c.code, label: c.label.vi } : null;
      proposal = u.proposal ? { code: u.proposal.code, label: u.proposal.label.vi } : null;
      override = { unit: u.unit.code, proposal: proposal?.code ?? null, reason: u.override.reason, by: u.override.by, at: u.override.at };
    } else {
      ruleProposal = u.proposal ? { code: u.proposal.code, label: u.proposal.label.vi } : null;
      override = overrides.get(u.unit.code) ?? null;
      proposal = override ? (override.proposal === null ? null : { code: override.proposal, label: proposalLabel(criteria, override.proposal) }) : ruleProposal;
    }
    const self = selfByUnit.get(u.unit.code);
    // A unit with no self-assessed entry at all has no self-assessed score (not a zero).
    const selfScore = self && self.indicators.some((i) => i.source !== 'none') ? self.rounded : null;
    const difference = selfScore === null ? null : R.round(R.sub(R.fromDecimal(u.rounded), R.fromDecimal(selfScore)), 2);
    const c = u.completeness;
    const notes: string[] = [];
    if (u.bandNote) notes.push(u.bandNote.vi);
    if (override) notes.push(overrideWords(override, ruleProposal));
    return {
      result: u,
      json,
      unitGroupName: criteria.set.unitGroups.find((g) => g.code === u.unit.group)?.name.vi ?? u.unit.group,
      groupSize: sizes.get(u.unit.group) ?? 0,
      tied,
      rankLabel: tied ? `${u.rank}=` : String(u.rank),
      ruleProposal,
      proposal,
      override,
      selfScore,
      difference,
      completeness: c.applicable === 0 ? 0 : c.entered / c.applicable,
      note: notes.join('; '),
    };
  });
}

export function proposalLabel(criteria: LoadedCriteria, code: string): string {
  return criteria.set.proposals.find((p) => p.code === code)?.label.vi ?? code;
}

/** "Điều chỉnh đề xuất (theo quy tắc: Giấy khen …): lý do … — Nguyễn Văn A, 20/12/2026". */
export function overrideWords(o: ProposalOverride, ruleProposal: { readonly label: string } | null): string {
  const who = [o.by ?? '', o.at ? dateVi(o.at) : ''].filter((s) => s !== '').join(', ');
  return `Điều chỉnh đề xuất (theo quy tắc: ${ruleProposal ? ruleProposal.label : 'không đề xuất'}); lý do: ${o.reason}${who ? ` — ${who}` : ''}`;
}

// ------------------------------------------------------------------ the criteria's rules in words

const pct = (share: number) => `${vnShort(Math.round(share * 10_000) / 100)}%`;

/** One sentence per band, then the band caps of deductions. */
export function bandRulesInWords(criteria: LoadedCriteria): string[] {
  const set = criteria.set;
  const bands = set.bands;
  const label = (code: string) => bands.find((b) => b.code === code)?.label.vi ?? code;
  const itemName = (code: string) => [...set.bonus.items, ...set.deductions.items].find((i) => i.code === code)?.name.vi;
  const out = bands.map((b, i) => {
    const above = i > 0 ? bands[i - 1] : undefined;
    let range: string;
    if (above === undefined) range = `tổng điểm từ ${vnShort(b.min)} trở lên`;
    else if (b.min <= 0) range = `tổng điểm dưới ${vnShort(above.min)}`;
    else range = `tổng điểm từ ${vnShort(b.min)} đến dưới ${vnShort(above.min)}`;
    const extra: string[] = [];
    if (b.requires?.minGroupShare !== undefined) {
      extra.push(`mỗi nhóm tiêu chí có điểm tối đa áp dụng đạt ít nhất ${pct(b.requires.minGroupShare)} điểm tối đa đó`);
    }
    for (const code of b.requires?.withoutItems ?? []) {
      const name = itemName(code);
      extra.push(`không có điểm trừ ${code}${name ? ` (${name})` : ''}`);
    }
    const otherwise = extra.length && b.otherwise ? `; không đạt các điều kiện này thì xếp loại ${label(b.otherwise)}` : '';
    return `${b.label.vi}: ${range}${extra.length ? `, đồng thời ${extra.join(' và ')}` : ''}${otherwise}.`;
  });
  for (const it of set.deductions.items) {
    if (it.bandCap) out.push(`Đơn vị có điểm trừ ${it.code} (${it.name.vi}) được xếp loại cao nhất là ${label(it.bandCap)}.`);
  }
  return out;
}

/** How the score is made, in one sentence. */
export function scoreRuleInWords(criteria: LoadedCriteria): string {
  const set = criteria.set;
  const bonusCap = set.bonus.cap === null ? '' : ` (tối đa ${vnShort(set.bonus.cap)} điểm)`;
  const dedCap = set.deductions.cap === null ? '' : ` (tối đa ${vnShort(set.deductions.cap)} điểm)`;
  return (
    `Tổng điểm = ${vnShort(set.scale)} × điểm đạt ÷ tổng điểm tối đa các chỉ tiêu áp dụng cho đơn vị + điểm thưởng${bonusCap} − điểm trừ${dedCap}, ` +
    `không âm; làm tròn 2 chữ số thập phân. Chỉ tiêu có điểm phải có tài liệu kiểm chứng hoặc giải trình được hội đồng chấp nhận.`
  );
}

/** Ranking and its tie-breaks, in words. */
export function rankingRulesInWords(criteria: LoadedCriteria): string[] {
  const set = criteria.set;
  const ties = set.ranking.tieBreak.map((t) => {
    if (t.by === 'group') return `điểm nhóm ${t.code} cao hơn`;
    const ind = set.indicators.find((i) => i.code === t.indicator);
    const input = ind?.inputLabels?.[t.input]?.vi ?? t.input;
    return `${input} (chỉ tiêu ${t.indicator}) sớm hơn`;
  });
  return [
    'Xếp hạng trong từng khối theo tổng điểm (đã làm tròn 2 chữ số thập phân). Các đơn vị bằng điểm cùng thứ hạng, ghi dấu "=" (ví dụ 3=), và thứ hạng tiếp theo được bỏ qua (1, 2, 2, 4).',
    `Thứ tự liệt kê các đơn vị bằng điểm: ${[...ties, 'mã đơn vị'].join('; ')}. Thứ tự này không làm thay đổi thứ hạng.`,
  ];
}

/** The proposal quota of one condition for a unit group of n units: max(atLeast, ceil(share × n)). */
function quota(criteria: LoadedCriteria, rule: number, condition: number, n: number): number | null {
  const w = criteria.set.proposals[rule]!.when[condition]!;
  if (!w.maxRank) return null;
  const share = criteria.exact.proposalShares[rule]![condition]!;
  return Math.max(w.maxRank.atLeast ?? 0, share === null ? 0 : R.ceil(R.mul(share, R.q(n))));
}

/** One sentence per proposal rule, then the quotas they give each unit group of the year. */
export function proposalRulesInWords(criteria: LoadedCriteria, result: YearResult): string[] {
  const set = criteria.set;
  const label = (code: string) => set.bands.find((b) => b.code === code)?.label.vi ?? code;
  const out = set.proposals.map((p, i) => {
    const conds = p.when.map((w) => {
      const bands = w.bands.map(label).join(' hoặc ');
      if (!w.maxRank) return `xếp loại ${bands}`;
      const floor = w.maxRank.atLeast !== undefined ? `${w.maxRank.atLeast}; ` : '';
      const share = `${pct(w.maxRank.share)} số đơn vị của khối, làm tròn lên`;
      return `xếp loại ${bands} và thứ hạng trong khối không quá ${floor ? `max(${floor}${share})` : share}`;
    });
    return `${i + 1}. ${p.label.vi}: ${conds.join('; hoặc ')}${i > 0 ? ' (nếu chưa được đề xuất theo quy tắc trên)' : ''}.`;
  });
  out.push('Các quy tắc được xét theo thứ tự; mỗi đơn vị được đề xuất nhiều nhất một hình thức. Hội đồng chỉ được điều chỉnh đề xuất kèm lý do bằng văn bản, được ghi lại và thể hiện trong tệp xuất.');
  for (const ug of set.unitGroups) {
    const n = result.units.filter((u) => u.unit.group === ug.code).length;
    if (n === 0) continue;
    const parts = set.proposals.flatMap((p, i) =>
      p.when.flatMap((w, j) => {
        const q = quota(criteria, i, j, n);
        return q === null ? [] : [`${p.label.vi} (${w.bands.map(label).join(', ')}): hạng 1 đến ${q}`];
      }),
    );
    if (parts.length) out.push(`Khối ${ug.code} – ${ug.name.vi} (${n} đơn vị): ${parts.join('; ')}.`);
  }
  return out;
}

/** The default issuing body: the criteria's issuer (Sở KH&CN) under the province's People's Committee. */
export function issuerOf(input: ExportInput): Issuer {
  if (input.issuer) return input.issuer;
  const province = input.province.trim();
  const issuer = input.criteria.set.issuer?.vi ?? 'Sở Khoa học và Công nghệ';
  // "Sở Khoa học và Công nghệ tỉnh Điện Biên" → "SỞ KHOA HỌC VÀ CÔNG NGHỆ": the province is in the line above.
  const body = issuer.replace(new RegExp(`\\s+tỉnh\\s+${escapeRegExp(province)}$`, 'iu'), '');
  return { parent: `UBND TỈNH ${province.toLocaleUpperCase('vi')}`, body: body.toLocaleUpperCase('vi'), signerTitle: 'GIÁM ĐỐC' };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Status labels of an indicator result, as the glossary names them. */
export const STATUS_VI: Record<string, string> = {
  ok: 'Hợp lệ',
  missing: 'Chưa có số liệu',
  not_applicable: 'Không áp dụng',
  no_evidence: 'Thiếu tài liệu kiểm chứng',
};

/** Where an indicator's points come from. */
export const SOURCE_VI: Record<string, string> = {
  panel: 'Hội đồng thẩm định',
  self: 'Tự đánh giá',
  consensus: 'Điểm thống nhất của hội đồng',
  none: '—',
};

export { fileSafe } from '../i18n/text';
