-- The system chain's end after the last append, signed with the checkpoints' key (domain ChainEnd): rows deleted from
-- the end leave every remaining link intact, so the verification also checks that the anchored row is still there,
-- and an append that finds the chain ending elsewhere keeps that for good (diverged_from).
CREATE TABLE audit_chain_end (
    chain         varchar(64) PRIMARY KEY,
    hash          bytea       NOT NULL,
    diverged_from bytea,
    signature     bytea       NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
