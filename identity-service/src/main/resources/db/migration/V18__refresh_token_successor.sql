-- The token that replaced each rotated one, sealed with the key-encryption key (identity.keys.encryption-key): a
-- refresh that presents the rotated token within the reuse interval (a second tab, a page and its middleware) is
-- answered with the session's current token instead of revoking the session. Rows of before this column have none.
ALTER TABLE refresh_token_history ADD COLUMN successor bytea;
-- what the schedule forgets once the interval has passed (only the rows still holding one are indexed)
CREATE INDEX refresh_token_history_sealed_idx ON refresh_token_history (rotated_at) WHERE successor IS NOT NULL;
