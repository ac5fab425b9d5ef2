package app.platform.audit.log.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * One audited event, as it is chained: {@link #canonical()} is exactly what its hash covers. The time is kept at
 * the microsecond precision the database stores, so a row read back hashes the same.
 */
public record AuditEntry(UUID eventId, String eventType, String aggregateType, String aggregateId, String actor,
                         String correlationId, Instant occurredAt, String data) {

    public AuditEntry {
        occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
    }

    public String canonical() {
        return String.join("\n", eventId.toString(), eventType, aggregateType, aggregateId, nullSafe(actor),
                nullSafe(correlationId), occurredAt.toString(), data);
    }

    private static String nullSafe(String s) {
        return s == null ? "" : s;
    }
}
