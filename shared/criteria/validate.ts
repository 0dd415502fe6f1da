/**
 * Loading a criteria file: parse, check every field and every sum, and report all problems at once, each
 * with the file, the JSON path and what is wrong in Vietnamese and English. A criteria set that loads is
 * internally consistent: its points add up, its lists are ordered, every reference resolves.
 */
import { canonicalJson } from '../exact/canonical-json';
import { sha256Hex } from '../exact/sha256';
import { text, type Text } from '../i18n/text';
import type { Problem, Result } from '../problems';
import { isoDay } from './inputs';
import { RULE_TYPES, type CriteriaSet } from './types';
import { indexCriteria, type LoadedCriteria } from './loaded';

type Json = unknown;
type Obj = Record<string, Json>;

const CLAUSE_ID = /^[IVX]+(\.\d+)*(\.[a-z])?$/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

class Checker {
  readonly problems: Problem[] = [];
  constructor(private readonly file: string | undefined) {}

  report(path: string, vi: string, en: string): void {
    this.problems.push({ ...(this.file ? { file: this.file } : {}), path: path || '(gốc / root)', message: text(vi, en) });
  }

  obj(v: Json, path: string, allowed: readonly string[]): Obj | undefined {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      this.report(path, 'Cần một đối tượng JSON', 'Expected a JSON object');
      return undefined;
    }
    for (const k of Object.keys(v)) {
      if (!allowed.includes(k)) {
        this.report(join(path, k), `Trường không được biết đến "${k}"`, `Unknown field "${k}"`);
      }
    }
    return v as Obj;
  }

  arr(o: Obj, key: string, path: string, opts: { nonEmpty?: boolean } = {}): Json[] | undefined {
    const v = o[key];
    const p = join(path, key);
    if (!Array.isArray(v)) {
      this.report(p, v === undefined ? 'Thiếu danh sách bắt buộc' : 'Cần một danh sách', v === undefined ? 'Required list missing' : 'Expected a list');
      return undefined;
    }
    if (opts.nonEmpty && v.length === 0) this.report(p, 'Danh sách không được rỗng', 'The list must not be empty');
    return v;
  }

  str(o: Obj, key: string, path: string, opts: { optional?: boolean; pattern?: RegExp } = {}): string | undefined {
    const v = o[key];
    const p = join(path, key);
    if (v === undefined && opts.optional) return undefined;
    if (typeof v !== 'string' || v.trim() === '') {
      this.report(p, v === undefined ? 'Thiếu trường bắt buộc' : 'Cần một chuỗi không rỗng', v === undefined ? 'Required field missing' : 'Expected a non-empty string');
      return undefined;
    }
    if (opts.pattern && !opts.pattern.test(v)) {
      this.report(p, `Giá trị "${v}" không đúng định dạng`, `Value "${v}" has the wrong format`);
      return undefined;
    }
    return v;
  }

  num(o: Obj, key: string, path: string, opts: { optional?: boolean; min?: number; gt?: number; max?: number; integer?: boolean } = {}): number | undefined {
    const v = o[key];
    const p = join(path, key);
    if (v === undefined && opts.optional) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.report(p, v === undefined ? 'Thiếu trường số bắt buộc' : 'Cần một số', v === undefined ? 'Required number missing' : 'Expected a number');
      return undefined;
    }
    if (opts.integer && !Number.isInteger(v)) this.report(p, `${v} phải là số nguyên`, `${v} must be a whole number`);
    if (opts.min !== undefined && v < opts.min) this.report(p, `${v} phải ≥ ${opts.min}`, `${v} must be ≥ ${opts.min}`);
    if (opts.gt !== undefined && v <= opts.gt) this.report(p, `${v} phải > ${opts.gt}`, `${v} must be > ${opts.gt}`);
    if (opts.max !== undefined && v > opts.max) this.report(p, `${v} phải ≤ ${opts.max}`, `${v} must be ≤ ${opts.max}`);
    return v;
  }

  bool(o: Obj, key: string, path: string, optional = false): boolean | undefined {
    const v = o[key];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'boolean') {
      this.report(join(path, key), 'Cần true hoặc false', 'Expected true or false');
      return undefined;
    }
    return v;
  }

  text(o: Obj, key: string, path: string, optional = false): Text | undefined {
    const v = o[key];
    const p = join(path, key);
    if (v === undefined && optional) return undefined;
    const t = this.obj(v, p, ['vi', 'en']);
    if (!t) return undefined;
    const vi = this.str(t, 'vi', p);
    const en = this.str(t, 'en', p);
    return vi !== undefined && en !== undefined ? { vi, en } : undefined;
  }

  date(o: Obj, key: string, path: string, optional = false): string | undefined {
    const v = this.str(o, key, path, { optional });
    if (v !== undefined && isoDay(v) === null) {
      this.report(join(path, key), `Ngày "${v}" không hợp lệ (cần YYYY-MM-DD)`, `Invalid date "${v}" (expected YYYY-MM-DD)`);
      return undefined;
    }
    return v;
  }

  unique(values: readonly (string | undefined)[], path: string, what: Text): void {
    const seen = new Map<string, number>();
    values.forEach((v, i) => {
      if (v === undefined) return;
      const first = seen.get(v);
      if (first !== undefined) {
        this.report(`${path}[${i}]`, `Trùng ${what.vi} "${v}" (đã có ở vị trí ${first})`, `Duplicate ${what.en} "${v}" (already at index ${first})`);
      } else seen.set(v, i);
    });
  }
}

const join = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/** Parses and validates the text of a criteria file. `file` is only used to name the file in problems. */
export function loadCriteria(source: string, file?: string): Result<LoadedCriteria> {
  let json: Json;
  try {
    json = JSON.parse(source.replace(/^\uFEFF/, ''));
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      problems: [{ ...(file ? { file } : {}), path: '(tệp / file)', message: text(`Không đọc được JSON: ${detail}`, `Not valid JSON: ${detail}`) }],
    };
  }
  return validateCriteria(json, file);
}

export function validateCriteria(json: Json, file?: string): Result<LoadedCriteria> {
  const c = new Checker(file);
  checkSet(c, json);
  if (c.problems.length > 0) return { ok: false, problems: c.problems };
  return { ok: true, value: indexCriteria(json as CriteriaSet, sha256Hex(criteriaText(json))) };
}

/**
 * A criteria set's canonical text, without `$schema` (which only helps editors): what its SHA-256 is taken
 * over, and what an evaluation file stores of it.
 */
export function criteriaText(json: unknown): string {
  const { $schema: _ignored, ...content } = json as Record<string, unknown>;
  return canonicalJson(content);
}

function checkSet(c: Checker, json: Json): void {
  const root = c.obj(json, '', [
    '$schema', 'id', 'version', 'year', 'title', 'issuer', 'scale', 'unitGroups', 'groups', 'indicators',
    'bonus', 'deductions', 'evidenceGate', 'bands', 'ranking', 'proposals', 'panel',
  ]);
  if (!root) return;
  c.str(root, 'id', '', { pattern: CODE });
  const version = c.str(root, 'version', '', { pattern: /^\d{4}\.\d+$/ });
  const year = c.num(root, 'year', '', { integer: true, min: 2000, max: 2100 });
  if (version !== undefined && year !== undefined && !version.startsWith(`${year}.`)) {
    c.report('version', `Phiên bản "${version}" phải bắt đầu bằng năm ${year}`, `Version "${version}" must start with the year ${year}`);
  }
  c.text(root, 'title', '');
  c.text(root, 'issuer', '', true);
  const scale = c.num(root, 'scale', '', { gt: 0 });

  const unitGroups = (c.arr(root, 'unitGroups', '', { nonEmpty: true }) ?? []).map((u, i) => {
    const o = c.obj(u, `unitGroups[${i}]`, ['code', 'name']);
    if (!o) return undefined;
    c.text(o, 'name', `unitGroups[${i}]`);
    return c.str(o, 'code', `unitGroups[${i}]`, { pattern: CODE });
  });
  c.unique(unitGroups, 'unitGroups', text('mã khối', 'unit group code'));
  const unitGroupSet = new Set(unitGroups.filter((x): x is string => !!x));

  const groups = (c.arr(root, 'groups', '', { nonEmpty: true }) ?? []).map((g, i) => {
    const p = `groups[${i}]`;
    const o = c.obj(g, p, ['code', 'name', 'max']);
    if (!o) return undefined;
    c.text(o, 'name', p);
    const code = c.str(o, 'code', p, { pattern: CODE });
    const max = c.num(o, 'max', p, { gt: 0 });
    return code !== undefined && max !== undefined ? { code, max } : undefined;
  });
  c.unique(groups.map((g) => g?.code), 'groups', text('mã nhóm', 'group code'));
  const groupMax = new Map(groups.filter((g): g is { code: string; max: number } => !!g).map((g) => [g.code, g.max]));
  if (scale !== undefined && groups.every((g) => g)) {
    const total = sumExact([...groupMax.values()]);
    if (total !== scale) {
      c.report('groups', `Tổng điểm tối đa các nhóm là ${total}, không bằng thang điểm ${scale}`, `Group maxima add up to ${total}, not the scale of ${scale}`);
    }
  }

  const bonus = checkItems(c, root, 'bonus');
  const deductions = checkItems(c, root, 'deductions');
  const bandCodes = checkBands(c, root, new Set([...bonus, ...deductions].map((i) => i.code)));
  for (const item of [...bonus, ...deductions]) {
    if (item.bandCap !== undefined && !bandCodes.includes(item.bandCap)) {
      c.report(`${item.path}.bandCap`, `Xếp loại "${item.bandCap}" không có trong bands`, `Band "${item.bandCap}" is not in bands`);
    }
  }

  const indicators = (c.arr(root, 'indicators', '', { nonEmpty: true }) ?? []).map((x, i) =>
    checkIndicator(c, x, `indicators[${i}]`, unitGroupSet, groupMax, year),
  );
  // Indicators and bonus/deduction items share one code space: entries name either by code.
  const coded = [
    ...indicators.flatMap((i) => (i ? [{ code: i.code, path: `${i.path}.code` }] : [])),
    ...[...bonus, ...deductions].map((i) => ({ code: i.code, path: `${i.path}.code` })),
  ];
  const firstAt = new Map<string, string>();
  for (const { code, path } of coded) {
    const first = firstAt.get(code);
    if (first) c.report(path, `Trùng mã chỉ tiêu "${code}" (đã có ở ${first})`, `Duplicate indicator code "${code}" (already at ${first})`);
    else firstAt.set(code, path);
  }
  checkSums(c, indicators, groupMax, unitGroupSet);

  const evidence = c.obj(root.evidenceGate, 'evidenceGate', ['appliesToBonus']);
  if (evidence) c.bool(evidence, 'appliesToBonus', 'evidenceGate');

  checkRanking(c, root, groupMax, indicators);
  checkProposals(c, root, bandCodes);
  const panel = c.obj(root.panel, 'panel', ['aggregate', 'disagreementShare']);
  if (panel) {
    const agg = c.str(panel, 'aggregate', 'panel');
    if (agg !== undefined && !['mean', 'median', 'trimmed'].includes(agg)) {
      c.report('panel.aggregate', `Cách tổng hợp "${agg}" không hợp lệ (mean, median, trimmed)`, `Unknown aggregate "${agg}" (mean, median, trimmed)`);
    }
    c.num(panel, 'disagreementShare', 'panel', { min: 0, max: 1 });
  }
}

interface CheckedIndicator {
  code: string;
  group: string;
  appliesTo: string[];
  max: number;
  rule: Obj;
  path: string;
}

function checkIndicator(
  c: Checker,
  x: Json,
  p: string,
  unitGroups: Set<string>,
  groupMax: Map<string, number>,
  year: number | undefined,
): CheckedIndicator | undefined {
  const o = c.obj(x, p, ['code', 'group', 'name', 'appliesTo', 'max', 'rule', 'evidence', 'clauses', 'inputLabels', 'previous']);
  if (!o) return undefined;
  const code = c.str(o, 'code', p, { pattern: CODE });
  const group = c.str(o, 'group', p);
  if (group !== undefined && !groupMax.has(group)) {
    c.report(`${p}.group`, `Nhóm "${group}" không có trong groups`, `Group "${group}" is not in groups`);
  }
  c.text(o, 'name', p);
  c.text(o, 'evidence', p);
  const appliesToRaw = c.arr(o, 'appliesTo', p, { nonEmpty: true }) ?? [];
  c.unique(appliesToRaw.map((u) => (typeof u === 'string' ? u : undefined)), `${p}.appliesTo`, text('khối', 'unit group'));
  const appliesTo = appliesToRaw.filter((u, i): u is string => {
    if (typeof u !== 'string' || !unitGroups.has(u)) {
      c.report(`${p}.appliesTo[${i}]`, `Khối "${String(u)}" không có trong unitGroups`, `Unit group "${String(u)}" is not in unitGroups`);
      return false;
    }
    return true;
  });
  const clauses = c.arr(o, 'clauses', p);
  if (clauses && clauses.length === 0) {
    c.report(`${p}.clauses`, 'Chỉ tiêu phải dẫn chiếu ít nhất một điều khoản của kế hoạch', 'An indicator must cite at least one plan clause');
  }
  clauses?.forEach((cl, i) => {
    if (typeof cl !== 'string' || !CLAUSE_ID.test(cl)) {
      c.report(`${p}.clauses[${i}]`, `Mã điều khoản "${String(cl)}" không hợp lệ (ví dụ II.2.1.a)`, `Invalid clause id "${String(cl)}" (e.g. II.2.1.a)`);
    }
  });
  const max = c.num(o, 'max', p, { gt: 0 });
  const rule = c.obj(o.rule, `${p}.rule`, ['type', 'inputs', 'ladder', 'late', 'absent', 'options', 'target', 'maxCount', 'allowOver', 'brackets', 'steps', 'step']);
  let inputNames: string[] = [];
  if (rule && max !== undefined) inputNames = checkRule(c, rule, `${p}.rule`, max, appliesTo);
  if (o.inputLabels !== undefined) {
    const labels = c.obj(o.inputLabels, `${p}.inputLabels`, inputNames);
    if (labels) for (const k of Object.keys(labels)) if (inputNames.includes(k)) c.text(labels, k, `${p}.inputLabels`);
  }
  if (o.previous !== undefined) checkPrevious(c, o, p, year);
  if (code === undefined || group === undefined || max === undefined || !rule) return undefined;
  return { code, group, appliesTo, max, rule, path: p };
}

/**
 * `previous`: the indicator's code in earlier years' sets (for comparing years). Each year at most once and
 * before the set's own year; a code, or null for "no counterpart that year". Whether the code exists in that
 * year's set can only be checked when both sets are at hand: the comparison reports a code it cannot find.
 */
function checkPrevious(c: Checker, o: Obj, p: string, year: number | undefined): void {
  const list = c.arr(o, 'previous', p, { nonEmpty: true }) ?? [];
  const years = list.map((x, i) => {
    const q = `${p}.previous[${i}]`;
    const po = c.obj(x, q, ['year', 'code']);
    if (!po) return undefined;
    const y = c.num(po, 'year', q, { integer: true, min: 2000, max: 2100 });
    if (y !== undefined && year !== undefined && y >= year) {
      c.report(`${q}.year`, `Năm ${y} phải trước năm ${year} của bộ tiêu chí`, `The year ${y} must be before the set's year ${year}`);
    }
    if (po.code === undefined) c.report(`${q}.code`, 'Thiếu trường bắt buộc (mã, hoặc null nếu năm đó không có chỉ tiêu tương ứng)', 'Required field missing (a code, or null if that year had no counterpart)');
    else if (po.code !== null) c.str(po, 'code', q, { pattern: CODE });
    return y === undefined ? undefined : String(y);
  });
  c.unique(years, `${p}.previous`, text('năm', 'year'));
}

/** Checks a rule's parameters and that the best the rule can give equals the indicator's max. Returns its input names. */
function checkRule(c: Checker, r: Obj, p: string, max: number, appliesTo: string[]): string[] {
  const type = c.str(r, 'type', p);
  if (type === undefined) return [];
  if (!(RULE_TYPES as readonly string[]).includes(type)) {
    c.report(`${p}.type`, `Loại quy tắc "${type}" không được hỗ trợ (${RULE_TYPES.join(', ')})`, `Unknown rule type "${type}" (${RULE_TYPES.join(', ')})`);
    return [];
  }
  const allowedByType: Record<string, string[]> = {
    yesno: [],
    'date-deadline': ['inputs', 'ladder', 'late', 'absent'],
    choice: ['options'],
    'count-target': ['target', 'maxCount'],
    'ratio-target': ['target', 'allowOver'],
    'ratio-brackets': ['brackets', 'allowOver'],
    'count-steps': ['steps'],
    scale: ['step'],
  };
  for (const k of Object.keys(r)) {
    if (k !== 'type' && !allowedByType[type]!.includes(k)) {
      c.report(`${p}.${k}`, `Trường "${k}" không dùng cho quy tắc ${type}`, `Field "${k}" does not belong to rule ${type}`);
    }
  }
  const best = (got: number | undefined, where: string) => {
    if (got !== undefined && got !== max) {
      c.report(where, `Điểm cao nhất của quy tắc là ${got}, không bằng điểm tối đa ${max} của chỉ tiêu`, `The rule's best is ${got} points, not the indicator's max of ${max}`);
    }
  };
  switch (type) {
    case 'yesno':
      return ['value'];
    case 'choice': {
      const opts = c.arr(r, 'options', p, { nonEmpty: true }) ?? [];
      const checked = opts.map((x, i) => {
        const o = c.obj(x, `${p}.options[${i}]`, ['code', 'label', 'points']);
        if (!o) return undefined;
        c.text(o, 'label', `${p}.options[${i}]`);
        const code = c.str(o, 'code', `${p}.options[${i}]`, { pattern: CODE });
        const pts = c.num(o, 'points', `${p}.options[${i}]`, { min: 0, max });
        return { code, pts };
      });
      c.unique(checked.map((x) => x?.code), `${p}.options`, text('mã lựa chọn', 'option code'));
      const pts = checked.map((x) => x?.pts);
      if (pts.length && pts.every((x) => x !== undefined)) best(Math.max(...(pts as number[])), `${p}.options`);
      return ['value'];
    }
    case 'count-target': {
      const t = r.target;
      const targets: [string, number][] = [];
      if (typeof t === 'number') {
        const v = c.num(r, 'target', p, { gt: 0 });
        if (v !== undefined) targets.push(['', v]);
      } else {
        const o = c.obj(t, `${p}.target`, appliesTo);
        if (o) {
          for (const g of appliesTo) {
            if (o[g] === undefined) c.report(`${p}.target`, `Thiếu chỉ tiêu cho khối ${g}`, `No target for unit group ${g}`);
            else {
              const v = c.num(o, g, `${p}.target`, { gt: 0 });
              if (v !== undefined) targets.push([g, v]);
            }
          }
        }
      }
      const maxCount = c.num(r, 'maxCount', p, { optional: true, integer: true, min: 1 });
      for (const [g, v] of targets) {
        if (maxCount !== undefined && v > maxCount) {
          c.report(
            `${p}.target${g ? '.' + g : ''}`,
            `Chỉ tiêu ${v} lớn hơn số lượng tối đa ${maxCount}: không đơn vị nào đạt được điểm tối đa`,
            `Target ${v} is above maxCount ${maxCount}: no unit could reach the maximum`,
          );
        }
      }
      return ['value'];
    }
    case 'ratio-target': {
      const target = c.num(r, 'target', p, { gt: 0 });
      const allowOver = c.bool(r, 'allowOver', p, true);
      if (target !== undefined && target > 1 && !allowOver) {
        c.report(`${p}.target`, `Mục tiêu ${target} lớn hơn 100% mà không cho phép vượt (allowOver): không ai đạt điểm tối đa`, `Target ${target} is above 100% without allowOver: nobody could reach the maximum`);
      }
      return ['numerator', 'denominator'];
    }
    case 'ratio-brackets': {
      const allowOver = c.bool(r, 'allowOver', p, true);
      const list = checkLadder(c, r, 'brackets', p, 'min', 'desc');
      if (list.length) best(list[0]!.points, `${p}.brackets[0].points`);
      if (list.length && list[0]!.at > 1 && !allowOver) {
        c.report(`${p}.brackets[0].min`, `Khoảng cao nhất bắt đầu trên 100% mà không cho phép vượt (allowOver): không ai đạt được điểm tối đa`, `The top bracket starts above 100% without allowOver: nobody could reach the maximum`);
      }
      return ['numerator', 'denominator'];
    }
    case 'count-steps': {
      const list = checkLadder(c, r, 'steps', p, 'min', 'asc');
      if (list.length) {
        if (list[0]!.at !== 0) c.report(`${p}.steps[0].min`, 'Bậc đầu tiên phải bắt đầu từ 0', 'The first step must start at 0');
        best(list[list.length - 1]!.points, `${p}.steps`);
      }
      return ['value'];
    }
    case 'scale': {
      const step = c.num(r, 'step', p, { gt: 0 });
      if (step !== undefined && step > 0 && !Number.isInteger(Math.round((max / step) * 1e9) / 1e9)) {
        c.report(`${p}.step`, `Điểm tối đa ${max} không là bội của bước ${step}`, `The max of ${max} is not a multiple of the step ${step}`);
      }
      return ['value'];
    }
    case 'date-deadline':
      return checkDeadline(c, r, p, best);
  }
  return [];
}

/** A list of {bound, points}: bounds strictly ordered, points moving the opposite way (never rewarding less for more). */
function checkLadder(c: Checker, r: Obj, key: string, p: string, boundKey: string, order: 'asc' | 'desc'): { at: number; points: number }[] {
  const raw = c.arr(r, key, p, { nonEmpty: true }) ?? [];
  const out: { at: number; points: number }[] = [];
  raw.forEach((x, i) => {
    const o = c.obj(x, `${p}.${key}[${i}]`, [boundKey, 'points']);
    if (!o) return;
    const at = c.num(o, boundKey, `${p}.${key}[${i}]`, { min: 0 });
    const points = c.num(o, 'points', `${p}.${key}[${i}]`, { min: 0 });
    if (at !== undefined && points !== undefined) out.push({ at, points });
  });
  if (out.length !== raw.length) return out;
  for (let i = 1; i < out.length; i++) {
    const prev = out[i - 1]!;
    const cur = out[i]!;
    const ordered = order === 'desc' ? cur.at < prev.at : cur.at > prev.at;
    if (!ordered) {
      c.report(
        `${p}.${key}[${i}].${boundKey}`,
        `Danh sách không đúng thứ tự: ${cur.at} phải ${order === 'desc' ? 'nhỏ' : 'lớn'} hơn ${prev.at} ở bậc trước`,
        `List out of order: ${cur.at} must be ${order === 'desc' ? 'below' : 'above'} ${prev.at} of the step before`,
      );
    }
    const monotone = order === 'desc' ? cur.points <= prev.points : cur.points >= prev.points;
    if (!monotone) {
      c.report(`${p}.${key}[${i}].points`, 'Bậc cao hơn không được ít điểm hơn bậc thấp hơn', 'A higher step cannot earn fewer points than a lower one');
    }
  }
  return out;
}

function checkDeadline(c: Checker, r: Obj, p: string, best: (got: number | undefined, where: string) => void): string[] {
  const inputs = (c.arr(r, 'inputs', p, { nonEmpty: true }) ?? []).map((x, i) => {
    const o = c.obj(x, `${p}.inputs[${i}]`, ['name', 'due']);
    if (!o) return undefined;
    return { name: c.str(o, 'name', `${p}.inputs[${i}]`, { pattern: /^[a-z][a-z0-9_]*$/ }), due: c.date(o, 'due', `${p}.inputs[${i}]`, true) };
  });
  c.unique(inputs.map((x) => x?.name), `${p}.inputs`, text('tên đầu vào', 'input name'));
  const ladder = (c.arr(r, 'ladder', p, { nonEmpty: true }) ?? []).map((x, i) => {
    const q = `${p}.ladder[${i}]`;
    const o = c.obj(x, q, ['onOrBefore', 'daysLate', 'points']);
    if (!o) return undefined;
    const points = c.num(o, 'points', q, { min: 0 });
    const hasDate = o.onOrBefore !== undefined;
    const hasDays = o.daysLate !== undefined;
    if (hasDate === hasDays) {
      c.report(q, 'Mỗi bậc cần đúng một trong onOrBefore hoặc daysLate', 'Each step needs exactly one of onOrBefore or daysLate');
      return undefined;
    }
    if (hasDays && inputs.some((inp) => inp && inp.due === undefined)) {
      c.report(`${q}.daysLate`, 'Bậc theo số ngày muộn cần hạn (due) cho mọi đầu vào', 'A days-late step needs a due date on every input');
    }
    const at = hasDate ? isoDay(c.date(o, 'onOrBefore', q) ?? '') : (c.num(o, 'daysLate', q, { integer: true, min: 0 }) ?? null);
    return at === null || points === undefined ? undefined : { at, points, kind: hasDate ? 'date' : 'days' };
  });
  const late = c.num(r, 'late', p, { min: 0 });
  const absent = c.num(r, 'absent', p, { min: 0 });
  const steps = ladder.filter((x): x is { at: number; points: number; kind: string } => !!x);
  if (steps.length === ladder.length && steps.length > 0) {
    if (new Set(steps.map((s) => s.kind)).size > 1) {
      c.report(`${p}.ladder`, 'Không trộn bậc theo ngày và theo số ngày muộn', 'Do not mix date steps with days-late steps');
    }
    for (let i = 1; i < steps.length; i++) {
      if (!(steps[i]!.at > steps[i - 1]!.at)) {
        c.report(`${p}.ladder[${i}]`, 'Các bậc hạn phải theo thứ tự tăng dần', 'Deadline steps must be in increasing order');
      }
      if (steps[i]!.points > steps[i - 1]!.points) {
        c.report(`${p}.ladder[${i}].points`, 'Nộp muộn hơn không được nhiều điểm hơn', 'A later date cannot earn more points');
      }
    }
    const last = steps[steps.length - 1]!.points;
    if (late !== undefined && late > last) c.report(`${p}.late`, 'Điểm nộp muộn không được cao hơn bậc cuối', 'Late points cannot exceed the last step');
    if (late !== undefined && absent !== undefined && absent > late) {
      c.report(`${p}.absent`, 'Không nộp không được nhiều điểm hơn nộp muộn', 'Not submitting cannot earn more than submitting late');
    }
    if (inputs.every((x) => x)) best(sumExact(inputs.map(() => steps[0]!.points)), `${p}.ladder`);
  }
  return inputs.map((x) => x?.name).filter((x): x is string => !!x);
}

function checkSums(c: Checker, indicators: (CheckedIndicator | undefined)[], groupMax: Map<string, number>, unitGroups: Set<string>): void {
  if (indicators.some((i) => !i)) return;
  const list = indicators as CheckedIndicator[];
  for (const [group, max] of groupMax) {
    const members = list.filter((i) => i.group === group);
    if (members.length === 0) {
      c.report('groups', `Nhóm ${group} không có chỉ tiêu nào`, `Group ${group} has no indicator`);
      continue;
    }
    let reached = false;
    for (const ug of unitGroups) {
      const total = sumExact(members.filter((i) => i.appliesTo.includes(ug)).map((i) => i.max));
      if (total > max) {
        c.report(
          'indicators',
          `Nhóm ${group}, khối ${ug}: tổng điểm tối đa các chỉ tiêu là ${total}, vượt ${max} của nhóm`,
          `Group ${group}, unit group ${ug}: indicator maxima add up to ${total}, above the group's ${max}`,
        );
      }
      if (total === max) reached = true;
    }
    if (!reached) {
      c.report(
        'indicators',
        `Nhóm ${group}: không khối nào có tổng điểm tối đa các chỉ tiêu bằng ${max} của nhóm`,
        `Group ${group}: for no unit group do the indicator maxima add up to the group's ${max}`,
      );
    }
  }
  for (const ug of unitGroups) {
    if (!list.some((i) => i.appliesTo.includes(ug))) {
      c.report('indicators', `Khối ${ug} không có chỉ tiêu nào áp dụng`, `No indicator applies to unit group ${ug}`);
    }
  }
}

interface CheckedItem {
  code: string;
  bandCap?: string;
  path: string;
}

function checkItems(c: Checker, root: Obj, key: 'bonus' | 'deductions'): CheckedItem[] {
  const section = c.obj(root[key], key, ['cap', 'items']);
  if (!section) return [];
  if (section.cap !== null) c.num(section, 'cap', key, { min: 0 });
  const out: CheckedItem[] = [];
  (c.arr(section, 'items', key) ?? []).forEach((x, i) => {
    const p = `${key}.items[${i}]`;
    const o = c.obj(x, p, ['code', 'name', 'inputs', 'cap', 'bandCap', 'evidence', 'clauses']);
    if (!o) return;
    const code = c.str(o, 'code', p, { pattern: CODE });
    c.text(o, 'name', p);
    c.text(o, 'evidence', p, true);
    c.num(o, 'cap', p, { gt: 0 });
    const bandCap = c.str(o, 'bandCap', p, { optional: true });
    if (bandCap !== undefined && key !== 'deductions') c.report(`${p}.bandCap`, 'Chỉ điểm trừ mới giới hạn xếp loại', 'Only a deduction can cap the band');
    const inputs = (c.arr(o, 'inputs', p, { nonEmpty: true }) ?? []).map((y, j) => {
      const q = `${p}.inputs[${j}]`;
      const io = c.obj(y, q, ['name', 'label', 'kind', 'points']);
      if (!io) return undefined;
      c.text(io, 'label', q);
      c.num(io, 'points', q, { gt: 0 });
      const kind = c.str(io, 'kind', q);
      if (kind !== undefined && kind !== 'count' && kind !== 'yesno') {
        c.report(`${q}.kind`, `Loại đầu vào "${kind}" không hợp lệ (count, yesno)`, `Unknown input kind "${kind}" (count, yesno)`);
      }
      return c.str(io, 'name', q, { pattern: /^[a-z][a-z0-9_]*$/ });
    });
    c.unique(inputs, `${p}.inputs`, text('tên đầu vào', 'input name'));
    const clauses = o.clauses === undefined ? [] : (c.arr(o, 'clauses', p) ?? []);
    clauses.forEach((cl, j) => {
      if (typeof cl !== 'string' || !CLAUSE_ID.test(cl)) {
        c.report(`${p}.clauses[${j}]`, `Mã điều khoản "${String(cl)}" không hợp lệ`, `Invalid clause id "${String(cl)}"`);
      }
    });
    if (code !== undefined) out.push({ code, ...(bandCap !== undefined ? { bandCap } : {}), path: p });
  });
  return out;
}

function checkBands(c: Checker, root: Obj, itemCodes: Set<string>): string[] {
  const raw = c.arr(root, 'bands', '', { nonEmpty: true }) ?? [];
  const bands = raw.map((x, i) => {
    const p = `bands[${i}]`;
    const o = c.obj(x, p, ['code', 'label', 'min', 'requires', 'otherwise']);
    if (!o) return undefined;
    c.text(o, 'label', p);
    const code = c.str(o, 'code', p, { pattern: CODE });
    const min = c.num(o, 'min', p, { min: 0 });
    const requires = o.requires === undefined ? undefined : c.obj(o.requires, `${p}.requires`, ['minGroupShare', 'withoutItems']);
    if (requires) {
      c.num(requires, 'minGroupShare', `${p}.requires`, { optional: true, gt: 0, max: 1 });
      if (requires.withoutItems !== undefined) {
        (c.arr(requires, 'withoutItems', `${p}.requires`) ?? []).forEach((it, j) => {
          if (typeof it !== 'string' || !itemCodes.has(it)) {
            c.report(`${p}.requires.withoutItems[${j}]`, `Mục "${String(it)}" không có trong điểm thưởng/điểm trừ`, `Item "${String(it)}" is not a bonus or deduction item`);
          }
        });
      }
    }
    const otherwise = c.str(o, 'otherwise', p, { optional: true });
    if ((requires === undefined) !== (otherwise === undefined)) {
      c.report(p, 'requires và otherwise phải đi cùng nhau', 'requires and otherwise go together');
    }
    return code !== undefined && min !== undefined ? { code, min, otherwise, i } : undefined;
  });
  const codes = bands.map((b) => b?.code);
  c.unique(codes, 'bands', text('mã xếp loại', 'band code'));
  const ok = bands.filter((b): b is NonNullable<typeof b> => !!b);
  for (let i = 1; i < ok.length; i++) {
    if (!(ok[i]!.min < ok[i - 1]!.min)) {
      c.report(`bands[${ok[i]!.i}].min`, 'Các xếp loại phải theo thứ tự ngưỡng giảm dần', 'Bands must be listed from the highest threshold down');
    }
  }
  if (ok.length === raw.length && ok.length > 0 && ok[ok.length - 1]!.min !== 0) {
    c.report(`bands[${ok.length - 1}].min`, 'Xếp loại cuối cùng phải có ngưỡng 0 để mọi điểm đều được xếp loại', 'The last band must start at 0 so every score gets a band');
  }
  for (const b of ok) {
    if (b.otherwise !== undefined) {
      const target = ok.find((x) => x.code === b.otherwise);
      if (!target || target.i <= b.i) {
        c.report(`bands[${b.i}].otherwise`, `"${b.otherwise}" phải là một xếp loại thấp hơn`, `"${b.otherwise}" must be a lower band`);
      }
    }
  }
  return codes.filter((x): x is string => !!x);
}

function checkRanking(c: Checker, root: Obj, groupMax: Map<string, number>, indicators: (CheckedIndicator | undefined)[]): void {
  const r = c.obj(root.ranking, 'ranking', ['method', 'within', 'tieBreak']);
  if (!r) return;
  if (r.method !== 'competition') c.report('ranking.method', 'Chỉ hỗ trợ xếp hạng "competition" (1224)', 'Only "competition" ranking (1224) is supported');
  if (r.within !== 'unitGroup') c.report('ranking.within', 'Chỉ hỗ trợ xếp hạng trong khối ("unitGroup")', 'Only ranking within a unit group ("unitGroup") is supported');
  (c.arr(r, 'tieBreak', 'ranking') ?? []).forEach((x, i) => {
    const p = `ranking.tieBreak[${i}]`;
    const kind = (x as Obj | null)?.by;
    const o = c.obj(x, p, kind === 'group' ? ['by', 'code'] : kind === 'date' ? ['by', 'indicator', 'input', 'prefer'] : ['by']);
    if (!o) return;
    if (o.by === 'group') {
      const code = c.str(o, 'code', p);
      if (code !== undefined && !groupMax.has(code)) c.report(`${p}.code`, `Nhóm "${code}" không có trong groups`, `Group "${code}" is not in groups`);
    } else if (o.by === 'date') {
      const code = c.str(o, 'indicator', p);
      const input = c.str(o, 'input', p);
      const ind = indicators.find((d) => d?.code === code);
      const inputs = ind?.rule.type === 'date-deadline' && Array.isArray(ind.rule.inputs) ? (ind.rule.inputs as { name?: unknown }[]).map((x) => x.name) : [];
      if (code !== undefined && input !== undefined && !inputs.includes(input)) {
        c.report(p, `Chỉ tiêu ${code} không có đầu vào ngày "${input}"`, `Indicator ${code} has no date input "${input}"`);
      }
      if (o.prefer !== 'earlier') c.report(`${p}.prefer`, 'Chỉ hỗ trợ "earlier"', 'Only "earlier" is supported');
    } else {
      c.report(`${p}.by`, 'Tiêu chí phụ phải là "group" hoặc "date"', 'A tie-break must be "group" or "date"');
    }
  });
}

function checkProposals(c: Checker, root: Obj, bandCodes: string[]): void {
  const list = c.arr(root, 'proposals', '') ?? [];
  const codes = list.map((x, i) => {
    const p = `proposals[${i}]`;
    const o = c.obj(x, p, ['code', 'label', 'when']);
    if (!o) return undefined;
    c.text(o, 'label', p);
    (c.arr(o, 'when', p, { nonEmpty: true }) ?? []).forEach((w, j) => {
      const q = `${p}.when[${j}]`;
      const wo = c.obj(w, q, ['bands', 'maxRank']);
      if (!wo) return;
      (c.arr(wo, 'bands', q, { nonEmpty: true }) ?? []).forEach((b, k) => {
        if (typeof b !== 'string' || !bandCodes.includes(b)) {
          c.report(`${q}.bands[${k}]`, `Xếp loại "${String(b)}" không có trong bands`, `Band "${String(b)}" is not in bands`);
        }
      });
      if (wo.maxRank !== undefined) {
        const mr = c.obj(wo.maxRank, `${q}.maxRank`, ['share', 'atLeast']);
        if (mr) {
          c.num(mr, 'share', `${q}.maxRank`, { gt: 0, max: 1 });
          c.num(mr, 'atLeast', `${q}.maxRank`, { optional: true, integer: true, min: 0 });
        }
      }
    });
    return c.str(o, 'code', p, { pattern: CODE });
  });
  c.unique(codes, 'proposals', text('mã đề xuất', 'proposal code'));
}

/** Sums decimal maxima such as 11.25 without binary drift (they are compared with equality). */
function sumExact(values: number[]): number {
  return Math.round(values.reduce((a, b) => a + b * 10_000, 0)) / 10_000;
}
