-- A change of address waiting for its confirmation: the link mailed to the new address (a verification row of
-- purpose EMAIL_CHANGE) confirms the address kept here. One per user; a new request replaces it.
CREATE TABLE email_change (
    user_id      uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    new_email    varchar(320) NOT NULL,
    requested_at timestamptz  NOT NULL
);
