-- alerts.sql: one row per alert fingerprint, in arrival order (id).
--
-- Every query returning alert rows selects these columns in this order, which
-- rows.cpp reads by position (Open() checks the names):
--   fingerprint, labels, annotations, firing, starts_at, ends_at,
--   last_received_at, expires_at, incident_id, source, integration,
--   generator_url, external_key

-- name: find_alert
-- One alert by its row id (the adapter's fingerprint directory gives it; see
-- alert_directory.h). A rowid seek; recent alerts sit on the last pages.
SELECT fingerprint, labels, annotations, firing, starts_at, ends_at,
       last_received_at, expires_at, incident_id, source, integration,
       generator_url, external_key
FROM alerts
WHERE id = :id;

-- name: insert_alert
-- A fingerprint the directory does not know. The id is the next rowid, so the
-- row is appended; the caller reads it with sqlite3_last_insert_rowid().
INSERT INTO alerts (fingerprint, labels, annotations, firing, starts_at, ends_at,
                    last_received_at, expires_at, incident_id, source,
                    integration, generator_url, external_key)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13);

-- name: update_alert
-- Overwrites every column but the two that never change (id, fingerprint).
-- Parameters by position, numbered as in insert_alert.
UPDATE alerts SET
  labels           = ?2,
  annotations      = ?3,
  firing           = ?4,
  starts_at        = ?5,
  ends_at          = ?6,
  last_received_at = ?7,
  expires_at       = ?8,
  incident_id      = ?9,
  source           = ?10,
  integration      = ?11,
  generator_url    = ?12,
  external_key     = ?13
WHERE id = ?14;

-- name: refresh_alert
-- An update in which only the times outside alerts_by_incident changed (a
-- re-sent alert pushing its expiry out): leaves alerts_by_incident alone.
-- Parameters numbered as in insert_alert.
UPDATE alerts SET
  ends_at          = ?6,
  last_received_at = ?7,
  expires_at       = ?8
WHERE id = ?14;

-- name: alert_ids_after
-- Fingerprint directory entries for rows above :after_id, in id order: all of
-- them at Open() (:after_id = 0), then only rows another connection added.
-- Forced onto the narrow alerts_fingerprint_by_id: the table is ~15x wider.
SELECT id, fingerprint
FROM alerts INDEXED BY alerts_fingerprint_by_id
WHERE id > :after_id
ORDER BY id;

-- name: max_alert_id
-- The highest row id (0 when empty): one step to the last page. Sizes the
-- directory before it is loaded.
SELECT coalesce(max(id), 0) FROM alerts;

-- name: expired_alerts
-- Firing alerts due to resolve by expiry, oldest expiry first. The WHERE
-- clause repeats the partial index's condition so the planner can use it.
SELECT fingerprint, labels, annotations, firing, starts_at, ends_at,
       last_received_at, expires_at, incident_id, source, integration,
       generator_url, external_key
FROM alerts
WHERE firing = 1 AND expires_at IS NOT NULL AND expires_at <= :now
ORDER BY expires_at, fingerprint
LIMIT :limit;

-- name: next_alert_expiry
-- The earliest expiry of any firing alert: one step into the partial index.
SELECT expires_at
FROM alerts
WHERE firing = 1 AND expires_at IS NOT NULL
ORDER BY expires_at
LIMIT 1;

-- name: incident_alerts
-- An incident's alerts for its detail view: firing first, then the most
-- recently started, capped by the caller. Every key descends, so this walks
-- alerts_by_incident backwards and stops after :limit rows (no sort).
SELECT fingerprint, labels, annotations, firing, starts_at, ends_at,
       last_received_at, expires_at, incident_id, source, integration,
       generator_url, external_key
FROM alerts
WHERE incident_id = :incident_id
ORDER BY firing DESC, starts_at DESC, fingerprint DESC
LIMIT :limit;

-- name: count_alerts
-- Every stored alert. Scans the smallest index holding every row: linear, so
-- for stats and benchmarks rather than hot paths.
SELECT count(*) FROM alerts;
