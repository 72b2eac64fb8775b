-- alert_log.sql: the append-only log of alert batches (alert_log.h).
--
-- Every statement here is run by the writer (or at Open()/store-stats), by
-- AlertLog; readers are served from memory.

-- name: append_alert_log
-- One batch: the adapter assigns seq (one past the highest it knows).
-- Parameters by position: ?1 seq, ?2 count, ?3 records.
INSERT INTO alert_log (seq, count, records) VALUES (?1, ?2, ?3);

-- name: alert_log_after
-- Replay: every row after :after_seq, oldest first (0: the whole log).
SELECT seq, count, records
FROM alert_log
WHERE seq > :after_seq
ORDER BY seq;

-- name: alert_log_row
-- One row's records, read by compaction to find the live ones.
SELECT records FROM alert_log WHERE seq = :seq;

-- name: delete_alert_log_row
-- A compacted row: its live records were appended again by the same
-- transaction.
DELETE FROM alert_log WHERE seq = :seq;

-- name: max_alert_log_seq
-- The newest row (0 when empty): one step to the last page.
SELECT coalesce(max(seq), 0) FROM alert_log;
