-- The outbox of a publishing service (Debezium's outbox shape): one row per event, written in the same transaction
-- as the state change; cdc-relay routes it to <aggregatetype>.events, keyed by aggregateid, type in a header.
-- Shared by every publishing service through spring.flyway.locations (classpath:db/platform/outbox).
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
