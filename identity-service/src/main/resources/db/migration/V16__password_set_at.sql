-- when a person last set the password here (sign-up, change, reset), apart from a rehash at a sign-in: an imported
-- user's hash set here is the one the failback carries back, a rehash stands for the imported hash it replaced
ALTER TABLE account ADD COLUMN password_set_at timestamptz;
-- a hash in identity's own form set before this column existed counts as set here (a rehash then is carried back too:
-- the same password, GoTrue verifies it), so no password changed before the upgrade goes back as the old one
UPDATE account SET password_set_at = updated_at WHERE provider = 'password' AND password_hash LIKE '{bcrypt}%';
