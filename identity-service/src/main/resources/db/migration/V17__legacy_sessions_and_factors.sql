-- the cutover's import of Supabase's sessions, refresh tokens and second factors: nobody signs in again, nobody
-- re-enrols. No foreign key to users: each legacy table is its own topic, a session may come before its user.

-- GoTrue's auth.sessions as they were; a v2 session's refresh-token key sealed under identity's key
CREATE TABLE legacy_session (
    id                       uuid PRIMARY KEY,
    user_id                  uuid        NOT NULL,
    factor_id                uuid,
    aal                      varchar(8),
    not_after                timestamptz,
    refreshed_at             timestamp,
    user_agent               text,
    ip                       varchar(64),
    tag                      text,
    created_at               timestamptz,
    updated_at               timestamptz,
    refresh_token_hmac_key   bytea,
    refresh_token_counter    bigint,
    -- a session of GoTrue's own OAuth server (another client's): imported, never exchanged
    oauth_client_id          uuid
);
CREATE INDEX legacy_session_user_idx ON legacy_session (user_id);

-- GoTrue's auth.refresh_tokens: only the SHA-256 of each token (and of its parent) is kept
CREATE TABLE legacy_refresh_token (
    id          bigint PRIMARY KEY,
    token_hash  char(64)     NOT NULL,
    user_id     varchar(255),
    session_id  uuid,
    revoked     boolean      NOT NULL DEFAULT false,
    parent_hash char(64),
    created_at  timestamptz,
    updated_at  timestamptz
);
CREATE INDEX legacy_refresh_token_hash_idx ON legacy_refresh_token (token_hash);

-- GoTrue's auth.mfa_factors as imported: a verified TOTP factor's secret sealed under identity's key, a WebAuthn
-- factor's credential; each becomes the user's TOTP or passkey once the user is here (credential_id: the passkey it
-- became). A factor that cannot come over keeps why (problem).
CREATE TABLE legacy_factor (
    id              uuid PRIMARY KEY,
    user_id         uuid         NOT NULL,
    friendly_name   text,
    factor_type     varchar(16)  NOT NULL,
    status          varchar(16)  NOT NULL,
    secret_sealed   bytea,
    credential      text,
    aaguid          uuid,
    created_at      timestamptz,
    updated_at      timestamptz,
    applied         boolean      NOT NULL DEFAULT false,
    credential_id   varchar(1000),
    problem         text
);
CREATE INDEX legacy_factor_user_idx ON legacy_factor (user_id);

-- each legacy session is exchanged once: the platform session it became, revoked if the legacy token comes again
ALTER TABLE legacy_token_exchange ADD COLUMN authorization_id varchar(100);
