-- what keeps an app user suspended: identity's ban, an operator's suspension (here, or the legacy app's own status),
-- or both; lifting one leaves the other in force. A suspension before this version is taken as identity's ban, which
-- is how it was lifted until now.
ALTER TABLE users ADD COLUMN banned boolean NOT NULL DEFAULT false,
    ADD COLUMN suspended_by_operator boolean NOT NULL DEFAULT false;
UPDATE users SET banned = true WHERE status = 'Suspended';
