-- Retention: a prefix of a chain may be pruned, but only by the role audit_pruner (created by the DBA or
-- platform-init.sql, never the service's own role), and only with a checkpoint naming the last pruned row's hash,
-- signed with a key the database does not hold: the chain stays verifiable from the checkpoint on.
CREATE TABLE audit_checkpoints (
    id            bigserial PRIMARY KEY,
    chain         varchar(64) NOT NULL,  -- 'system', or the user id of a user chain
    through_id    bigint      NOT NULL,
    through_hash  bytea       NOT NULL,
    rows_pruned   bigint      NOT NULL,
    pruned_before timestamptz NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    signature     bytea       NOT NULL
);
CREATE INDEX audit_checkpoints_chain_idx ON audit_checkpoints (chain, id);

CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- only the pruner itself (not even a superuser by accident): it logs in as audit_pruner
    IF TG_OP = 'DELETE' AND TG_TABLE_NAME <> 'audit_checkpoints' AND current_user = 'audit_pruner' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only: % is refused', TG_OP;
END $$;
CREATE TRIGGER audit_checkpoints_no_change BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_checkpoints FROM CURRENT_USER;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'audit_pruner') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO audit_pruner', current_schema());
        GRANT SELECT, DELETE ON system_audit_logs, user_audit_logs TO audit_pruner;
        GRANT SELECT, INSERT ON audit_checkpoints TO audit_pruner;
        GRANT USAGE ON SEQUENCE audit_checkpoints_id_seq TO audit_pruner;
    END IF;
END $$;
