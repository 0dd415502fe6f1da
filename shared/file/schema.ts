/**
 * The evaluation file's database schema, as numbered migrations. A file records its schema version in
 * `PRAGMA user_version` and identifies itself with `PRAGMA application_id`; opening an older file runs the
 * missing migrations in order (the host backs the file up first), a newer file is refused.
 *
 * Never edit a migration that has shipped: add the next one. Each is tested from every earlier version.
 */

/** "NQ57" in ASCII: marks an SQLite file as one of ours (SQLite header bytes 68–71). */
export const APPLICATION_ID = 0x4e513537;

/** The app version that introduced each schema version, to tell the user which version a newer file needs. */
export const SCHEMA_INTRODUCED_IN: Readonly<Record<number, string>> = { 1: '0.1.0', 2: '0.1.0' };

export const MIGRATIONS: readonly string[] = [
  // 1: the core records.
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

  -- Every criteria set the file has used, by content hash; the canonical JSON is kept whole so that the
  -- file can always be rescored exactly as it was, whatever happens to criteria/ on disk.
  CREATE TABLE criteria_sets (
    sha256 TEXT PRIMARY KEY,
    criteria_id TEXT NOT NULL,
    version TEXT NOT NULL,
    year INTEGER NOT NULL,
    content TEXT NOT NULL,
    added_at TEXT NOT NULL
  );

  -- The set in use for each year; frozen once the year has an entry.
  CREATE TABLE years (
    year INTEGER PRIMARY KEY,
    criteria_sha256 TEXT NOT NULL REFERENCES criteria_sets(sha256)
  );

  CREATE TABLE units (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    unit_group TEXT NOT NULL,
    active_from INTEGER,
    active_to INTEGER,
    predecessors TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );

  CREATE TABLE evaluators (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('member', 'chair', 'secretary')),
    created_at TEXT NOT NULL
  );

  -- One person's record of one indicator for one unit and year. who = '' is the unit's self-assessment.
  CREATE TABLE entries (
    id TEXT PRIMARY KEY,
    year INTEGER NOT NULL,
    unit TEXT NOT NULL REFERENCES units(code),
    indicator TEXT NOT NULL,
    who TEXT NOT NULL,
    value_json TEXT NOT NULL,
    evidence TEXT NOT NULL DEFAULT '',
    explanation TEXT NOT NULL DEFAULT '',
    accepted INTEGER NOT NULL DEFAULT 0 CHECK (accepted IN (0, 1)),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (year, unit, indicator, who)
  );

  -- Append-only: the triggers refuse any change to what has been written.
  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    reason TEXT NOT NULL DEFAULT '',
    source_file_id TEXT
  );
  CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `,
  // 2: attachments, merging evaluators' files, and views for people who query the file with any SQLite tool.
  `
  CREATE TABLE attachments (
    sha256 TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL
  );
  CREATE TABLE entry_attachments (
    entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL REFERENCES attachments(sha256),
    PRIMARY KEY (entry_id, sha256)
  ) WITHOUT ROWID;

  -- Every content an entry has had, by hash: merging uses it to tell an older copy of an entry (nothing to
  -- do), a newer one (take it) and a diverging one (a conflict).
  CREATE TABLE entry_revisions (
    year INTEGER NOT NULL,
    unit TEXT NOT NULL,
    indicator TEXT NOT NULL,
    who TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    PRIMARY KEY (year, unit, indicator, who, content_sha256)
  ) WITHOUT ROWID;

  -- The same entry changed differently in two files: the master's value stays, the other is kept here.
  CREATE TABLE merge_conflicts (
    id TEXT PRIMARY KEY,
    year INTEGER NOT NULL,
    unit TEXT NOT NULL,
    indicator TEXT NOT NULL,
    who TEXT NOT NULL,
    master_json TEXT NOT NULL,
    other_json TEXT NOT NULL,
    other_sha256 TEXT NOT NULL,
    master_updated_at TEXT NOT NULL,
    other_updated_at TEXT NOT NULL,
    source_file_id TEXT NOT NULL,
    source_name TEXT NOT NULL,
    detected_at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT,
    resolution TEXT CHECK (resolution IN ('master', 'other')),
    reason TEXT,
    UNIQUE (year, unit, indicator, who, other_sha256)
  );

  CREATE VIEW v_entries AS
    SELECT e.year AS year, e.unit AS unit, u.name AS unit_name, u.unit_group AS unit_group,
           e.indicator AS indicator,
           CASE e.who WHEN '' THEN 'tự đánh giá' ELSE COALESCE(v.name, e.who) END AS who,
           e.value_json AS input_values, e.evidence AS evidence, e.explanation AS explanation,
           e.accepted AS accepted, e.note AS note, e.updated_at AS updated_at, e.updated_by AS updated_by, e.id AS id
    FROM entries e JOIN units u ON u.code = e.unit LEFT JOIN evaluators v ON v.id = e.who;

  CREATE VIEW v_entry_values AS
    SELECT e.year AS year, e.unit AS unit, e.indicator AS indicator,
           CASE e.who WHEN '' THEN 'tự đánh giá' ELSE e.who END AS who,
           j.key AS input, j.value AS value
    FROM entries e, json_each(e.value_json) j;

  CREATE VIEW v_units AS
    SELECT code, name, unit_group, active_from, active_to, predecessors FROM units;

  CREATE VIEW v_audit AS
    SELECT seq, at, actor, action, target, before_json, after_json, reason, source_file_id FROM audit_log;

  CREATE VIEW v_open_conflicts AS
    SELECT year, unit, indicator, CASE who WHEN '' THEN 'tự đánh giá' ELSE who END AS who,
           master_json, other_json, master_updated_at, other_updated_at, source_name, detected_at
    FROM merge_conflicts WHERE resolved_at IS NULL;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
