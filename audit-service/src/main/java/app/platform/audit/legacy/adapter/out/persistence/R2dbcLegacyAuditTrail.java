package app.platform.audit.legacy.adapter.out.persistence;

import app.platform.audit.legacy.application.LegacyAuditTrail;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Whether an entry was appended, by the idempotent consumer's mark ({@code processed_event}, written in the same
 * transaction as the entry): the same mark that keeps it from being appended twice, kept when the retention prunes the
 * entry itself.
 */
@Repository
class R2dbcLegacyAuditTrail implements LegacyAuditTrail {

    private final DatabaseClient db;

    R2dbcLegacyAuditTrail(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Boolean> appended(UUID eventId) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM processed_event WHERE event_id = :id)")
                .bind("id", eventId)
                .map(row -> Boolean.TRUE.equals(row.get(0, Boolean.class)))
                .one()
                .defaultIfEmpty(false);
    }
}
