-- The cutover as a runbook with a gate: frozen (the legacy app's roles read-only, a fence LSN taken), drained past
-- the fence, verified at it; finalize only from verified. The fence is kept from freeze to the end.
ALTER TABLE cutover_state DROP CONSTRAINT cutover_state_state_check;
ALTER TABLE cutover_state ADD CONSTRAINT cutover_state_state_check
    CHECK (state IN ('capturing', 'frozen', 'drained', 'verified', 'finalized', 'rolled_back'));
ALTER TABLE cutover_state ADD COLUMN fence_lsn pg_lsn;
