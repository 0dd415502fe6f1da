/**
 * Merging evaluators' files into the secretary's master file.
 *
 * Entries are identified by (year, unit, indicator, who), so different evaluators never conflict. For the
 * same entry, each file keeps the hashes of every content the entry has had (entry_revisions); that history
 * says which copy is newer:
 *   - same content                                   → nothing to do;
 *   - the other's content is in the master's history → the master is newer: nothing to do;
 *   - the master's content is in the other's history → the other is newer: take it (audited);
 *   - neither                                        → a conflict: the master's value stays, the other's is
 *                                                      kept in merge_conflicts until someone decides (the
 *                                                      documents it cites are registered now, so that choosing
 *                                                      it later finds them).
 * Merging the same file twice therefore changes nothing. Files scored with different criteria sets for the
 * same year are refused before anything is written.
 *
 * Consensus values (the secretary's settled points, with a reason) travel too, per (year, unit, indicator):
 *   - absent in the master                             → added, audited with the source file;
 *   - the same points                                  → nothing (the master's reason stays);
 *   - points the master has had and since changed or
 *     cleared (consensus_revisions)                    → nothing: an older copy never undoes a decision;
 *   - other points                                     → a conflict: the master's value stays until someone
 *                                                        chooses a version with a reason.
 */
import { text } from '../i18n/text';
import type { Problem } from '../problems';
import { FileError } from './open';
import {
  contentHash,
  contentOf,
  describeConsensusKey,
  describeKey,
  SELF,
  widenedRange,
  type ConsensusKey,
  type ConsensusRecord,
  type EntryContent,
  type EntryKey,
  type EntryRecord,
  type EvaluationFile,
} from './evaluation-file';

export interface Conflict {
  readonly id: string;
  readonly key: EntryKey;
  readonly master: EntryContent;
  readonly other: EntryContent;
  readonly masterUpdatedAt: string;
  readonly otherUpdatedAt: string;
  readonly sourceFileId: string;
  readonly sourceName: string;
  readonly detectedAt: string;
  readonly resolution: null | { readonly choice: 'master' | 'other'; readonly by: string; readonly at: string; readonly reason: string };
}

/** One side of a consensus conflict: the points, the reason and who set them when. */
export interface ConsensusVersion {
  readonly points: string;
  readonly reason: string;
  readonly setAt: string;
  readonly setBy: string;
}

/** A consensus value another file holds with other points than the master's. */
export interface ConsensusConflict {
  readonly id: string;
  readonly key: ConsensusKey;
  readonly master: ConsensusVersion;
  readonly other: ConsensusVersion;
  readonly sourceFileId: string;
  readonly sourceName: string;
  readonly detectedAt: string;
  readonly resolution: null | { readonly choice: 'master' | 'other'; readonly by: string; readonly at: string; readonly reason: string };
}

export interface MergeReport {
  readonly sourceName: string;
  readonly sourceFileId: string;
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly unitsAdded: number;
  readonly evaluatorsAdded: number;
  readonly yearsAdded: number[];
  /** Conflicts found by this merge (new ones and ones still open from an earlier merge of the same content). */
  readonly conflicts: Conflict[];
  /** How many of them this merge found for the first time. */
  readonly newConflicts: number;
  /** Units whose name or group differ between the files: the master's stays. */
  readonly unitDifferences: { code: string; master: string; other: string }[];
  /** Attachments the master must copy from the other file's store (SHA-256). */
  readonly attachmentsNeeded: string[];
  /** Consensus values the master did not have, added. */
  readonly consensusAdded: number;
  /** Consensus values the master already had (the same points, or points it has since changed or cleared). */
  readonly consensusUnchanged: number;
  /** Consensus values that differ from the master's (new ones and ones still open from an earlier merge). */
  readonly consensusConflicts: ConsensusConflict[];
  readonly newConsensusConflicts: number;
  /** Non-empty when the merge was refused; nothing was written then. */
  readonly problems: Problem[];
}

export function merge(master: EvaluationFile, other: EvaluationFile, sourceName: string): MergeReport {
  const sourceFileId = other.meta().fileId;
  const base = {
    sourceName,
    sourceFileId,
    added: 0,
    updated: 0,
    unchanged: 0,
    unitsAdded: 0,
    evaluatorsAdded: 0,
    yearsAdded: [] as number[],
    conflicts: [] as Conflict[],
    newConflicts: 0,
    unitDifferences: [] as { code: string; master: string; other: string }[],
    attachmentsNeeded: [] as string[],
    consensusAdded: 0,
    consensusUnchanged: 0,
    consensusConflicts: [] as ConsensusConflict[],
    newConsensusConflicts: 0,
  };

  // Refuse first, write nothing: a year scored with two different criteria sets cannot be merged.
  const problems: Problem[] = [];
  for (const year of other.years()) {
    const theirs = other.criteriaFor(year)!;
    const ours = master.criteriaFor(year);
    if (ours && ours.ident.sha256 !== theirs.ident.sha256) {
      problems.push({
        file: sourceName,
        message: text(
          `Năm ${year}: tệp này chấm theo bộ tiêu chí ${theirs.ident.version} (${theirs.ident.sha256.slice(0, 12)}…), tệp chính theo ${ours.ident.version} (${ours.ident.sha256.slice(0, 12)}…); không thể gộp`,
          `Year ${year}: this file is scored with criteria ${theirs.ident.version} (${theirs.ident.sha256.slice(0, 12)}…), the master with ${ours.ident.version} (${ours.ident.sha256.slice(0, 12)}…); they cannot be merged`,
        ),
      });
    }
  }
  if (problems.length > 0) return { ...base, problems };

  try {
    return master.tx(() => {
      const r = { ...base, problems: [] as Problem[] };
      for (const year of other.years()) {
        if (!master.criteriaFor(year)) {
          master.useCriteria(other.criteriaFor(year)!);
          r.yearsAdded.push(year);
        }
      }
      for (const u of other.units()) {
        const mine = master.unit(u.code);
        if (!mine) {
          master.putUnit(u, `gộp từ / merged from ${sourceName}`);
          r.unitsAdded++;
        } else if (mine.name !== u.name || mine.group !== u.group) {
          r.unitDifferences.push({ code: u.code, master: `${mine.name} (${mine.group})`, other: `${u.name} (${u.group})` });
        } else {
          // A unit evaluated in a year in either file is evaluated that year: the active range only widens.
          const wider = widenedRange(mine, u);
          if (wider) master.putUnit({ ...mine, ...wider }, `gộp từ / merged from ${sourceName}`);
        }
      }
      for (const e of other.evaluators()) {
        if (!master.hasEvaluator(e.id)) {
          master.putEvaluator(e, `gộp từ / merged from ${sourceName}`);
          r.evaluatorsAdded++;
        }
      }
      const knownAttachments = new Set(master.attachments().map((a) => a.sha256));
      const otherAttachments = new Map(other.attachments().map((a) => [a.sha256, a]));
      const needAttachments = (e: EntryRecord) => {
        for (const sha of e.attachments) {
          if (knownAttachments.has(sha)) continue;
          const meta = otherAttachments.get(sha);
          if (!meta) throw new FileError('attachment-unknown', text(`Tệp nguồn thiếu thông tin tệp đính kèm ${sha.slice(0, 12)}…`, `The source file lacks attachment ${sha.slice(0, 12)}…`));
          master.putAttachment(meta);
          knownAttachments.add(sha);
          r.attachmentsNeeded.push(sha);
        }
      };

      for (const theirs of other.entries()) {
        const key: EntryKey = { year: theirs.year, unit: theirs.unit, indicator: theirs.indicator, who: theirs.who };
        const mine = master.entry(key);
        const theirHash = contentHash(theirs);
        const theirHistory = other.revisions(key);
        theirHistory.add(theirHash);
        const reason = `gộp từ / merged from ${sourceName}`;
        const at = { at: theirs.updatedAt, by: theirs.updatedBy, reason, sourceFileId };
        if (!mine) {
          needAttachments(theirs);
          const idTaken = master.rows('SELECT 1 FROM entries WHERE id = ?', [theirs.id]).length > 0;
          master.putEntry(key, theirs, idTaken ? at : { ...at, id: theirs.id });
          for (const h of theirHistory) master.recordRevision(key, h);
          r.added++;
          continue;
        }
        const myHash = contentHash(mine);
        const myHistory = master.revisions(key);
        if (myHash === theirHash || myHistory.has(theirHash)) {
          r.unchanged++;
          continue;
        }
        if (theirHistory.has(myHash)) {
          needAttachments(theirs);
          master.putEntry(key, theirs, at);
          for (const h of theirHistory) master.recordRevision(key, h);
          r.updated++;
          continue;
        }
        // The other version is kept to be chosen later: the documents it cites must be known to the master
        // by then (their metadata now, their bytes copied with the others'), or choosing it would fail.
        needAttachments(theirs);
        const { conflict, isNew } = recordConflict(master, key, mine, theirs, theirHash, sourceFileId, sourceName);
        r.conflicts.push(conflict);
        if (isNew) r.newConflicts++;
      }

      for (const theirs of other.consensus()) {
        const key: ConsensusKey = { year: theirs.year, unit: theirs.unit, indicator: theirs.indicator };
        const mine = master.consensusFor(key);
        if ((mine && mine.points === theirs.points) || master.consensusRevisions(key).has(theirs.points)) {
          r.consensusUnchanged++;
          continue;
        }
        if (!mine) {
          master.setConsensus(
            { ...key, points: theirs.points, reason: theirs.reason },
            { by: theirs.setBy, at: theirs.setAt, auditReason: `gộp từ / merged from ${sourceName}`, sourceFileId },
          );
          for (const h of other.consensusRevisions(key)) master.recordConsensusRevision(key, h);
          r.consensusAdded++;
          continue;
        }
        const { conflict, isNew } = recordConsensusConflict(master, key, mine, theirs, sourceFileId, sourceName);
        r.consensusConflicts.push(conflict);
        if (isNew) r.newConsensusConflicts++;
      }
      // A merge that brings nothing new writes nothing, not even to the audit log.
      if (changedAnything(r)) {
        master.audit(
          'merge',
          sourceName,
          null,
          {
            added: r.added,
            updated: r.updated,
            unchanged: r.unchanged,
            conflicts: r.conflicts.length,
            units: r.unitsAdded,
            evaluators: r.evaluatorsAdded,
            consensusAdded: r.consensusAdded,
            consensusConflicts: r.consensusConflicts.length,
          },
          '',
          sourceFileId,
        );
      }
      return r;
    });
  } catch (e) {
    if (e instanceof FileError) return { ...base, problems: [{ file: sourceName, message: e.text }] };
    throw e;
  }
}

function recordConflict(
  master: EvaluationFile,
  key: EntryKey,
  mine: EntryRecord,
  theirs: EntryRecord,
  theirHash: string,
  sourceFileId: string,
  sourceName: string,
): { conflict: Conflict; isNew: boolean } {
  const existing = master.rows('SELECT id, detected_at FROM merge_conflicts WHERE year = ? AND unit = ? AND indicator = ? AND who = ? AND other_sha256 = ?', [
    key.year,
    key.unit,
    key.indicator,
    key.who,
    theirHash,
  ])[0];
  const detectedAt = existing ? String(existing[1]) : master.env.now();
  const id = existing ? String(existing[0]) : master.env.newId();
  if (!existing) {
    master.db.run(
      `INSERT INTO merge_conflicts (id, year, unit, indicator, who, master_json, other_json, other_sha256, master_updated_at, other_updated_at, source_file_id, source_name, detected_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, key.year, key.unit, key.indicator, key.who, JSON.stringify(contentOf(mine)), JSON.stringify(contentOf(theirs)), theirHash, mine.updatedAt, theirs.updatedAt, sourceFileId, sourceName, detectedAt],
    );
    master.audit('merge.conflict', describeKey(key), contentOf(mine), contentOf(theirs), '', sourceFileId);
  }
  const conflict: Conflict = {
    id,
    key,
    master: contentOf(mine),
    other: contentOf(theirs),
    masterUpdatedAt: mine.updatedAt,
    otherUpdatedAt: theirs.updatedAt,
    sourceFileId,
    sourceName,
    detectedAt,
    resolution: null,
  };
  return { conflict, isNew: !existing };
}

function recordConsensusConflict(
  master: EvaluationFile,
  key: ConsensusKey,
  mine: ConsensusRecord,
  theirs: ConsensusRecord,
  sourceFileId: string,
  sourceName: string,
): { conflict: ConsensusConflict; isNew: boolean } {
  const existing = master.rows('SELECT id, detected_at FROM consensus_conflicts WHERE year = ? AND unit = ? AND indicator = ? AND other_points = ?', [
    key.year,
    key.unit,
    key.indicator,
    theirs.points,
  ])[0];
  const detectedAt = existing ? String(existing[1]) : master.env.now();
  const id = existing ? String(existing[0]) : master.env.newId();
  if (!existing) {
    master.run(
      `INSERT INTO consensus_conflicts (id, year, unit, indicator, master_points, master_reason, master_set_at, master_set_by,
         other_points, other_reason, other_set_at, other_set_by, source_file_id, source_name, detected_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, key.year, key.unit, key.indicator, mine.points, mine.reason, mine.setAt, mine.setBy, theirs.points, theirs.reason, theirs.setAt, theirs.setBy, sourceFileId, sourceName, detectedAt],
    );
    master.audit('consensus.conflict', describeConsensusKey(key), versionOf(mine), versionOf(theirs), '', sourceFileId);
  }
  const conflict: ConsensusConflict = { id, key, master: versionOf(mine), other: versionOf(theirs), sourceFileId, sourceName, detectedAt, resolution: null };
  return { conflict, isNew: !existing };
}

function versionOf(c: ConsensusRecord): ConsensusVersion {
  return { points: c.points, reason: c.reason, setAt: c.setAt, setBy: c.setBy };
}

/**
 * Whether a merge wrote anything: a merge that brings nothing new leaves the file as it was. Attachment
 * metadata counts: re-merging into a file whose open conflict was recorded before the other version's
 * documents were registered registers them, and that must be saved.
 */
export function changedAnything(r: MergeReport): boolean {
  return (
    r.added + r.updated + r.unitsAdded + r.evaluatorsAdded + r.yearsAdded.length + r.newConflicts + r.consensusAdded + r.newConsensusConflicts + r.attachmentsNeeded.length > 0
  );
}

export function consensusConflicts(file: EvaluationFile, filter: { open?: boolean } = {}): ConsensusConflict[] {
  const where = filter.open ? 'WHERE resolved_at IS NULL' : '';
  return file
    .rows(
      `SELECT id, year, unit, indicator, master_points, master_reason, master_set_at, master_set_by, other_points, other_reason, other_set_at, other_set_by,
              source_file_id, source_name, detected_at, resolved_at, resolved_by, resolution, reason
       FROM consensus_conflicts ${where} ORDER BY year, unit, indicator, detected_at`,
    )
    .map((r) => ({
      id: String(r[0]),
      key: { year: Number(r[1]), unit: String(r[2]), indicator: String(r[3]) },
      master: { points: String(r[4]), reason: String(r[5]), setAt: String(r[6]), setBy: String(r[7]) },
      other: { points: String(r[8]), reason: String(r[9]), setAt: String(r[10]), setBy: String(r[11]) },
      sourceFileId: String(r[12]),
      sourceName: String(r[13]),
      detectedAt: String(r[14]),
      resolution: r[15] === null ? null : { choice: String(r[17]) as 'master' | 'other', by: String(r[16]), at: String(r[15]), reason: String(r[18] ?? '') },
    }));
}

/**
 * Settles a consensus conflict by choosing a version, with a written reason: 'other' sets the other file's
 * points and reason as the consensus; either way both values are then known, so merging the same file again
 * raises nothing. The choice and the reason are audited.
 */
export function resolveConsensusConflict(file: EvaluationFile, id: string, choice: 'master' | 'other', reason: string): void {
  if (!reason.trim()) throw new FileError('reason-required', text('Cần ghi lý do khi giải quyết xung đột', 'A reason is required to settle a conflict'));
  const c = consensusConflicts(file).find((x) => x.id === id);
  if (!c) throw new FileError('conflict-unknown', text('Không tìm thấy xung đột này', 'No such conflict'));
  if (c.resolution) throw new FileError('conflict-resolved', text('Xung đột này đã được giải quyết', 'This conflict is already settled'));
  file.tx(() => {
    if (choice === 'other') {
      file.setConsensus({ ...c.key, points: c.other.points, reason: c.other.reason }, { auditReason: `giải quyết xung đột / conflict settled: ${reason}` });
    }
    file.recordConsensusRevision(c.key, c.master.points);
    file.recordConsensusRevision(c.key, c.other.points);
    file.run('UPDATE consensus_conflicts SET resolved_at = ?, resolved_by = ?, resolution = ?, reason = ? WHERE id = ?', [file.env.now(), file.env.actor, choice, reason, id]);
    file.audit('consensus.resolve', describeConsensusKey(c.key), c.master, choice === 'other' ? c.other : c.master, reason);
  });
}

export function conflicts(file: EvaluationFile, filter: { open?: boolean } = {}): Conflict[] {
  const where = filter.open ? 'WHERE resolved_at IS NULL' : '';
  return file
    .rows(
      `SELECT id, year, unit, indicator, who, master_json, other_json, master_updated_at, other_updated_at, source_file_id, source_name, detected_at, resolved_at, resolved_by, resolution, reason
       FROM merge_conflicts ${where} ORDER BY year, unit, indicator, who, detected_at`,
    )
    .map((r) => ({
      id: String(r[0]),
      key: { year: Number(r[1]), unit: String(r[2]), indicator: String(r[3]), who: String(r[4]) },
      master: JSON.parse(String(r[5])) as EntryContent,
      other: JSON.parse(String(r[6])) as EntryContent,
      masterUpdatedAt: String(r[7]),
      otherUpdatedAt: String(r[8]),
      sourceFileId: String(r[9]),
      sourceName: String(r[10]),
      detectedAt: String(r[11]),
      resolution: r[12] === null ? null : { choice: String(r[14]) as 'master' | 'other', by: String(r[13]), at: String(r[12]), reason: String(r[15] ?? '') },
    }));
}

/** Settles a conflict by choosing a version, with a written reason; both the choice and the reason are audited. */
export function resolveConflict(file: EvaluationFile, id: string, choice: 'master' | 'other', reason: string): void {
  if (!reason.trim()) throw new FileError('reason-required', text('Cần ghi lý do khi giải quyết xung đột', 'A reason is required to settle a conflict'));
  const c = conflicts(file).find((x) => x.id === id);
  if (!c) throw new FileError('conflict-unknown', text('Không tìm thấy xung đột này', 'No such conflict'));
  if (c.resolution) throw new FileError('conflict-resolved', text('Xung đột này đã được giải quyết', 'This conflict is already settled'));
  if (choice === 'other') {
    // Merges record the other version's documents with the conflict; a conflict recorded by an older version
    // of the app may cite documents this file never registered. Say which, and how to bring them.
    const known = new Set(file.attachments().map((a) => a.sha256));
    const missing = c.other.attachments.filter((sha) => !known.has(sha));
    if (missing.length > 0) {
      const list = missing.map((sha) => `${sha.slice(0, 12)}…`).join(', ');
      const { year, unit, indicator, who } = c.key;
      throw new FileError(
        'attachment-unknown',
        text(
          `Xung đột năm ${year}, đơn vị ${unit}, chỉ tiêu ${indicator}, ${who === SELF ? 'tự đánh giá' : who}: bản của ${c.sourceName} dẫn tài liệu đính kèm chưa có trong tệp (${list}). Hãy gộp lại tệp ${c.sourceName} để đưa tài liệu vào, rồi chọn lại`,
          `Conflict in ${year}, unit ${unit}, indicator ${indicator}, ${who === SELF ? 'self-assessment' : who}: the version from ${c.sourceName} cites attachments this file does not have (${list}). Merge ${c.sourceName} again to bring them in, then choose again`,
        ),
      );
    }
  }
  file.tx(() => {
    if (choice === 'other') {
      const current = file.entry(c.key);
      file.putEntry(c.key, { ...c.other, attachments: c.other.attachments }, { reason: `giải quyết xung đột / conflict settled: ${reason}` });
      if (current) file.recordRevision(c.key, contentHash(current));
    }
    // Either way both versions are now known: merging the same file again raises no conflict.
    file.recordRevision(c.key, contentHash(c.other));
    file.recordRevision(c.key, contentHash(c.master));
    file.db.run('UPDATE merge_conflicts SET resolved_at = ?, resolved_by = ?, resolution = ?, reason = ? WHERE id = ?', [file.env.now(), file.env.actor, choice, reason, id]);
    file.audit('merge.resolve', describeKey(c.key), c.master, choice === 'other' ? c.other : c.master, reason);
  });
}

