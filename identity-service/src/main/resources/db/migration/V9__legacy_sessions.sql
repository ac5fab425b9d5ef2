-- the cutover's no-forced-re-login: each legacy (Supabase) access token is exchanged for a sign-in once
CREATE TABLE legacy_token_exchange (
    token_hash   char(64)    PRIMARY KEY,
    user_id      uuid        NOT NULL,
    exchanged_at timestamptz NOT NULL DEFAULT now()
);
