-- alerts.sql: one row per alert fingerprint.
--
-- Every query returning alert rows selects these columns in this order, which
-- rows.cpp reads by position (Open() checks the names):
--   fingerprint, labels, annotations, firing, starts_at, ends_at,
--   last_received_at, expires_at, incident_id, source, integration,
--   generator_url, external_key

-- name: find_alert
-- One alert by fingerprint (the uint64 bit pattern as an int64). Rowid lookup.
SELECT fingerprint, labels, annotations, firing, starts_at, ends_at,
       last_received_at, expires_at, incident_id, source, integration,
       generator_url, external_key
FROM alerts
WHERE fingerprint = :fingerprint;

-- name: put_alert
-- Insert, or overwrite every column of the existing row. An upsert rather than
-- INSERT OR REPLACE: replace deletes and re-inserts the row, which costs more
-- and would run delete-time foreign key actions.
INSERT INTO alerts (fingerprint, labels, annotations, firing, starts_at, ends_at,
                    last_received_at, expires_at, incident_id, source,
                    integration, generator_url, external_key)
VALUES (:fingerprint, :labels, :annotations, :firing, :starts_at, :ends_at,
        :last_received_at, :expires_at, :incident_id, :source,
        :integration, :generator_url, :external_key)
ON CONFLICT (fingerprint) DO UPDATE SET
  labels           = excluded.labels,
  annotations      = excluded.annotations,
  firing           = excluded.firing,
  starts_at        = excluded.starts_at,
  ends_at          = excluded.ends_at,
  last_received_at = excluded.last_received_at,
  expires_at       = excluded.expires_at,
  incident_id      = excluded.incident_id,
  source           = excluded.source,
  integration      = excluded.integration,
  generator_url    = excluded.generator_url,
  external_key     = excluded.external_key;

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
-- Every stored alert. Scans alerts_by_incident, the smallest index holding
-- every row: linear, so for stats and benchmarks rather than hot paths.
SELECT count(*) FROM alerts;
