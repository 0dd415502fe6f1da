/**
 * The scorecard (phiếu kết quả đánh giá) of one unit: the unit's feedback on where it lost points. Every
 * indicator that applies to the unit with its inputs as the unit and each evaluator entered them, the points
 * and the maximum, the points not earned, the explanation, the evidence and explanations on file; bonus and
 * deductions; the total worked out. A printable HTML document (A4 portrait, NĐ 30's margins and heading),
 * and the same facts as JSON. Pure: no Node, no DOM; every text escaped.
 */
import type { Entry, ScoredItem } from '../engine/score';
import * as Rational from '../exact/rational';
import {
  DRAFT,
  exportStatus,
  issuerOf,
  SOURCE_VI,
  STATUS_VI,
  unitRows,
  vn2,
  vnShort,
  type ExportInput,
  type ExportStatus,
  type UnitRow,
} from './export-common';
import { documentDate, esc, footerLine, headingHtml, htmlDocument } from './print-html';

/** The rational functions, copied into a local object: direct calls also when run as CommonJS (see rational.ts). */
const R = { ...Rational };

/** One entry's record on file: who made it, the evidence and the explanation. */
export interface EvidenceLine {
  /** "Tự đánh giá" or the evaluator. */
  readonly who: string;
  readonly evidence: string;
  readonly explanation: string;
  readonly accepted: boolean;
  readonly note: string;
}

export interface ScorecardItem {
  readonly code: string;
  readonly kind: ScoredItem['kind'];
  readonly name: string;
  /** Group code for indicators; "T" bonus, "D" deduction. */
  readonly group: string;
  /** null = not applicable. */
  readonly points: number | null;
  readonly max: number;
  /** Points not earned (max − points) for an applicable indicator; for a deduction, the points taken. */
  readonly lost: number;
  readonly status: ScoredItem['status'];
  readonly statusLabel: string;
  readonly source: string;
  readonly explanation: string;
  /** The unit's own entry, in words, and its points. */
  readonly self: { readonly detail: string; readonly points: number | null } | null;
  readonly evaluators: readonly { readonly evaluator: string; readonly detail: string; readonly points: number | null }[];
  readonly evidence: readonly EvidenceLine[];
  readonly warnings: readonly string[];
}

export interface Scorecard {
  readonly row: UnitRow;
  readonly items: readonly ScorecardItem[];
}

/** Entries by unit and item code, in data order. */
function entryIndex(entries: readonly Entry[]): Map<string, Entry[]> {
  const m = new Map<string, Entry[]>();
  for (const e of entries) {
    const k = `${e.unit}\u0000${e.code}`;
    const list = m.get(k);
    if (list) list.push(e);
    else m.set(k, [e]);
  }
  return m;
}

const pts = (q: Rational.Q | null) => (q === null ? null : R.round(q, 2));

/** The scorecards of every unit (or of the units listed), in the result's order. */
export function scorecards(input: ExportInput, units?: readonly string[]): Scorecard[] {
  const set = input.criteria.set;
  const rows = unitRows(input).filter((r) => !units || units.includes(r.result.unit.code));
  const index = entryIndex(input.data?.entries ?? []);
  const names = new Map<string, { name: string; group: string }>([
    ...set.indicators.map((i) => [i.code, { name: i.name.vi, group: i.group }] as const),
    ...set.bonus.items.map((i) => [i.code, { name: i.name.vi, group: 'T' }] as const),
    ...set.deductions.items.map((i) => [i.code, { name: i.name.vi, group: 'D' }] as const),
  ]);
  return rows.map((row) => {
    const u = row.result;
    const items = [...u.indicators, ...u.items].map((it): ScorecardItem => {
      const j = it.kind === 'indicator' ? row.json.indicators[it.code]! : row.json.items[it.code]!;
      const max = pts(it.max)!;
      const points = it.status === 'not_applicable' ? null : j.points;
      const lost = it.kind === 'deduction' ? j.points : points === null ? 0 : Math.max(0, R.round(R.sub(it.max, it.points), 2));
      const info = names.get(it.code) ?? { name: it.code, group: '' };
      const self = it.self;
      return {
        code: it.code,
        kind: it.kind,
        name: info.name,
        group: info.group,
        points,
        max,
        lost,
        status: it.status,
        statusLabel: STATUS_VI[it.status] ?? it.status,
        source: SOURCE_VI[it.source] ?? it.source,
        explanation: j.explanation,
        self: self ? { detail: self.detail.vi, points: pts(self.points) } : null,
        evaluators: it.evaluators.map((e) => ({ evaluator: e.evaluator, detail: e.detail.vi, points: pts(e.points) })),
        evidence: (index.get(`${u.unit.code}\u0000${it.code}`) ?? [])
          .filter((e) => e.evidence.trim() || e.explanation.trim() || e.note.trim())
          .map((e) => ({ who: e.evaluator ?? 'Tự đánh giá', evidence: e.evidence.trim(), explanation: e.explanation.trim(), accepted: e.accepted, note: e.note.trim() })),
        warnings: it.warnings.map((w) => w.vi),
      };
    });
    return { row, items };
  });
}

// ------------------------------------------------------------------ HTML

const p2 = (x: number | null) => (x === null ? '—' : vnShort(x));

export function scorecardHtml(input: ExportInput, card: Scorecard, status: ExportStatus = exportStatus(input)): string {
  const set = input.criteria.set;
  const { row, items } = card;
  const u = row.result;
  const j = row.json;
  const issuer = issuerOf(input);
  const body: string[] = [];
  body.push(headingHtml(issuer, input.province, documentDate(input, status)));
  if (!status.final) body.push(`<div class="draft-banner">${DRAFT} – ${esc(status.line.replace(`${DRAFT}: `, ''))}</div>`);
  body.push(`<h1>PHIẾU KẾT QUẢ ĐÁNH GIÁ CÔNG TÁC TRUYỀN THÔNG NĂM ${input.result.year}</h1>`);
  body.push(`<p class="subtitle">${esc(u.unit.name)}</p>`);
  body.push(`<p class="attach">Mã đơn vị ${esc(u.unit.code)} · Khối ${esc(u.unit.group)} – ${esc(row.unitGroupName)}</p>`);

  // Summary
  const earned = R.round(u.earned, 2);
  const applicable = R.round(u.applicableMax, 2);
  const summary: [string, string][] = [
    ['Tổng điểm', `<b>${vn2(j.score)}</b>`],
    ['Xếp loại', `<b>${esc(j.bandLabel)}</b>${j.bandNote ? ` <span class="small">(${esc(j.bandNote)})</span>` : ''}`],
    ['Thứ hạng trong khối', `${esc(row.rankLabel)}/${row.groupSize}${row.tied ? ' (đồng hạng)' : ''}`],
    ['Đề xuất khen thưởng', row.proposal ? esc(row.proposal.label) : 'Không'],
    [
      'Cách tính',
      `${vnShort(set.scale)} × ${vnShort(earned)} ÷ ${vnShort(applicable)} = ${vn2(j.base)} điểm quy đổi; + ${vn2(j.bonus)} điểm thưởng; − ${vn2(j.deduction)} điểm trừ = <b>${vn2(j.score)}</b>`,
    ],
    ['Tự đánh giá', row.selfScore === null ? 'Đơn vị không tự đánh giá' : `${vn2(row.selfScore)} (chênh lệch ${row.difference! > 0 ? '+' : ''}${vn2(row.difference!)})`],
    ['Mức đầy đủ số liệu', `${Math.round(row.completeness * 100)}% chỉ tiêu áp dụng có số liệu (${u.completeness.entered}/${u.completeness.applicable}); ${u.completeness.withEvidence} chỉ tiêu có tài liệu kiểm chứng`],
  ];
  if (row.override) summary.push(['Điều chỉnh đề xuất', esc(row.note)]);
  body.push(`<table class="grid summary"><tbody>${summary.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`).join('')}</tbody></table>`);

  // Groups
  body.push(`<h2>Điểm theo nhóm tiêu chí</h2>`);
  body.push(
    `<table class="grid groups"><thead><tr><th>Nhóm</th><th>Tên nhóm</th><th>Điểm</th><th>Tối đa áp dụng</th><th>Tỷ lệ</th></tr></thead><tbody>` +
      set.groups
        .map((g) => {
          const s = j.groups[g.code] ?? { points: 0, max: 0 };
          const share = s.max === 0 ? '—' : `${Math.round((100 * s.points) / s.max)}%`;
          return `<tr><td class="center">${esc(g.code)}</td><td>${esc(g.name.vi)}</td><td class="num">${vnShort(s.points)}</td><td class="num">${vnShort(s.max)}</td><td class="num">${share}</td></tr>`;
        })
        .join('') +
      `</tbody></table>`,
  );

  // Where points were lost
  const lost = items.filter((i) => i.kind === 'indicator' && i.lost > 0).sort((a, b) => b.lost - a.lost || a.code.localeCompare(b.code));
  body.push(`<h2>Các chỉ tiêu chưa đạt điểm tối đa</h2>`);
  if (lost.length === 0) body.push(`<p>Đơn vị đạt điểm tối đa ở mọi chỉ tiêu áp dụng.</p>`);
  else {
    body.push(
      `<table class="grid lost"><thead><tr><th>Mã</th><th>Chỉ tiêu</th><th>Điểm</th><th>Chưa đạt</th><th>Trạng thái</th></tr></thead><tbody>` +
        lost
          .map(
            (i) =>
              `<tr><td class="center">${esc(i.code)}</td><td>${esc(i.name)}</td><td class="num">${p2(i.points)}/${vnShort(i.max)}</td>` +
              `<td class="num"><b>−${vnShort(i.lost)}</b></td><td>${esc(i.statusLabel)}</td></tr>`,
          )
          .join('') +
        `</tbody></table>`,
    );
  }

  // Every indicator
  body.push(`<h2>Chi tiết từng chỉ tiêu</h2>`);
  const detail: string[] = [];
  detail.push(`<table class="grid detail"><thead><tr><th>Mã</th><th>Chỉ tiêu, số liệu, giải thích, tài liệu kiểm chứng</th><th>Điểm</th><th>Tối đa</th></tr></thead><tbody>`);
  const sections: { title: string; items: ScorecardItem[] }[] = [
    ...set.groups.map((g) => ({ title: `${g.code}. ${g.name.vi}`, items: items.filter((i) => i.kind === 'indicator' && i.group === g.code) })),
    { title: 'Điểm thưởng', items: items.filter((i) => i.kind === 'bonus') },
    { title: 'Điểm trừ', items: items.filter((i) => i.kind === 'deduction') },
  ];
  for (const s of sections) {
    if (s.items.length === 0) continue;
    detail.push(`<tr class="section"><td colspan="4"><b>${esc(s.title)}</b></td></tr>`);
    for (const i of s.items) detail.push(itemRow(i));
  }
  detail.push(`</tbody></table>`);
  body.push(detail.join(''));
  body.push(
    `<p class="basis">${esc(
      `Bộ tiêu chí ${input.result.criteria.id}, phiên bản ${input.result.criteria.version} (mã băm SHA-256 ${input.result.criteria.sha256}). ${status.line}.` +
        (status.fingerprint ? ` Dấu vân tay kết quả: ${status.fingerprint}.` : ''),
    )}</p>`,
  );

  const css = `
h2 { font-size: 13pt; font-weight: bold; margin: 5mm 0 2mm; break-after: avoid; }
table.grid { font-size: 12pt; line-height: 1.15; table-layout: fixed; }
table.detail td { padding: 0.8mm 1.5mm; }
table.summary th { width: 32%; text-align: left; background: #f2f2f2; }
table.groups th:nth-child(1) { width: 16mm; }
table.lost th:nth-child(1), table.detail th:nth-child(1) { width: 13mm; }
table.groups th:nth-child(3), table.groups th:nth-child(4), table.groups th:nth-child(5) { width: 22mm; }
table.lost th:nth-child(3), table.lost th:nth-child(4) { width: 20mm; }
table.lost th:nth-child(5) { width: 32mm; }
table.detail th:nth-child(3), table.detail th:nth-child(4) { width: 16mm; }
table.detail tr.section td { background: #f2f2f2; }
table.detail td.item .name { font-weight: bold; }
table.detail td.item .line { font-size: 11pt; margin-top: 0.5mm; }
table.detail td.item .line .k { font-style: italic; }
table.detail tr.short td.points { color: #c00000; font-weight: bold; }
.badge { display: inline-block; font-size: 10pt; border: 0.75pt solid #555; border-radius: 1mm; padding: 0 1mm; margin-left: 1mm; font-weight: normal; }
.badge.warn { border-color: #c00000; color: #c00000; }
`;
  const title = `${status.final ? '' : `${DRAFT} – `}Phiếu kết quả đánh giá năm ${input.result.year} – ${u.unit.name}`;
  return htmlDocument(title, { orientation: 'portrait', footer: footerLine(input, status), draft: !status.final }, css, body.join('\n'));
}

function itemRow(i: ScorecardItem): string {
  const lines: string[] = [];
  const line = (k: string, v: string) => lines.push(`<div class="line"><span class="k">${esc(k)}:</span> ${v}</div>`);
  if (i.self) line('Tự đánh giá', `${esc(i.self.detail)}${i.self.points === null ? '' : ` → ${vnShort(i.self.points)} điểm`}`);
  // An evaluator who found what the unit entered is said so in three words, not the unit's sentence again.
  for (const e of i.evaluators) {
    const same = i.self !== null && e.detail === i.self.detail;
    line(`Thẩm định (${e.evaluator})`, `${same ? '<i>như tự đánh giá</i>' : esc(e.detail)}${e.points === null ? '' : ` → ${vnShort(e.points)} điểm`}`);
  }
  line('Kết quả', `${esc(i.explanation)}${i.source !== '—' ? ` <span class="muted">(${esc(i.source)})</span>` : ''}`);
  if (i.evidence.length === 0) line('Tài liệu kiểm chứng', i.kind === 'deduction' ? 'không cần' : '<i>chưa có</i>');
  for (const e of i.evidence) {
    const parts: string[] = [];
    if (e.evidence) parts.push(esc(e.evidence));
    if (e.explanation) parts.push(`giải trình: “${esc(e.explanation)}” (${e.accepted ? 'được chấp nhận' : 'chưa được chấp nhận'})`);
    if (e.note) parts.push(`ghi chú: ${esc(e.note)}`);
    line(`Tài liệu kiểm chứng (${e.who})`, parts.join('; '));
  }
  for (const w of i.warnings) line('Lưu ý', esc(w));
  const badge = i.status === 'ok' ? '' : `<span class="badge${i.status === 'no_evidence' || i.status === 'missing' ? ' warn' : ''}">${esc(i.statusLabel)}</span>`;
  const short = i.kind === 'indicator' ? i.lost > 0 : i.kind === 'deduction' && i.lost > 0;
  const points = i.points === null ? '—' : i.kind === 'deduction' && i.points > 0 ? `−${vnShort(i.points)}` : vnShort(i.points);
  return (
    `<tr class="${short ? 'short' : ''}"><td class="center">${esc(i.code)}</td>` +
    `<td class="item"><div class="name">${esc(i.name)}${badge}</div>${lines.join('')}</td>` +
    `<td class="num points">${points}</td><td class="num">${vnShort(i.max)}</td></tr>`
  );
}

/** A scorecard as JSON: the facts of the HTML, numbers rounded as present.ts rounds them. */
export function scorecardJson(card: Scorecard): unknown {
  const { row, items } = card;
  return {
    unit: row.result.unit.code,
    name: row.result.unit.name,
    group: row.result.unit.group,
    score: row.json.score,
    base: row.json.base,
    bonus: row.json.bonus,
    deduction: row.json.deduction,
    band: row.json.band,
    bandLabel: row.json.bandLabel,
    bandNote: row.json.bandNote,
    rank: row.result.rank,
    rankLabel: row.rankLabel,
    groupSize: row.groupSize,
    proposal: row.proposal?.code ?? null,
    proposalLabel: row.proposal?.label ?? null,
    selfScore: row.selfScore,
    difference: row.difference,
    completeness: row.completeness,
    groups: row.json.groups,
    items: items.map((i) => ({
      code: i.code,
      kind: i.kind,
      name: i.name,
      group: i.group,
      points: i.points,
      max: i.max,
      lost: i.lost,
      status: i.status,
      source: i.source,
      explanation: i.explanation,
      self: i.self,
      evaluators: i.evaluators,
      evidence: i.evidence,
      warnings: i.warnings,
    })),
  };
}
