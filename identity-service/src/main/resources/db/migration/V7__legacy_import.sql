-- the cutover's import of Supabase's auth.users and auth.identities
-- rows that could not be imported, with the reason (the import goes on)
CREATE TABLE import_problem (
    id        bigserial PRIMARY KEY,
    source    varchar(64)  NOT NULL,
    source_id varchar(255) NOT NULL,
    reason    varchar(500) NOT NULL,
    at        timestamptz  NOT NULL DEFAULT now(),
    UNIQUE (source, source_id, reason)
);
-- an identity that arrived before its user (two topics, no order between them): linked when the user arrives
CREATE TABLE legacy_pending_identity (
    provider    varchar(32)  NOT NULL,
    provider_id varchar(255) NOT NULL,
    user_id     uuid         NOT NULL,
    PRIMARY KEY (provider, provider_id)
);
