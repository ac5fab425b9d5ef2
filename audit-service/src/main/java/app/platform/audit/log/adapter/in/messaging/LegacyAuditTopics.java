package app.platform.audit.log.adapter.in.messaging;

import app.platform.audit.log.application.AppendToAuditLog;
import app.platform.audit.log.application.LegacyAuditRows;
import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import app.platform.consumer.ReactiveIdempotentConsumer;
import app.platform.legacy.LegacyChange;
import app.platform.legacy.ReactiveLegacyLedger;
import app.platform.legacy.ReactiveLegacyLedger.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import app.platform.consumer.EventConsumerAutoConfiguration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * During the cutover: the legacy audit logs as cdc-relay captures them, each row audited once, through the legacy
 * ledger (for the reconciliation); a user's row goes into the chain of the identity user of its legacy app user
 * (learnt from {@code public.users}), so members read their legacy history as their own. A polled batch is one
 * transaction: its users locked in one order, every change through the ledger, then one append of all the batch's
 * entries (the chains locked once).
 * A malformed record: the ones before it are audited, then it goes to the dead-letter topic.
 */
@Component
class LegacyAuditTopics {

    private static final String USER_LOGS = "public.user_audit_logs";

    private final ReactiveLegacyLedger ledger;
    private final ReactiveIdempotentConsumer idempotent;
    private final AppendToAuditLog append;
    private final TransactionalOperator tx;

    LegacyAuditTopics(ReactiveLegacyLedger ledger, ReactiveIdempotentConsumer idempotent, AppendToAuditLog append,
                      ReactiveTransactionManager tm) {
        this.ledger = ledger;
        this.idempotent = idempotent;
        this.append = append;
        this.tx = TransactionalOperator.create(tm);
        // a member's row that waited for its user, applied again on its own by the ledger's sweep
        ledger.retryWith(USER_LOGS, c -> ledger.forUser(c, (row, user) -> LegacyAuditRows.of(LegacyAuditRows.USER, row.op(), row.row(), user)
                .map(e -> idempotent.once(e, append::append)).orElse(Mono.just(true)).thenReturn(Outcome.done())));
    }

    @KafkaListener(id = "legacy-audit-import", containerFactory = EventConsumerAutoConfiguration.RETRY_FOREVER, autoStartup = "${audit.legacy-import.enabled}", batch = "true",
            topics = {"${audit.legacy-import.topic-prefix}.public.users",
                    "${audit.legacy-import.topic-prefix}.public.system_audit_logs",
                    "${audit.legacy-import.topic-prefix}.public.user_audit_logs"})
    void on(List<String> values) {
        List<LegacyChange> changes = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                continue; // a tombstone
            }
            try {
                changes.add(LegacyChange.parse(values.get(i)));
            } catch (EventJson.MalformedEvent e) {
                audit(changes);
                throw new BatchListenerFailedException("malformed legacy change", e, i);
            }
        }
        audit(changes);
    }

    private void audit(List<LegacyChange> changes) {
        List<EventEnvelope> entries = new ArrayList<>();
        ledger.lockUsers(changes).thenMany(Flux.fromIterable(changes))
                .concatMap(change -> ledger.handle(change, c -> switch (c.table()) {
                    case ReactiveLegacyLedger.USERS -> Mono.just(Outcome.done()); // who is who: kept in the ledger
                    case USER_LOGS -> ledger.forUser(c, (row, user) -> collect(LegacyAuditRows.USER, row, user, entries));
                    default -> collect(LegacyAuditRows.SYSTEM, c, null, entries);
                }))
                .then(Mono.defer(() -> idempotent.onceEach(entries, append::appendAll)))
                .as(tx::transactional)
                .block(ReactiveLegacyLedger.TIMEOUT);
    }

    private static Mono<Outcome> collect(String table, LegacyChange change, UUID user, List<EventEnvelope> entries) {
        LegacyAuditRows.of(table, change.op(), change.row(), user).ifPresent(entries::add);
        return Mono.just(Outcome.done());
    }
}
