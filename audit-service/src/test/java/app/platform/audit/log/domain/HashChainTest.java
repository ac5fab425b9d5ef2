package app.platform.audit.log.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HashChainTest {

    static AuditEntry entry(int n) {
        return new AuditEntry(UUID.randomUUID(), "UserRegistered", "identity.user", "agg-" + n, "system", null,
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n), "{\"n\":" + n + "}", null, null);
    }

    static List<HashChain.Link> chain(int size) {
        List<HashChain.Link> links = new ArrayList<>();
        byte[] prev = null;
        for (int i = 0; i < size; i++) {
            AuditEntry e = entry(i);
            byte[] hash = HashChain.link(prev, e);
            links.add(new HashChain.Link(i + 1, e, prev, hash));
            prev = hash;
        }
        return links;
    }

    @Test
    void anUntouchedChainVerifies() {
        assertThat(HashChain.firstBrokenLink(chain(5))).isEmpty();
        assertThat(HashChain.firstBrokenLink(List.of())).isEmpty();
    }

    @Test
    void anEditedRowIsNamed() {
        List<HashChain.Link> links = chain(5);
        HashChain.Link third = links.get(2);
        AuditEntry edited = new AuditEntry(third.entry().eventId(), "UserBanned", third.entry().aggregateType(),
                third.entry().aggregateId(), third.entry().actor(), null, third.entry().occurredAt(), third.entry().data(),
                null, null);
        links.set(2, new HashChain.Link(third.id(), edited, third.prevHash(), third.hash()));
        assertThat(HashChain.firstBrokenLink(links)).contains(3L);
    }

    @Test
    void whereARowCameFromIsCoveredWhenKnownAndOldRowsHashAsBefore() {
        AuditEntry plain = entry(1);
        AuditEntry located = new AuditEntry(plain.eventId(), plain.eventType(), plain.aggregateType(), plain.aggregateId(),
                plain.actor(), plain.correlationId(), plain.occurredAt(), plain.data(), "203.0.113.9", "Mozilla/5.0");
        assertThat(plain.canonical()).doesNotContain("203.0.113.9").endsWith(plain.data());
        assertThat(located.canonical()).startsWith(plain.canonical()).endsWith("203.0.113.9\nMozilla/5.0");
        AuditEntry moved = new AuditEntry(plain.eventId(), plain.eventType(), plain.aggregateType(), plain.aggregateId(),
                plain.actor(), plain.correlationId(), plain.occurredAt(), plain.data(), "198.51.100.1", "Mozilla/5.0");
        assertThat(HashChain.link(null, moved)).isNotEqualTo(HashChain.link(null, located));
    }

    @Test
    void aDeletedRowBreaksTheNextLink() {
        List<HashChain.Link> links = chain(5);
        links.remove(1);
        assertThat(HashChain.firstBrokenLink(links)).contains(3L);
    }
}
