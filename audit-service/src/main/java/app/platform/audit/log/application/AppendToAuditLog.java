package app.platform.audit.log.application;

import app.platform.audit.log.domain.AuditEntry;
import app.platform.audit.log.domain.ChainEnd;
import app.platform.audit.log.domain.HashChain;
import app.platform.audit.log.domain.RedactionPolicy;
import app.platform.audit.retention.application.Retention;
import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import org.springframework.stereotype.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Appends events to the system chain, and to their user's chain when they are about a user ({@link Subject}); run
 * inside the idempotent consumer's transaction. Each append anchors the system chain's new end ({@link ChainEnd}).
 */
@Service
public class AppendToAuditLog {

    private final AuditLog log;
    private final RedactionPolicy redaction;
    private final byte[] key;

    public AppendToAuditLog(AuditLog log, RedactionPolicy redaction, Retention retention) {
        this.log = log;
        this.redaction = redaction;
        this.key = retention.key();
    }

    /**
     * Appends a batch: every user's chain the batch touches is locked and read in one statement and extended by that
     * user's events, then the system chain is locked once and extended by every event in order; one write per
     * table. Locks are taken in one order (users' chains by their lock keys in one statement, the system chain last),
     * so concurrent batches do not deadlock, and the system chain, which every batch extends, is held only for its
     * own read and insert until the commit: concurrent batches serialise there alone.
     */
    public Mono<Void> appendAll(List<EventEnvelope> events) {
        Map<UUID, List<AuditEntry>> byUser = new LinkedHashMap<>();
        List<AuditEntry> entries = new ArrayList<>();
        for (EventEnvelope event : events) {
            AuditEntry entry = entry(event);
            entries.add(entry);
            Subject.of(event.aggregateType(), event.aggregateId(), event.data())
                    .ifPresent(user -> byUser.computeIfAbsent(user, u -> new ArrayList<>()).add(entry));
        }
        Mono<Void> users = byUser.isEmpty() ? Mono.empty() : log.lockUserChainsAndReadHeads(byUser.keySet())
                .flatMap(heads -> {
                    List<Chained> links = new ArrayList<>();
                    byUser.forEach((user, own) -> links.addAll(link(user, heads.get(user), own)));
                    return log.insertAll(links);
                });
        return users.then(log.lockSystemChainAndReadHead().map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(head -> {
                    List<Chained> system = link(null, head.orElse(null), entries);
                    return log.insertAll(system).then(anchor(system.getLast().hash()));
                }));
    }

    /** The chain's new end, signed ({@link ChainEnd}): a first anchor, or the next one after the one found. */
    private Mono<Void> anchor(byte[] newest) {
        return log.systemEndNow().map(now -> now.anchored() == null ? new ChainEnd(now.newestId(), newest, null)
                        : now.anchored().next(now.held(), now.newestId(), newest))
                .flatMap(end -> log.anchorSystemEnd(end, end.sign(key)));
    }

    /**
     * The entry an event is appended as: its data redacted by the policy, where it came from (address, user agent)
     * taken from what is left of it; also what the legacy import's verification expects of a legacy row.
     */
    public AuditEntry entry(EventEnvelope event) {
        JsonNode data = redacted(event);
        return new AuditEntry(event.eventId(), event.eventType(), event.aggregateType(), event.aggregateId(),
                event.actor(), event.correlationId(), event.occurredAt(), EventJson.MAPPER.writeValueAsString(data),
                text(data, "ipAddress", 64), text(data, "userAgent", 512));
    }

    /** The entries linked, in order, onto the chain of {@code userId} (null: the system chain) after {@code head}. */
    private static List<Chained> link(UUID userId, byte[] head, List<AuditEntry> entries) {
        List<Chained> links = new ArrayList<>(entries.size());
        byte[] previous = head;
        for (AuditEntry entry : entries) {
            byte[] hash = HashChain.link(previous, entry);
            links.add(new Chained(userId, entry, previous, hash));
            previous = hash;
        }
        return links;
    }

    /** Where the event came from, when its data says so (and the policy left it). */
    private static String text(JsonNode data, String field, int max) {
        JsonNode value = data == null ? null : data.get(field);
        if (value == null || !value.isString() || value.asString().equals(RedactionPolicy.REDACTED)) {
            return null;
        }
        String s = value.asString();
        return s.length() <= max ? s : s.substring(0, max);
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

    /** An entry with the hashes that chain it into the system chain ({@code userId} null) or a user's chain. */
    public record Chained(UUID userId, AuditEntry entry, byte[] prevHash, byte[] hash) {
    }

}
