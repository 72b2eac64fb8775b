-- 0006_heartbeats.sql: when each heartbeat probe last beat.
--
-- A heartbeat probe (probe kind `heartbeat`) fires when no
-- POST /api/v1/heartbeats/{name} arrived within its interval plus grace.
-- Its clock must survive a restart of klaxon, or restarting klaxon would
-- reset a dead man's switch: the row is written (durably, before the beat is
-- answered) on every beat, and once when klaxon first waits for a heartbeat
-- that never beat, so that the wait itself survives restarts too.
-- Conventions as in 0001 (unix milliseconds, STRICT, NULL for "not set").
CREATE TABLE heartbeats (
  name          TEXT    PRIMARY KEY,  -- the probe id
  registered_at INTEGER NOT NULL,     -- when klaxon first waited for it
  last_seen_at  INTEGER               -- the latest beat; NULL: none yet
) STRICT;
