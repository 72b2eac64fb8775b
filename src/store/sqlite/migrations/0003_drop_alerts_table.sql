-- 0003_drop_alerts_table.sql: the one-row-per-alert table and its indexes,
-- whose rows 0002 (with its conversion step) moved into alert_log.
DROP INDEX alerts_fingerprint_by_id;
DROP INDEX alerts_firing_by_expiry;
DROP INDEX alerts_by_incident;
DROP TABLE alerts;
