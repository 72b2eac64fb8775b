-- 0011_status_page.sql: the public status page (src/statuspage).
--
-- status_incidents: what a lead published about an internal incident
-- (incident_id): its public name, state, impact and the affected
-- components with their statuses (JSON: [{"component":"api",
-- "status":"partial_outage"}]). One internal incident has at most one
-- unresolved public incident at a time.
-- status_updates: the public updates of a status incident, in order.
-- status_maintenances: scheduled maintenance windows; their status follows
-- from the time (scheduled, in progress, completed), a cancelled one is kept
-- for the audit but no longer shown.
-- created_by / actor / cancelled_by name who did it: kept, never published.
-- Conventions as in 0001 (unix milliseconds, STRICT, NULL for "not set").
CREATE TABLE status_incidents (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id   INTEGER NOT NULL REFERENCES incidents (id),
  name          TEXT    NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring',
                                                   'resolved')),
  impact        TEXT    NOT NULL CHECK (impact IN ('none', 'minor', 'major', 'critical')),
  components    TEXT    NOT NULL,  -- JSON array of {component, status}
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  identified_at INTEGER,
  monitoring_at INTEGER,
  resolved_at   INTEGER,
  created_by    TEXT    NOT NULL
) STRICT;
CREATE INDEX status_incidents_by_incident ON status_incidents (incident_id, id);
CREATE INDEX status_incidents_by_resolution ON status_incidents (resolved_at);

CREATE TABLE status_updates (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  status_incident_id INTEGER NOT NULL REFERENCES status_incidents (id),
  status             TEXT    NOT NULL,
  body               TEXT    NOT NULL,
  components         TEXT    NOT NULL,  -- JSON array of {component, status}; [] for unchanged
  created_at         INTEGER NOT NULL,
  actor              TEXT    NOT NULL
) STRICT;
CREATE INDEX status_updates_by_incident ON status_updates (status_incident_id, id);

CREATE TABLE status_maintenances (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  name            TEXT    NOT NULL,
  body            TEXT    NOT NULL,
  components      TEXT    NOT NULL,  -- JSON array of component ids
  scheduled_for   INTEGER NOT NULL,
  scheduled_until INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  created_by      TEXT    NOT NULL,
  cancelled_at    INTEGER,
  cancelled_by    TEXT    NOT NULL
) STRICT;
CREATE INDEX status_maintenances_by_end ON status_maintenances (scheduled_until);
