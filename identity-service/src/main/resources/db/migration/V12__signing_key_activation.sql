-- Key rotation without 401s: a new key is published at once and signs only from signs_from (a configured delay later),
-- when every replica and every resource server's JWKS cache can have seen it; the key it replaces retires then.
ALTER TABLE signing_key ADD COLUMN signs_from timestamptz;
UPDATE signing_key SET signs_from = created_at;
ALTER TABLE signing_key ALTER COLUMN signs_from SET NOT NULL, ALTER COLUMN signs_from SET DEFAULT now();
