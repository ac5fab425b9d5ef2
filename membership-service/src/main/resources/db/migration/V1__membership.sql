-- membership: memberships (the queue, KYC, payouts and disputes come with their features); outbox, processed events.
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

CREATE TABLE outbox (
    id             uuid PRIMARY KEY,
    aggregatetype  varchar(255) NOT NULL,
    aggregateid    varchar(255) NOT NULL,
    type           varchar(255) NOT NULL,
    payload        jsonb        NOT NULL,
    occurred_at    timestamptz  NOT NULL,
    correlation_id varchar(255)
);
CREATE INDEX outbox_occurred_idx ON outbox (occurred_at);

CREATE TABLE processed_event (
    event_id     uuid PRIMARY KEY,
    event_type   varchar(255) NOT NULL,
    processed_at timestamptz  NOT NULL
);
