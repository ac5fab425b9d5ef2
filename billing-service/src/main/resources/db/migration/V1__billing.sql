-- billing: subscriptions (payments, methods, schedules, agreements, tax forms and monitoring come with their
-- features); the outbox and processed_event come from shared-events (db/platform).
CREATE TABLE user_subscriptions (
    id                   uuid PRIMARY KEY,
    user_id              uuid        NOT NULL,
    plan                 varchar(64) NOT NULL,
    price_minor          bigint      NOT NULL CHECK (price_minor >= 0),
    currency             char(3)     NOT NULL,
    billing_interval     varchar(16) NOT NULL CHECK (billing_interval IN ('month', 'year')),
    status               varchar(16) NOT NULL CHECK (status IN ('trialing', 'active', 'past_due', 'cancelled')),
    current_period_end   timestamptz,
    cancel_at_period_end boolean     NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_subscriptions_user_idx ON user_subscriptions (user_id);
