-- Lookups the cutover runs once per row or change, which read a whole table without these indexes:
-- the identities waiting for a user, taken at each auth.users change (the snapshot may bring auth.identities first,
-- so nearly every identity can wait: O(n) a user, O(n²) in all);
CREATE INDEX legacy_pending_identity_user ON legacy_pending_identity (user_id);
-- the ledger's legacy identity of a linked account, by GoTrue's (provider, provider_id) (LegacyTargetsSql.LEGACY_IDENTITY:
-- the failback, at each change of a user with linked accounts).
CREATE INDEX legacy_row_identity ON legacy_row ((row ->> 'provider_id'), (row ->> 'provider'))
    WHERE source_table = 'auth.identities';
