-- the reconciliation with identity, shared by every replica: its last report (which any replica answers with), and
-- when a replica last claimed a scheduled run (one run per interval, whichever replica's timer comes first)
CREATE TABLE reconciliation_run (
    id                     smallint    PRIMARY KEY CHECK (id = 1),
    claimed_at             timestamptz,
    started_at             timestamptz,
    finished_at            timestamptz,
    identity_users_checked bigint,
    repaired               jsonb,
    error                  text
);
INSERT INTO reconciliation_run (id) VALUES (1);
