package app.platform.audit.log.application;

import app.platform.audit.log.domain.AuditEntry;
import app.platform.audit.log.domain.HashChain;
import app.platform.audit.log.domain.RedactionPolicy;
import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import org.springframework.stereotype.Service;
import java.util.Optional;
import java.util.UUID;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Appends an event to the system chain, and to its user's chain when it is about a user ({@link Subject}); run
 * inside the idempotent consumer's transaction.
 */
@Service
public class AppendToAuditLog {

    private final AuditLog log;
    private final RedactionPolicy redaction;

    public AppendToAuditLog(AuditLog log, RedactionPolicy redaction) {
        this.log = log;
        this.redaction = redaction;
    }

    public Mono<Void> append(EventEnvelope event) {
        AuditEntry entry = new AuditEntry(event.eventId(), event.eventType(), event.aggregateType(),
                event.aggregateId(), event.actor(), event.correlationId(), event.occurredAt(),
                EventJson.MAPPER.writeValueAsString(redacted(event)));
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

    /** The event's data with the policy's personal fields replaced, before anything is stored or hashed. */
    private JsonNode redacted(EventEnvelope event) {
        var fields = redaction.fieldsOf(event.eventType());
        if (fields.isEmpty() || !(event.data() instanceof ObjectNode data)) {
            return event.data();
        }
        ObjectNode copy = data.deepCopy();
        fields.stream().filter(copy::has).forEach(f -> copy.put(f, RedactionPolicy.REDACTED));
        return copy;
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
