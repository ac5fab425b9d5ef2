-- single-use tokens sent by mail (e-mail verification, password reset); only their SHA-256 is stored
CREATE TABLE verification (
    id         uuid PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    varchar(32) NOT NULL,
    token_hash bytea       NOT NULL UNIQUE,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX verification_user_idx ON verification (user_id, purpose);
