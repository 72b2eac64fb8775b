-- 0004_outbox.sql: the durable notification outbox.
--
-- Version 0002 is reserved for the alert storage rewrite on another branch;
-- the runner applies every known migration that is missing, in order, so
-- the gap is harmless and 0002 may land after a database already has 0003
-- (the two touch different tables).
--
-- One row per (channel, event): written in the same transaction as the
-- incident change that caused it, sent by the notification sender once that
-- transaction is durable, and updated after every attempt. Conventions as in
-- 0001 (unix milliseconds, STRICT, NULL for "not set").
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,  -- creation order; never reused
  incident_id     INTEGER NOT NULL REFERENCES incidents (id),
  channel         TEXT    NOT NULL,  -- configured channel id, e.g. 'slack-incidents'
  event           TEXT    NOT NULL,  -- 'incident.opened', 'incident.acknowledged', ...
  idempotency_key TEXT    NOT NULL,  -- e.g. 'INC-42:opened:17'; stable across retries
  payload         TEXT    NOT NULL,  -- JSON snapshot of the notification
  state           TEXT    NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts        INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,  -- meaningful while pending
  created_at      INTEGER NOT NULL,
  last_error      TEXT    NOT NULL,  -- '' when none; never holds a secret
  receipt         TEXT    NOT NULL,  -- the receiver's id for what it created; '' if none
  delivered_at    INTEGER,
  -- Enqueuing the same event for the same channel twice is a no-op.
  UNIQUE (channel, idempotency_key)
) STRICT;

-- DueNotifications and NextNotificationDue: pending rows only, per channel,
-- by due time.
CREATE INDEX outbox_pending_by_due ON outbox (channel, next_attempt_at, id)
  WHERE state = 'pending';
-- An incident's notifications (listing, the first receipt, ordering checks).
CREATE INDEX outbox_by_incident ON outbox (incident_id, channel, id);
