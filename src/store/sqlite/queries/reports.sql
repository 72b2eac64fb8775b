-- reports.sql: the facts response reports are computed from
-- (report/facts.h, migrations/0012_response_reports.sql).
--
-- response_facts selects these columns in this order:
--   id, severity, runbook_id, status, opened_at, resolved_at, first_ack_at,
--   escalated, channels, remediation_runs, remediation_outcome

-- name: response_facts
-- Incidents opened at or after :since, newest first, at most :limit, each
-- with: its first acknowledgement (the partial index timeline_acknowledged),
-- whether an escalation level was paged (timeline_escalated), the channels
-- its outbox rows went to (a JSON array; outbox_by_incident), and its
-- remediation runs that executed (dry runs left out): how many, and the
-- latest one's outcome ('' while it is active).
SELECT i.id, i.severity, i.runbook_id, i.status, i.opened_at, i.resolved_at,
       (SELECT min(t.at) FROM timeline t
        WHERE t.incident_id = i.id AND t.kind = 'acknowledged') AS first_ack_at,
       EXISTS (SELECT 1 FROM timeline t
               WHERE t.incident_id = i.id AND t.kind = 'escalated') AS escalated,
       (SELECT json_group_array(c.channel)
        FROM (SELECT DISTINCT o.channel FROM outbox o WHERE o.incident_id = i.id) c) AS channels,
       (SELECT count(*) FROM remediation_runs r
        WHERE r.incident_id = i.id
          AND coalesce(json_extract(r.progress, '$.dry_run'), 0) = 0) AS remediation_runs,
       coalesce((SELECT CASE WHEN r.active = 1 THEN '' ELSE r.outcome END
                 FROM remediation_runs r
                 WHERE r.incident_id = i.id
                   AND coalesce(json_extract(r.progress, '$.dry_run'), 0) = 0
                 ORDER BY r.id DESC LIMIT 1), '') AS remediation_outcome
FROM incidents i
WHERE i.opened_at >= :since
ORDER BY i.opened_at DESC, i.id DESC
LIMIT :limit;
