package app.platform.audit.legacy.adapter.out.persistence;

import app.platform.audit.legacy.application.LegacyAuditTrail;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
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
    public Mono<Set<UUID>> appended(Set<UUID> eventIds) {
        return db.sql("SELECT event_id FROM processed_event WHERE event_id = ANY(CAST(:ids AS uuid[]))")
                .bind("ids", eventIds.toArray(UUID[]::new))
                .map(row -> row.get(0, UUID.class))
                .all().collect(Collectors.toSet());
    }
}
