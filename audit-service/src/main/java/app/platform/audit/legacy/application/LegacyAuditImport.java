package app.platform.audit.legacy.application;

import app.platform.audit.log.application.AppendToAuditLog;
import app.platform.audit.log.domain.AuditEntry;
import app.platform.consumer.ReactiveIdempotentConsumer;
import app.platform.errors.InvalidInput;
import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import app.platform.legacy.LegacyBatchRead;
import app.platform.legacy.LegacyBatchStep;
import app.platform.legacy.LegacyChange;
import app.platform.legacy.LegacyTarget;
import app.platform.legacy.ReactiveLegacyLedger;
import app.platform.legacy.ReactiveLegacyLedger.Outcome;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The anti-corruption layer of the legacy {@code public.system_audit_logs} and {@code public.user_audit_logs}: each
 * change of a row is made into an event by {@link LegacyAuditRows} and appended the way every event is
 * ({@link AppendToAuditLog}, at most once by its id; a polled batch's events in one append, as the native consumer's),
 * so the chains, their hashes and the redaction are the native ones.
 * A member's row goes into the chain of the identity user of its legacy app user (learnt from {@code public.users}; the
 * row waits until that user is imported), so members read their legacy history as their own. A row that cannot be
 * audited is reported.
 *
 * <p>The legacy log could be edited before the cutover, and the log keeps every version: a row is first audited as it
 * is first seen, a later version (an update, or a snapshot read of other content) is appended as a revision of it, and
 * its delete as a tombstone ({@link LegacyAuditRows}). Which one a change is, is decided by whether the row's first
 * entry was ever appended ({@link LegacyAuditTrail}); that a change is a new version at all is the ledger's to say (it
 * hands the translation only a change whose content differs from the row's last applied one, never a redelivered
 * change, and a delete only of a row it holds).
 *
 * <p>What the log holds of each table is declared to the ledger ({@link LegacyTarget}, the query from
 * {@link HeldLegacyAudit}: each legacy row's latest entry, nothing once that is a tombstone), so the cutover's
 * verification compares the log with the legacy rows: every legacy column is kept, none dropped. What the log should
 * hold of a legacy row is the entry the import makes of it ({@link LegacyAuditRows}, then {@link AppendToAuditLog#entry}),
 * nothing once it is deleted.
 */
@Service
public class LegacyAuditImport {

    public static final String SYSTEM_LOGS = "public.system_audit_logs";
    public static final String USER_LOGS = "public.user_audit_logs";
    private static final String RULE = "a legacy audit row needs its id and the time it was written";
    /** The identity user a member's row is expected in: not a legacy column (its chain is compared by user_id). */
    private static final UUID ANY_USER = new UUID(0, 0);

    private final AppendToAuditLog append;
    /** The events, appended once per polled batch: one lock of each chain and one insert per table for all of them. */
    private final LegacyBatchStep<EventEnvelope> appends;
    /** Whether a change's row had its first entry appended before the batch: read once per polled batch. */
    private final LegacyBatchRead<UUID, Boolean> appendedBefore;
    private final Function<LegacyChange, Mono<Outcome>> userRows;

    public LegacyAuditImport(ReactiveLegacyLedger ledger, ReactiveIdempotentConsumer idempotent, AppendToAuditLog append,
                             LegacyAuditTrail trail, HeldLegacyAudit held) {
        this.append = append;
        this.appends = new LegacyBatchStep<>(events -> idempotent.onceEach(events, append::appendAll).then());
        this.appendedBefore = new LegacyBatchRead<>(LegacyAuditImport::firstEntry,
                ids -> trail.appended(ids).map(appended -> appended.stream().collect(Collectors.toMap(id -> id, id -> true))));
        this.userRows = ledger.forUsers("audit-service", Map.of(USER_LOGS, this::userRow));
        // nothing in the import reads the ledger's rows of the logs again: recorded once per batch
        ledger.recordedPerBatch(SYSTEM_LOGS, USER_LOGS);
        ledger.targets().declare(LegacyTarget.of(SYSTEM_LOGS,
                held.query(SYSTEM_LOGS, LegacyAuditRows.SYSTEM, LegacyAuditRows.DELETED), Map.of()).expecting(this::expected));
        ledger.targets().declare(LegacyTarget.of(USER_LOGS,
                held.query(USER_LOGS, LegacyAuditRows.USER, LegacyAuditRows.DELETED), Map.of()).expecting(this::expected));
    }

    /**
     * What the log should hold of a legacy row, in the legacy table's columns: the entry the import appends of it (its
     * action as the entry's type, its actor as the entry's, its time as the entry's, target, details and legacy user
     * as the entry's data keeps them, a member's address and user agent as the entry's), whether as its first entry or
     * as a revision (which keeps the same, its {@code created_at} in its data); nothing once the legacy row is deleted
     * (its latest entry is a tombstone), nor for a row the import cannot audit (no id, no time).
     */
    private Map<String, Object> expected(LegacyTarget target, ObjectNode row, boolean deleted) {
        if (deleted) {
            return null;
        }
        boolean system = target.table().equals(SYSTEM_LOGS);
        LegacyChange read = new LegacyChange(target.table(), "r", row, Instant.EPOCH);
        Optional<EventEnvelope> event;
        try {
            event = system ? LegacyAuditRows.system(read, false) : LegacyAuditRows.user(read, ANY_USER, false);
        } catch (InvalidInput e) {
            return null;
        }
        AuditEntry entry = append.entry(event.orElseThrow());
        JsonNode data = EventJson.MAPPER.readTree(entry.data());
        Map<String, Object> held = target.mapped(row); // a legacy column the log does not keep stays as it is: a difference
        held.put("id", data.path("legacyId"));
        held.put("action", entry.eventType());
        held.put("created_at", entry.occurredAt());
        if (system) {
            held.put("actor_id", entry.actor());
            held.put("target", data.path("target"));
            held.put("details", data.path("details"));
        } else {
            held.put("user_id", data.path("legacyUserId"));
            held.put("ip_address", entry.ipAddress());
            held.put("user_agent", entry.userAgent());
        }
        return held;
    }

    /**
     * The translation the ledger applies to each captured change ({@link ReactiveLegacyLedger#handleBatch}): a system
     * row is audited here, a member's row for its user ({@link ReactiveLegacyLedger#forUsers}).
     */
    public Mono<Outcome> apply(LegacyChange change) {
        return change.table().equals(SYSTEM_LOGS)
                ? audited(LegacyAuditRows.SYSTEM, change, was -> LegacyAuditRows.system(change, was))
                : userRows.apply(change);
    }

    /** The first entry of a change of a log row; none for another table's (the legacy users) or a row with no id. */
    private static Optional<UUID> firstEntry(LegacyChange change) {
        return switch (change.table()) {
            case SYSTEM_LOGS -> LegacyAuditRows.firstEntry(LegacyAuditRows.SYSTEM, change);
            case USER_LOGS -> LegacyAuditRows.firstEntry(LegacyAuditRows.USER, change);
            default -> Optional.empty();
        };
    }

    private Mono<Outcome> userRow(LegacyChange change, UUID user) {
        return audited(LegacyAuditRows.USER, change, was -> LegacyAuditRows.user(change, user, was));
    }

    /**
     * Appends the event a change of a legacy row is (its first entry, a revision or a tombstone, as whether its first
     * entry was appended says; nothing for a delete of a row never audited), or reports the row with what it lacks.
     */
    private Mono<Outcome> audited(String aggregateType, LegacyChange change,
                                  Function<Boolean, Optional<EventEnvelope>> translation) {
        Mono<Boolean> firstAppended = LegacyAuditRows.firstEntry(aggregateType, change)
                .map(first -> appends.kept().flatMap(kept -> kept.stream().anyMatch(e -> e.eventId().equals(first))
                        ? Mono.just(true) : appendedBefore.of(change).defaultIfEmpty(false))) // kept earlier in this batch: appended with it
                .orElseGet(() -> Mono.just(false)); // no id: refused by the translation
        return firstAppended.flatMap(was -> ReactiveLegacyLedger.translated(() -> translation.apply(was), RULE,
                event -> event.map(e -> appends.keep(e).thenReturn(Outcome.done()))
                        .orElseGet(() -> Mono.just(Outcome.done()))));
    }
}
