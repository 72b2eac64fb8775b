-- schema.sql: bookkeeping of applied migrations (see migrations/).
--
-- Open() runs, in one write transaction: create_schema_migrations, then
-- latest_schema_version, then each missing migration followed by
-- record_migration. Checking an up-to-date database costs two O(1) statements.

-- name: create_schema_migrations
-- Created here rather than in a migration, because it records migrations.
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,  -- the number in the migration's file name
  name       TEXT    NOT NULL,     -- the migration's file name
  applied_at INTEGER NOT NULL      -- unix milliseconds (second precision)
) STRICT;

-- name: latest_schema_version
-- The highest applied version, 0 on a fresh database. Migrations are applied
-- strictly in order, so the highest version implies all lower ones.
SELECT coalesce(max(version), 0) FROM schema_migrations;

-- name: record_migration
INSERT INTO schema_migrations (version, name, applied_at)
VALUES (:version, :name, unixepoch() * 1000);
