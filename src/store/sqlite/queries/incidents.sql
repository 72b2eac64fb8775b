-- incidents.sql: the incident rows.
--
-- Every query returning incident rows selects these columns in this order,
-- which rows.cpp reads by position (Open() checks the names):
--   id, title, runbook_id, severity, status, group_key, group_labels,
--   opened_at, updated_at, monitoring_since, resolved_at, ack_by, ack_via,
--   ack_at, lead, firing_alerts, total_alerts, reopen_count, summary,
--   next_step, eta, root_cause, version, escalation

-- name: get_incident
SELECT id, title, runbook_id, severity, status, group_key, group_labels,
       opened_at, updated_at, monitoring_since, resolved_at, ack_by, ack_via,
       ack_at, lead, firing_alerts, total_alerts, reopen_count, summary,
       next_step, eta, root_cause, version, escalation
FROM incidents
WHERE id = :id;

-- name: latest_incident_in_group
-- The most recently opened incident of a group, open or not: one step into
-- incidents_by_group.
SELECT id, title, runbook_id, severity, status, group_key, group_labels,
       opened_at, updated_at, monitoring_since, resolved_at, ack_by, ack_via,
       ack_at, lead, firing_alerts, total_alerts, reopen_count, summary,
       next_step, eta, root_cause, version, escalation
FROM incidents
WHERE group_key = :group_key
ORDER BY id DESC
LIMIT 1;

-- name: insert_incident
-- The store assigns the id and starts the version at 1.
INSERT INTO incidents (title, runbook_id, severity, status, group_key,
                       group_labels, opened_at, updated_at, monitoring_since,
                       resolved_at, ack_by, ack_via, ack_at, lead,
                       firing_alerts, total_alerts, reopen_count, summary,
                       next_step, eta, root_cause, version, escalation)
VALUES (:title, :runbook_id, :severity, :status, :group_key,
        :group_labels, :opened_at, :updated_at, :monitoring_since,
        :resolved_at, :ack_by, :ack_via, :ack_at, :lead,
        :firing_alerts, :total_alerts, :reopen_count, :summary,
        :next_step, :eta, :root_cause, 1, :escalation)
RETURNING id;

-- name: update_incident
-- Optimistic concurrency: writes only when the stored version is the one the
-- caller read, and bumps it. No row returned means someone else wrote first
-- (or the incident does not exist).
UPDATE incidents SET
  title            = :title,
  runbook_id       = :runbook_id,
  severity         = :severity,
  status           = :status,
  group_key        = :group_key,
  group_labels     = :group_labels,
  opened_at        = :opened_at,
  updated_at       = :updated_at,
  monitoring_since = :monitoring_since,
  resolved_at      = :resolved_at,
  ack_by           = :ack_by,
  ack_via          = :ack_via,
  ack_at           = :ack_at,
  lead             = :lead,
  firing_alerts    = :firing_alerts,
  total_alerts     = :total_alerts,
  reopen_count     = :reopen_count,
  summary          = :summary,
  next_step        = :next_step,
  eta              = :eta,
  root_cause       = :root_cause,
  escalation       = :escalation,
  version          = version + 1
WHERE id = :id AND version = :version
RETURNING version;

-- name: update_incident_counts
-- update_incident for a change that touched only the alert counters (the
-- engine's flood path): the same guard and bump, three columns.
UPDATE incidents SET
  firing_alerts = :firing_alerts,
  total_alerts  = :total_alerts,
  updated_at    = :updated_at,
  version       = version + 1
WHERE id = :id AND version = :version
RETURNING version;

-- name: list_incidents
-- Newest first, with keyset pagination: only ids below :before_id (the caller
-- binds the largest integer for "from the top"), so each page starts with a
-- rowid seek and stops after :limit matches, however deep it is. Each filter
-- is disabled by its "any" value; :statuses is a JSON array of status names
-- ('[]' = any).
SELECT id, title, runbook_id, severity, status, group_key, group_labels,
       opened_at, updated_at, monitoring_since, resolved_at, ack_by, ack_via,
       ack_at, lead, firing_alerts, total_alerts, reopen_count, summary,
       next_step, eta, root_cause, version, escalation
FROM incidents
WHERE id < :before_id
  AND (:open_only = 0 OR status <> 'resolved')
  AND (:severity = '' OR severity = :severity)
  AND (:runbook_id = '' OR runbook_id = :runbook_id)
  AND (:statuses = '[]' OR status IN (SELECT value FROM json_each(:statuses)))
ORDER BY id DESC
LIMIT :limit;

-- name: count_open_by_severity
-- Covered by the partial index incidents_open_by_severity.
SELECT severity, count(*)
FROM incidents
WHERE status <> 'resolved'
GROUP BY severity
ORDER BY severity;

-- name: count_incidents
-- Every incident, any status (store-stats).
SELECT count(*) FROM incidents;
