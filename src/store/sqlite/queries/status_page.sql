-- status_page.sql: the public status page (migrations/0011_status_page.sql).
--
-- Every query returning status incidents selects these columns in this order:
--   id, incident_id, name, status, impact, components, created_at, updated_at,
--   identified_at, monitoring_at, resolved_at, created_by
-- every query returning updates:
--   id, status_incident_id, status, body, components, created_at, actor
-- and every query returning maintenance windows:
--   id, name, body, components, scheduled_for, scheduled_until, created_at, created_by,
--   cancelled_at, cancelled_by

-- name: insert_status_incident
INSERT INTO status_incidents (incident_id, name, status, impact, components, created_at,
                              updated_at, identified_at, monitoring_at, resolved_at, created_by)
VALUES (:incident_id, :name, :status, :impact, :components, :created_at, :updated_at,
        :identified_at, :monitoring_at, :resolved_at, :created_by)
RETURNING id;

-- name: update_status_incident
-- Everything but the incident it is about, when and by whom it was published.
UPDATE status_incidents
SET name = :name, status = :status, impact = :impact, components = :components,
    updated_at = :updated_at, identified_at = :identified_at, monitoring_at = :monitoring_at,
    resolved_at = :resolved_at
WHERE id = :id
RETURNING id;

-- name: get_status_incident
SELECT id, incident_id, name, status, impact, components, created_at, updated_at,
       identified_at, monitoring_at, resolved_at, created_by
FROM status_incidents WHERE id = :id;

-- name: latest_status_incident_of
-- The newest status incident published about an internal incident.
SELECT id, incident_id, name, status, impact, components, created_at, updated_at,
       identified_at, monitoring_at, resolved_at, created_by
FROM status_incidents WHERE incident_id = :incident_id
ORDER BY id DESC LIMIT 1;

-- name: recent_status_incidents
-- Unresolved, or resolved at or after :since (the page's history window), newest first.
SELECT id, incident_id, name, status, impact, components, created_at, updated_at,
       identified_at, monitoring_at, resolved_at, created_by
FROM status_incidents WHERE resolved_at IS NULL OR resolved_at >= :since
ORDER BY id DESC;

-- name: insert_status_update
INSERT INTO status_updates (status_incident_id, status, body, components, created_at, actor)
VALUES (:status_incident_id, :status, :body, :components, :created_at, :actor)
RETURNING id;

-- name: status_updates_of
-- A status incident's updates, newest first.
SELECT id, status_incident_id, status, body, components, created_at, actor
FROM status_updates WHERE status_incident_id = :status_incident_id
ORDER BY id DESC;

-- name: insert_status_maintenance
INSERT INTO status_maintenances (name, body, components, scheduled_for, scheduled_until,
                                 created_at, created_by, cancelled_at, cancelled_by)
VALUES (:name, :body, :components, :scheduled_for, :scheduled_until, :created_at, :created_by,
        :cancelled_at, :cancelled_by)
RETURNING id;

-- name: cancel_status_maintenance
-- Cancels a window not cancelled yet; no row otherwise.
UPDATE status_maintenances SET cancelled_at = :at, cancelled_by = :by
WHERE id = :id AND cancelled_at IS NULL
RETURNING id;

-- name: get_status_maintenance
SELECT id, name, body, components, scheduled_for, scheduled_until, created_at, created_by,
       cancelled_at, cancelled_by
FROM status_maintenances WHERE id = :id;

-- name: recent_status_maintenances
-- Windows not cancelled that end at or after :since, by start.
SELECT id, name, body, components, scheduled_for, scheduled_until, created_at, created_by,
       cancelled_at, cancelled_by
FROM status_maintenances WHERE cancelled_at IS NULL AND scheduled_until >= :since
ORDER BY scheduled_for, id;
