-- Refresh tokens that were rotated away, by SHA-256: presenting one again is reuse, and revokes its session.
CREATE TABLE refresh_token_history (
    token_hash       bytea PRIMARY KEY,
    authorization_id varchar(100) NOT NULL,
    principal_name   varchar(200) NOT NULL,
    rotated_at       timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX refresh_token_history_authorization_idx ON refresh_token_history (authorization_id);
