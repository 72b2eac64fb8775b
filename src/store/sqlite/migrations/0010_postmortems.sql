-- 0010_postmortems.sql: post-mortems and their action items (src/postmortem).
--
-- postmortems: one row per incident once it has resolved: whether a
-- post-mortem is required and why (decided by the configured rules at the
-- resolution, decided again if it re-opens and resolves again), by when it is
-- to be written, whether that passed (`overdue`, flagged by the engine's
-- durable timer of kind 'postmortem_due'), and who marked it written.
--
-- postmortem_action_items: the action items of its table (action, owner,
-- due date, status); `reminded_at` is when the owner was reminded that it
-- fell due (timer kind 'action_item_due'), so a restart reminds no one twice.
-- Conventions as in 0001 (unix milliseconds, STRICT, NULL for "not set").
CREATE TABLE postmortems (
  incident_id INTEGER PRIMARY KEY REFERENCES incidents (id),
  state       TEXT    NOT NULL CHECK (state IN ('not_required', 'required', 'drafted',
                                                'written', 'published')),
  reasons     TEXT    NOT NULL,  -- JSON array of strings: why it is required
  decided_at  INTEGER NOT NULL,
  due_at      INTEGER,           -- NULL when not required
  overdue     INTEGER NOT NULL,  -- 1: not written by due_at
  written_at  INTEGER,
  written_by  TEXT    NOT NULL,
  url         TEXT    NOT NULL   -- where the written document lives; '' if not given
) STRICT;
CREATE INDEX postmortems_overdue ON postmortems (incident_id) WHERE overdue = 1;

CREATE TABLE postmortem_action_items (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  action      TEXT    NOT NULL,
  owner       TEXT    NOT NULL,
  due_at      INTEGER,
  status      TEXT    NOT NULL CHECK (status IN ('open', 'done')),
  reminded_at INTEGER,
  created_at  INTEGER NOT NULL,
  created_by  TEXT    NOT NULL
) STRICT;
CREATE INDEX postmortem_action_items_by_incident ON postmortem_action_items (incident_id, id);
