package app.platform.audit.log.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * One audited event, as it is chained: {@link #canonical()} is exactly what its hash covers. The time is kept at
 * the microsecond precision the database stores, so a row read back hashes the same. Where it came from (address,
 * user agent) is covered when known, and leaves the canonical form of rows without it as it always was.
 */
public record AuditEntry(UUID eventId, String eventType, String aggregateType, String aggregateId, String actor,
                         String correlationId, Instant occurredAt, String data, String ipAddress, String userAgent) {

    public AuditEntry {
        occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
    }

    public String canonical() {
        String base = String.join("\n", eventId.toString(), eventType, aggregateType, aggregateId, nullSafe(actor),
                nullSafe(correlationId), occurredAt.toString(), data);
        return ipAddress == null && userAgent == null ? base
                : String.join("\n", base, nullSafe(ipAddress), nullSafe(userAgent));
    }

    private static String nullSafe(String s) {
        return s == null ? "" : s;
    }
}
