-- When a payment last succeeded: a failure older than that, delivered late (payments are keyed each by its own id),
-- is stale and does not start the grace period (domain Arrears).
ALTER TABLE user_memberships ADD COLUMN payment_succeeded_at timestamptz;
