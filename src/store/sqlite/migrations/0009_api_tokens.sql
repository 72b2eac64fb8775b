-- 0009_api_tokens.sql: API tokens issued by klaxon itself (`klaxon tokens`,
-- POST /api/v1/tokens), beside the ones in the configuration.
--
-- Only the SHA-256 of a token is kept (lowercase hex): the token is shown
-- once, when it is created, and cannot be read back. A token is found by its
-- digest; a revoked token keeps its row (who revoked it, when) so the name
-- history stays readable, and its name may be issued again.
-- Conventions as in 0001 (unix milliseconds, STRICT, NULL for "not set").
CREATE TABLE api_tokens (
  name        TEXT    PRIMARY KEY,    -- shown as the actor when no person is set
  digest      TEXT    NOT NULL UNIQUE,  -- hex SHA-256 of the token
  role        TEXT    NOT NULL,       -- viewer | engineer | oncall | lead | admin
  person      TEXT    NOT NULL,       -- person id, '' for a service token
  created_at  INTEGER NOT NULL,
  created_by  TEXT    NOT NULL,       -- the admin who created it
  expires_at  INTEGER,                -- NULL: never expires
  revoked_at  INTEGER,                -- NULL: not revoked
  revoked_by  TEXT    NOT NULL DEFAULT ''
) STRICT;
