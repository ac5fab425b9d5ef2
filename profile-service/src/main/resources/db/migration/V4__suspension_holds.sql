-- what keeps an app user suspended: identity's ban, an operator's suspension (here, or the legacy app's own status),
-- or both; lifting one leaves the other in force. A suspension from before this version has no known cause, so it is
-- held as both (fail closed): it lasts until identity lifts its ban and an operator lifts theirs.
ALTER TABLE users ADD COLUMN banned boolean NOT NULL DEFAULT false,
    ADD COLUMN suspended_by_operator boolean NOT NULL DEFAULT false;
UPDATE users SET banned = true, suspended_by_operator = true WHERE status = 'Suspended';
