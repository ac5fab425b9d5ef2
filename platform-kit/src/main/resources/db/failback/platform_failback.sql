-- The reverse stream's own tables in the legacy database (made by cdc-relay when the stream starts, at the switch;
-- idempotent). The replication origin marks every transaction the legacy writers commit, so that a capture of the
-- legacy database (pgoutput's origin 'none') never reads them back. Making them takes a superuser (or a role granted
-- pg_replication_origin_create): without one (Supabase's postgres) the writers write without it, which is safe as long
-- as no capture runs on the legacy database during the reverse stream (the switch ends it; failback drops its slot).
CREATE SCHEMA IF NOT EXISTS platform_failback;

-- One row: whether the services' legacy writers apply the platform's events now (from the switch to the end of
-- the soak, or to a failback).
CREATE TABLE IF NOT EXISTS platform_failback.stream (
    id         boolean PRIMARY KEY DEFAULT true CHECK (id),
    state      text        NOT NULL CHECK (state IN ('running', 'stopped')),
    since      timestamptz NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);

-- Each platform event once per writing service (profile carries identity's address changes too): carried back (its
-- rows written in the same transaction), or not carried, with why.
CREATE TABLE IF NOT EXISTS platform_failback.applied_event (
    event_id     uuid        NOT NULL,
    service      text        NOT NULL,
    event_type   text        NOT NULL,
    aggregate_id text        NOT NULL,
    carried      boolean     NOT NULL,
    why          text,
    occurred_at  timestamptz NOT NULL,
    applied_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service, event_id)
);

-- The legacy rows the writers wrote (by table): a row the platform no longer holds is removed only if the platform
-- imported it or wrote it, never a legacy row it never knew.
CREATE TABLE IF NOT EXISTS platform_failback.written_row (
    table_name text NOT NULL,
    id         uuid NOT NULL,
    PRIMARY KEY (table_name, id)
);

-- One origin per writer session at a time: a pooled connection of a service's writer holds one for its life, so the
-- origins are many (platform_failback, platform_failback_1 … _31): pgoutput's origin 'none' leaves out every one.
DO $$
BEGIN
    FOR i IN 0..31 LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_replication_origin
                       WHERE roname = 'platform_failback' || CASE WHEN i = 0 THEN '' ELSE '_' || i END) THEN
            PERFORM pg_replication_origin_create('platform_failback' || CASE WHEN i = 0 THEN '' ELSE '_' || i END);
        END IF;
    END LOOP;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE WARNING 'no replication origin for the failback writers: % (they write without one)', SQLERRM;
END $$;
