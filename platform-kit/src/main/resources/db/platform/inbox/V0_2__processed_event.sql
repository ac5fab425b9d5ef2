-- The events a consuming service has applied, written in the same transaction as their effect: a redelivered
-- event finds its id here and changes nothing. Shared through spring.flyway.locations (classpath:db/platform/inbox).
CREATE TABLE processed_event (
    event_id     uuid PRIMARY KEY,
    event_type   varchar(255) NOT NULL,
    processed_at timestamptz  NOT NULL
);
