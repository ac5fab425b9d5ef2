-- Debezium offsets of each engine (outbox relay, legacy capture), written by JdbcOffsetBackingStore.
CREATE TABLE engine_offset (
    engine     text        NOT NULL,
    k          bytea       NOT NULL,
    v          bytea,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (engine, k)
);
