-- timers.sql: durable timers, one per key.
--
-- Every query returning timer rows selects these columns in this order:
--   key, kind, incident_id, due_at, payload

-- name: put_timer
-- Insert, or replace every column of the timer with the same key.
INSERT INTO timers (key, kind, incident_id, due_at, payload)
VALUES (:key, :kind, :incident_id, :due_at, :payload)
ON CONFLICT (key) DO UPDATE SET
  kind        = excluded.kind,
  incident_id = excluded.incident_id,
  due_at      = excluded.due_at,
  payload     = excluded.payload;

-- name: delete_timer
-- Deleting a key that does not exist is not an error.
DELETE FROM timers WHERE key = :key;

-- name: get_timer
-- The timer with this key, if any.
SELECT key, kind, incident_id, due_at, payload
FROM timers
WHERE key = :key;

-- name: due_timers
-- Earliest first; the key breaks ties so the order is stable.
SELECT key, kind, incident_id, due_at, payload
FROM timers
WHERE due_at <= :now
ORDER BY due_at, key
LIMIT :limit;

-- name: next_timer_due
SELECT due_at FROM timers ORDER BY due_at LIMIT 1;

-- name: count_timers
-- Every pending timer (store-stats).
SELECT count(*) FROM timers;
