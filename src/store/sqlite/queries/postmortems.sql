-- postmortems.sql: post-mortem records and action items
-- (migrations/0010_postmortems.sql).
--
-- Every query returning records selects these columns in this order:
--   incident_id, state, reasons, decided_at, due_at, overdue, written_at, written_by, url
-- and every query returning action items:
--   id, incident_id, action, owner, due_at, status, reminded_at, created_at, created_by

-- name: put_postmortem
-- Inserts or replaces the record of an incident.
INSERT INTO postmortems (incident_id, state, reasons, decided_at, due_at, overdue, written_at,
                         written_by, url)
VALUES (:incident_id, :state, :reasons, :decided_at, :due_at, :overdue, :written_at,
        :written_by, :url)
ON CONFLICT (incident_id) DO UPDATE SET
  state = excluded.state, reasons = excluded.reasons, decided_at = excluded.decided_at,
  due_at = excluded.due_at, overdue = excluded.overdue, written_at = excluded.written_at,
  written_by = excluded.written_by, url = excluded.url;

-- name: get_postmortem
SELECT incident_id, state, reasons, decided_at, due_at, overdue, written_at, written_by, url
FROM postmortems WHERE incident_id = :incident_id;

-- name: count_overdue_postmortems
-- Required post-mortems flagged overdue and still not written.
SELECT count(*) FROM postmortems
WHERE overdue = 1 AND state IN ('required', 'drafted');

-- name: insert_action_item
INSERT INTO postmortem_action_items (incident_id, action, owner, due_at, status, reminded_at,
                                     created_at, created_by)
VALUES (:incident_id, :action, :owner, :due_at, :status, :reminded_at, :created_at, :created_by)
RETURNING id;

-- name: update_action_item
-- Everything but who created it and when; returns the id, or no row.
UPDATE postmortem_action_items
SET action = :action, owner = :owner, due_at = :due_at, status = :status,
    reminded_at = :reminded_at
WHERE id = :id
RETURNING id;

-- name: get_action_item
SELECT id, incident_id, action, owner, due_at, status, reminded_at, created_at, created_by
FROM postmortem_action_items WHERE id = :id;

-- name: incident_action_items
SELECT id, incident_id, action, owner, due_at, status, reminded_at, created_at, created_by
FROM postmortem_action_items WHERE incident_id = :incident_id ORDER BY id;
