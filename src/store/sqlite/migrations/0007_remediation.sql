-- 0007_remediation.sql: automated remediation, durable and audited.
--
-- remediation_runs: one row per remediation of an incident (a runbook's
-- actions, run in order). `active` rows hold their target (one remediation
-- at a time per target_key); `progress` is the runner's JSON state (next
-- step, approvals, the alert labels its steps get as environment), owned by
-- src/remediate/progress.h. Budgets count rows by runbook and started_at.
--
-- remediation_steps: one row per step that ran, would have run (dry run) or
-- was run by hand, and per automated diagnostic: written as 'started' before
-- the step runs, and finished with its result, so a restart finds steps that
-- were cut off ('started' rows) and records them as 'interrupted'. The audit
-- trail: who or what triggered it, the exact command, the result.
-- Conventions as in 0001 (unix milliseconds, STRICT, NULL for "not set").
CREATE TABLE remediation_runs (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  runbook_id  TEXT    NOT NULL,
  target_key  TEXT    NOT NULL,  -- e.g. 'RB-001/service=api'
  active      INTEGER NOT NULL,  -- 1 while running, waiting or awaiting approval
  started_at  INTEGER NOT NULL,
  finished_at INTEGER,
  outcome     TEXT    NOT NULL,  -- '' while active; 'recovered', 'failed', ...
  progress    TEXT    NOT NULL   -- JSON, src/remediate/progress.h
) STRICT;
CREATE INDEX remediation_runs_active ON remediation_runs (target_key) WHERE active = 1;
CREATE INDEX remediation_runs_by_runbook ON remediation_runs (runbook_id, started_at);
CREATE INDEX remediation_runs_by_incident ON remediation_runs (incident_id, id);

CREATE TABLE remediation_steps (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id      INTEGER NOT NULL,  -- remediation_runs.id; 0 for diagnostics and steps run by hand
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  step        INTEGER NOT NULL,  -- 1-based index in the runbook's actions (or investigation)
  kind        TEXT    NOT NULL,  -- exec | http | diagnostic
  name        TEXT    NOT NULL,
  actor       TEXT    NOT NULL,  -- who or what triggered it: 'klaxon' or a person/token
  via         TEXT    NOT NULL,  -- auto_remediate | diagnostics | api | cli | slack
  command     TEXT    NOT NULL,  -- JSON: the exact argv, or method and URL (never headers)
  state       TEXT    NOT NULL CHECK (state IN ('started', 'succeeded', 'failed', 'timed_out',
                                                'interrupted', 'dry_run')),
  started_at  INTEGER NOT NULL,
  finished_at INTEGER,
  result      TEXT    NOT NULL   -- JSON: exit_code, http_status, duration_ms, output head/tail
) STRICT;
CREATE INDEX remediation_steps_by_incident ON remediation_steps (incident_id, id);
CREATE INDEX remediation_steps_unfinished ON remediation_steps (id) WHERE state = 'started';
