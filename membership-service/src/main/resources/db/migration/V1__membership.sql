-- membership: memberships (the queue, KYC, payouts and disputes come with their features);
-- the outbox and processed_event come from shared-events (db/platform).
CREATE TABLE user_memberships (
    id           uuid PRIMARY KEY,
    user_id      uuid        NOT NULL,
    plan         varchar(64) NOT NULL,
    status       varchar(16) NOT NULL CHECK (status IN ('pending', 'active', 'paused', 'cancelled', 'expired')),
    started_at   timestamptz,
    ends_at      timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_memberships_user_idx ON user_memberships (user_id);
