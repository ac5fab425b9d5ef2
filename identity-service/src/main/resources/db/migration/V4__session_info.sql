-- What the user sees of a session: where and when it was started and last used. One row per authorization,
-- removed with it, so revoking the authorization ends the session.
CREATE TABLE session_info (
    authorization_id varchar(100) PRIMARY KEY REFERENCES oauth2_authorization (id) ON DELETE CASCADE,
    user_id          uuid         NOT NULL,
    client_id        varchar(100) NOT NULL,
    user_agent       varchar(512),
    ip               varchar(64),
    created_at       timestamptz  NOT NULL DEFAULT now(),
    last_used_at     timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX session_info_user_idx ON session_info (user_id);
