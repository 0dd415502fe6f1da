/**
 * Merge conflicts as the secretary reads them: both versions of the entry side by side, each value with its
 * input's label and in the form people write it (dd/mm/yyyy, Có/Không, the choice's words), the points each
 * version's figures give, and which parts differ.
 */
import type { InputValue } from '../../../shared/criteria/inputs';
import type { LoadedCriteria, Scorable } from '../../../shared/criteria/loaded';
import { scoreEntry } from '../../../shared/engine/rules';
import * as R from '../../../shared/exact/rational';
import { SELF, type EntryContent, type EvaluationFile } from '../../../shared/file/evaluation-file';
import type { Conflict, ConsensusConflict } from '../../../shared/file/merge';
import { formatIsoDate, formatNumber, text, type Text } from '../../../shared/i18n/text';
import type { ConflictVersion, ConflictView } from './protocol';

export function conflictView(f: EvaluationFile, c: Conflict, criteriaFor: (year: number) => LoadedCriteria | null): ConflictView {
  const criteria = criteriaFor(c.key.year);
  const scorable = criteria?.scorables.get(c.key.indicator) ?? null;
  const unit = f.unit(c.key.unit);
  const evaluator = c.key.who === SELF ? null : f.evaluators().find((e) => e.id === c.key.who);
  const names = new Map(f.attachments().map((a) => [a.sha256, a.name]));
  const version = (content: EntryContent, updatedAt: string): ConflictVersion => ({
    values: describeValues(scorable, content.values),
    points: scorable && criteria && unit ? pointsOf(criteria, scorable, unit.group, content.values) : null,
    evidence: content.evidence,
    explanation: content.explanation,
    accepted: content.accepted,
    note: content.note,
    attachments: [...content.attachments].sort().map((sha) => ({ sha256: sha, name: names.get(sha) ?? `${sha.slice(0, 12)}…` })),
    updatedAt,
    by: null,
  });
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return {
    id: c.id,
    kind: 'entry',
    year: c.key.year,
    unit: c.key.unit,
    unitName: unit?.name ?? c.key.unit,
    indicator: c.key.indicator,
    indicatorName: scorable?.def.name ?? text(c.key.indicator, c.key.indicator),
    max: scorable ? R.toNumber(scorable.max) : null,
    who: c.key.who,
    whoName: c.key.who === SELF ? text('Đơn vị tự đánh giá', "The unit's self-assessment") : text(evaluator?.name ?? c.key.who, evaluator?.name ?? c.key.who),
    sourceName: c.sourceName,
    detectedAt: c.detectedAt,
    master: version(c.master, c.masterUpdatedAt),
    other: version(c.other, c.otherUpdatedAt),
    differs: {
      values: !same(sortedValues(c.master.values), sortedValues(c.other.values)),
      evidence: c.master.evidence !== c.other.evidence,
      explanation: c.master.explanation !== c.other.explanation,
      accepted: c.master.accepted !== c.other.accepted,
      note: c.master.note !== c.other.note,
      attachments: !same([...c.master.attachments].sort(), [...c.other.attachments].sort()),
    },
    resolution: c.resolution ? { ...c.resolution } : null,
  };
}

function sortedValues(values: Record<string, InputValue | null>): [string, InputValue | null][] {
  return Object.entries(values)
    .filter(([, v]) => v !== null && v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function pointsOf(criteria: LoadedCriteria, s: Scorable, group: string, values: Record<string, InputValue | null>): number | null {
  try {
    const r = scoreEntry(criteria, s, group, values);
    return r.notApplicable ? null : R.round(r.points, 2);
  } catch {
    return null;
  }
}

const NONE = text('—', '—');

function describeValues(s: Scorable | null, values: Record<string, InputValue | null>): { label: Text; value: Text }[] {
  const out: { label: Text; value: Text }[] = [];
  const specs = s?.inputs ?? [];
  for (const spec of specs) {
    const label = spec.label ?? (specs.length === 1 ? text('Số liệu', 'Value') : text(spec.name, spec.name));
    out.push({ label, value: describeValue(s, spec.kind, values[spec.name] ?? null) });
  }
  // Values the criteria do not name (an older set): shown as they are rather than hidden.
  for (const [name, v] of Object.entries(values)) {
    if (!specs.some((sp) => sp.name === name) && v !== null && v !== undefined) out.push({ label: text(name, name), value: text(String(v), String(v)) });
  }
  return out;
}

function describeValue(s: Scorable | null, kind: string, v: InputValue | null): Text {
  if (v === null || v === undefined || v === '') return NONE;
  if (typeof v === 'boolean') return v ? text('Có', 'Yes') : text('Không', 'No');
  if (kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return text(formatIsoDate(v), formatIsoDate(v));
  if (kind === 'choice' && s?.kind === 'indicator' && s.def.rule.type === 'choice') {
    const option = s.def.rule.options.find((o) => o.code === v);
    if (option) return option.label;
  }
  if (typeof v === 'number') return text(formatNumber(v, 'vi'), formatNumber(v, 'en'));
  return text(String(v), String(v));
}

/** A consensus conflict in the same shape: the points as the value, the reason as the note. */
export function consensusConflictView(f: EvaluationFile, c: ConsensusConflict, criteriaFor: (year: number) => LoadedCriteria | null): ConflictView {
  const scorable = criteriaFor(c.key.year)?.scorables.get(c.key.indicator) ?? null;
  const label = text('Điểm thống nhất', 'Consensus points');
  const version = (v: ConsensusConflict['master']): ConflictVersion => {
    const points = Number(v.points);
    return {
      values: [{ label, value: Number.isFinite(points) ? text(formatNumber(points, 'vi'), formatNumber(points, 'en')) : text(v.points, v.points) }],
      points: Number.isFinite(points) ? points : null,
      evidence: '',
      explanation: '',
      accepted: false,
      note: v.reason,
      attachments: [],
      updatedAt: v.setAt,
      by: v.setBy,
    };
  };
  return {
    id: c.id,
    kind: 'consensus',
    year: c.key.year,
    unit: c.key.unit,
    unitName: f.unit(c.key.unit)?.name ?? c.key.unit,
    indicator: c.key.indicator,
    indicatorName: scorable?.def.name ?? text(c.key.indicator, c.key.indicator),
    max: scorable ? R.toNumber(scorable.max) : null,
    who: '',
    whoName: text('Giá trị thống nhất của hội đồng', "The panel's consensus value"),
    sourceName: c.sourceName,
    detectedAt: c.detectedAt,
    master: version(c.master),
    other: version(c.other),
    differs: { values: c.master.points !== c.other.points, evidence: false, explanation: false, accepted: false, note: c.master.reason !== c.other.reason, attachments: false },
    resolution: c.resolution ? { ...c.resolution } : null,
  };
}
