/**
 * The evaluation file: one SQLite database (sql.js, in memory) per panel, holding the criteria sets in use,
 * units, evaluators, entries, attachment metadata and an append-only audit log. This module is pure: the
 * host supplies sql.js, the clock, id generation and the person acting (`FileEnv`), and moves the bytes
 * (`export()`) to disk atomically. Every change is audited with who, when, before, after and why.
 */
import type { Database, SqlJsStatic, SqlValue, Statement } from 'sql.js';
import type { InputValue } from '../criteria/inputs';
import type { LoadedCriteria } from '../criteria/loaded';
import { storedBundled } from '../criteria/bundled';
import { criteriaText, validateCriteria } from '../criteria/validate';
import { scoreYear, type Consensus, type Entry, type ProposalOverride, type Unit, type YearData, type YearResult } from '../engine/score';
import { canonicalJson } from '../exact/canonical-json';
import * as R from '../exact/rational';
import { sha256Hex } from '../exact/sha256';
import { bothNumbers, formatIsoDate, text, type Text } from '../i18n/text';
import { resultsFingerprint } from '../results/present';
import { checkIntegrity, FileError, migrate, openDatabase, scalar, type IntegrityCheck, type OpenCheck } from './open';
import { APPLICATION_ID, SCHEMA_VERSION } from './schema';

export interface FileEnv {
  /** ISO 8601 UTC timestamp. */
  now(): string;
  /** A new unique id (the host uses crypto.randomUUID). */
  newId(): string;
  /** Who is acting: an evaluator id, a name, or "cli". */
  actor: string;
  appVersion: string;
}

export interface FileMeta {
  fileId: string;
  schemaVersion: number;
  appVersion: string;
  province: string;
  createdAt: string;
  modifiedAt: string;
}

export interface UnitRecord extends Unit {
  activeFrom: number | null;
  activeTo: number | null;
  predecessors: string[];
}

export type Role = 'member' | 'chair' | 'secretary';

export interface EvaluatorRecord {
  id: string;
  name: string;
  role: Role;
}

/** (year, unit, indicator, who): what identifies an entry in every file. who '' = self-assessment. */
export interface EntryKey {
  year: number;
  unit: string;
  indicator: string;
  who: string;
}

export interface EntryContent {
  values: Record<string, InputValue | null>;
  evidence: string;
  explanation: string;
  accepted: boolean;
  note: string;
  /** SHA-256 of attached files. */
  attachments: string[];
}

export interface EntryRecord extends EntryKey, EntryContent {
  id: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export type Change = 'created' | 'updated' | 'unchanged';

/** (year, unit, indicator): what a consensus value is about. `indicator` may be a bonus or deduction item. */
export interface ConsensusKey {
  year: number;
  unit: string;
  indicator: string;
}

/** A year whose results are final: when, by whom, and the fingerprint of the results then. */
export interface FinalisationRecord {
  year: number;
  finalisedAt: string;
  finalisedBy: string;
  /** SHA-256 of the canonical results (shared/results/present.ts resultsFingerprint), criteria hash included. */
  fingerprint: string;
  criteriaSha256: string;
  /** The panel aggregate the official results use (the criteria's). */
  panel: string;
}

/** One finalisation or reopening of a year, as kept in the (append-only) history. */
export interface FinalisationEvent {
  seq: number;
  year: number;
  action: 'finalise' | 'reopen';
  at: string;
  actor: string;
  /** finalise: the fingerprint stored; reopen: the fingerprint that was in force. */
  fingerprint: string;
  reason: string;
}

/** A person's override of a unit's reward proposal for a year, with the written reason. */
export interface ProposalOverrideRecord {
  year: number;
  unit: string;
  /** A proposal code of the year's criteria set; null = no proposal. */
  proposal: string | null;
  reason: string;
  setAt: string;
  setBy: string;
}

/** A consensus value (giá trị thống nhất): the panel's settled points, with the written reason. */
export interface ConsensusRecord extends ConsensusKey {
  /** Exact decimal, at most 2 decimals, written with a dot: "7", "7.5", "6.25". */
  points: string;
  reason: string;
  setAt: string;
  setBy: string;
}

export const SELF = '';

export function entryKeyString(k: EntryKey): string {
  return `${k.year}\u0000${k.unit}\u0000${k.indicator}\u0000${k.who}`;
}

/** The content hash that merging compares: the same entry content has the same hash in every file. */
export function contentHash(c: EntryContent): string {
  return sha256Hex(
    canonicalJson({
      values: c.values,
      evidence: c.evidence,
      explanation: c.explanation,
      accepted: c.accepted,
      note: c.note,
      attachments: [...c.attachments].sort(),
    }),
  );
}

export function sameContent(a: EntryContent, b: EntryContent): boolean {
  return contentHash(a) === contentHash(b);
}

/**
 * Points as people type them ("7,5", "7.5", " 7 ", 7.5) → the exact decimal the file keeps ("7.5"), or why
 * not. At most 2 decimals, never negative; the item's maximum is checked by the caller, who knows the item.
 */
export function parseConsensusPoints(raw: string | number): { ok: true; points: string } | { ok: false; message: Text } {
  const s = (typeof raw === 'number' ? (Number.isFinite(raw) ? String(raw) : '') : raw).trim();
  if (/^-/.test(s)) return { ok: false, message: text(`Điểm "${s}" không được âm`, `Points "${s}" cannot be negative`) };
  const m = /^(\d+)(?:[.,](\d+))?$/.exec(s);
  if (!m) return { ok: false, message: text(`"${s}" không phải là số điểm (ví dụ 7 hoặc 7,5)`, `"${s}" is not a number of points (e.g. 7 or 7.5)`) };
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > 2) return { ok: false, message: text(`Điểm "${s}" có quá 2 chữ số thập phân`, `Points "${s}" have more than 2 decimals`) };
  const int = m[1]!.replace(/^0+(?=\d)/, '');
  return { ok: true, points: frac ? `${int}.${frac}` : int };
}

export function describeConsensusKey(k: ConsensusKey): string {
  return `${k.year} ${k.unit} ${k.indicator} (thống nhất)`;
}

/** "đơn vị U, chỉ tiêu C, năm Y" / "unit U, indicator C, year Y": where a consensus message is about. */
function consensusWhat(k: ConsensusKey): Text {
  return text(`điểm thống nhất ${k.unit} ${k.indicator}`, `consensus value ${k.unit} ${k.indicator}`);
}

function consensusWhere(k: ConsensusKey): Text {
  return text(`đơn vị ${k.unit}, chỉ tiêu ${k.indicator}, năm ${k.year}`, `unit ${k.unit}, indicator ${k.indicator}, year ${k.year}`);
}

export class EvaluationFile {
  private readonly criteriaCache = new Map<string, LoadedCriteria>();
  /** Codes of units and ids of evaluators, kept in step with the tables (checked on every entry write). */
  private unitCodes: Set<string> | null = null;
  private evaluatorIds: Set<string> | null = null;
  /** The finalised years, read once and kept in step (checked on every write that could change results). */
  private finalised: Map<number, FinalisationRecord> | null = null;

  private constructor(
    readonly db: Database,
    readonly env: FileEnv,
  ) {}

  /** A new, empty evaluation file. */
  static create(SQL: SqlJsStatic, env: FileEnv, opts: { province?: string } = {}): EvaluationFile {
    const db = new SQL.Database();
    db.run(`PRAGMA application_id = ${APPLICATION_ID}`);
    db.run('PRAGMA user_version = 0');
    migrate(db, 0);
    const file = new EvaluationFile(db, env);
    const now = env.now();
    file.tx(() => {
      for (const [k, v] of [
        ['file_id', env.newId()],
        ['province', opts.province ?? 'Điện Biên'],
        ['created_at', now],
        ['modified_at', now],
        ['app_version', env.appVersion],
      ]) {
        db.run('INSERT INTO meta (key, value) VALUES (?, ?)', [k!, v!]);
      }
      file.audit('file.create', 'file', null, { province: opts.province ?? 'Điện Biên' });
    });
    return file;
  }

  /**
   * Opens file bytes, migrating an older schema. `migratedFrom` tells the host to keep a backup of the bytes
   * as they were before it saves the migrated file.
   */
  static open(SQL: SqlJsStatic, bytes: Uint8Array, env: FileEnv, integrity: OpenCheck = 'full'): { file: EvaluationFile; migratedFrom: number | null } {
    const { db, schemaVersion } = openDatabase(SQL, bytes, integrity);
    try {
      // An upgrade rewrites tables: not of a file whose pages have not been checked (a damaged one is refused
      // as damaged, not as a failed upgrade). Old files are opened this way once.
      if (integrity === 'later' && schemaVersion < SCHEMA_VERSION) checkIntegrity(db, 'quick');
    } catch (e) {
      db.close();
      throw e;
    }
    try {
      migrate(db, schemaVersion);
    } catch (e) {
      db.close();
      throw new FileError('migration', text(`Không nâng cấp được tệp từ cấu trúc số ${schemaVersion}: ${String(e)}`, `Cannot upgrade the file from schema ${schemaVersion}: ${String(e)}`));
    }
    const file = new EvaluationFile(db, env);
    if (schemaVersion < SCHEMA_VERSION) {
      file.audit('file.migrate', 'file', { schema: schemaVersion }, { schema: SCHEMA_VERSION });
    }
    return { file, migratedFrom: schemaVersion < SCHEMA_VERSION ? schemaVersion : null };
  }

  /** SQLite's integrity check of the database as it is now, full or quick (throws the 'damaged' FileError). */
  verifyIntegrity(integrity: IntegrityCheck = 'full'): void {
    checkIntegrity(this.db, integrity);
  }

  close(): void {
    for (const st of this.statements.values()) st.free();
    this.statements.clear();
    this.db.close();
  }

  /** The whole database image, with the modification time and app version stamped. */
  export(): Uint8Array {
    this.setMeta('modified_at', this.env.now());
    this.setMeta('app_version', this.env.appVersion);
    return this.db.export();
  }

  meta(): FileMeta {
    const m = new Map(this.rows('SELECT key, value FROM meta').map((r) => [String(r[0]), String(r[1])]));
    return {
      fileId: m.get('file_id') ?? '',
      schemaVersion: Number(scalar(this.db, 'PRAGMA user_version')),
      appVersion: m.get('app_version') ?? '',
      province: m.get('province') ?? '',
      createdAt: m.get('created_at') ?? '',
      modifiedAt: m.get('modified_at') ?? '',
    };
  }

  private setMeta(key: string, value: string): void {
    this.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  // ── transactions, audit ──────────────────────────────────────────────────────────────────────────────

  /** Runs `fn` in one transaction: all of it or none of it. Nested calls join the outer transaction. */
  tx<T>(fn: () => T): T {
    if (this.inTx) return fn();
    this.inTx = true;
    this.db.run('BEGIN');
    try {
      const r = fn();
      this.db.run('COMMIT');
      return r;
    } catch (e) {
      this.db.run('ROLLBACK');
      this.criteriaCache.clear();
      this.unitCodes = null;
      this.evaluatorIds = null;
      this.finalised = null;
      throw e;
    } finally {
      this.inTx = false;
    }
  }
  private inTx = false;

  audit(action: string, target: string, before: unknown, after: unknown, reason = '', sourceFileId: string | null = null, actor: string = this.env.actor): void {
    this.run(
      'INSERT INTO audit_log (at, actor, action, target, before_json, after_json, reason, source_file_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [this.env.now(), actor, action, target, before === null ? null : JSON.stringify(before), after === null ? null : JSON.stringify(after), reason, sourceFileId],
    );
  }

  auditLog(): { seq: number; at: string; actor: string; action: string; target: string; before: unknown; after: unknown; reason: string; sourceFileId: string | null }[] {
    return this.rows('SELECT seq, at, actor, action, target, before_json, after_json, reason, source_file_id FROM audit_log ORDER BY seq').map((r) => ({
      seq: Number(r[0]),
      at: String(r[1]),
      actor: String(r[2]),
      action: String(r[3]),
      target: String(r[4]),
      before: r[5] === null ? null : JSON.parse(String(r[5])),
      after: r[6] === null ? null : JSON.parse(String(r[6])),
      reason: String(r[7]),
      sourceFileId: r[8] === null ? null : String(r[8]),
    }));
  }

  /**
   * Prepared statements, kept for the life of the file: compiling SQL costs more than running it, and an
   * import or a merge runs the same few statements thousands of times.
   */
  private readonly statements = new Map<string, Statement>();

  private statement(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  rows(sql: string, params: SqlValue[] = []): SqlValue[][] {
    const st = this.statement(sql);
    try {
      st.bind(params);
      const out: SqlValue[][] = [];
      while (st.step()) out.push(st.get());
      return out;
    } finally {
      st.reset();
    }
  }

  /** Runs a statement that returns no rows. */
  run(sql: string, params: SqlValue[] = []): void {
    const st = this.statement(sql);
    try {
      st.run(params);
    } finally {
      st.reset();
    }
  }

  private value(sql: string, params: SqlValue[] = []): SqlValue | undefined {
    return this.rows(sql, params)[0]?.[0];
  }

  // ── criteria ─────────────────────────────────────────────────────────────────────────────────────────

  years(): number[] {
    return this.rows('SELECT year FROM years ORDER BY year').map((r) => Number(r[0]));
  }

  /** The criteria set in use for a year, or null. */
  criteriaFor(year: number): LoadedCriteria | null {
    const sha = this.value('SELECT criteria_sha256 FROM years WHERE year = ?', [year]);
    if (typeof sha !== 'string') return null;
    return this.criteriaBySha(sha);
  }

  criteriaBySha(sha: string): LoadedCriteria {
    const cached = this.criteriaCache.get(sha);
    if (cached) return cached;
    const content = this.value('SELECT content FROM criteria_sets WHERE sha256 = ?', [sha]);
    if (typeof content !== 'string') throw new FileError('criteria-missing', text(`Tệp thiếu bộ tiêu chí ${sha}`, `The file lacks criteria set ${sha}`));
    // A shipped set, stored as shipped, is not validated again (shared/criteria/bundled.ts).
    const shipped = storedBundled(sha, content);
    if (shipped) {
      this.criteriaCache.set(sha, shipped);
      return shipped;
    }
    const r = validateCriteria(JSON.parse(content));
    if (!r.ok || r.value.ident.sha256 !== sha) {
      throw new FileError('criteria-damaged', text(`Bộ tiêu chí lưu trong tệp đã bị thay đổi (${sha.slice(0, 12)}…)`, `The criteria set stored in the file was altered (${sha.slice(0, 12)}…)`));
    }
    this.criteriaCache.set(sha, r.value);
    return r.value;
  }

  /**
   * Sets the criteria set for its year. Once the year has an entry its set is frozen: results must always be
   * reproducible with the rules they were produced with.
   */
  useCriteria(criteria: LoadedCriteria): Change {
    const year = criteria.set.year;
    const sha = criteria.ident.sha256;
    const current = this.value('SELECT criteria_sha256 FROM years WHERE year = ?', [year]);
    if (current === sha) return 'unchanged';
    this.assertYearOpen(year);
    if (typeof current === 'string' && this.countEntries(year) > 0) {
      const old = this.criteriaBySha(current);
      throw new FileError(
        'criteria-frozen',
        text(
          `Năm ${year} đã có số liệu chấm theo bộ tiêu chí ${old.set.version}; không thể đổi sang ${criteria.set.version}`,
          `Year ${year} already has entries scored with criteria ${old.set.version}; it cannot switch to ${criteria.set.version}`,
        ),
      );
    }
    return this.tx(() => {
      this.run('INSERT OR IGNORE INTO criteria_sets (sha256, criteria_id, version, year, content, added_at) VALUES (?, ?, ?, ?, ?, ?)', [
        sha,
        criteria.ident.id,
        criteria.ident.version,
        year,
        criteriaText(criteria.set),
        this.env.now(),
      ]);
      this.run('INSERT INTO years (year, criteria_sha256) VALUES (?, ?) ON CONFLICT (year) DO UPDATE SET criteria_sha256 = excluded.criteria_sha256', [year, sha]);
      this.audit('criteria.use', `year ${year}`, typeof current === 'string' ? { sha256: current } : null, { sha256: sha, version: criteria.ident.version });
      this.criteriaCache.set(sha, criteria);
      return typeof current === 'string' ? 'updated' : 'created';
    });
  }

  // ── units and evaluators ─────────────────────────────────────────────────────────────────────────────

  units(): UnitRecord[] {
    return this.rows('SELECT code, name, unit_group, active_from, active_to, predecessors FROM units ORDER BY code').map(unitRecord);
  }

  unit(code: string): UnitRecord | null {
    const r = this.rows('SELECT code, name, unit_group, active_from, active_to, predecessors FROM units WHERE code = ?', [code])[0];
    return r ? unitRecord(r) : null;
  }

  hasUnit(code: string): boolean {
    this.unitCodes ??= new Set(this.rows('SELECT code FROM units').map((r) => String(r[0])));
    return this.unitCodes.has(code);
  }

  hasEvaluator(id: string): boolean {
    this.evaluatorIds ??= new Set(this.rows('SELECT id FROM evaluators').map((r) => String(r[0])));
    return this.evaluatorIds.has(id);
  }

  /** Adds or edits a unit; its code never changes (predecessors record mergers). */
  putUnit(u: { code: string; name: string; group: string; activeFrom?: number | null; activeTo?: number | null; predecessors?: string[] }, reason = ''): Change {
    const code = u.code.trim();
    const name = u.name.trim();
    if (!code || !name) throw new FileError('unit-invalid', text('Đơn vị cần có mã và tên', 'A unit needs a code and a name'));
    const before = this.unit(code);
    const after: UnitRecord = {
      code,
      name,
      group: u.group,
      activeFrom: u.activeFrom === undefined ? (before?.activeFrom ?? null) : u.activeFrom,
      activeTo: u.activeTo === undefined ? (before?.activeTo ?? null) : u.activeTo,
      predecessors: u.predecessors ?? before?.predecessors ?? [],
    };
    if (before && canonicalJson(before) === canonicalJson(after)) return 'unchanged';
    this.assertUnitChangeOpen(before, after);
    const now = this.env.now();
    this.tx(() => {
      this.run(
        `INSERT INTO units (code, name, unit_group, active_from, active_to, predecessors, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, unit_group = excluded.unit_group, active_from = excluded.active_from,
           active_to = excluded.active_to, predecessors = excluded.predecessors, updated_at = excluded.updated_at`,
        [code, name, after.group, after.activeFrom, after.activeTo, JSON.stringify(after.predecessors), now, now],
      );
      this.audit(before ? 'unit.update' : 'unit.create', `unit ${code}`, before, after, reason);
      this.unitCodes?.add(code);
    });
    return before ? 'updated' : 'created';
  }

  evaluators(): EvaluatorRecord[] {
    return this.rows('SELECT id, name, role FROM evaluators ORDER BY name').map((r) => ({ id: String(r[0]), name: String(r[1]), role: String(r[2]) as Role }));
  }

  putEvaluator(e: EvaluatorRecord, reason = ''): Change {
    const before = this.evaluators().find((x) => x.id === e.id) ?? null;
    if (before && before.name === e.name && before.role === e.role) return 'unchanged';
    this.tx(() => {
      this.run(
        'INSERT INTO evaluators (id, name, role, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role',
        [e.id, e.name, e.role, this.env.now()],
      );
      this.audit(before ? 'evaluator.update' : 'evaluator.create', `evaluator ${e.id}`, before, e, reason);
      this.evaluatorIds?.add(e.id);
    });
    return before ? 'updated' : 'created';
  }

  // ── entries ──────────────────────────────────────────────────────────────────────────────────────────

  countEntries(year?: number): number {
    return Number(year === undefined ? this.value('SELECT count(*) FROM entries') : this.value('SELECT count(*) FROM entries WHERE year = ?', [year]));
  }

  private static readonly ENTRY_COLUMNS =
    'e.id, e.year, e.unit, e.indicator, e.who, e.value_json, e.evidence, e.explanation, e.accepted, e.note, e.created_at, e.created_by, e.updated_at, e.updated_by, ' +
    "(SELECT group_concat(sha256, ' ') FROM entry_attachments a WHERE a.entry_id = e.id)";

  private static toRecord(r: SqlValue[]): EntryRecord {
    return {
      id: String(r[0]),
      year: Number(r[1]),
      unit: String(r[2]),
      indicator: String(r[3]),
      who: String(r[4]),
      values: JSON.parse(String(r[5])) as Record<string, InputValue | null>,
      evidence: String(r[6]),
      explanation: String(r[7]),
      accepted: r[8] === 1,
      note: String(r[9]),
      createdAt: String(r[10]),
      createdBy: String(r[11]),
      updatedAt: String(r[12]),
      updatedBy: String(r[13]),
      attachments: r[14] === null ? [] : String(r[14]).split(' ').sort(),
    };
  }

  /**
   * What scoring reads of the entries of a year, or of one unit of it, in the order of `entries`: unit,
   * indicator, who, the values' JSON, evidence, explanation, accepted (0/1), note and the number of
   * attachments. Built by SQLite as one JSON text, rather than read row by row through sql.js (fifteen columns
   * of each entry and a record made of them): the province's three thousand entries are read before the first
   * screen (npm run bench:ui, start).
   */
  private scoredEntries(year: number, unit?: string): [string, string, string, string, string, string, number, string, number][] {
    const json = this.value(
      'SELECT json_group_array(json_array(e.unit, e.indicator, e.who, e.value_json, e.evidence, e.explanation, e.accepted, e.note, ' +
        '(SELECT count(*) FROM entry_attachments a WHERE a.entry_id = e.id)) ORDER BY e.unit, e.indicator, e.who) ' +
        `FROM entries e WHERE e.year = ?${unit === undefined ? '' : ' AND e.unit = ?'}`,
      unit === undefined ? [year] : [year, unit],
    );
    return JSON.parse(String(json)) as ReturnType<EvaluationFile['scoredEntries']>;
  }

  /** Entries, all or of one year, one unit of that year, one person (each filter optional, `unit` needs `year`). */
  entries(filter: { year?: number; unit?: string; who?: string } = {}): EntryRecord[] {
    const clauses: string[] = [];
    const params: SqlValue[] = [];
    if (filter.year !== undefined) {
      clauses.push('e.year = ?');
      params.push(filter.year);
      if (filter.unit !== undefined) {
        clauses.push('e.unit = ?');
        params.push(filter.unit);
      }
    }
    if (filter.who !== undefined) {
      clauses.push('e.who = ?');
      params.push(filter.who);
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    return this.rows(`SELECT ${EvaluationFile.ENTRY_COLUMNS} FROM entries e ${where} ORDER BY e.year, e.unit, e.indicator, e.who`, params).map(EvaluationFile.toRecord);
  }

  entry(k: EntryKey): EntryRecord | null {
    const r = this.rows(`SELECT ${EvaluationFile.ENTRY_COLUMNS} FROM entries e WHERE e.year = ? AND e.unit = ? AND e.indicator = ? AND e.who = ?`, [k.year, k.unit, k.indicator, k.who])[0];
    return r ? EvaluationFile.toRecord(r) : null;
  }

  /**
   * Creates or changes one entry (validation of the values against the criteria is the caller's: the
   * interchange reader or the app's cell editors). Identical content is 'unchanged' and writes nothing.
   */
  putEntry(
    k: EntryKey,
    c: EntryContent,
    opts: { reason?: string; id?: string; at?: string; by?: string; sourceFileId?: string | null; keepAttachments?: boolean } = {},
  ): Change {
    if (!this.hasUnit(k.unit)) {
      throw new FileError('unit-unknown', text(`Đơn vị ${k.unit} chưa có trong tệp`, `Unit ${k.unit} is not in the file`));
    }
    if (k.who !== SELF && !this.hasEvaluator(k.who)) {
      throw new FileError('evaluator-unknown', text(`Người chấm "${k.who}" chưa có trong tệp`, `Evaluator "${k.who}" is not in the file`));
    }
    const before = this.entry(k);
    if (opts.keepAttachments && before) c = { ...c, attachments: before.attachments };
    const hash = contentHash(c);
    if (before && contentHash(before) === hash) return 'unchanged';
    this.assertYearOpen(k.year, text(`mục chấm ${describeKey(k)}`, `entry ${describeKey(k)}`));
    const at = opts.at ?? this.env.now();
    const by = opts.by ?? this.env.actor;
    const valueJson = canonicalJson(c.values);
    this.tx(() => {
      let id: string;
      if (before) {
        id = before.id;
        this.run('UPDATE entries SET value_json = ?, evidence = ?, explanation = ?, accepted = ?, note = ?, updated_at = ?, updated_by = ? WHERE id = ?', [
          valueJson,
          c.evidence,
          c.explanation,
          c.accepted ? 1 : 0,
          c.note,
          at,
          by,
          id,
        ]);
        this.run('DELETE FROM entry_attachments WHERE entry_id = ?', [id]);
      } else {
        id = opts.id ?? this.env.newId();
        this.run(
          'INSERT INTO entries (id, year, unit, indicator, who, value_json, evidence, explanation, accepted, note, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [id, k.year, k.unit, k.indicator, k.who, valueJson, c.evidence, c.explanation, c.accepted ? 1 : 0, c.note, at, by, at, by],
        );
      }
      for (const sha of new Set(c.attachments)) {
        if (this.value('SELECT 1 FROM attachments WHERE sha256 = ?', [sha]) === undefined) {
          throw new FileError('attachment-unknown', text(`Tệp đính kèm ${sha.slice(0, 12)}… chưa có trong tệp`, `Attachment ${sha.slice(0, 12)}… is not in the file`));
        }
        this.run('INSERT INTO entry_attachments (entry_id, sha256) VALUES (?, ?)', [id, sha]);
      }
      this.recordRevision(k, hash);
      this.audit(before ? 'entry.update' : 'entry.create', describeKey(k), before ? contentOf(before) : null, contentOf(c), opts.reason ?? '', opts.sourceFileId ?? null);
    });
    return before ? 'updated' : 'created';
  }

  deleteEntry(k: EntryKey, reason: string): boolean {
    const before = this.entry(k);
    if (!before) return false;
    this.assertYearOpen(k.year, text(`mục chấm ${describeKey(k)}`, `entry ${describeKey(k)}`));
    this.tx(() => {
      this.run('DELETE FROM entry_attachments WHERE entry_id = ?', [before.id]);
      this.run('DELETE FROM entries WHERE id = ?', [before.id]);
      this.audit('entry.delete', describeKey(k), contentOf(before), null, reason);
    });
    return true;
  }

  recordRevision(k: EntryKey, hash: string): void {
    this.run('INSERT OR IGNORE INTO entry_revisions (year, unit, indicator, who, content_sha256) VALUES (?, ?, ?, ?, ?)', [k.year, k.unit, k.indicator, k.who, hash]);
  }

  /** Every content hash the entry has had in this file (and in files merged into it). */
  revisions(k: EntryKey): Set<string> {
    return new Set(this.rows('SELECT content_sha256 FROM entry_revisions WHERE year = ? AND unit = ? AND indicator = ? AND who = ?', [k.year, k.unit, k.indicator, k.who]).map((r) => String(r[0])));
  }

  // ── attachments (metadata; the bytes live in the host's store beside the file) ───────────────────────

  putAttachment(a: { sha256: string; name: string; mediaType: string; size: number }): Change {
    if (this.value('SELECT 1 FROM attachments WHERE sha256 = ?', [a.sha256]) !== undefined) return 'unchanged';
    this.tx(() => {
      this.run('INSERT INTO attachments (sha256, name, media_type, size, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?)', [a.sha256, a.name, a.mediaType, a.size, this.env.now(), this.env.actor]);
      this.audit('attachment.add', `attachment ${a.sha256}`, null, a);
    });
    return 'created';
  }

  attachments(): { sha256: string; name: string; mediaType: string; size: number }[] {
    return this.rows('SELECT sha256, name, media_type, size FROM attachments ORDER BY name').map((r) => ({ sha256: String(r[0]), name: String(r[1]), mediaType: String(r[2]), size: Number(r[3]) }));
  }

  // ── consensus values ─────────────────────────────────────────────────────────────────────────────────

  private static readonly CONSENSUS_COLUMNS = 'year, unit, indicator, points, reason, set_at, set_by';

  private static toConsensus(r: SqlValue[]): ConsensusRecord {
    return { year: Number(r[0]), unit: String(r[1]), indicator: String(r[2]), points: String(r[3]), reason: String(r[4]), setAt: String(r[5]), setBy: String(r[6]) };
  }

  /** The consensus values of a year (every year without one), by year, unit and indicator. */
  consensus(year?: number): ConsensusRecord[] {
    const where = year === undefined ? '' : 'WHERE year = ?';
    return this.rows(`SELECT ${EvaluationFile.CONSENSUS_COLUMNS} FROM consensus ${where} ORDER BY year, unit, indicator`, year === undefined ? [] : [year]).map(
      EvaluationFile.toConsensus,
    );
  }

  consensusFor(k: ConsensusKey): ConsensusRecord | null {
    const r = this.rows(`SELECT ${EvaluationFile.CONSENSUS_COLUMNS} FROM consensus WHERE year = ? AND unit = ? AND indicator = ?`, [k.year, k.unit, k.indicator])[0];
    return r ? EvaluationFile.toConsensus(r) : null;
  }

  /**
   * Checks a consensus value against the file and the year's criteria: the unit exists and is evaluated that
   * year, the indicator (or bonus/deduction item) is in the year's set and applies to the unit's group, and
   * 0 ≤ points ≤ the item's maximum with at most 2 decimals. Returns the points as the file keeps them.
   */
  checkConsensus(k: ConsensusKey, points: string | number): string {
    const where = consensusWhere(k);
    function refuse(code: string, why: Text): never {
      throw new FileError(code, text(`Điểm thống nhất (${where.vi}): ${why.vi}`, `Consensus value (${where.en}): ${why.en}`));
    }
    const criteria = this.criteriaFor(k.year);
    if (!criteria) refuse('consensus-year', text(`tệp chưa có bộ tiêu chí cho năm ${k.year}`, `the file has no criteria set for ${k.year}`));
    const unit = this.unit(k.unit);
    if (!unit) refuse('consensus-unit', text(`đơn vị ${k.unit} chưa có trong tệp`, `unit ${k.unit} is not in the file`));
    if (!isActiveIn(unit, k.year)) refuse('consensus-unit', text(`đơn vị ${k.unit} không được đánh giá năm ${k.year}`, `unit ${k.unit} is not evaluated in ${k.year}`));
    const s = criteria.scorables.get(k.indicator);
    if (!s) {
      refuse(
        'consensus-indicator',
        text(`bộ tiêu chí ${criteria.ident.version} không có chỉ tiêu ${k.indicator}`, `criteria ${criteria.ident.version} have no indicator ${k.indicator}`),
      );
    }
    if (s.kind === 'indicator' && !s.def.appliesTo.includes(unit.group)) {
      refuse('consensus-indicator', text(`chỉ tiêu ${k.indicator} không áp dụng cho khối ${unit.group}`, `indicator ${k.indicator} does not apply to group ${unit.group}`));
    }
    const parsed = parseConsensusPoints(points);
    if (!parsed.ok) refuse('consensus-points', parsed.message);
    if (R.gt(R.fromDecimal(parsed.points), s.max)) {
      const [p, max] = [bothNumbers(Number(parsed.points)), bothNumbers(R.toNumber(s.max))];
      refuse('consensus-points', text(`${p.vi} điểm vượt quá điểm tối đa ${max.vi}`, `${p.en} points is above the maximum of ${max.en}`));
    }
    return parsed.points;
  }

  /**
   * Sets the consensus value of an indicator for a unit and year, with its written reason (required). It
   * replaces the evaluators' aggregate in panel scoring; the entries stay as they are. Audited with before,
   * after and the reason; the same points and reason again are 'unchanged' and write nothing.
   */
  setConsensus(
    c: ConsensusKey & { points: string | number; reason: string },
    opts: { by?: string; at?: string; auditReason?: string; sourceFileId?: string | null } = {},
  ): Change {
    const k: ConsensusKey = { year: c.year, unit: c.unit, indicator: c.indicator };
    const reason = c.reason.trim();
    if (!reason) {
      const where = consensusWhere(k);
      throw new FileError('reason-required', text(`Cần ghi lý do cho điểm thống nhất (${where.vi})`, `A reason is required for a consensus value (${where.en})`));
    }
    const points = this.checkConsensus(k, c.points);
    const before = this.consensusFor(k);
    if (before && before.points === points && before.reason === reason) return 'unchanged';
    this.assertYearOpen(k.year, consensusWhat(k));
    const at = opts.at ?? this.env.now();
    const by = opts.by ?? this.env.actor;
    this.tx(() => {
      this.run(
        `INSERT INTO consensus (year, unit, indicator, points, reason, set_at, set_by) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (year, unit, indicator) DO UPDATE SET points = excluded.points, reason = excluded.reason, set_at = excluded.set_at, set_by = excluded.set_by`,
        [k.year, k.unit, k.indicator, points, reason, at, by],
      );
      this.recordConsensusRevision(k, points);
      this.audit(
        before ? 'consensus.update' : 'consensus.create',
        describeConsensusKey(k),
        before ? { points: before.points, reason: before.reason } : null,
        { points, reason },
        opts.auditReason ?? reason,
        opts.sourceFileId ?? null,
      );
    });
    return before ? 'updated' : 'created';
  }

  /** Removes a consensus value (the evaluators' aggregate counts again), with a written reason. False if none was set. */
  clearConsensus(k: ConsensusKey, reason: string): boolean {
    const why = reason.trim();
    if (!why) {
      const where = consensusWhere(k);
      throw new FileError('reason-required', text(`Cần ghi lý do khi bỏ điểm thống nhất (${where.vi})`, `A reason is required to clear a consensus value (${where.en})`));
    }
    const before = this.consensusFor(k);
    if (!before) return false;
    this.assertYearOpen(k.year, consensusWhat(k));
    this.tx(() => {
      this.run('DELETE FROM consensus WHERE year = ? AND unit = ? AND indicator = ?', [k.year, k.unit, k.indicator]);
      this.audit('consensus.clear', describeConsensusKey(k), { points: before.points, reason: before.reason }, null, why);
    });
    return true;
  }

  recordConsensusRevision(k: ConsensusKey, points: string): void {
    this.run('INSERT OR IGNORE INTO consensus_revisions (year, unit, indicator, points) VALUES (?, ?, ?, ?)', [k.year, k.unit, k.indicator, points]);
  }

  /** Every value the consensus has had in this file (and in files merged into it). */
  consensusRevisions(k: ConsensusKey): Set<string> {
    return new Set(this.rows('SELECT points FROM consensus_revisions WHERE year = ? AND unit = ? AND indicator = ?', [k.year, k.unit, k.indicator]).map((r) => String(r[0])));
  }

  // ── finalisation ─────────────────────────────────────────────────────────────────────────────────────

  private finalisedMap(): Map<number, FinalisationRecord> {
    this.finalised ??= new Map(
      this.rows('SELECT year, finalised_at, finalised_by, fingerprint, criteria_sha256, panel FROM finalised_years').map((r) => [
        Number(r[0]),
        { year: Number(r[0]), finalisedAt: String(r[1]), finalisedBy: String(r[2]), fingerprint: String(r[3]), criteriaSha256: String(r[4]), panel: String(r[5]) },
      ]),
    );
    return this.finalised;
  }

  /** The finalisation in force for a year, or null (a draft). */
  finalisation(year: number): FinalisationRecord | null {
    return this.finalisedMap().get(year) ?? null;
  }

  isFinalised(year: number): boolean {
    return this.finalisedMap().has(year);
  }

  /** Every finalisation and reopening (of one year, or all), oldest first. */
  finalisationHistory(year?: number): FinalisationEvent[] {
    const where = year === undefined ? '' : 'WHERE year = ?';
    return this.rows(`SELECT seq, year, action, at, actor, fingerprint, reason FROM finalisation_history ${where} ORDER BY seq`, year === undefined ? [] : [year]).map((r) => ({
      seq: Number(r[0]),
      year: Number(r[1]),
      action: String(r[2]) as 'finalise' | 'reopen',
      at: String(r[3]),
      actor: String(r[4]),
      fingerprint: String(r[5]),
      reason: String(r[6]),
    }));
  }

  /**
   * Refuses, with a sentence in both languages, a write to a finalised year: its results are frozen until
   * someone reopens it with a written reason. `what` names the record the write was about.
   */
  assertYearOpen(year: number, what?: Text): void {
    const f = this.finalisation(year);
    if (!f) return;
    const date = localDate(f.finalisedAt);
    throw new FileError(
      'year-final',
      text(
        `Năm ${year} đã được chốt kết quả ngày ${date} (${f.finalisedBy}); muốn sửa phải mở lại với lý do${what ? ` — ${what.vi}` : ''}`,
        `The results of ${year} were finalised on ${date} (${f.finalisedBy}); to change them, reopen the year with a reason${what ? ` — ${what.en}` : ''}`,
      ),
    );
  }

  /** A unit's group and the years it is evaluated in are part of every finalised year's results. */
  private assertUnitChangeOpen(before: UnitRecord | null, after: UnitRecord): void {
    for (const year of this.finalisedMap().keys()) {
      const was = before !== null && isActiveIn(before, year);
      const is = isActiveIn(after, year);
      if (was !== is || (is && before !== null && before.group !== after.group)) {
        this.assertYearOpen(year, text(`khối hoặc thời gian đánh giá của đơn vị ${after.code}`, `the group or the years evaluated of unit ${after.code}`));
      }
    }
  }

  /** The official results of a year (the criteria's panel aggregate, consensus and overrides applied) and their fingerprint. */
  officialResults(year: number): { result: YearResult; fingerprint: string } {
    const criteria = this.criteriaFor(year);
    if (!criteria) throw new FileError('no-criteria', text(`Tệp chưa có bộ tiêu chí cho năm ${year}`, `The file has no criteria set for ${year}`));
    const result = scoreYear(criteria, this.yearData(year));
    return { result, fingerprint: resultsFingerprint(result) };
  }

  /**
   * Finalises a year: its results are scored, fingerprinted and frozen; every later write that would change
   * them is refused until someone reopens the year with a reason. Refused while the year has open merge
   * conflicts (decide them first) or no unit. Audited, and kept in the finalisation history.
   */
  finalise(year: number, opts: { by?: string } = {}): FinalisationRecord {
    const by = (opts.by ?? this.env.actor).trim();
    if (!by) throw new FileError('finalise-by', text('Cần ghi tên người chốt kết quả', 'The name of the person finalising is required'));
    const existing = this.finalisation(year);
    if (existing) {
      throw new FileError(
        'year-final',
        text(
          `Năm ${year} đã được chốt kết quả ngày ${localDate(existing.finalisedAt)} (${existing.finalisedBy}), dấu vân tay ${existing.fingerprint.slice(0, 12)}…`,
          `The results of ${year} were already finalised on ${localDate(existing.finalisedAt)} (${existing.finalisedBy}), fingerprint ${existing.fingerprint.slice(0, 12)}…`,
        ),
      );
    }
    const criteria = this.criteriaFor(year);
    if (!criteria) throw new FileError('no-criteria', text(`Tệp chưa có bộ tiêu chí cho năm ${year}`, `The file has no criteria set for ${year}`));
    if (this.unitsActiveIn(year).length === 0) {
      throw new FileError('finalise-empty', text(`Năm ${year} chưa có đơn vị nào được đánh giá: không có kết quả để chốt`, `No unit is evaluated in ${year}: there are no results to finalise`));
    }
    const open =
      Number(this.value('SELECT count(*) FROM merge_conflicts WHERE year = ? AND resolved_at IS NULL', [year])) +
      Number(this.value('SELECT count(*) FROM consensus_conflicts WHERE year = ? AND resolved_at IS NULL', [year]));
    if (open > 0) {
      throw new FileError(
        'finalise-conflicts',
        text(
          `Năm ${year} còn ${open} xung đột khi gộp tệp chưa giải quyết; giải quyết trước khi chốt kết quả`,
          `${year} has ${open} unsettled merge conflicts; settle them before finalising the results`,
        ),
      );
    }
    const { result, fingerprint } = this.officialResults(year);
    const record: FinalisationRecord = { year, finalisedAt: this.env.now(), finalisedBy: by, fingerprint, criteriaSha256: criteria.ident.sha256, panel: result.panel };
    this.tx(() => {
      this.run('INSERT INTO finalised_years (year, finalised_at, finalised_by, fingerprint, criteria_sha256, panel) VALUES (?, ?, ?, ?, ?, ?)', [
        year,
        record.finalisedAt,
        by,
        fingerprint,
        record.criteriaSha256,
        record.panel,
      ]);
      this.run("INSERT INTO finalisation_history (year, action, at, actor, fingerprint, reason) VALUES (?, 'finalise', ?, ?, ?, '')", [year, record.finalisedAt, by, fingerprint]);
      this.audit('year.finalise', `year ${year}`, null, { fingerprint, criteria: record.criteriaSha256, panel: record.panel, units: result.units.length }, '', null, by);
      this.finalised = null;
    });
    return record;
  }

  /** Reopens a finalised year with a written reason (required): audited and kept in the history. */
  reopen(year: number, reason: string, opts: { by?: string } = {}): FinalisationRecord {
    const why = reason.trim();
    const by = (opts.by ?? this.env.actor).trim();
    if (!why) throw new FileError('reason-required', text(`Cần ghi lý do khi mở lại kết quả năm ${year}`, `A reason is required to reopen the results of ${year}`));
    if (!by) throw new FileError('reopen-by', text('Cần ghi tên người mở lại kết quả', 'The name of the person reopening is required'));
    const f = this.finalisation(year);
    if (!f) throw new FileError('year-draft', text(`Kết quả năm ${year} chưa được chốt`, `The results of ${year} are not finalised`));
    this.tx(() => {
      this.run('DELETE FROM finalised_years WHERE year = ?', [year]);
      this.run("INSERT INTO finalisation_history (year, action, at, actor, fingerprint, reason) VALUES (?, 'reopen', ?, ?, ?, ?)", [year, this.env.now(), by, f.fingerprint, why]);
      this.audit('year.reopen', `year ${year}`, { fingerprint: f.fingerprint, finalisedAt: f.finalisedAt, finalisedBy: f.finalisedBy }, null, why, null, by);
      this.finalised = null;
    });
    return f;
  }

  // ── reward proposal overrides ────────────────────────────────────────────────────────────────────────

  proposalOverrides(year?: number): ProposalOverrideRecord[] {
    const where = year === undefined ? '' : 'WHERE year = ?';
    return this.rows(`SELECT year, unit, proposal, reason, set_at, set_by FROM proposal_overrides ${where} ORDER BY year, unit`, year === undefined ? [] : [year]).map((r) => ({
      year: Number(r[0]),
      unit: String(r[1]),
      proposal: r[2] === null ? null : String(r[2]),
      reason: String(r[3]),
      setAt: String(r[4]),
      setBy: String(r[5]),
    }));
  }

  proposalOverrideFor(year: number, unit: string): ProposalOverrideRecord | null {
    return this.proposalOverrides(year).find((o) => o.unit === unit) ?? null;
  }

  /**
   * Overrides a unit's reward proposal for a year (a proposal code of the year's criteria, or null for none),
   * with a written reason (required). The results then show the override, with the proposal the rules give
   * and the reason beside it. Audited; refused for a finalised year.
   */
  setProposalOverride(o: { year: number; unit: string; proposal: string | null; reason: string }, opts: { by?: string; at?: string } = {}): Change {
    const where = text(`đơn vị ${o.unit}, năm ${o.year}`, `unit ${o.unit}, year ${o.year}`);
    const refuse = (code: string, why: Text): never => {
      throw new FileError(code, text(`Điều chỉnh đề xuất khen thưởng (${where.vi}): ${why.vi}`, `Proposal override (${where.en}): ${why.en}`));
    };
    const reason = o.reason.trim();
    if (!reason) refuse('reason-required', text('cần ghi lý do bằng văn bản', 'a written reason is required'));
    const criteria = this.criteriaFor(o.year);
    if (!criteria) return refuse('override-year', text(`tệp chưa có bộ tiêu chí cho năm ${o.year}`, `the file has no criteria set for ${o.year}`));
    const unit = this.unit(o.unit);
    if (!unit) return refuse('override-unit', text(`đơn vị ${o.unit} chưa có trong tệp`, `unit ${o.unit} is not in the file`));
    if (!isActiveIn(unit, o.year)) refuse('override-unit', text(`đơn vị ${o.unit} không được đánh giá năm ${o.year}`, `unit ${o.unit} is not evaluated in ${o.year}`));
    const codes = criteria.set.proposals.map((p) => p.code);
    if (o.proposal !== null && !codes.includes(o.proposal)) {
      refuse(
        'override-proposal',
        text(
          `bộ tiêu chí ${criteria.ident.version} không có hình thức khen thưởng "${o.proposal}"; chọn một trong: ${[...codes, 'none'].join(', ')}`,
          `criteria ${criteria.ident.version} have no proposal "${o.proposal}"; choose one of: ${[...codes, 'none'].join(', ')}`,
        ),
      );
    }
    const before = this.proposalOverrideFor(o.year, o.unit);
    if (before && before.proposal === o.proposal && before.reason === reason) return 'unchanged';
    this.assertYearOpen(o.year, text(`đề xuất khen thưởng của đơn vị ${o.unit}`, `the reward proposal of unit ${o.unit}`));
    const at = opts.at ?? this.env.now();
    const by = opts.by ?? this.env.actor;
    this.tx(() => {
      this.run(
        `INSERT INTO proposal_overrides (year, unit, proposal, reason, set_at, set_by) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (year, unit) DO UPDATE SET proposal = excluded.proposal, reason = excluded.reason, set_at = excluded.set_at, set_by = excluded.set_by`,
        [o.year, o.unit, o.proposal, reason, at, by],
      );
      this.audit(
        before ? 'override.update' : 'override.create',
        describeOverrideKey(o),
        before ? { proposal: before.proposal, reason: before.reason } : null,
        { proposal: o.proposal, reason },
        reason,
        null,
        by,
      );
    });
    return before ? 'updated' : 'created';
  }

  /** Removes an override (the rules' proposal counts again), with a written reason. False if there was none. */
  clearProposalOverride(k: { year: number; unit: string }, reason: string): boolean {
    const why = reason.trim();
    if (!why) throw new FileError('reason-required', text(`Cần ghi lý do khi bỏ điều chỉnh đề xuất (đơn vị ${k.unit}, năm ${k.year})`, `A reason is required to clear a proposal override (unit ${k.unit}, year ${k.year})`));
    const before = this.proposalOverrideFor(k.year, k.unit);
    if (!before) return false;
    this.assertYearOpen(k.year, text(`đề xuất khen thưởng của đơn vị ${k.unit}`, `the reward proposal of unit ${k.unit}`));
    this.tx(() => {
      this.run('DELETE FROM proposal_overrides WHERE year = ? AND unit = ?', [k.year, k.unit]);
      this.audit('override.clear', describeOverrideKey(k), { proposal: before.proposal, reason: before.reason }, null, why);
    });
    return true;
  }

  // ── scoring input ────────────────────────────────────────────────────────────────────────────────────

  /** The units active in a year: those scored (and counted for proposal quotas) that year. */
  unitsActiveIn(year: number): UnitRecord[] {
    return this.units().filter((u) => isActiveIn(u, year));
  }

  /**
   * A year's units and entries in the engine's form. Evaluators appear by name (by id if two share a name).
   * With `only`, the same restricted to one unit (its entries and consensus values; the proposal overrides
   * stay the whole year's, which ranking the year needs): what rescoring that unit alone needs
   * (engine/score.ts, rescoreUnits).
   */
  yearData(year: number, only?: { unit: string }): YearData {
    const evaluators = this.evaluators();
    const nameCount = new Map<string, number>();
    for (const e of evaluators) nameCount.set(e.name, (nameCount.get(e.name) ?? 0) + 1);
    const display = new Map(evaluators.map((e) => [e.id, nameCount.get(e.name)! > 1 ? `${e.name} (${e.id})` : e.name]));
    // One unit: looked up by its code, not by reading every unit (a national file has thousands).
    const one = only === undefined ? null : this.unit(only.unit);
    const chosen = only === undefined ? this.unitsActiveIn(year) : one && isActiveIn(one, year) ? [one] : [];
    const units = chosen.map(({ code, name, group }) => ({ code, name, group }));
    const active = new Set(units.map((u) => u.code));
    const isActive = (code: string): boolean => {
      if (only === undefined) return active.has(code);
      const u = this.unit(code);
      return u !== null && isActiveIn(u, year);
    };
    const entries: Entry[] = this.scoredEntries(year, only?.unit)
      .filter(([unit]) => active.has(unit))
      .map(([unit, code, who, valueJson, evidence, explanation, accepted, note, attachments]) => ({
        unit,
        code,
        evaluator: who === SELF ? null : (display.get(who) ?? who),
        // Parsed here as `entries` parses it (SQLite's json() would also take JSON5 that the app never writes).
        values: JSON.parse(valueJson) as Record<string, InputValue | null>,
        evidence: evidence || (attachments ? `${attachments} tệp đính kèm` : ''),
        explanation,
        accepted: accepted === 1,
        note,
      }));
    const consensus: Consensus[] = this.consensus(year)
      .filter((c) => active.has(c.unit))
      .map((c) => ({ unit: c.unit, code: c.indicator, points: c.points, reason: c.reason, by: c.setBy, at: c.setAt }));
    const proposalOverrides: ProposalOverride[] = this.proposalOverrides(year)
      .filter((o) => isActive(o.unit))
      .map((o) => ({ unit: o.unit, proposal: o.proposal, reason: o.reason, by: o.setBy, at: o.setAt }));
    return { year, units, entries, consensus, proposalOverrides };
  }
}

/** The calendar date (dd/mm/yyyy) of a UTC timestamp in Vietnam (UTC+7, no daylight saving). */
export function localDate(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return formatIsoDate(new Date(t + 7 * 3_600_000).toISOString().slice(0, 10));
}

export function describeOverrideKey(k: { year: number; unit: string }): string {
  return `${k.year} ${k.unit} (đề xuất khen thưởng)`;
}

/** Whether a unit is evaluated in a year (null bounds are open). */
export function isActiveIn(u: { activeFrom: number | null; activeTo: number | null }, year: number): boolean {
  return (u.activeFrom === null || u.activeFrom <= year) && (u.activeTo === null || u.activeTo >= year);
}

/** The union of two active ranges (null = unbounded), or null when `a` already covers `b`. */
export function widenedRange(
  a: { activeFrom: number | null; activeTo: number | null },
  b: { activeFrom: number | null; activeTo: number | null },
): { activeFrom: number | null; activeTo: number | null } | null {
  const from = a.activeFrom === null || b.activeFrom === null ? null : Math.min(a.activeFrom, b.activeFrom);
  const to = a.activeTo === null || b.activeTo === null ? null : Math.max(a.activeTo, b.activeTo);
  return from === a.activeFrom && to === a.activeTo ? null : { activeFrom: from, activeTo: to };
}

function unitRecord(r: SqlValue[]): UnitRecord {
  return {
    code: String(r[0]),
    name: String(r[1]),
    group: String(r[2]),
    activeFrom: r[3] === null ? null : Number(r[3]),
    activeTo: r[4] === null ? null : Number(r[4]),
    predecessors: JSON.parse(String(r[5])) as string[],
  };
}

export function contentOf(c: EntryContent): EntryContent {
  return { values: c.values, evidence: c.evidence, explanation: c.explanation, accepted: c.accepted, note: c.note, attachments: [...c.attachments].sort() };
}

export function describeKey(k: EntryKey): string {
  return `${k.year} ${k.unit} ${k.indicator} ${k.who === SELF ? '(tự đánh giá)' : k.who}`;
}
