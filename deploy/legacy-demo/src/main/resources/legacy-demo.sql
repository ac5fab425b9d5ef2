-- A demo legacy (Supabase-shaped) database: the real GoTrue columns of auth.users, auth.identities (generated
-- columns included), auth.mfa_factors, auth.sessions and auth.refresh_tokens (empty) and the app's public tables, with data shaped like production (../shared/seed):
-- 22 auth users (bcrypt $2a$10$ hashes of the known demo passwords Demo-password-1 / Demo-password-2, user 3's over 72 bytes; Google-only
-- users with encrypted_password = '' and a google identity; one banned, one soft-deleted, one anonymous), 17 app
-- users (so 5 orphans), profiles, contacts, 14 memberships, a 5-entry queue, 8 KYC rows, 10 payouts, 2 disputes and
-- ~1,950 system audit rows. SELECT legacy_demo_generate(N) multiplies every count by N (45455 gives 1,000,000
-- auth users). Ids are deterministic: legacy_demo_id('auth', i) is the i-th auth user, and so on.
-- Used by the launcher (--legacy-demo), the tests, and docker compose's legacy profile.

CREATE SCHEMA IF NOT EXISTS auth;

CREATE TABLE IF NOT EXISTS auth.users (
    instance_id                 uuid,
    id                          uuid PRIMARY KEY,
    aud                         varchar(255),
    role                        varchar(255),
    email                       varchar(255),
    encrypted_password          varchar(255),
    email_confirmed_at          timestamptz,
    invited_at                  timestamptz,
    confirmation_token          varchar(255),
    confirmation_sent_at        timestamptz,
    recovery_token              varchar(255),
    recovery_sent_at            timestamptz,
    email_change_token_new      varchar(255),
    email_change                varchar(255),
    email_change_sent_at        timestamptz,
    last_sign_in_at             timestamptz,
    raw_app_meta_data           jsonb,
    raw_user_meta_data          jsonb,
    is_super_admin              bool,
    created_at                  timestamptz,
    updated_at                  timestamptz,
    phone                       text UNIQUE DEFAULT NULL,
    phone_confirmed_at          timestamptz,
    phone_change                text DEFAULT '',
    phone_change_token          varchar(255) DEFAULT '',
    phone_change_sent_at        timestamptz,
    confirmed_at                timestamptz GENERATED ALWAYS AS (least(email_confirmed_at, phone_confirmed_at)) STORED,
    email_change_token_current  varchar(255) DEFAULT '',
    email_change_confirm_status smallint DEFAULT 0 CHECK (email_change_confirm_status >= 0 AND email_change_confirm_status <= 2),
    banned_until                timestamptz,
    reauthentication_token      varchar(255) DEFAULT '',
    reauthentication_sent_at    timestamptz,
    is_sso_user                 boolean NOT NULL DEFAULT false,
    deleted_at                  timestamptz,
    is_anonymous                boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX IF NOT EXISTS users_email_partial_key ON auth.users (email) WHERE is_sso_user = false;

CREATE TABLE IF NOT EXISTS auth.identities (
    provider_id     text        NOT NULL,
    user_id         uuid        NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    identity_data   jsonb       NOT NULL,
    provider        text        NOT NULL,
    last_sign_in_at timestamptz,
    created_at      timestamptz,
    updated_at      timestamptz,
    email           text GENERATED ALWAYS AS (lower(identity_data ->> 'email')) STORED,
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    UNIQUE (provider_id, provider)
);
CREATE INDEX IF NOT EXISTS identities_user_id_idx ON auth.identities (user_id);

-- GoTrue's second factors (empty here, as in production today; the failback writes a platform TOTP into it)
DO $$ BEGIN
    CREATE TYPE auth.factor_type AS ENUM ('totp', 'webauthn', 'phone');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN
    CREATE TYPE auth.factor_status AS ENUM ('unverified', 'verified');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE IF NOT EXISTS auth.mfa_factors (
    id                   uuid PRIMARY KEY,
    user_id              uuid               NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    friendly_name        text,
    factor_type          auth.factor_type   NOT NULL,
    status               auth.factor_status NOT NULL,
    created_at           timestamptz        NOT NULL,
    updated_at           timestamptz        NOT NULL,
    secret               text,
    phone                text,
    last_challenged_at   timestamptz UNIQUE,
    web_authn_credential jsonb,
    web_authn_aaguid     uuid
);
CREATE UNIQUE INDEX IF NOT EXISTS mfa_factors_user_friendly_name_unique ON auth.mfa_factors (friendly_name, user_id)
    WHERE trim(friendly_name) <> '';

-- GoTrue's sessions and refresh tokens (empty here; the tests seed them): a browser signed in to Supabase holds a
-- session's refresh token, exchanged once for a platform session at the cutover
DO $$ BEGIN
    CREATE TYPE auth.aal_level AS ENUM ('aal1', 'aal2', 'aal3');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE IF NOT EXISTS auth.sessions (
    id                     uuid PRIMARY KEY,
    user_id                uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    created_at             timestamptz,
    updated_at             timestamptz,
    factor_id              uuid,
    aal                    auth.aal_level,
    not_after              timestamptz,
    refreshed_at           timestamp,
    user_agent             text,
    ip                     inet,
    tag                    text,
    oauth_client_id        uuid,
    refresh_token_hmac_key text,
    refresh_token_counter  bigint,
    scopes                 text CHECK (char_length(scopes) <= 4096)
);
CREATE INDEX IF NOT EXISTS sessions_user_id_idx ON auth.sessions (user_id);
CREATE TABLE IF NOT EXISTS auth.refresh_tokens (
    instance_id uuid,
    id          bigserial PRIMARY KEY,
    token       varchar(255) UNIQUE,
    user_id     varchar(255),
    revoked     bool,
    created_at  timestamptz,
    updated_at  timestamptz,
    parent      varchar(255),
    session_id  uuid REFERENCES auth.sessions (id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS refresh_tokens_session_id_revoked_idx ON auth.refresh_tokens (session_id, revoked);

-- the app's tables (no column lists were published: shaped from the seed's queries and what the app needs)
CREATE TABLE IF NOT EXISTS public.users (
    id uuid PRIMARY KEY, auth_user_id text NOT NULL UNIQUE, email text, email_verified boolean NOT NULL DEFAULT false,
    status text NOT NULL DEFAULT 'active', created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS public.user_profiles (
    id uuid PRIMARY KEY, user_id uuid NOT NULL REFERENCES public.users (id), display_name text, first_name text,
    last_name text, avatar_url text, bio text, updated_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS public.user_contacts (
    id uuid PRIMARY KEY, user_id uuid NOT NULL REFERENCES public.users (id), kind text NOT NULL, value text NOT NULL,
    is_primary boolean NOT NULL DEFAULT false, verified boolean NOT NULL DEFAULT false, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS public.user_addresses (
    id uuid PRIMARY KEY, user_id uuid NOT NULL REFERENCES public.users (id), type text NOT NULL, line1 text, city text,
    postal_code text, country text, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS public.user_memberships (
    id uuid PRIMARY KEY, user_id uuid NOT NULL REFERENCES public.users (id), plan text NOT NULL, status text NOT NULL,
    started_at timestamptz, ends_at timestamptz, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS public.membership_queue (
    id uuid PRIMARY KEY, user_id uuid NOT NULL UNIQUE REFERENCES public.users (id), position integer NOT NULL,
    joined_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS public.kyc_verification (
    id uuid PRIMARY KEY, user_id uuid NOT NULL UNIQUE REFERENCES public.users (id), status text NOT NULL,
    document_type text, document_reference text, submitted_at timestamptz, reviewed_at timestamptz);
CREATE TABLE IF NOT EXISTS public.payout_management (
    id uuid PRIMARY KEY, user_id uuid NOT NULL REFERENCES public.users (id), amount numeric(19, 4) NOT NULL,
    currency text NOT NULL DEFAULT 'EUR', status text NOT NULL, scheduled_for timestamptz, paid_at timestamptz);
CREATE TABLE IF NOT EXISTS public.disputes (
    id uuid PRIMARY KEY, user_id uuid NOT NULL REFERENCES public.users (id), payout_id uuid, status text NOT NULL,
    reason text, opened_at timestamptz NOT NULL DEFAULT now(), resolved_at timestamptz);
CREATE TABLE IF NOT EXISTS public.system_audit_logs (
    id bigserial PRIMARY KEY, action text NOT NULL, actor_id text, target text, details jsonb, created_at timestamptz NOT NULL);
CREATE TABLE IF NOT EXISTS public.user_audit_logs (
    id bigserial PRIMARY KEY, user_id uuid NOT NULL, action text NOT NULL, ip_address text, user_agent text,
    created_at timestamptz NOT NULL);
-- billing's tables: empty in production today, present for the capture and the importer
CREATE TABLE IF NOT EXISTS public.user_subscriptions (
    id uuid PRIMARY KEY, user_id uuid NOT NULL, plan text, status text, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS public.user_payments (
    id uuid PRIMARY KEY, user_id uuid NOT NULL, amount numeric(19, 4), currency text, status text, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS public.user_payment_methods (
    id uuid PRIMARY KEY, user_id uuid NOT NULL, brand text, last4 text, created_at timestamptz NOT NULL DEFAULT now());

-- deterministic ids: the same scale gives the same rows
CREATE OR REPLACE FUNCTION legacy_demo_id(kind text, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
    SELECT md5('legacy-demo:' || kind || ':' || n)::uuid
$$;

DROP FUNCTION IF EXISTS legacy_demo_generate(integer);
-- audit_logs = false leaves the two audit log tables empty (a benchmark of the other tables at 1,000,000 users)
CREATE OR REPLACE FUNCTION legacy_demo_generate(scale integer, audit_logs boolean DEFAULT true) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    pw1 constant text := '$2a$10$YZP8JtE1mCo4IAI4tfI5a.yX1XXtIIcEQJEHp280FG9xrLRaH7rM6'; -- Demo-password-1
    pw2 constant text := '$2a$10$8ofD8SWvd80jPkqz64I9y.0f1.FRyXSz7a0Ffb5dBu8eClyrKi2BW'; -- Demo-password-2
    -- user 3 of each block: 'Demo-password-3 is a passphrase far longer than bcrypt reads: seventy-two bytes and more!'
    -- (89 bytes): GoTrue hashed its first 72 bytes, as bcrypt does, and real projects have such users
    pw3 constant text := '$2a$10$koJao3LMn7hGeR1Tcrbpj.mH4GhZ4.A2WnXP8cw0KGrsvXTTlXP6q';
BEGIN
    -- per block of 22: 1..16 password users, 17..19 Google-only, 20 banned, 21 soft-deleted, 22 anonymous
    INSERT INTO auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data,
                            raw_user_meta_data, is_super_admin, created_at, updated_at, last_sign_in_at, banned_until,
                            deleted_at, is_anonymous)
    SELECT '00000000-0000-0000-0000-000000000000', legacy_demo_id('auth', i), 'authenticated', 'authenticated',
           CASE WHEN k = 22 THEN NULL ELSE 'user' || i || '@demo.example' END,
           CASE WHEN k BETWEEN 17 AND 19 OR k = 22 THEN '' WHEN k = 3 THEN pw3 WHEN k % 2 = 0 THEN pw2 ELSE pw1 END,
           CASE WHEN k IN (5, 11, 22) THEN NULL ELSE now() - (i || ' hours')::interval END,
           CASE WHEN k BETWEEN 17 AND 19 THEN '{"provider":"google","providers":["google"]}'
                WHEN k = 22 THEN '{}' ELSE '{"provider":"email","providers":["email"]}' END::jsonb,
           jsonb_build_object('name', 'Demo User ' || i),
           false, now() - ((i % 3650) || ' days')::interval, now(), now() - (i || ' minutes')::interval,
           CASE WHEN k = 20 THEN now() + interval '30 days' END,
           CASE WHEN k = 21 THEN now() - interval '2 days' END,
           k = 22
    FROM generate_series(1, 22 * scale) AS i, LATERAL (SELECT (i - 1) % 22 + 1 AS k) AS block
    ON CONFLICT (id) DO NOTHING;

    INSERT INTO auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
    SELECT CASE WHEN k BETWEEN 17 AND 19 THEN 'google-sub-' || i ELSE legacy_demo_id('auth', i)::text END,
           legacy_demo_id('auth', i),
           jsonb_build_object('sub', CASE WHEN k BETWEEN 17 AND 19 THEN 'google-sub-' || i ELSE legacy_demo_id('auth', i)::text END,
                              'email', 'user' || i || '@demo.example', 'email_verified', true,
                              'name', 'Demo User ' || i, 'iss', CASE WHEN k BETWEEN 17 AND 19 THEN 'https://accounts.google.com' END),
           CASE WHEN k BETWEEN 17 AND 19 THEN 'google' ELSE 'email' END, now(), now()
    FROM generate_series(1, 22 * scale) AS i, LATERAL (SELECT (i - 1) % 22 + 1 AS k) AS block
    WHERE k <> 22
    ON CONFLICT (provider_id, provider) DO NOTHING;

    -- 17 app users per block: auth users 1..17 (18..22 are the orphans)
    INSERT INTO public.users (id, auth_user_id, email, email_verified, status, created_at, updated_at)
    SELECT legacy_demo_id('app', i), legacy_demo_id('auth', i)::text, 'user' || i || '@demo.example', k NOT IN (5, 11),
           CASE WHEN k IN (5, 11) THEN 'pending' ELSE 'active' END, now() - ((i % 3650) || ' days')::interval, now()
    FROM generate_series(1, 22 * scale) AS i, LATERAL (SELECT (i - 1) % 22 + 1 AS k) AS block
    WHERE k <= 17
    ON CONFLICT (id) DO NOTHING;

    INSERT INTO public.user_profiles (id, user_id, display_name, first_name, last_name, bio)
    SELECT legacy_demo_id('profile', u.n), legacy_demo_id('app', u.n), 'Demo ' || u.n, 'Demo', 'User ' || u.n,
           repeat('A long biography. ', 200) -- wide rows: TOASTed values for the capture to handle
    FROM (SELECT i AS n FROM generate_series(1, 22 * scale) AS i WHERE (i - 1) % 22 + 1 <= 17) AS u
    ON CONFLICT (id) DO NOTHING;

    INSERT INTO public.user_contacts (id, user_id, kind, value, is_primary, verified)
    SELECT legacy_demo_id('contact', u.n), legacy_demo_id('app', u.n), 'phone', '+4930' || lpad(u.n::text, 8, '0'), true, false
    FROM (SELECT i AS n FROM generate_series(1, 22 * scale) AS i WHERE (i - 1) % 22 + 1 <= 17) AS u
    ON CONFLICT (id) DO NOTHING;

    -- 14 memberships, 5 queued, 8 KYC rows, 10 payouts, 2 disputes per block
    INSERT INTO public.user_memberships (id, user_id, plan, status, started_at)
    SELECT legacy_demo_id('membership', i), legacy_demo_id('app', i), CASE WHEN k % 3 = 0 THEN 'gold' ELSE 'silver' END,
           CASE WHEN k = 14 THEN 'cancelled' ELSE 'active' END, now() - (k || ' weeks')::interval
    FROM generate_series(1, 22 * scale) AS i, LATERAL (SELECT (i - 1) % 22 + 1 AS k) AS block
    WHERE k <= 14
    ON CONFLICT (id) DO NOTHING;

    INSERT INTO public.membership_queue (id, user_id, position, joined_at)
    SELECT legacy_demo_id('queue', i), legacy_demo_id('app', i), row_number() OVER (ORDER BY i), now() - (i || ' hours')::interval
    FROM generate_series(1, 22 * scale) AS i, LATERAL (SELECT (i - 1) % 22 + 1 AS k) AS block
    WHERE k <= 5
    ON CONFLICT (id) DO NOTHING;

    INSERT INTO public.kyc_verification (id, user_id, status, document_type, document_reference, submitted_at, reviewed_at)
    SELECT legacy_demo_id('kyc', i), legacy_demo_id('app', i),
           CASE WHEN k <= 5 THEN 'approved' WHEN k = 6 THEN 'rejected' ELSE 'submitted' END,
           'passport', 'docs://legacy-' || i, now() - interval '30 days', CASE WHEN k <= 6 THEN now() - interval '20 days' END
    FROM generate_series(1, 22 * scale) AS i, LATERAL (SELECT (i - 1) % 22 + 1 AS k) AS block
    WHERE k <= 8
    ON CONFLICT (id) DO NOTHING;

    INSERT INTO public.payout_management (id, user_id, amount, currency, status, scheduled_for, paid_at)
    SELECT legacy_demo_id('payout', i), legacy_demo_id('app', (i - 1) / 10 * 22 + ((i - 1) % 10) % 5 + 1),
           100.00, 'EUR', CASE WHEN (i - 1) % 10 < 7 THEN 'paid' ELSE 'scheduled' END,
           now() - ((i % 10) || ' weeks')::interval, CASE WHEN (i - 1) % 10 < 7 THEN now() - ((i % 10) || ' weeks')::interval END
    FROM generate_series(1, 10 * scale) AS i
    ON CONFLICT (id) DO NOTHING;

    INSERT INTO public.disputes (id, user_id, payout_id, status, reason)
    SELECT legacy_demo_id('dispute', i), legacy_demo_id('app', (i - 1) / 2 * 22 + 1), legacy_demo_id('payout', (i - 1) / 2 * 10 + 1),
           CASE WHEN i % 2 = 0 THEN 'open' ELSE 'resolved' END, 'amount'
    FROM generate_series(1, 2 * scale) AS i
    ON CONFLICT (id) DO NOTHING;

    IF NOT audit_logs THEN
        RETURN;
    END IF;
    INSERT INTO public.system_audit_logs (action, actor_id, target, details, created_at)
    SELECT (ARRAY['user.login', 'user.update', 'membership.update', 'payout.schedule', 'kyc.review'])[i % 5 + 1],
           legacy_demo_id('auth', (i % (22 * scale)) + 1)::text, 'public.users',
           jsonb_build_object('n', i), now() - (i || ' minutes')::interval
    FROM generate_series(1, 1950 * scale) AS i;

    INSERT INTO public.user_audit_logs (user_id, action, ip_address, user_agent, created_at)
    SELECT legacy_demo_id('app', (i - 1) % 17 + 1), 'sign_in', '203.0.113.' || (i % 250), 'Mozilla/5.0 (demo)',
           now() - (i || ' hours')::interval
    FROM generate_series(1, 40 * scale) AS i;
END $$;

-- The legacy app's own roles, as Supabase has them: PostgREST connects as authenticator, GoTrue as
-- supabase_auth_admin. The cutover's freeze makes them read-only (the demo's password is the role's name).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticator') THEN
        CREATE ROLE authenticator LOGIN PASSWORD 'authenticator';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'supabase_auth_admin') THEN
        CREATE ROLE supabase_auth_admin LOGIN PASSWORD 'supabase_auth_admin';
    END IF;
END $$;
GRANT USAGE ON SCHEMA public, auth TO authenticator, supabase_auth_admin;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public, auth TO authenticator, supabase_auth_admin;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public, auth TO authenticator, supabase_auth_admin;
