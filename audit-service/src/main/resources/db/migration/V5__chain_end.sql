-- The system chain's end after the last append, signed with the checkpoints' key (domain ChainEnd): rows deleted from
-- the end leave every remaining link whole, so the verification also checks that the anchored row is still there (or
-- pruned under a signed checkpoint), and an append that finds it gone keeps that for good (diverged_from). The row
-- is updated at each append, never deleted: not even the service's own role may.
CREATE TABLE audit_chain_end (
    chain         varchar(64) PRIMARY KEY,
    id            bigint      NOT NULL,
    hash          bytea       NOT NULL,
    diverged_from bytea,
    signature     bytea       NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE OR REPLACE FUNCTION audit_chain_end_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit chain''s end is kept: % is refused', TG_OP;
END $$;
CREATE TRIGGER audit_chain_end_no_delete BEFORE DELETE ON audit_chain_end
    FOR EACH ROW EXECUTE FUNCTION audit_chain_end_kept();
CREATE TRIGGER audit_chain_end_no_truncate BEFORE TRUNCATE ON audit_chain_end
    FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_end_kept();
REVOKE DELETE, TRUNCATE ON audit_chain_end FROM CURRENT_USER;
