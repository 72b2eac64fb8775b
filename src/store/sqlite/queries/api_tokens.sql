-- api_tokens.sql: API tokens issued by klaxon (migrations/0009_api_tokens.sql).
--
-- Every query returning token rows selects these columns in this order:
--   name, digest, role, person, created_at, created_by, expires_at, revoked_at, revoked_by

-- name: insert_api_token
-- A new token; a revoked one of the same name is replaced, a live one is not
-- (no row returned: the name is taken).
INSERT INTO api_tokens (name, digest, role, person, created_at, created_by, expires_at,
                        revoked_at, revoked_by)
VALUES (:name, :digest, :role, :person, :created_at, :created_by, :expires_at, NULL, '')
ON CONFLICT (name) DO UPDATE SET
  digest = excluded.digest, role = excluded.role, person = excluded.person,
  created_at = excluded.created_at, created_by = excluded.created_by,
  expires_at = excluded.expires_at, revoked_at = NULL, revoked_by = ''
WHERE api_tokens.revoked_at IS NOT NULL
RETURNING name;

-- name: revoke_api_token
-- Revokes a live token; no row when there is none of that name (or it is
-- already revoked).
UPDATE api_tokens SET revoked_at = :at, revoked_by = :by
WHERE name = :name AND revoked_at IS NULL
RETURNING name;

-- name: find_api_token
SELECT name, digest, role, person, created_at, created_by, expires_at, revoked_at, revoked_by
FROM api_tokens WHERE digest = :digest;

-- name: list_api_tokens
SELECT name, digest, role, person, created_at, created_by, expires_at, revoked_at, revoked_by
FROM api_tokens ORDER BY name;
