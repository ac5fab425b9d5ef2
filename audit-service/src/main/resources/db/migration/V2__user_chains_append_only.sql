-- The per-user chains: every event about a user also goes into that user's own chain (what a user may read of
-- their history), each user's rows hash-chained on their own.
CREATE TABLE user_audit_logs (
    id             bigserial PRIMARY KEY,
    user_id        uuid         NOT NULL,
    event_id       uuid         NOT NULL,
    event_type     varchar(255) NOT NULL,
    aggregate_type varchar(255) NOT NULL,
    aggregate_id   varchar(255) NOT NULL,
    actor          varchar(255),
    correlation_id varchar(255),
    occurred_at    timestamptz  NOT NULL,
    recorded_at    timestamptz  NOT NULL DEFAULT now(),
    data           text         NOT NULL,
    prev_hash      bytea,
    hash           bytea        NOT NULL,
    UNIQUE (user_id, event_id)
);
CREATE INDEX user_audit_logs_user_idx ON user_audit_logs (user_id, id);
CREATE INDEX system_audit_logs_correlation_idx ON system_audit_logs (correlation_id);
CREATE INDEX system_audit_logs_occurred_idx ON system_audit_logs (occurred_at);

-- Append-only, for every role, the owner included: rows can be added and read, never changed or removed.
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % is refused', TG_OP;
END $$;
CREATE TRIGGER system_audit_logs_no_change BEFORE UPDATE OR DELETE ON system_audit_logs
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER system_audit_logs_no_truncate BEFORE TRUNCATE ON system_audit_logs
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER user_audit_logs_no_change BEFORE UPDATE OR DELETE ON user_audit_logs
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER user_audit_logs_no_truncate BEFORE TRUNCATE ON user_audit_logs
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON system_audit_logs, user_audit_logs FROM CURRENT_USER;
