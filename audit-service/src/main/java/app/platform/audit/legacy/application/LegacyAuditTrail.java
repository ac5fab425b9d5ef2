package app.platform.audit.legacy.application;

import java.util.Set;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * What the log has already audited of a legacy row: whether a change of it is its first entry, or a revision or
 * tombstone of that entry ({@link LegacyAuditRows}).
 */
public interface LegacyAuditTrail {

    /**
     * Which of the entries {@code eventIds} were ever appended, in the caller's transaction: marked once appended (the
     * idempotent consumer's mark), so an entry the retention pruned since still counts.
     */
    Mono<Set<UUID>> appended(Set<UUID> eventIds);
}
