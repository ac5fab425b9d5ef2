package app.platform.outbox;

import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import app.platform.runtime.Times;
import java.util.Map;

/** The {@code outbox} table (db/platform/outbox) as both outboxes write and prune it. */
final class OutboxRows {

    static final String INSERT = """
            INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, occurred_at, correlation_id)
            VALUES (:id, :aggregatetype, :aggregateid, :type, CAST(:payload AS jsonb), :occurredAt, :correlationId)
            """;

    static final String PRUNE = "DELETE FROM outbox WHERE occurred_at < :before";

    /** cdc-relay's slot in this database. */
    private static final String SLOT = "SELECT 1 FROM pg_replication_slots s WHERE s.slot_name = :slot "
            + "AND s.database = current_database()";

    /**
     * The pruner's mark, the WAL position now and the time, taken only while the slot exists: a mark before the slot
     * was made would count as passed at once, while the relay's first snapshot may not have read the rows yet.
     */
    static final String MARK = "INSERT INTO outbox_prune_mark (lsn) SELECT pg_current_wal_lsn() WHERE EXISTS (" + SLOT + ")";

    /** Without the slot, its marks go: a slot made again starts from none. */
    static final String FORGET_SLOT = "DELETE FROM outbox_prune_mark WHERE NOT EXISTS (" + SLOT + ")";

    /**
     * The time of the newest mark cdc-relay's slot (in this database) has confirmed: every row committed before it
     * was relayed, provided this outbox is in the relay's publication (the slot moves on with other schemas' rows and
     * heartbeats too). None while the slot does not exist, has confirmed no mark yet, or does not publish this outbox.
     */
    static final String RELAYED_AT = """
            SELECT max(m.at) FROM outbox_prune_mark m
            WHERE m.lsn < (SELECT s.confirmed_flush_lsn FROM pg_replication_slots s
                            WHERE s.slot_name = :slot AND s.database = current_database())
              AND EXISTS (SELECT 1 FROM pg_publication_tables p WHERE p.pubname = :publication
                          AND p.schemaname = current_schema() AND p.tablename = 'outbox')""";

    /** The marks older than the newest confirmed one, of no further use. */
    static final String FORGET_MARKS = "DELETE FROM outbox_prune_mark WHERE at < :relayedAt";

    private OutboxRows() {
    }

    static Map<String, Object> values(EventEnvelope envelope) {
        return Map.of(
                "id", envelope.eventId(),
                "aggregatetype", envelope.aggregateType(),
                "aggregateid", envelope.aggregateId(),
                "type", envelope.eventType(),
                "payload", EventJson.write(envelope),
                "occurredAt", Times.utc(envelope.occurredAt()),
                "correlationId", envelope.correlationId());
    }
}
