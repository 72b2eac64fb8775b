-- transactions.sql: transaction control, prepared once per connection like
-- every other query.

-- name: begin_write
-- A UnitOfWork. IMMEDIATE takes the write lock at once, so a conflict with
-- another process shows up here (after busy_timeout) rather than halfway
-- through the caller's work.
BEGIN IMMEDIATE;

-- name: begin_read
-- A consistent snapshot for read methods that run several queries.
BEGIN DEFERRED;

-- name: commit
COMMIT;

-- name: rollback
ROLLBACK;
