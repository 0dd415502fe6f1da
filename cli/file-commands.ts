/**
 * The evaluation-file commands: create, import, merge, settle conflicts, consensus values, finalise and
 * reopen a year, override a reward proposal, attach, check, back up, pack.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { scoreYear } from '../shared/engine/score';
import { describeKey, localDate, SELF, type ConsensusKey, type EntryContent } from '../shared/file/evaluation-file';
import { interchangeCsv } from '../shared/file/export';
import { importCsv, importWorkbook, type ImportReport } from '../shared/file/import';
import {
  changedAnything,
  conflicts,
  consensusConflicts,
  merge,
  resolveConflict,
  resolveConsensusConflict,
  type Conflict,
  type ConsensusConflict,
  type MergeReport,
} from '../shared/file/merge';
import { text, type Text } from '../shared/i18n/text';
import type { Problem } from '../shared/problems';
import { selfAssessmentTemplate } from '../shared/spreadsheet/self-assessment';
import { acquireLock, addAttachment, listBackups, pack, readAttachment, restoreBackup, safeFileName, unpack, verifyStore, writeFileAtomic } from '../node/host';
import { FileSession } from '../node/session';
import { CRITERIA_DIR, criteriaForYear } from './criteria-files';
import { actorOf, done, failed, parse, refused, str, usage, type CliOutput } from './output';

export const DEMO_CSV = resolve(__dirname, '..', 'demo', 'dien-bien.csv');

/** Thrown inside a transaction to undo it when a step reported problems. */
class Rollback extends Error {}

/** Years that have a criteria set under criteria/. */
function bundledYears(): number[] {
  const years = new Set<number>();
  for (const name of readdirSync(CRITERIA_DIR)) {
    const m = /^nq57-(\d{4})\.\d+\.json$/.exec(name);
    if (m) years.add(Number(m[1]));
  }
  return [...years].sort();
}

export async function init(args: readonly string[]): Promise<CliOutput> {
  const p = parse(args, { year: { type: 'string', multiple: true }, province: { type: 'string' } });
  if (typeof p === 'string') return usage(p);
  if (p.positionals.length !== 1) return usage('init cần đúng một tệp / init takes exactly one file');
  const years = ((p.values.year as string[] | undefined) ?? bundledYears().map(String)).map(Number);
  const missing = years.filter((y) => !criteriaForYear(y));
  if (missing.length) {
    return refused(text(`Không có bộ tiêu chí cho năm ${missing.join(', ')} trong ${CRITERIA_DIR}`, `No criteria set for ${missing.join(', ')} in ${CRITERIA_DIR}`));
  }
  const province = str(p, 'province');
  const session = await FileSession.create(p.positionals[0]!, { actor: actorOf(p), ...(province ? { province } : {}) });
  try {
    for (const y of years) session.file.useCriteria(criteriaForYear(y)!);
    await session.save();
    const sets = years.map((y) => `${y}: ${session.file.criteriaFor(y)!.ident.version}`).join(', ');
    return done(`Đã tạo / Created ${session.path} (${sets})\n`);
  } finally {
    session.close();
  }
}

export async function demo(args: readonly string[]): Promise<CliOutput> {
  const p = parse(args, {});
  if (typeof p === 'string') return usage(p);
  if (p.positionals.length !== 1) return usage('demo cần đúng một tệp / demo takes exactly one file');
  const session = await FileSession.create(p.positionals[0]!, { actor: actorOf(p) });
  try {
    const report = importCsv(session.file, readFileSync(DEMO_CSV, 'utf8'), criteriaForYear, { file: DEMO_CSV });
    if (report.problems.length) return failed(report.problems);
    await session.save();
    return done(`Đã tạo tệp mẫu Điện Biên / Created the Điện Biên demo file ${session.path}\n${describeImport(basename(DEMO_CSV), report)}\n`);
  } finally {
    session.close();
  }
}

export async function importData(args: readonly string[]): Promise<CliOutput> {
  const p = parse(args, {});
  if (typeof p === 'string') return usage(p);
  const [target, ...sources] = p.positionals;
  if (!target || sources.length === 0) return usage('import cần tệp đánh giá và ít nhất một tệp dữ liệu / import takes the evaluation file and at least one data file');
  const session = await FileSession.open(target, { actor: actorOf(p) });
  try {
    const reports: [string, ImportReport][] = [];
    // All sources or none: one failing file undoes the others.
    try {
      session.file.tx(() => {
        for (const source of sources) reports.push([source, importOne(session, source)]);
        if (reports.some(([, r]) => r.problems.length)) throw new Rollback();
      });
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
      return failed(reports.flatMap(([, r]) => r.problems));
    }
    if (reports.some(([, r]) => r.created + r.updated + r.unitsCreated + r.evaluatorsCreated > 0)) await session.save();
    return done(reports.map(([s, r]) => describeImport(s, r)).join('\n') + '\n');
  } finally {
    session.close();
  }
}

function importOne(session: FileSession, source: string): ImportReport {
  let bytes: Buffer;
  try {
    bytes = readFileSync(source);
  } catch (e) {
    return noImport(source, text(`Không đọc được tệp: ${(e as Error).message}`, `Cannot read the file: ${(e as Error).message}`));
  }
  const ext = extname(source).toLowerCase();
  if (ext === '.csv') return importCsv(session.file, bytes.toString('utf8'), criteriaForYear, { file: source });
  if (ext === '.xlsx') return importWorkbook(session.file, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), criteriaForYear, { file: source });
  return noImport(source, text('Chỉ nhập được tệp .csv (CSV trao đổi) hoặc .xlsx (mẫu tự đánh giá)', 'Only .csv (interchange CSV) or .xlsx (self-assessment workbook) files can be imported'));
}

function noImport(file: string, message: Text): ImportReport {
  return { rowsRead: 0, created: 0, updated: 0, unchanged: 0, unitsCreated: 0, evaluatorsCreated: 0, years: [], problems: [{ file, message }] };
}

function describeImport(source: string, r: ImportReport): string {
  return (
    `${source}: đọc ${r.rowsRead} dòng; tạo ${r.created}, cập nhật ${r.updated}, không đổi ${r.unchanged} mục; thêm ${r.unitsCreated} đơn vị, ${r.evaluatorsCreated} người chấm` +
    ` | read ${r.rowsRead} rows; entries: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged; ${r.unitsCreated} units, ${r.evaluatorsCreated} evaluators added`
  );
}

export async function mergeFiles(args: readonly string[]): Promise<CliOutput> {
  const p = parse(args, {});
  if (typeof p === 'string') return usage(p);
  const [target, ...paths] = p.positionals;
  if (!target || paths.length === 0) return usage('merge cần tệp chính và ít nhất một tệp khác / merge takes the master and at least one other file');
  const master = await FileSession.open(target, { actor: actorOf(p) });
  const others: FileSession[] = [];
  try {
    for (const path of paths) others.push(await FileSession.open(path, { actor: actorOf(p), readOnly: true }));
    const reports: MergeReport[] = [];
    // All files or none: a refused file undoes the merges before it.
    try {
      master.file.tx(() => {
        for (const other of others) {
          const r = merge(master.file, other.file, basename(other.path));
          reports.push(r);
          if (r.problems.length) throw new Rollback();
        }
      });
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
      return failed(reports.flatMap((r) => r.problems));
    }
    // The attachments' bytes travel from the other files' stores into the master's.
    const names = new Map(master.file.attachments().map((a) => [a.sha256, a.name]));
    for (const [i, r] of reports.entries()) {
      for (const sha of r.attachmentsNeeded) {
        await addAttachment(master.attachmentStore, { name: names.get(sha) ?? sha, bytes: await readAttachment(others[i]!.attachmentStore, sha) });
      }
    }
    if (reports.some(changedAnything)) await master.save();
    return done(reports.map(describeMerge).join('\n') + '\n');
  } finally {
    for (const o of others) o.close();
    master.close();
  }
}

function describeMerge(r: MergeReport): string {
  const lines = [
    `${r.sourceName}: thêm ${r.added}, cập nhật ${r.updated}, không đổi ${r.unchanged} mục; thêm ${r.unitsAdded} đơn vị, ${r.evaluatorsAdded} người chấm; ${r.conflicts.length} xung đột` +
      ` | ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged; ${r.unitsAdded} units, ${r.evaluatorsAdded} evaluators added; ${r.conflicts.length} conflicts`,
  ];
  if (r.consensusAdded + r.consensusUnchanged + r.consensusConflicts.length > 0) {
    lines.push(
      `  điểm thống nhất: thêm ${r.consensusAdded}, không đổi ${r.consensusUnchanged}, ${r.consensusConflicts.length} xung đột` +
        ` | consensus values: ${r.consensusAdded} added, ${r.consensusUnchanged} unchanged, ${r.consensusConflicts.length} conflicts`,
    );
  }
  for (const d of r.unitDifferences) lines.push(`  đơn vị / unit ${d.code}: tệp chính / master "${d.master}", tệp này / this file "${d.other}" — giữ tệp chính / master kept`);
  for (const c of r.conflicts) lines.push(describeConflict(c));
  for (const c of r.consensusConflicts) lines.push(describeConsensusConflict(c));
  return lines.join('\n');
}

function showContent(c: EntryContent): string {
  const values = Object.entries(c.values)
    .map(([k, v]) => `${k}=${v === null ? '∅' : String(v)}`)
    .join(' ');
  const extra = [
    c.evidence && `tài liệu: ${c.evidence}`,
    c.attachments.length > 0 && `đính kèm: ${c.attachments.length} tệp`, c.explanation && `giải trình${c.accepted ? ' (chấp nhận)' : ''}: ${c.explanation}`, c.note && `ghi chú: ${c.note}`].filter(Boolean);
  return [values, ...extra].join('; ');
}

function describeConflict(c: Conflict): string {
  const who = c.key.who === SELF ? 'tự đánh giá / self-assessment' : c.key.who;
  const state = c.resolution ? ` — đã giải quyết / settled: ${c.resolution.choice} (${c.resolution.by}: ${c.resolution.reason})` : '';
  return [
    `  xung đột / conflict ${c.id}: ${c.key.year} đơn vị ${c.key.unit}, chỉ tiêu ${c.key.indicator}, ${who}${state}`,
    `    tệp chính / master (${c.masterUpdatedAt}): ${showContent(c.master)}`,
    `    ${c.sourceName} (${c.otherUpdatedAt}): ${showContent(c.other)}`,
  ].join('\n');
}

function describeConsensusConflict(c: ConsensusConflict): string {
  const state = c.resolution ? ` — đã giải quyết / settled: ${c.resolution.choice} (${c.resolution.by}: ${c.resolution.reason})` : '';
  return [
    `  xung đột điểm thống nhất / consensus conflict ${c.id}: ${c.key.year} đơn vị ${c.key.unit}, chỉ tiêu ${c.key.indicator}${state}`,
    `    tệp chính / master (${c.master.setBy}, ${c.master.setAt}): ${c.master.points}; lý do / reason: ${c.master.reason}`,
    `    ${c.sourceName} (${c.other.setBy}, ${c.other.setAt}): ${c.other.points}; lý do / reason: ${c.other.reason}`,
  ].join('\n');
}

export async function listConflicts(args: readonly string[]): Promise<CliOutput> {
  const p = parse(args, { all: { type: 'boolean' } });
  if (typeof p === 'string') return usage(p);
  if (p.positionals.length !== 1) return usage('conflicts cần đúng một tệp / conflicts takes exactly one file');
  const session = await FileSession.open(p.positionals[0]!, { actor: actorOf(p), readOnly: true });
  try {
    const list = conflicts(session.file, { open: !p.values.all });
    const consensusList = consensusConflicts(session.file, { open: !p.values.all });
    if (list.length + consensusList.length === 0) return done('Không có xung đột nào chưa giải quyết / No open conflicts\n');
    return done([...list.map(describeConflict), ...consensusList.map(describeConsensusConflict)].join('\n') + '\n');
  } finally {
    session.close();
  }
}

export async function resolve_(args: readonly string[]): Promise<CliOutput> {
  const p = parse(args, { keep: { type: 'string' }, reason: { type: 'string' } });
  if (typeof p === 'string') return usage(p);
  const [target, id] = p.positionals;
  const keep = str(p, 'keep');
  const reason = str(p, 'reason');
  if (!target || !id || (keep !== 'master' && keep !== 'other') || !reason) {
    return usage('resolve <file> <conflict-id> --keep master|other --reason <lý do / reason>');
  }
  const session = await FileSession.open(target, { actor: actorOf(p) });
  try {
    // The id names an entry conflict or a consensus conflict.
    if (consensusConflicts(session.file).some((c) => c.id === id)) resolveConsensusConflict(session.file, id, keep, reason);
    else resolveConflict(session.file, id, keep, reason);
    await session.save();
    return done(`Đã giải quyết / Settled ${id}: ${keep === 'master' ? 'giữ tệp chính / kept the master' : 'lấy bản của tệp kia / took the other version'}\n`);
  } finally {
    session.close();
  }
}
export { resolve_ as resolve };

/**
 * consensus <file> --year Y                                   lists the year's consensus values
 * consensus <file> --year Y --unit U --indicator C --points P --reason R --by NAME   sets one
 * consensus <file> --year Y --unit U --indicator C --clear --reason R --by NAME      clears one
 */
export async function consensus(args: readonly string[]): Promise<CliOutput> {
  const p = parse(args, {
    year: { type: 'string' },
    unit: { type: 'string' },
    indicator: { type: 'string' },
    points: { type: 'string' },
    clear: { type: 'boolean' },
    reason: { type: 'string' },
    by: { type: 'string' },
  });
  if (typeof p === 'string') return usage(p);
  const SET = 'consensus <file> --year Y --unit U --indicator C (--points P | --clear) --reason <lý do / reason> --by <tên / name>';
  const yearText = str(p, 'year');
  if (p.positionals.length !== 1 || !yearText || !/^\d{4}$/.test(yearText)) return usage(`consensus <file> --year Y | ${SET}`);
  const target = p.positionals[0]!;
  const year = Number(yearText);
  const unit = str(p, 'unit');
  const indicator = str(p, 'indicator');
  const points = str(p, 'points');
  const clear = p.values.clear === true;
  const reason = str(p, 'reason');
  const by = str(p, 'by')?.trim();

  if (unit === undefined && indicator === undefined && points === undefined && !clear && reason === undefined) {
    const session = await FileSession.open(target, { actor: actorOf(p), readOnly: true });
    try {
      return done(listConsensus(session, year));
    } finally {
      session.close();
    }
  }
  if (!unit || !indicator || (points === undefined) === !clear) return usage(SET);
  if (!reason?.trim()) return usage(`Cần --reason: điểm thống nhất phải có lý do bằng văn bản / --reason is required: a consensus value needs a written reason\n${SET}`);
  if (!by) return usage(`Cần --by: ai đặt điểm thống nhất / --by is required: who sets the consensus value\n${SET}`);
  const key: ConsensusKey = { year, unit, indicator };
  const session = await FileSession.open(target, { actor: by });
  try {
    if (clear) {
      if (!session.file.clearConsensus(key, reason)) {
        return refused(
          text(`Không có điểm thống nhất nào cho đơn vị ${unit}, chỉ tiêu ${indicator}, năm ${year}`, `There is no consensus value for unit ${unit}, indicator ${indicator}, year ${year}`),
          target,
        );
      }
      await session.save();
      return done(`Đã bỏ điểm thống nhất / Consensus value cleared: ${year} ${unit} ${indicator}\n${explainItem(session, key)}`);
    }
    const change = session.file.setConsensus({ ...key, points: points!, reason });
    if (change !== 'unchanged') await session.save();
    const stored = session.file.consensusFor(key)!;
    const verb = change === 'unchanged' ? 'Không đổi / Unchanged' : 'Đã đặt điểm thống nhất / Consensus value set';
    return done(`${verb}: ${year} ${unit} ${indicator} = ${stored.points}\n${explainItem(session, key)}`);
  } finally {
    session.close();
  }
}

/** The item's explanation as the panel scoring now gives it, in both languages. */
function explainItem(session: FileSession, k: ConsensusKey): string {
  const criteria = session.file.criteriaFor(k.year);
  if (!criteria) return '';
  const u = scoreYear(criteria, session.file.yearData(k.year)).units.find((x) => x.unit.code === k.unit);
  const item = u && [...u.indicators, ...u.items].find((i) => i.code === k.indicator);
  return item ? `  ${item.explanation.vi}\n  ${item.explanation.en}\n` : '';
}

function listConsensus(session: FileSession, year: number): string {
  const list = session.file.consensus(year);
  if (list.length === 0) return `Năm ${year} chưa có điểm thống nhất nào / No consensus values for ${year}\n`;
  const criteria = session.file.criteriaFor(year);
  const result = criteria ? scoreYear(criteria, session.file.yearData(year)) : null;
  const lines: string[] = [];
  for (const c of list) {
    lines.push(`${c.year} ${c.unit} ${c.indicator}: ${c.points} — ${c.setBy}, ${c.setAt}`);
    const u = result?.units.find((x) => x.unit.code === c.unit);
    const item = u && [...u.indicators, ...u.items].find((i) => i.code === c.indicator);
    if (item) lines.push(`  ${item.explanation.vi}`, `  ${item.explanation.en}`);
    else lines.push(`  lý do / reason: ${c.reason}`);
  }
  return lines.join('\n') + '\n';
}

/** finalize <file> --year Y --by NAME: scores the year, stores its fingerprint and freezes it. */
export async function finalize(args: readonly string[]): Promise<CliOutput> {
  const p = parse(args, { year: { type: 'string' }, by: { type: 'string' } });
  if (typeof p === 'string') return usage(p);
  const yearText = str(p, 'year');
  const by = str(p, 'by')?.trim();
  if (p.positionals.length !== 1 || !yearText || !/^\d{4}$/.test(yearText) || !by) return usage('finalize <file> --year Y --by <tên người chốt / name>');
  const year = Number(yearText);
  const session = await FileSession.open(p.positionals[0]!, { actor: by });
  try {
    const f = session.file.finalise(year, { by });
    await session.save();
    const date = localDate(f.finalisedAt);
    return done(
      `Đã chốt kết quả năm ${year} ngày ${date} (${f.finalisedBy}); dấu vân tay sha256:${f.fingerprint}\n` +
        `The results of ${year} are final since ${date} (${f.finalisedBy}); fingerprint sha256:${f.fingerprint}\n`,
    );
  } finally {
    session.close();
  }
}

/** reopen <file> --year Y --by NAME --reason TEXT: unfreezes a finalised year, with the reason kept. */
export async function reopen(args: readonly string[]): Promise<CliOutput> {
  const p = parse(args, { year: { type: 'string' }, by: { type: 'string' }, reason: { type: 'string' } });
  if (typeof p === 'string') return usage(p);
  const yearText = str(p, 'year');
  const by = str(p, 'by')?.trim();
  const reason = str(p, 'reason');
  const USE = 'reopen <file> --year Y --by <tên / name> --reason <lý do / reason>';
  if (p.positionals.length !== 1 || !yearText || !/^\d{4}$/.test(yearText) || !by) return usage(USE);
  if (!reason?.trim()) return usage(`Cần --reason: mở lại kết quả đã chốt phải có lý do bằng văn bản / --reason is required: reopening final results needs a written reason\n${USE}`);
  const year = Number(yearText);
  const session = await FileSession.open(p.positionals[0]!, { actor: by });
  try {
    const f = session.file.reopen(year, reason, { by });
    await session.save();
    return done(
      `Đã mở lại kết quả năm ${year} (chốt ngày ${localDate(f.finalisedAt)}, dấu vân tay ${f.fingerprint.slice(0, 12)}…); lý do: ${reason.trim()}\n` +
        `The results of ${year} are reopened (finalised on ${localDate(f.finalisedAt)}, fingerprint ${f.fingerprint.slice(0, 12)}…); reason: ${reason.trim()}\n`,
    );
  } finally {
    session.close();
  }
}

/**
 * override <file> --year Y --unit U --proposal <code|none> --reason TEXT --by NAME   overrides a proposal
 * override <file> --year Y --unit U --clear --reason TEXT --by NAME                 back to the rules' proposal
 */
export async function override(args: readonly string[]): Promise<CliOutput> {
  const p = parse(args, { year: { type: 'string' }, unit: { type: 'string' }, proposal: { type: 'string' }, clear: { type: 'boolean' }, reason: { type: 'string' }, by: { type: 'string' } });
  if (typeof p === 'string') return usage(p);
  const USE = 'override <file> --year Y --unit U (--proposal <mã / code|none> | --clear) --reason <lý do / reason> --by <tên / name>';
  const yearText = str(p, 'year');
  const unit = str(p, 'unit');
  const proposal = str(p, 'proposal');
  const clear = p.values.clear === true;
  const reason = str(p, 'reason');
  const by = str(p, 'by')?.trim();
  if (p.positionals.length !== 1 || !yearText || !/^\d{4}$/.test(yearText) || !unit || (proposal === undefined) === !clear) return usage(USE);
  if (!reason?.trim()) return usage(`Cần --reason: điều chỉnh đề xuất khen thưởng phải có lý do bằng văn bản / --reason is required: overriding a proposal needs a written reason\n${USE}`);
  if (!by) return usage(`Cần --by: ai điều chỉnh đề xuất / --by is required: who overrides the proposal\n${USE}`);
  const year = Number(yearText);
  const target = p.positionals[0]!;
  const session = await FileSession.open(target, { actor: by });
  try {
    if (clear) {
      if (!session.file.clearProposalOverride({ year, unit }, reason)) {
        return refused(text(`Đơn vị ${unit} không có điều chỉnh đề xuất nào năm ${year}`, `Unit ${unit} has no proposal override in ${year}`), target);
      }
      await session.save();
    } else {
      const code = proposal!.trim();
      const change = session.file.setProposalOverride({ year, unit, proposal: code === 'none' || code === '' ? null : code, reason });
      if (change !== 'unchanged') await session.save();
    }
    const { result } = session.file.officialResults(year);
    const u = result.units.find((x) => x.unit.code === unit);
    const shown = (pr: { label: Text } | null | undefined, lang: 'vi' | 'en') => pr?.label[lang] ?? (lang === 'vi' ? 'không đề xuất' : 'no proposal');
    const verb = clear ? 'Đã bỏ điều chỉnh / Override cleared' : 'Đã điều chỉnh đề xuất / Proposal overridden';
    const lines = [`${verb}: ${year} ${unit}`];
    if (u) {
      lines.push(`  đề xuất: ${shown(u.proposal, 'vi')}${u.override ? ` (theo quy tắc: ${shown(u.override.computed, 'vi')}; lý do: ${u.override.reason})` : ''}`);
      lines.push(`  proposal: ${shown(u.proposal, 'en')}${u.override ? ` (by the rules: ${shown(u.override.computed, 'en')}; reason: ${u.override.reason})` : ''}`);
    }
    return done(lines.join('\n') + '\n');
  } finally {
    session.close();
  }
}

export async function attach(args: readonly string[]): Promise<CliOutput> {
  const p = parse(args, { year: { type: 'string' }, unit: { type: 'string' }, indicator: { type: 'string' }, evaluator: { type: 'string' } });
  if (typeof p === 'string') return usage(p);
  const [target, ...documents] = p.positionals;
  const year = Number(str(p, 'year'));
  const unit = str(p, 'unit');
  const indicator = str(p, 'indicator');
  if (!target || documents.length === 0 || !Number.isInteger(year) || !unit || !indicator) {
    return usage('attach <file> --year Y --unit U --indicator I [--evaluator E] <tài liệu / document>…');
  }
  const session = await FileSession.open(target, { actor: actorOf(p) });
  try {
    const key = { year, unit, indicator, who: str(p, 'evaluator') ?? SELF };
    const entry = session.file.entry(key);
    if (!entry) {
      return refused(text(`Chưa có mục chấm ${describeKey(key)}: nhập số liệu trước khi đính kèm`, `No entry ${describeKey(key)}: enter its figures before attaching`), target);
    }
    // Before any file is copied into the store: a finalised year takes no new evidence.
    session.file.assertYearOpen(year, text(`mục chấm ${describeKey(key)}`, `entry ${describeKey(key)}`));
    const added: Awaited<ReturnType<typeof addAttachment>>[] = [];
    for (const doc of documents) added.push(await addAttachment(session.attachmentStore, doc));
    session.file.tx(() => {
      for (const a of added) session.file.putAttachment(a);
      session.file.putEntry(key, { ...entry, attachments: [...new Set([...entry.attachments, ...added.map((a) => a.sha256)])] }, { reason: 'đính kèm tài liệu / attached documents' });
    });
    await session.save();
    return done(added.map((a) => `${a.name}: ${a.sha256} (${a.size} byte)`).join('\n') + '\n');
  } finally {
    session.close();
  }
}

export async function check(args: readonly string[]): Promise<CliOutput> {
  const p = parse(args, {});
  if (typeof p === 'string') return usage(p);
  if (p.positionals.length !== 1) return usage('check cần đúng một tệp / check takes exactly one file');
  const path = p.positionals[0]!;
  // Opening runs the header, integrity, application and schema checks.
  const session = await FileSession.open(path, { actor: actorOf(p), readOnly: true });
  try {
    const meta = session.file.meta();
    const attachments = session.file.attachments();
    const store = await verifyStore(session.attachmentStore, attachments);
    const problems: Problem[] = [
      ...store.missing.map((a) => ({ file: path, value: a.name, message: text(`Thiếu tệp đính kèm ${a.sha256.slice(0, 12)}… trong ${session.attachmentStore}`, `Attachment ${a.sha256.slice(0, 12)}… missing from ${session.attachmentStore}`) })),
      ...store.corrupt.map((a) => ({ file: path, value: a.name, message: text(`Tệp đính kèm ${a.sha256.slice(0, 12)}… bị hỏng hoặc bị sửa`, `Attachment ${a.sha256.slice(0, 12)}… is damaged or was modified`) })),
    ];
    const summary =
      `${path}: tệp đánh giá hợp lệ / valid evaluation file — cấu trúc / schema ${meta.schemaVersion}, ${session.file.units().length} đơn vị / units, ` +
      `${session.file.countEntries()} mục / entries, tệp đính kèm / attachments ${store.ok}/${attachments.length} nguyên vẹn / intact\n`;
    return problems.length ? failed(problems, summary) : done(summary);
  } finally {
    session.close();
  }
}

export async function backups(args: readonly string[]): Promise<CliOutput> {
  const p = parse(args, {});
  if (typeof p === 'string') return usage(p);
  if (p.positionals.length !== 1) return usage('backups cần đúng một tệp / backups takes exactly one file');
  const list = await listBackups(p.positionals[0]!);
  if (list.length === 0) return done('Chưa có bản sao lưu / No backups yet\n');
  return done(list.map((b) => `${b.path}\t${b.createdAt.toISOString()}\t${b.size}`).join('\n') + '\n');
}

export async function restore(args: readonly string[]): Promise<CliOutput> {
  const p = parse(args, {});
  if (typeof p === 'string') return usage(p);
  const [target, backup] = p.positionals;
  if (!target || !backup || p.positionals.length !== 2) return usage('restore <file> <backup>');
  const lock = await acquireLock(target);
  try {
    const { safetyBackup } = await restoreBackup(target, backup);
    // Check that what was restored opens as an evaluation file.
    const session = await FileSession.open(target, { actor: actorOf(p), readOnly: true });
    session.close();
    return done(`Đã khôi phục / Restored ${backup} → ${target}${safetyBackup ? `; bản trước khi khôi phục / the state before: ${safetyBackup.path}` : ''}\n`);
  } finally {
    lock.release();
  }
}

export async function packFile(args: readonly string[]): Promise<CliOutput> {
  const p = parse(args, {});
  if (typeof p === 'string') return usage(p);
  const [target, out] = p.positionals;
  if (!target || !out || p.positionals.length !== 2) return usage('pack <file> <archive.zip>');
  const session = await FileSession.open(target, { actor: actorOf(p), readOnly: true });
  let shas: string[];
  try {
    shas = session.file.attachments().map((a) => a.sha256);
  } finally {
    session.close();
  }
  const { manifest, archiveSize } = await pack(target, shas, out);
  return done(`Đã đóng gói / Packed ${target} + ${shas.length} tệp đính kèm / attachments → ${out} (${archiveSize} byte, ${manifest.members.length} mục / members)\n`);
}

export async function unpackFile(args: readonly string[]): Promise<CliOutput> {
  const p = parse(args, {});
  if (typeof p === 'string') return usage(p);
  const [archive, dir] = p.positionals;
  if (!archive || !dir || p.positionals.length !== 2) return usage('unpack <archive.zip> <folder>');
  const { filePath, attachments } = await unpack(archive, dir);
  const session = await FileSession.open(filePath, { actor: actorOf(p), readOnly: true });
  session.close();
  return done(`Đã giải nén / Unpacked ${filePath} + ${attachments} tệp đính kèm / attachments\n`);
}

export async function template(args: readonly string[]): Promise<CliOutput> {
  const p = parse(args, { year: { type: 'string' }, out: { type: 'string' }, unit: { type: 'string', multiple: true } });
  if (typeof p === 'string') return usage(p);
  const year = Number(str(p, 'year'));
  const out = str(p, 'out');
  if (p.positionals.length !== 1 || !Number.isInteger(year) || !out) return usage('template <file> --year Y --out <thư mục / folder> [--unit U]…');
  const session = await FileSession.open(p.positionals[0]!, { actor: actorOf(p), readOnly: true });
  try {
    const criteria = session.file.criteriaFor(year) ?? criteriaForYear(year);
    if (!criteria) return refused(text(`Không có bộ tiêu chí cho năm ${year}`, `No criteria set for ${year}`));
    const wanted = p.values.unit as string[] | undefined;
    const units = session.file.unitsActiveIn(year).filter((u) => !wanted || wanted.includes(u.code));
    const unknown = (wanted ?? []).filter((c) => !units.some((u) => u.code === c));
    if (unknown.length) return refused(text(`Không có đơn vị ${unknown.join(', ')} trong năm ${year}`, `No unit ${unknown.join(', ')} in ${year}`));
    await mkdir(out, { recursive: true });
    const written: string[] = [];
    for (const u of units) {
      const path = join(out, safeFileName(`${year} - ${u.code} - ${u.name}.xlsx`));
      await writeFileAtomic(path, selfAssessmentTemplate(criteria, [u], year));
      written.push(path);
    }
    return done(`${written.length} mẫu tự đánh giá / self-assessment workbooks → ${out}\n`);
  } finally {
    session.close();
  }
}

export async function exportCsv(args: readonly string[]): Promise<CliOutput> {
  const p = parse(args, { year: { type: 'string' } });
  if (typeof p === 'string') return usage(p);
  const yearText = str(p, 'year');
  if (p.positionals.length !== 1 || (yearText !== undefined && !/^\d{4}$/.test(yearText))) return usage('export-csv <file> [--year Y]');
  const session = await FileSession.open(p.positionals[0]!, { actor: actorOf(p), readOnly: true });
  try {
    return done(interchangeCsv(session.file, yearText ? { year: Number(yearText) } : {}));
  } finally {
    session.close();
  }
}
