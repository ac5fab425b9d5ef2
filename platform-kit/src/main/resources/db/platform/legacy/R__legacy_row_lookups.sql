-- Lookups of the ledger that run once per change (the failback's reverse streams, at each member's change), found
-- through these indexes instead of reading the JSON of every row of a table. Repeatable, so that they reach
-- deployments whose versioned migrations are past the kit's.
-- A legacy app user's rows of a table (ReactiveLegacyLedger.importedFor, profile's live legacy profile, membership's
-- verification): 21 ms a read at 100,000 rows of a table, 0.2 ms with it. Only rows that name a user (not the system
-- audit log's, most of audit's ledger): a lookup by user_id = … implies it. (IF NOT EXISTS: a changed definition
-- needs a new name.)
CREATE INDEX IF NOT EXISTS legacy_row_by_user ON legacy_row (source_table, (row ->> 'user_id'), source_at)
    WHERE (row ->> 'user_id') IS NOT NULL;
-- The legacy app user imported for a member (ReactiveLegacyLedger.APP_USERS narrowed to one member: billing's and
-- membership's reverse streams): 45 ms at 100,000 legacy users, 0.2 to 0.7 ms with it.
CREATE INDEX IF NOT EXISTS legacy_row_app_user ON legacy_row ((lower(row ->> 'auth_user_id')), deleted, source_at DESC)
    WHERE source_table = 'public.users' AND applied;
