-- the shared legacy ledger (db/platform/legacy) replaces the identity-only problem list
DROP TABLE import_problem;
