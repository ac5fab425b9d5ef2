-- Supabase rows as real projects have them: phone-only users, and SSO users, whom GoTrue lets share an address with
-- a password user (its unique index on email is partial: WHERE is_sso_user = false). SSO users never sign in here
-- by password, Google or a reset link: every lookup by address leaves them out.
ALTER TABLE users ADD COLUMN phone text;
ALTER TABLE users ADD COLUMN is_sso_user boolean NOT NULL DEFAULT false;
DROP INDEX users_email_key;
CREATE UNIQUE INDEX users_email_key ON users (lower(email)) WHERE email IS NOT NULL AND deleted_at IS NULL AND NOT is_sso_user;
-- every provider GoTrue has is linked (apple, github, azure, saml; an SSO provider is "sso:<provider id>")
ALTER TABLE account ALTER COLUMN provider TYPE varchar(64);
