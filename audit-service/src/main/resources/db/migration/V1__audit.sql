-- audit: append-only, hash-chained log of every event. Each row's hash covers the previous row's hash and the
-- row's canonical content, so any edit or deletion breaks the chain from that row on.
CREATE TABLE system_audit_logs (
    id             bigserial PRIMARY KEY,
    event_id       uuid         NOT NULL UNIQUE,
    event_type     varchar(255) NOT NULL,
    aggregate_type varchar(255) NOT NULL,
    aggregate_id   varchar(255) NOT NULL,
    actor          varchar(255),
    correlation_id varchar(255),
    occurred_at    timestamptz  NOT NULL,
    recorded_at    timestamptz  NOT NULL DEFAULT now(),
    data           text         NOT NULL,
    prev_hash      bytea,
    hash           bytea        NOT NULL
);
CREATE INDEX system_audit_logs_aggregate_idx ON system_audit_logs (aggregate_type, aggregate_id);
CREATE INDEX system_audit_logs_type_idx ON system_audit_logs (event_type, occurred_at);
