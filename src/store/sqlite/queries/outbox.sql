-- outbox.sql: the durable notification outbox (migrations/0004_outbox.sql,
-- 0008_outbox_without_incident.sql). incident_id is NULL for a row about no
-- incident (a handoff brief): `=` never matches NULL, so such rows wait for
-- no other row, are listed for no incident and never share a receipt.
--
-- Every query returning outbox rows selects these columns in this order:
--   id, incident_id, channel, event, idempotency_key, payload, state, attempts,
--   next_attempt_at, created_at, last_error, receipt, delivered_at

-- name: enqueue_notification
-- A pending row with no attempts yet (:incident_id NULL for none). An existing (channel, idempotency_key)
-- is left as it is and no row is returned.
INSERT INTO outbox (incident_id, channel, event, idempotency_key, payload, state, attempts,
                    next_attempt_at, created_at, last_error, receipt, delivered_at)
VALUES (:incident_id, :channel, :event, :idempotency_key, :payload, 'pending', 0,
        :next_attempt_at, :created_at, '', '', NULL)
ON CONFLICT (channel, idempotency_key) DO NOTHING
RETURNING id;

-- name: due_notifications
-- Pending rows of one channel due by :now, oldest first. A row waits while an
-- older row of the same incident and channel is still pending, so a
-- channel's messages about one incident go out in order (a Slack update
-- needs the top message's receipt).
SELECT id, incident_id, channel, event, idempotency_key, payload, state, attempts,
       next_attempt_at, created_at, last_error, receipt, delivered_at
FROM outbox AS o
WHERE o.channel = :channel AND o.state = 'pending' AND o.next_attempt_at <= :now
  AND NOT EXISTS (SELECT 1 FROM outbox AS e
                  WHERE e.incident_id = o.incident_id AND e.channel = o.channel
                    AND e.state = 'pending' AND e.id < o.id)
ORDER BY o.id
LIMIT :limit;

-- name: record_attempt
-- One attempt on a pending row: attempts + 1 and its result. A receipt of ''
-- keeps the stored one. Returns the id, or no row when the row is not pending.
UPDATE outbox
SET attempts        = attempts + 1,
    state           = :state,
    next_attempt_at = :next_attempt_at,
    last_error      = :last_error,
    receipt         = CASE WHEN :receipt = '' THEN receipt ELSE :receipt END,
    delivered_at    = :delivered_at
WHERE id = :id AND state = 'pending'
RETURNING id;

-- name: incident_notifications
-- Oldest first.
SELECT id, incident_id, channel, event, idempotency_key, payload, state, attempts,
       next_attempt_at, created_at, last_error, receipt, delivered_at
FROM outbox
WHERE incident_id = :incident_id
ORDER BY id;

-- name: has_notifications
-- Whether this incident has any row on this channel (outbox_by_incident).
SELECT EXISTS (SELECT 1 FROM outbox WHERE incident_id = :incident_id AND channel = :channel);

-- name: first_receipt
-- The receipt of the oldest row of this incident and channel that has one:
-- the message later notifications edit or thread under.
SELECT receipt FROM outbox
WHERE incident_id = :incident_id AND channel = :channel AND receipt <> ''
ORDER BY id
LIMIT 1;

-- name: next_notification_due
-- The earliest due time of a pending row of one channel.
SELECT min(next_attempt_at) FROM outbox
WHERE channel = :channel AND state = 'pending';

-- name: count_failed_notifications
SELECT count(*) FROM outbox WHERE state = 'failed';
