-- The outbox pruner's marks (repeatable, so that it reaches deployments whose versioned migrations are past the kit's):
-- at each run the pruner records the WAL position and the time; once cdc-relay's slot has confirmed a mark's position,
-- every outbox row committed before the mark's time has been relayed, and only such rows are ever pruned. A key of its
-- own: a publication of all tables would refuse deletes from a table without one.
CREATE TABLE IF NOT EXISTS outbox_prune_mark (
    id  bigserial   PRIMARY KEY,
    lsn pg_lsn      NOT NULL,
    at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS outbox_prune_mark_at_idx ON outbox_prune_mark (at);
