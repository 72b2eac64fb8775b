-- schema.sql: bookkeeping of applied migrations (see migrations/).
--
-- Open() runs, in one write transaction: create_schema_migrations, then
-- applied_schema_versions, then each missing migration followed by
-- record_migration. Checking an up-to-date database reads a handful of rows.

-- name: create_schema_migrations
-- Created here rather than in a migration, because it records migrations.
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,  -- the number in the migration's file name
  name       TEXT    NOT NULL,     -- the migration's file name
  applied_at INTEGER NOT NULL      -- unix milliseconds (second precision)
) STRICT;

-- name: applied_schema_versions
-- Every applied version, in order. A build applies each migration it knows
-- that is missing here, so a version number may be filled in after a higher
-- one was applied (two branches adding migrations independently).
SELECT version FROM schema_migrations ORDER BY version;

-- name: record_migration
INSERT INTO schema_migrations (version, name, applied_at)
VALUES (:version, :name, unixepoch() * 1000);
