/**
 * The units screen's half in the worker: the units of the file with what depends on them, and the checks a
 * unit must pass before `EvaluationFile.putUnit` (which audits the change) writes it. Every message names the
 * field it is about, in Vietnamese and English.
 */
import type { LoadedCriteria } from '../../../shared/criteria/loaded';
import type { EvaluationFile, UnitRecord } from '../../../shared/file/evaluation-file';
import { text, type Text } from '../../../shared/i18n/text';
import type { UnitField, UnitInput, UnitProblem, UnitRow, UnitsView } from './protocol';

const FIELD: Record<UnitField, Text> = {
  code: text('Mã đơn vị', 'Unit code'),
  name: text('Tên đơn vị', 'Unit name'),
  group: text('Khối', 'Unit group'),
  activeFrom: text('Được đánh giá từ năm', 'Evaluated from year'),
  activeTo: text('Được đánh giá đến năm', 'Evaluated until year'),
  predecessors: text('Đơn vị tiền thân', 'Predecessor units'),
};

const problem = (field: UnitField, vi: string, en: string): UnitProblem => ({ field, message: text(`${FIELD[field].vi}: ${vi}`, `${FIELD[field].en}: ${en}`) });

const MAX_CODE = 40;
const MAX_NAME = 200;
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

/** Entries per unit and year, from one query. */
function entryCounts(f: EvaluationFile): Map<string, { year: number; count: number }[]> {
  const out = new Map<string, { year: number; count: number }[]>();
  for (const r of f.rows('SELECT unit, year, count(*) FROM entries GROUP BY unit, year ORDER BY unit, year')) {
    const unit = String(r[0]);
    let list = out.get(unit);
    if (!list) out.set(unit, (list = []));
    list.push({ year: Number(r[1]), count: Number(r[2]) });
  }
  return out;
}

export function unitRows(f: EvaluationFile): UnitRow[] {
  const units = f.units();
  const counts = entryCounts(f);
  const successors = new Map<string, string[]>();
  for (const u of units) for (const p of u.predecessors) successors.set(p, [...(successors.get(p) ?? []), u.code]);
  return units.map((u) => ({ ...u, predecessors: [...u.predecessors], successors: successors.get(u.code) ?? [], entries: counts.get(u.code) ?? [] }));
}

/** The unit groups of the file's criteria sets: the newest year's order and names first, then any others. */
export function fileUnitGroups(f: EvaluationFile): { code: string; name: Text }[] {
  const seen = new Map<string, Text>();
  for (const y of [...f.years()].reverse()) {
    for (const g of f.criteriaFor(y)?.set.unitGroups ?? []) if (!seen.has(g.code)) seen.set(g.code, g.name);
  }
  return [...seen].map(([code, name]) => ({ code, name }));
}

export function unitsView(f: EvaluationFile): UnitsView {
  return { units: unitRows(f), years: f.years(), groups: fileUnitGroups(f) };
}

const activeIn = (u: { activeFrom: number | null; activeTo: number | null }, year: number) =>
  (u.activeFrom === null || u.activeFrom <= year) && (u.activeTo === null || u.activeTo >= year);

function cleanYear(v: unknown): number | null | 'bad' {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  return Number.isInteger(n) && n >= FIRST_YEAR && n <= LAST_YEAR ? n : 'bad';
}

export interface UnitCheck {
  problems: UnitProblem[];
  /** Consequences the user must confirm (nothing is refused). */
  warnings: UnitProblem[];
  unit: UnitRecord;
}

/**
 * Checks a unit to add or edit against the file.
 *
 * Changing the khối of a unit that already has entries is refused, not merely warned about. The group is
 * stored once per unit, not per year, so a change would rewrite every past year too: which indicators apply
 * (entries for indicators of the old khối silently stop counting), the applicable maximum, and the ranking and
 * reward quotas of both khối — results already handed to the Emulation Board would no longer reproduce, which
 * the file otherwise guarantees (a year's criteria set is frozen once it has entries, for the same reason). The
 * import refuses such a change too. A unit that really moves to another khối is recorded as the file records
 * mergers: a new unit (new code) in the new khối listing this one as its predecessor, and this one no longer
 * evaluated from that year. A unit without entries (e.g. one just added by mistake) can change khối freely.
 */
export function checkUnit(f: EvaluationFile, input: UnitInput, mode: 'add' | 'edit', criteriaFor: (year: number) => LoadedCriteria | null): UnitCheck {
  const problems: UnitProblem[] = [];
  const warnings: UnitProblem[] = [];
  const code = String(input.code ?? '').trim();
  const name = String(input.name ?? '').trim().replace(/\s+/g, ' ');
  const group = String(input.group ?? '').trim();
  const years = f.years();
  const existing = code ? f.unit(code) : null;
  const counts = code ? (entryCounts(f).get(code) ?? []) : [];

  // Code
  if (!code) problems.push(problem('code', 'chưa nhập (bắt buộc)', 'missing (required)'));
  else if (code.length > MAX_CODE) problems.push(problem('code', `dài quá ${MAX_CODE} ký tự`, `longer than ${MAX_CODE} characters`));
  else if (/[\s\p{Cc}]/u.test(code)) problems.push(problem('code', 'không được có khoảng trắng hay ký tự điều khiển', 'must not contain spaces or control characters'));
  else if (mode === 'add' && existing) {
    problems.push(problem('code', `đã có đơn vị mã ${code} (“${existing.name}”) trong tệp; mỗi mã chỉ dùng cho một đơn vị`, `unit ${code} (“${existing.name}”) is already in the file; each code is used once`));
  } else if (mode === 'edit' && !existing) {
    problems.push(problem('code', `không có đơn vị mã ${code} trong tệp (mã đơn vị không đổi được)`, `there is no unit ${code} in the file (a unit's code cannot change)`));
  }

  // Name
  if (!name) problems.push(problem('name', 'chưa nhập (bắt buộc)', 'missing (required)'));
  else if (name.length > MAX_NAME) problems.push(problem('name', `dài quá ${MAX_NAME} ký tự`, `longer than ${MAX_NAME} characters`));

  // Years
  const from = cleanYear(input.activeFrom);
  const to = cleanYear(input.activeTo);
  if (from === 'bad') problems.push(problem('activeFrom', `phải là một năm từ ${FIRST_YEAR} đến ${LAST_YEAR}, hoặc để trống (không giới hạn)`, `must be a year from ${FIRST_YEAR} to ${LAST_YEAR}, or empty (no limit)`));
  if (to === 'bad') problems.push(problem('activeTo', `phải là một năm từ ${FIRST_YEAR} đến ${LAST_YEAR}, hoặc để trống (vẫn đang được đánh giá)`, `must be a year from ${FIRST_YEAR} to ${LAST_YEAR}, or empty (still evaluated)`));
  if (typeof from === 'number' && typeof to === 'number' && to < from) {
    problems.push(problem('activeTo', `năm ${to} ở trước năm bắt đầu ${from}`, `${to} is before the first year ${from}`));
  }
  const range = { activeFrom: typeof from === 'number' ? from : null, activeTo: typeof to === 'number' ? to : null };

  // Group: known to the criteria set of every year of the file in which the unit is evaluated.
  if (!group) problems.push(problem('group', 'chưa chọn (bắt buộc)', 'not chosen (required)'));
  else if (years.length === 0) problems.push(problem('group', 'tệp chưa có năm đánh giá nào nên chưa có danh sách khối', 'the file has no evaluation year yet, so no list of groups'));
  else {
    const inRange = years.filter((y) => activeIn(range, y));
    const checked = inRange.length ? inRange : years;
    for (const y of checked) {
      const groups = criteriaFor(y)?.set.unitGroups.map((g) => g.code) ?? [];
      if (!groups.includes(group)) {
        problems.push(problem('group', `“${group}” không có trong bộ tiêu chí năm ${y} (các khối: ${groups.join(', ')})`, `“${group}” is not in the ${y} criteria set (groups: ${groups.join(', ')})`));
        break;
      }
    }
    if (existing && existing.group !== group && counts.length > 0) {
      const where = counts.map((c) => `${c.year} (${c.count})`).join(', ');
      problems.push(
        problem(
          'group',
          `đơn vị ${code} đã có số liệu (năm và số mục: ${where}), nên không đổi từ ${existing.group} sang ${group} được: đổi khối sẽ đổi chỉ tiêu áp dụng, điểm và thứ hạng của cả những năm đã chấm. Nếu đơn vị chuyển khối, hãy thêm một đơn vị mới (mã mới) thuộc khối ${group}, ghi đơn vị ${code} là đơn vị tiền thân, và cho ${code} ngừng được đánh giá từ năm đó.`,
          `unit ${code} already has entries (years and entries: ${where}), so it cannot move from ${existing.group} to ${group}: that would change which indicators apply, and the points and ranks of the years already scored. If the unit moved to another group, add a new unit (new code) in ${group} with ${code} as its predecessor, and stop evaluating ${code} from that year.`,
        ),
      );
    }
  }

  // Predecessors: other units of the file, no unit its own predecessor (directly or through others).
  const preds: string[] = [];
  for (const raw of input.predecessors ?? []) {
    const p = String(raw).trim();
    if (!p || preds.includes(p)) continue;
    preds.push(p);
  }
  const byCode = new Map(f.units().map((u) => [u.code, u]));
  for (const p of preds) {
    if (p === code) {
      problems.push(problem('predecessors', `đơn vị ${code} không thể là tiền thân của chính nó`, `unit ${code} cannot be its own predecessor`));
    } else if (!byCode.has(p)) {
      problems.push(problem('predecessors', `không có đơn vị mã ${p} trong tệp`, `there is no unit ${p} in the file`));
    } else if (code && reaches(byCode, p, code)) {
      problems.push(
        problem(
          'predecessors',
          `đơn vị ${p} đã nhận ${code} là tiền thân (trực tiếp hoặc qua đơn vị khác); hai đơn vị không thể là tiền thân của nhau`,
          `unit ${p} already has ${code} as a predecessor (directly or through others); two units cannot be each other's predecessors`,
        ),
      );
    }
  }

  // Consequences to confirm: entries in years the unit would no longer be evaluated in.
  if (problems.length === 0) {
    const before = existing ?? { activeFrom: null, activeTo: null };
    const dropped = counts.filter((c) => activeIn(before, c.year) && !activeIn(range, c.year));
    if (dropped.length) {
      const field: UnitField = dropped.some((c) => range.activeTo !== null && c.year > range.activeTo) ? 'activeTo' : 'activeFrom';
      const list = dropped.map((c) => `${c.year} (${c.count})`).join(', ');
      warnings.push(
        problem(
          field,
          `đơn vị ${code} có số liệu các năm ${list} nằm ngoài khoảng năm mới. Số liệu vẫn được giữ trong tệp, nhưng đơn vị sẽ không được chấm điểm, xếp hạng hay đề xuất khen thưởng trong các năm đó.`,
          `unit ${code} has entries for ${list}, outside the new range of years. They stay in the file, but the unit will not be scored, ranked or proposed for rewards in those years.`,
        ),
      );
    }
  }

  return { problems, warnings, unit: { code, name, group, activeFrom: range.activeFrom, activeTo: range.activeTo, predecessors: preds } };
}

/** Whether `target` is among the predecessors of `from`, directly or through others. */
function reaches(byCode: Map<string, UnitRecord>, from: string, target: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const c = stack.pop()!;
    if (seen.has(c)) continue;
    seen.add(c);
    for (const p of byCode.get(c)?.predecessors ?? []) {
      if (p === target) return true;
      stack.push(p);
    }
  }
  return false;
}
