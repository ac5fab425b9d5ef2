-- The token that replaced each rotated one, sealed with the key-encryption key (identity.keys.encryption-key): a
-- refresh that presents the rotated token within the reuse interval (a second tab, a page and its middleware) is
-- answered with the session's current token instead of revoking the session. Rows of before this column have none.
ALTER TABLE refresh_token_history ADD COLUMN successor bytea;
