package app.platform.audit.log.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
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

    /**
     * Known-answer vectors: fixed entries and their digests written out, so any change to the canonical form or the
     * hashing (field order, separator, time format, charset, how the previous hash is fed) fails here, not only a
     * chain checked against itself. The digests were computed outside Java, over the literal canonical bytes:
     * {@code printf '%s\n%s\n...' ... | sha256sum} for the first, and SHA-256(first digest's 32 bytes || canonical)
     * for the second.
     */
    @Test
    void knownAnswerVectorsPinTheCanonicalFormAndTheDigests() {
        AuditEntry first = new AuditEntry(UUID.fromString("0b6c1f0e-5c1e-4a7b-9f3a-2d4e6f8a0b1c"), "UserRegistered",
                "identity.user", "8d3e4f5a-1b2c-4d5e-8f9a-0b1c2d3e4f5a", "system", null,
                Instant.parse("2026-03-14T15:09:26.535897932Z"), "{\"email\":\"ada@example.com\"}", null, null);
        // the time is cut to microseconds; a null correlation id is an empty line; no address, no user agent: 8 lines
        assertThat(first.canonical()).isEqualTo("0b6c1f0e-5c1e-4a7b-9f3a-2d4e6f8a0b1c\n"
                + "UserRegistered\n"
                + "identity.user\n"
                + "8d3e4f5a-1b2c-4d5e-8f9a-0b1c2d3e4f5a\n"
                + "system\n"
                + "\n"
                + "2026-03-14T15:09:26.535897Z\n"
                + "{\"email\":\"ada@example.com\"}");
        byte[] firstHash = HashChain.link(null, first);
        assertThat(HexFormat.of().formatHex(firstHash))
                .isEqualTo("c1a4ca53f17eb513f67b7992022e68ac5e0c14a90edf23f84e000c9328ea88a4");

        AuditEntry second = new AuditEntry(UUID.fromString("5f2a9c3d-7e1b-4c6d-a8e9-1f0b2c3d4e5f"), "MembershipStarted",
                "membership.membership", "42", "user:8d3e4f5a", "corr-7", Instant.parse("2026-03-14T15:10:00Z"),
                "{\"plan\":\"gold\",\"amount\":\"12.50 \u20ac\"}", "203.0.113.9", "Mozilla/5.0");
        // whole seconds print without a fraction; the data's non-ASCII character is hashed as UTF-8; 10 lines
        assertThat(second.canonical()).isEqualTo("5f2a9c3d-7e1b-4c6d-a8e9-1f0b2c3d4e5f\n"
                + "MembershipStarted\n"
                + "membership.membership\n"
                + "42\n"
                + "user:8d3e4f5a\n"
                + "corr-7\n"
                + "2026-03-14T15:10:00Z\n"
                + "{\"plan\":\"gold\",\"amount\":\"12.50 \u20ac\"}\n"
                + "203.0.113.9\n"
                + "Mozilla/5.0");
        byte[] secondHash = HashChain.link(firstHash, second);
        assertThat(HexFormat.of().formatHex(secondHash))
                .isEqualTo("ca0353c8c20854d880af411ab7fd53fee0f00525c9647345f7f305b152358231");

        assertThat(HashChain.firstBrokenLink(List.of(new HashChain.Link(1, first, null, firstHash),
                new HashChain.Link(2, second, firstHash, secondHash)))).isEmpty();
    }

    @Test
    void aDeletedRowBreaksTheNextLink() {
        List<HashChain.Link> links = chain(5);
        links.remove(1);
        assertThat(HashChain.firstBrokenLink(links)).contains(3L);
    }
}
