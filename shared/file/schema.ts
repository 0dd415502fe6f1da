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
export const SCHEMA_INTRODUCED_IN: Readonly<Record<number, string>> = { 1: '0.1.0', 2: '0.1.0', 3: '0.1.0', 4: '0.1.0' };

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
  // 3: consensus values (giá trị thống nhất): the panel's settled points for an indicator of a unit and year.
  `
  -- Where set, the consensus replaces the evaluators' aggregate in panel scoring (never the self-assessment's
  -- own figures). points is an exact decimal as written ("7", "7.5", "6.25"), never a binary float.
  CREATE TABLE consensus (
    year INTEGER NOT NULL,
    unit TEXT NOT NULL REFERENCES units(code),
    indicator TEXT NOT NULL,
    points TEXT NOT NULL CHECK (points <> '' AND points NOT GLOB '*[^0-9.]*' AND points NOT GLOB '*.*.*'),
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    set_at TEXT NOT NULL,
    set_by TEXT NOT NULL,
    PRIMARY KEY (year, unit, indicator)
  ) WITHOUT ROWID;

  -- Every value a consensus has had in this file (and in files merged into it): merging an older copy of a
  -- file brings back neither a value the master has replaced nor one it has cleared.
  CREATE TABLE consensus_revisions (
    year INTEGER NOT NULL,
    unit TEXT NOT NULL,
    indicator TEXT NOT NULL,
    points TEXT NOT NULL,
    PRIMARY KEY (year, unit, indicator, points)
  ) WITHOUT ROWID;

  -- A consensus another file holds with other points than the master's: the master's stays until someone
  -- chooses, with a reason.
  CREATE TABLE consensus_conflicts (
    id TEXT PRIMARY KEY,
    year INTEGER NOT NULL,
    unit TEXT NOT NULL,
    indicator TEXT NOT NULL,
    master_points TEXT NOT NULL,
    master_reason TEXT NOT NULL,
    master_set_at TEXT NOT NULL,
    master_set_by TEXT NOT NULL,
    other_points TEXT NOT NULL,
    other_reason TEXT NOT NULL,
    other_set_at TEXT NOT NULL,
    other_set_by TEXT NOT NULL,
    source_file_id TEXT NOT NULL,
    source_name TEXT NOT NULL,
    detected_at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT,
    resolution TEXT CHECK (resolution IN ('master', 'other')),
    reason TEXT,
    UNIQUE (year, unit, indicator, other_points)
  );

  CREATE VIEW v_consensus AS
    SELECT c.year AS year, c.unit AS unit, u.name AS unit_name, u.unit_group AS unit_group, c.indicator AS indicator,
           c.points AS points, c.reason AS reason, c.set_at AS set_at, c.set_by AS set_by
    FROM consensus c JOIN units u ON u.code = c.unit;

  CREATE VIEW v_open_consensus_conflicts AS
    SELECT year, unit, indicator, master_points, master_reason, other_points, other_reason, source_name, detected_at
    FROM consensus_conflicts WHERE resolved_at IS NULL;
  `,
  // 4: finalising a year (its results frozen and fingerprinted) and overriding reward proposals with a reason.
  `
  -- The years whose results are final: a row here freezes everything the year's results depend on. The
  -- fingerprint is the SHA-256 of the canonical results (criteria hash included) when the year was finalised.
  CREATE TABLE finalised_years (
    year INTEGER PRIMARY KEY,
    finalised_at TEXT NOT NULL,
    finalised_by TEXT NOT NULL CHECK (length(trim(finalised_by)) > 0),
    fingerprint TEXT NOT NULL,
    criteria_sha256 TEXT NOT NULL,
    panel TEXT NOT NULL
  );

  -- Every finalisation and reopening, in order (append-only); a reopening needs a written reason.
  CREATE TABLE finalisation_history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    year INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('finalise', 'reopen')),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    CHECK (action = 'finalise' OR length(trim(reason)) > 0)
  );
  CREATE TRIGGER finalisation_history_append_only_update BEFORE UPDATE ON finalisation_history
    BEGIN SELECT RAISE(ABORT, 'finalisation_history is append-only'); END;
  CREATE TRIGGER finalisation_history_append_only_delete BEFORE DELETE ON finalisation_history
    BEGIN SELECT RAISE(ABORT, 'finalisation_history is append-only'); END;

  -- A person's override of a unit's reward proposal, with the written reason. proposal NULL = no proposal.
  CREATE TABLE proposal_overrides (
    year INTEGER NOT NULL,
    unit TEXT NOT NULL REFERENCES units(code),
    proposal TEXT,
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    set_at TEXT NOT NULL,
    set_by TEXT NOT NULL,
    PRIMARY KEY (year, unit)
  ) WITHOUT ROWID;

  -- The app refuses these writes with a sentence; the triggers hold the line for any other SQLite tool.
  CREATE TRIGGER entries_final_insert BEFORE INSERT ON entries WHEN NEW.year IN (SELECT year FROM finalised_years)
    BEGIN SELECT RAISE(ABORT, 'year finalised'); END;
  CREATE TRIGGER entries_final_update BEFORE UPDATE ON entries WHEN OLD.year IN (SELECT year FROM finalised_years) OR NEW.year IN (SELECT year FROM finalised_years)
    BEGIN SELECT RAISE(ABORT, 'year finalised'); END;
  CREATE TRIGGER entries_final_delete BEFORE DELETE ON entries WHEN OLD.year IN (SELECT year FROM finalised_years)
    BEGIN SELECT RAISE(ABORT, 'year finalised'); END;
  CREATE TRIGGER entry_attachments_final_insert BEFORE INSERT ON entry_attachments
    WHEN (SELECT year FROM entries WHERE id = NEW.entry_id) IN (SELECT year FROM finalised_years)
    BEGIN SELECT RAISE(ABORT, 'year finalised'); END;
  CREATE TRIGGER entry_attachments_final_delete BEFORE DELETE ON entry_attachments
    WHEN (SELECT year FROM entries WHERE id = OLD.entry_id) IN (SELECT year FROM finalised_years)
    BEGIN SELECT RAISE(ABORT, 'year finalised'); END;
  CREATE TRIGGER consensus_final_insert BEFORE INSERT ON consensus WHEN NEW.year IN (SELECT year FROM finalised_years)
    BEGIN SELECT RAISE(ABORT, 'year finalised'); END;
  CREATE TRIGGER consensus_final_update BEFORE UPDATE ON consensus WHEN OLD.year IN (SELECT year FROM finalised_years) OR NEW.year IN (SELECT year FROM finalised_years)
    BEGIN SELECT RAISE(ABORT, 'year finalised'); END;
  CREATE TRIGGER consensus_final_delete BEFORE DELETE ON consensus WHEN OLD.year IN (SELECT year FROM finalised_years)
    BEGIN SELECT RAISE(ABORT, 'year finalised'); END;
  CREATE TRIGGER proposal_overrides_final_insert BEFORE INSERT ON proposal_overrides WHEN NEW.year IN (SELECT year FROM finalised_years)
    BEGIN SELECT RAISE(ABORT, 'year finalised'); END;
  CREATE TRIGGER proposal_overrides_final_update BEFORE UPDATE ON proposal_overrides WHEN OLD.year IN (SELECT year FROM finalised_years) OR NEW.year IN (SELECT year FROM finalised_years)
    BEGIN SELECT RAISE(ABORT, 'year finalised'); END;
  CREATE TRIGGER proposal_overrides_final_delete BEFORE DELETE ON proposal_overrides WHEN OLD.year IN (SELECT year FROM finalised_years)
    BEGIN SELECT RAISE(ABORT, 'year finalised'); END;
  CREATE TRIGGER years_final_update BEFORE UPDATE ON years WHEN OLD.year IN (SELECT year FROM finalised_years)
    BEGIN SELECT RAISE(ABORT, 'year finalised'); END;

  CREATE VIEW v_years AS
    SELECT y.year AS year, c.version AS criteria_version, y.criteria_sha256 AS criteria_sha256,
           CASE WHEN f.year IS NULL THEN 'dự thảo' ELSE 'đã chốt' END AS status,
           f.finalised_at AS finalised_at, f.finalised_by AS finalised_by, f.fingerprint AS fingerprint
    FROM years y JOIN criteria_sets c ON c.sha256 = y.criteria_sha256 LEFT JOIN finalised_years f ON f.year = y.year;

  CREATE VIEW v_finalisation_history AS
    SELECT seq, year, action, at, actor, fingerprint, reason FROM finalisation_history;

  CREATE VIEW v_proposal_overrides AS
    SELECT o.year AS year, o.unit AS unit, u.name AS unit_name, u.unit_group AS unit_group,
           COALESCE(o.proposal, 'không đề xuất') AS proposal, o.reason AS reason, o.set_at AS set_at, o.set_by AS set_by
    FROM proposal_overrides o JOIN units u ON u.code = o.unit;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
