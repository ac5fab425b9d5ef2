-- The sign-in and public-API throttles, shared by every replica and kept across deploys. A key (an account, an
-- address, an endpoint and address) is stored as its SHA-256 only: no address or IP sits here in clear.
CREATE TABLE sign_in_throttle (
    key_hash      varchar(64) PRIMARY KEY,
    failures      int         NOT NULL,
    last_failure  timestamptz NOT NULL,
    blocked_until timestamptz
);
CREATE INDEX sign_in_throttle_last_failure_idx ON sign_in_throttle (last_failure);
