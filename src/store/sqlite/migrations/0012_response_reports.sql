-- 0012_response_reports.sql: indexes for response reports (src/report,
-- queries/reports.sql), so a report or a /metrics scrape reads only the
-- incidents of its window and two index entries per incident, not whole
-- timelines.
--
-- incidents_by_opened: the window (opened_at >= now - since), newest first.
-- timeline_acknowledged, timeline_escalated: the first acknowledgement and
-- whether a level was paged. Partial, so appending any other line (alerts,
-- notifications: nearly all of them) costs nothing more.
CREATE INDEX incidents_by_opened ON incidents (opened_at, id);
CREATE INDEX timeline_acknowledged ON timeline (incident_id, at) WHERE kind = 'acknowledged';
CREATE INDEX timeline_escalated ON timeline (incident_id) WHERE kind = 'escalated';
