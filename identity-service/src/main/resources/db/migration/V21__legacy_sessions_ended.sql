-- When the user's sessions were last all ended here (a password reset or change, "sign out everywhere", an
-- operator's end of sessions, a Google takeover, a deletion): a Supabase session begun before it is no longer
-- exchanged for a platform one, as it would otherwise outlive what ended every other session.
ALTER TABLE users ADD COLUMN legacy_sessions_ended_at timestamptz;
