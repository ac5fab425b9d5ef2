-- The failback: after a finalized cutover, the platform read-only (the gateway refuses writes while read_only_since
-- is set), the reverse stream drained, the legacy app given its writes back: failed_back.
ALTER TABLE cutover_state DROP CONSTRAINT cutover_state_state_check;
ALTER TABLE cutover_state ADD CONSTRAINT cutover_state_state_check
    CHECK (state IN ('capturing', 'frozen', 'drained', 'verified', 'finalized', 'rolled_back', 'failed_back'));
ALTER TABLE cutover_state ADD COLUMN read_only_since timestamptz;
