package app.platform.audit.legacy.application;

import app.platform.audit.log.application.AppendToAuditLog;
import app.platform.consumer.ReactiveIdempotentConsumer;
import app.platform.events.EventEnvelope;
import app.platform.legacy.LegacyChange;
import app.platform.legacy.ReactiveLegacyLedger;
import app.platform.legacy.ReactiveLegacyLedger.Outcome;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The anti-corruption layer of the legacy {@code public.system_audit_logs} and {@code public.user_audit_logs}: each
 * row is made into an event by {@link LegacyAuditRows} and appended the way every event is ({@link AppendToAuditLog},
 * at most once by its id), so the chains, their hashes and the redaction are the native ones. A member's row goes into
 * the chain of the identity user of its legacy app user (learnt from {@code public.users}; the row waits until that
 * user is imported), so members read their legacy history as their own. A row that cannot be audited is reported.
 */
@Service
public class LegacyAuditImport {

    public static final String SYSTEM_LOGS = "public.system_audit_logs";
    public static final String USER_LOGS = "public.user_audit_logs";
    private static final String RULE = "a legacy audit row needs its id and the time it was written";

    private final ReactiveIdempotentConsumer idempotent;
    private final AppendToAuditLog append;
    private final Function<LegacyChange, Mono<Outcome>> userRows;

    public LegacyAuditImport(ReactiveLegacyLedger ledger, ReactiveIdempotentConsumer idempotent, AppendToAuditLog append) {
        this.idempotent = idempotent;
        this.append = append;
        this.userRows = ledger.forUsers("audit-service", Map.of(USER_LOGS, this::userRow));
    }

    /**
     * The translation the ledger applies to each captured change ({@link ReactiveLegacyLedger#handleBatch}): a system
     * row is audited here, a member's row for its user ({@link ReactiveLegacyLedger#forUsers}).
     */
    public Mono<Outcome> apply(LegacyChange change) {
        return change.table().equals(SYSTEM_LOGS) ? audited(() -> LegacyAuditRows.system(change)) : userRows.apply(change);
    }

    private Mono<Outcome> userRow(LegacyChange change, UUID user) {
        return audited(() -> LegacyAuditRows.user(change, user));
    }

    /** Appends the event a legacy row is (none for an update or a delete), or reports the row with what it lacks. */
    private Mono<Outcome> audited(Supplier<Optional<EventEnvelope>> translation) {
        return ReactiveLegacyLedger.translated(translation, RULE, event -> event
                .map(e -> idempotent.once(e, append::append).thenReturn(Outcome.done()))
                .orElseGet(() -> Mono.just(Outcome.done())));
    }
}
