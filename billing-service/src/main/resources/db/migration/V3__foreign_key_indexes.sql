-- every foreign key has an index led by its columns: removing a payment method, a subscription or a payment (and
-- the check of each reference) finds the rows that point at it without a scan
CREATE INDEX user_subscriptions_payment_method_idx ON user_subscriptions (payment_method_id);
CREATE INDEX user_payments_subscription_idx ON user_payments (subscription_id);
CREATE INDEX payment_idempotency_keys_payment_idx ON payment_idempotency_keys (payment_id);
CREATE INDEX user_agreements_terms_version_idx ON user_agreements (terms_version);
