-- From where an event came, when known (the legacy user_audit_logs carry it): covered by the row's hash when set.
ALTER TABLE system_audit_logs ADD COLUMN ip_address varchar(64), ADD COLUMN user_agent varchar(512);
ALTER TABLE user_audit_logs ADD COLUMN ip_address varchar(64), ADD COLUMN user_agent varchar(512);
