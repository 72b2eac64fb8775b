-- 0008_outbox_without_incident.sql: outbox rows that are about no incident.
--
-- A handoff brief (the open incidents, sent to the channels and to the
-- incoming on-call person when an on-call schedule hands over) goes through
-- the outbox like every notification, so it is written in the same
-- transaction as the timer that caused it, retried, and sent once. It is
-- about no single incident: its incident_id is NULL, as 0001's conventions
-- store "no incident" everywhere else. NULL also keeps such rows out of the
-- per-incident ordering (due_notifications), the incident listings and the
-- first-receipt lookup, none of which match NULL.
--
-- SQLite cannot drop a NOT NULL constraint in place: the table is rebuilt
-- with the same columns, rows, ids and AUTOINCREMENT counter, and its
-- indexes are re-created. Nothing references the outbox, so dropping the
-- old table is safe with foreign keys on.
CREATE TABLE outbox_new (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,  -- creation order; never reused
  incident_id     INTEGER REFERENCES incidents (id),  -- NULL: about no incident
  channel         TEXT    NOT NULL,
  event           TEXT    NOT NULL,  -- 'incident.opened', ..., 'oncall.handoff'
  idempotency_key TEXT    NOT NULL,
  payload         TEXT    NOT NULL,
  state           TEXT    NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts        INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  last_error      TEXT    NOT NULL,
  receipt         TEXT    NOT NULL,
  delivered_at    INTEGER,
  UNIQUE (channel, idempotency_key)
) STRICT;

INSERT INTO outbox_new (id, incident_id, channel, event, idempotency_key, payload, state,
                        attempts, next_attempt_at, created_at, last_error, receipt, delivered_at)
SELECT id, incident_id, channel, event, idempotency_key, payload, state,
       attempts, next_attempt_at, created_at, last_error, receipt, delivered_at
FROM outbox;

-- Keep the AUTOINCREMENT high-water mark: ids are never handed out twice.
-- (The copy above set outbox_new's to its highest id, if it copied any row;
-- RENAME below carries the counter over to the new name.)
UPDATE sqlite_sequence SET seq = (SELECT seq FROM sqlite_sequence WHERE name = 'outbox')
WHERE name = 'outbox_new' AND seq < (SELECT seq FROM sqlite_sequence WHERE name = 'outbox');
INSERT INTO sqlite_sequence (name, seq)
SELECT 'outbox_new', seq FROM sqlite_sequence
WHERE name = 'outbox' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'outbox_new');

DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;

CREATE INDEX outbox_pending_by_due ON outbox (channel, next_attempt_at, id)
  WHERE state = 'pending';
CREATE INDEX outbox_by_incident ON outbox (incident_id, channel, id);
