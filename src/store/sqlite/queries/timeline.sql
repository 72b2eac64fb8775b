-- timeline.sql: the append-only history of each incident.
--
-- Every query returning timeline rows selects these columns in this order:
--   seq, incident_id, at, kind, actor, via, text, data

-- name: append_timeline
-- seq comes from AUTOINCREMENT: increasing across the store, never reused.
INSERT INTO timeline (incident_id, at, kind, actor, via, text, data)
VALUES (:incident_id, :at, :kind, :actor, :via, :text, :data)
RETURNING seq;

-- name: update_timeline_text
-- A summary line growing during a burst of alerts (engine/alert_summaries.h).
-- Neither incident_id, at nor seq change, so timeline_by_incident is untouched.
UPDATE timeline SET text = :text, data = :data
WHERE seq = :seq
RETURNING seq;

-- name: incident_timeline
-- Oldest first by event time; entries with the same time keep the order in
-- which they were appended.
SELECT seq, incident_id, at, kind, actor, via, text, data
FROM timeline
WHERE incident_id = :incident_id
ORDER BY at, seq;
