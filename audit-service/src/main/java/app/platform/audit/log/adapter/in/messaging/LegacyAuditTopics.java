package app.platform.audit.log.adapter.in.messaging;

import app.platform.audit.log.application.AppendToAuditLog;
import app.platform.audit.log.application.LegacyAuditRows;
import app.platform.events.EventEnvelope;
import app.platform.events.consumer.ReactiveIdempotentConsumer;
import app.platform.legacy.LegacyChange;
import app.platform.legacy.ReactiveLegacyLedger;
import app.platform.legacy.ReactiveLegacyLedger.Outcome;
import java.util.Optional;
import java.util.UUID;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * During the cutover: the legacy audit logs as cdc-relay captures them, each row audited once, through the legacy
 * ledger (for the reconciliation); a user's row goes into the chain of the identity user of its legacy app user
 * (learnt from {@code public.users}), so members read their legacy history as their own.
 */
@Component
class LegacyAuditTopics {

    private final ReactiveLegacyLedger ledger;
    private final ReactiveIdempotentConsumer idempotent;
    private final AppendToAuditLog append;

    LegacyAuditTopics(ReactiveLegacyLedger ledger, ReactiveIdempotentConsumer idempotent, AppendToAuditLog append) {
        this.ledger = ledger;
        this.idempotent = idempotent;
        this.append = append;
    }

    @KafkaListener(id = "legacy-audit-import", autoStartup = "${audit.legacy-import.enabled}",
            topics = {"${audit.legacy-import.topic-prefix}.public.users",
                    "${audit.legacy-import.topic-prefix}.public.system_audit_logs",
                    "${audit.legacy-import.topic-prefix}.public.user_audit_logs"})
    void on(String value) {
        if (value == null) {
            return; // a tombstone
        }
        ledger.handle(LegacyChange.parse(value), c -> switch (c.table()) {
            case ReactiveLegacyLedger.USERS -> Mono.just(Outcome.done()); // who is who: kept in the ledger
            case "public.user_audit_logs" -> ledger.forUser(c, (row, user) -> audit(LegacyAuditRows.USER, row, user));
            default -> audit(LegacyAuditRows.SYSTEM, c, null);
        }).block(ReactiveLegacyLedger.TIMEOUT);
    }

    private Mono<Outcome> audit(String table, LegacyChange change, UUID user) {
        Optional<EventEnvelope> event = LegacyAuditRows.of(table, change.op(), change.row(), user);
        return event.map(e -> idempotent.once(e, append::append)).orElse(Mono.just(true)).thenReturn(Outcome.done());
    }
}
