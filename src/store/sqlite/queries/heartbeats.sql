-- heartbeats.sql: heartbeat probes' last beats (migrations/0006_heartbeats.sql).
--
-- Every query returning heartbeat rows selects these columns in this order:
--   name, registered_at, last_seen_at

-- name: record_heartbeat
-- A beat at :at; a heartbeat seen for the first time is registered at :at.
-- A beat older than the stored one (clocks moved back) does not move it back.
INSERT INTO heartbeats (name, registered_at, last_seen_at)
VALUES (:name, :at, :at)
ON CONFLICT (name) DO UPDATE SET
  last_seen_at = max(coalesce(last_seen_at, excluded.last_seen_at), excluded.last_seen_at);

-- name: register_heartbeat
-- Starts waiting for a heartbeat; an existing row is left as it is.
INSERT INTO heartbeats (name, registered_at, last_seen_at)
VALUES (:name, :now, NULL)
ON CONFLICT (name) DO NOTHING;

-- name: list_heartbeats
SELECT name, registered_at, last_seen_at FROM heartbeats ORDER BY name;
