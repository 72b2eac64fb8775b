-- 0002_alert_log.sql: alerts become an append-only log of batches.
--
-- Each committed unit of work that wrote alerts appends one row (or a few,
-- of at most 1 MiB each) holding every alert record it wrote, in the binary
-- encoding documented in record_codec.h; the latest version of a fingerprint
-- is the one in the row with the highest seq. The adapter keeps the current
-- state in memory and replays this table at Open(); compaction rewrites the
-- live records of the oldest rows and deletes them. See
-- docs/adr/0004-alert-log.md.
--
-- The rows of the old `alerts` table are converted in code right after this
-- script, in the same transaction (migrate.cpp, legacy_alerts.h): SQL cannot
-- produce the binary encoding. 0003 then drops the old table.
CREATE TABLE alert_log (
  seq     INTEGER PRIMARY KEY,               -- assigned by the adapter, increasing
  count   INTEGER NOT NULL CHECK (count > 0), -- records in the blob, checked on replay
  records BLOB    NOT NULL                   -- record_codec.h, format version 1
) STRICT;
