-- 0001_initial.sql: the first schema of the embedded store.
--
-- Released migrations are never edited: change the schema with a new numbered
-- file. Each migration runs inside the single transaction that Open() uses to
-- bring the schema up to date, so it must not use statements SQLite refuses
-- inside a transaction (VACUUM, PRAGMA journal_mode, ...).
--
-- Conventions used by every table:
--   * times are INTEGER unix milliseconds (UTC); NULL means "not set";
--   * label sets are TEXT holding a JSON object whose names are in sorted
--     order (see label_json.h), so equal sets are equal strings;
--   * a domain reference of 0 ("no incident") is stored as NULL, so foreign
--     keys can be enforced on every other value;
--   * tables are STRICT: a value of the wrong type is an error, not a cast.

-- One row per incident. AUTOINCREMENT guarantees that an id is never handed
-- out twice, even after the newest incident is deleted.
CREATE TABLE incidents (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  title            TEXT    NOT NULL,
  runbook_id       TEXT    NOT NULL,  -- '' when no runbook matched
  severity         TEXT    NOT NULL,  -- severity id, e.g. 'SEV1'
  status           TEXT    NOT NULL
                   CHECK (status IN ('investigating', 'identified', 'fixing',
                                     'monitoring', 'resolved')),
  group_key        TEXT    NOT NULL,
  group_labels     TEXT    NOT NULL,  -- JSON object
  opened_at        INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  monitoring_since INTEGER,
  resolved_at      INTEGER,
  ack_by           TEXT,              -- the three ack_* columns are all NULL
  ack_via          TEXT,              -- (not acknowledged) or all set
  ack_at           INTEGER,
  lead             TEXT    NOT NULL,
  firing_alerts    INTEGER NOT NULL,
  total_alerts     INTEGER NOT NULL,
  reopen_count     INTEGER NOT NULL,
  summary          TEXT    NOT NULL,
  next_step        TEXT    NOT NULL,
  eta              TEXT    NOT NULL,
  root_cause       TEXT    NOT NULL,
  version          INTEGER NOT NULL,  -- optimistic concurrency guard, starts at 1
  CHECK ((ack_at IS NULL) = (ack_by IS NULL) AND (ack_at IS NULL) = (ack_via IS NULL))
) STRICT;

-- LatestIncidentInGroup: highest id for a group key.
CREATE INDEX incidents_by_group ON incidents (group_key, id);
-- CountOpenBySeverity walks only the open incidents.
CREATE INDEX incidents_open_by_severity ON incidents (severity) WHERE status <> 'resolved';

-- One row per alert fingerprint, in arrival order. Fingerprints are hashes:
-- as the rowid they would put every new alert on a random page of the table
-- (a commit of 1000 new alerts dirtied ~2000 pages). With a sequential id new
-- rows are appended to the last pages, and the adapter finds an alert's row
-- through its in-memory fingerprint -> id directory (alert_directory.h),
-- loaded at Open() from alerts_fingerprint_by_id. There is deliberately no
-- index on fingerprint alone: it would put a random page write back on every
-- insert. Fingerprints are unique because the adapter, the only writer of
-- this table, inserts only fingerprints its directory does not know. See
-- docs/adr/0002-alerts-in-arrival-order.md.
CREATE TABLE alerts (
  id               INTEGER PRIMARY KEY,  -- arrival order; never changes
  fingerprint      INTEGER NOT NULL,     -- uint64 bits as int64; never changes
  labels           TEXT    NOT NULL,     -- JSON object
  annotations      TEXT    NOT NULL,     -- JSON object
  firing           INTEGER NOT NULL CHECK (firing IN (0, 1)),
  starts_at        INTEGER NOT NULL,
  ends_at          INTEGER,
  last_received_at INTEGER NOT NULL,
  expires_at       INTEGER,              -- meaningful while firing
  incident_id      INTEGER REFERENCES incidents (id),
  source           TEXT    NOT NULL,
  integration      TEXT    NOT NULL,
  generator_url    TEXT    NOT NULL,
  external_key     TEXT    NOT NULL
) STRICT;

-- The fingerprint directory, read once at Open() (and for rows another
-- connection added, at Begin()). Keys grow with id, so inserts append to its
-- last page; fingerprint and id never change, so updates never touch it.
-- About 25 bytes per alert: loading 1M alerts reads ~25 MiB, not the table.
CREATE INDEX alerts_fingerprint_by_id ON alerts (id, fingerprint);
-- ExpiredAlerts and NextDue: only firing alerts with an expiry are indexed,
-- so the index stays as small as the set of alerts that can expire. The
-- fingerprint orders ties as expired_alerts does.
CREATE INDEX alerts_firing_by_expiry ON alerts (expires_at, fingerprint)
  WHERE firing = 1 AND expires_at IS NOT NULL;
-- An incident's alerts in detail-view order (read backwards: firing first,
-- then the most recently started, ties by fingerprint), so a capped list stops
-- early without a sort. Also the foreign key's child index.
CREATE INDEX alerts_by_incident ON alerts (incident_id, firing, starts_at, fingerprint);

-- The append-only history of each incident. seq increases across the store.
CREATE TABLE timeline (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  at          INTEGER NOT NULL,
  kind        TEXT    NOT NULL,
  actor       TEXT    NOT NULL,
  via         TEXT    NOT NULL,
  text        TEXT    NOT NULL,
  data        TEXT    NOT NULL  -- JSON object, '{}' when none
) STRICT;

CREATE INDEX timeline_by_incident ON timeline (incident_id, at, seq);

-- Durable timers: at most one per key; putting a key again replaces it.
CREATE TABLE timers (
  key         TEXT    PRIMARY KEY,
  kind        TEXT    NOT NULL,
  incident_id INTEGER REFERENCES incidents (id),
  due_at      INTEGER NOT NULL,
  payload     TEXT    NOT NULL  -- JSON, kind-specific
) STRICT, WITHOUT ROWID;

CREATE INDEX timers_by_due ON timers (due_at);
