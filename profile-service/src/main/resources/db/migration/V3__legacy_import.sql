-- the cutover: the legacy app user id (public.users.id) kept beside the app user (keyed by the identity user id);
-- imported biographies are kept whole, even where they are longer than the API accepts for new ones.
ALTER TABLE users ADD COLUMN legacy_id uuid UNIQUE;
ALTER TABLE user_profiles ALTER COLUMN bio TYPE text;
