package app.platform.audit.log.application;

import app.platform.audit.log.domain.AuditEntry;
import app.platform.audit.log.domain.HashChain;
import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import org.springframework.stereotype.Service;
import java.util.Optional;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * Appends an event to the system chain, and to its user's chain when it is about a user ({@link Subject}); run
 * inside the idempotent consumer's transaction.
 */
@Service
public class AppendToAuditLog {

    private final AuditLog log;

    public AppendToAuditLog(AuditLog log) {
        this.log = log;
    }

    public Mono<Void> append(EventEnvelope event) {
        AuditEntry entry = new AuditEntry(event.eventId(), event.eventType(), event.aggregateType(),
                event.aggregateId(), event.actor(), event.correlationId(), event.occurredAt(),
                EventJson.MAPPER.writeValueAsString(event.data()));
        Mono<Void> system = log.lockSystemChainAndReadHead()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(head -> {
                    byte[] previous = head.orElse(null);
                    return log.insert(entry, previous, HashChain.link(previous, entry));
                });
        Optional<UUID> user = Subject.of(event.aggregateType(), event.aggregateId(), event.data());
        return user.isEmpty() ? system : system.then(log.lockUserChainAndReadHead(user.get())
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(head -> {
                    byte[] previous = head.orElse(null);
                    return log.insertForUser(user.get(), entry, previous, HashChain.link(previous, entry));
                }));
    }

    /** The persistence port of the chain. */
    public interface AuditLog {

        /** Serialises writers of the system chain for this transaction; emits the newest row's hash, if any. */
        Mono<byte[]> lockSystemChainAndReadHead();

        Mono<Void> insert(AuditEntry entry, byte[] prevHash, byte[] hash);

        /** Serialises writers of one user's chain for this transaction; emits its newest row's hash, if any. */
        Mono<byte[]> lockUserChainAndReadHead(UUID userId);

        Mono<Void> insertForUser(UUID userId, AuditEntry entry, byte[] prevHash, byte[] hash);
    }
}
