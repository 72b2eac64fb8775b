-- remediation.sql: remediation runs and their audited steps
-- (migrations/0007_remediation.sql).
--
-- Every query returning runs selects these columns in this order:
--   id, incident_id, runbook_id, target_key, active, started_at, finished_at, outcome, progress
-- and every query returning steps:
--   id, run_id, incident_id, step, kind, name, actor, via, command, state, started_at,
--   finished_at, result

-- name: insert_remediation_run
INSERT INTO remediation_runs (incident_id, runbook_id, target_key, active, started_at,
                              finished_at, outcome, progress)
VALUES (:incident_id, :runbook_id, :target_key, :active, :started_at, :finished_at, :outcome,
        :progress)
RETURNING id;

-- name: update_remediation_run
-- Everything that changes while a run goes on; returns the id, or no row.
UPDATE remediation_runs
SET active = :active, finished_at = :finished_at, outcome = :outcome, progress = :progress
WHERE id = :id
RETURNING id;

-- name: get_remediation_run
SELECT id, incident_id, runbook_id, target_key, active, started_at, finished_at, outcome,
       progress
FROM remediation_runs WHERE id = :id;

-- name: active_remediation_run
-- The run holding a target, if any (at most one by construction).
SELECT id, incident_id, runbook_id, target_key, active, started_at, finished_at, outcome,
       progress
FROM remediation_runs WHERE target_key = :target_key AND active = 1
ORDER BY id LIMIT 1;

-- name: incident_active_remediation_run
-- The active run of an incident, if any.
SELECT id, incident_id, runbook_id, target_key, active, started_at, finished_at, outcome,
       progress
FROM remediation_runs WHERE incident_id = :incident_id AND active = 1
ORDER BY id DESC LIMIT 1;

-- name: count_remediation_runs
-- Runs of a runbook started at or after :since: what its budget has spent.
SELECT count(*) FROM remediation_runs WHERE runbook_id = :runbook_id AND started_at >= :since;

-- name: incident_remediation_runs
SELECT id, incident_id, runbook_id, target_key, active, started_at, finished_at, outcome,
       progress
FROM remediation_runs WHERE incident_id = :incident_id ORDER BY id;

-- name: insert_remediation_step
INSERT INTO remediation_steps (run_id, incident_id, step, kind, name, actor, via, command, state,
                               started_at, finished_at, result)
VALUES (:run_id, :incident_id, :step, :kind, :name, :actor, :via, :command, :state, :started_at,
        :finished_at, :result)
RETURNING id;

-- name: finish_remediation_step
-- A started step's result; returns the id, or no row when it was not started
-- (finished already, or interrupted by a restart).
UPDATE remediation_steps
SET state = :state, finished_at = :finished_at, result = :result
WHERE id = :id AND state = 'started'
RETURNING id;

-- name: get_remediation_step
SELECT id, run_id, incident_id, step, kind, name, actor, via, command, state, started_at,
       finished_at, result
FROM remediation_steps WHERE id = :id;

-- name: unfinished_remediation_steps
-- Steps started and never finished: cut off by a stop or crash.
SELECT id, run_id, incident_id, step, kind, name, actor, via, command, state, started_at,
       finished_at, result
FROM remediation_steps WHERE state = 'started' ORDER BY id;

-- name: incident_remediation_steps
SELECT id, run_id, incident_id, step, kind, name, actor, via, command, state, started_at,
       finished_at, result
FROM remediation_steps WHERE incident_id = :incident_id ORDER BY id;
