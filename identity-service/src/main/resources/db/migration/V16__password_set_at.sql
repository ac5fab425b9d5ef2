-- when a person last set the password here (sign-up, change, reset), apart from a rehash at a sign-in: an imported
-- user's hash set here is the one the failback carries back, a rehash stands for the imported hash it replaced
ALTER TABLE account ADD COLUMN password_set_at timestamptz;
