package app.platform.audit.legacy.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.errors.InvalidInput;
import app.platform.events.EventEnvelope;
import app.platform.events.EventJson;
import app.platform.legacy.LegacyChange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class LegacyAuditRowsTest {

    static final UUID USER = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    static final UUID LEGACY_USER = UUID.fromString("00000000-0000-0000-0000-0000000000b2");
    static final Instant CAPTURED = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aSystemRowIsAnEventWithItsOriginalTimeActorAndANameUuidOfTableAndRow() {
        EventEnvelope event = LegacyAuditRows.system(change("public.system_audit_logs", "r", Map.of("id", 42,
                "action", "kyc.review", "actor_id", "admin-1", "target", "public.users", "details", "{\"n\": 42}",
                "created_at", "2025-03-02T10:00:00Z")), false).orElseThrow();

        assertThat(event.eventId()).isEqualTo(UUID.nameUUIDFromBytes(
                "legacy.public.system_audit_logs:42".getBytes(StandardCharsets.UTF_8)));
        assertThat(event.eventType()).isEqualTo("Legacy:kyc.review");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2025-03-02T10:00:00Z"));
        assertThat(event.aggregateType()).isEqualTo(LegacyAuditRows.SYSTEM);
        assertThat(event.aggregateId()).isEqualTo("42");
        assertThat(event.actor()).isEqualTo("legacy:admin-1");
        assertThat(event.data().path("legacyId").asString()).isEqualTo("42");
        assertThat(event.data().path("target").asString()).isEqualTo("public.users");
        assertThat(event.data().path("details").asString()).isEqualTo("{\"n\": 42}");
        assertThat(event.data().has("userId")).isFalse();

        EventEnvelope anonymous = LegacyAuditRows.system(change("public.system_audit_logs", "c", Map.of("id", 43,
                "created_at", "2025-03-02T10:00:00Z")), false).orElseThrow();
        assertThat(anonymous.actor()).isEqualTo("legacy:system");
        assertThat(anonymous.eventType()).isEqualTo("Legacy:unknown");
    }

    @Test
    void aMembersRowGoesIntoTheChainOfItsIdentityUserWithWhereItCameFrom() {
        EventEnvelope event = LegacyAuditRows.user(change("public.user_audit_logs", "r", Map.of("id", 7,
                "user_id", LEGACY_USER.toString(), "action", "sign_in", "ip_address", "203.0.113.7",
                "user_agent", "Mozilla/5.0 (demo)", "created_at", "2024-12-24T08:30:00.123456Z")), USER, false).orElseThrow();

        assertThat(event.eventId()).isEqualTo(UUID.nameUUIDFromBytes(
                "legacy.public.user_audit_logs:7".getBytes(StandardCharsets.UTF_8)));
        assertThat(event.eventType()).isEqualTo("Legacy:sign_in");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2024-12-24T08:30:00.123456Z"));
        assertThat(event.aggregateType()).isEqualTo(LegacyAuditRows.USER);
        assertThat(event.aggregateId()).isEqualTo(USER.toString());
        assertThat(event.actor()).isEqualTo("legacy:user");
        assertThat(event.data().path("userId").asString()).isEqualTo(USER.toString());
        assertThat(event.data().path("legacyUserId").asString()).isEqualTo(LEGACY_USER.toString());
        assertThat(event.data().path("ipAddress").asString()).isEqualTo("203.0.113.7");
        assertThat(event.data().path("userAgent").asString()).isEqualTo("Mozilla/5.0 (demo)");
    }

    @Test
    void aChangeOfAnAuditedRowIsARevisionOfItsFirstEntryInTheSameChainAtTheTimeOfTheChange() {
        Map<String, Object> row = Map.of("id", 2, "action", "kyc.rewritten", "actor_id", "admin-2",
                "target", "public.users", "created_at", "2025-03-02T10:00:00Z");
        UUID first = UUID.nameUUIDFromBytes("legacy.public.system_audit_logs:2".getBytes(StandardCharsets.UTF_8));

        EventEnvelope revision = LegacyAuditRows.system(change("public.system_audit_logs", "u", row), true).orElseThrow();
        assertThat(revision.eventType()).isEqualTo("Legacy:kyc.rewritten");
        assertThat(revision.aggregateType()).isEqualTo(LegacyAuditRows.SYSTEM);
        assertThat(revision.aggregateId()).isEqualTo("2");
        assertThat(revision.actor()).isEqualTo("legacy:admin-2");
        assertThat(revision.occurredAt()).isEqualTo(CAPTURED);
        assertThat(revision.data().path("legacyId").asString()).isEqualTo("2");
        assertThat(revision.data().path("revises").asString()).isEqualTo(first.toString());
        assertThat(revision.data().path("createdAt").asString()).isEqualTo("2025-03-02T10:00:00Z");
        assertThat(revision.eventId()).isNotEqualTo(first);
        // the same change again is the same entry (audited once); a snapshot read of the same content too
        assertThat(LegacyAuditRows.system(change("public.system_audit_logs", "u", row), true).orElseThrow().eventId())
                .isEqualTo(revision.eventId());
        assertThat(LegacyAuditRows.system(change("public.system_audit_logs", "r", row), true).orElseThrow().eventId())
                .isEqualTo(revision.eventId());
        // another content, or the same content changed again later, is another revision
        Map<String, Object> other = new HashMap<>(row);
        other.put("action", "kyc.review");
        assertThat(LegacyAuditRows.system(change("public.system_audit_logs", "u", other), true).orElseThrow().eventId())
                .isNotEqualTo(revision.eventId());
        assertThat(LegacyAuditRows.system(change("public.system_audit_logs", "u", row, CAPTURED.plusSeconds(1)), true)
                .orElseThrow().eventId()).isNotEqualTo(revision.eventId());

        EventEnvelope member = LegacyAuditRows.user(change("public.user_audit_logs", "u", Map.of("id", 7,
                "user_id", LEGACY_USER.toString(), "action", "sign_in", "ip_address", "203.0.113.8",
                "created_at", "2024-12-24T08:30:00.123456Z")), USER, true).orElseThrow();
        assertThat(member.aggregateId()).isEqualTo(USER.toString());
        assertThat(member.data().path("userId").asString()).isEqualTo(USER.toString());
        assertThat(member.data().path("ipAddress").asString()).isEqualTo("203.0.113.8");
        assertThat(member.data().path("revises").asString()).isEqualTo(
                UUID.nameUUIDFromBytes("legacy.public.user_audit_logs:7".getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(member.data().path("createdAt").asString()).isEqualTo("2024-12-24T08:30:00.123456Z");
    }

    @Test
    void aDeleteOfAnAuditedRowIsATombstoneAndOfARowNeverAuditedNothing() {
        Map<String, Object> row = Map.of("id", 3, "action", "payout.schedule", "created_at", "2025-03-03T10:00:00Z");
        EventEnvelope tombstone = LegacyAuditRows.system(change("public.system_audit_logs", "d", row), true).orElseThrow();
        assertThat(tombstone.eventType()).isEqualTo(LegacyAuditRows.DELETED);
        assertThat(tombstone.aggregateId()).isEqualTo("3");
        assertThat(tombstone.occurredAt()).isEqualTo(CAPTURED);
        assertThat(tombstone.data().path("legacyId").asString()).isEqualTo("3");
        assertThat(tombstone.data().path("revises").asString()).isEqualTo(
                UUID.nameUUIDFromBytes("legacy.public.system_audit_logs:3".getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(tombstone.data().has("userId")).isFalse();
        assertThat(LegacyAuditRows.system(change("public.system_audit_logs", "d", row), true).orElseThrow().eventId())
                .isEqualTo(tombstone.eventId());
        assertThat(LegacyAuditRows.system(change("public.system_audit_logs", "d", row), false)).isEmpty();

        EventEnvelope member = LegacyAuditRows.user(change("public.user_audit_logs", "d", Map.of("id", 7,
                "user_id", LEGACY_USER.toString())), USER, true).orElseThrow();
        assertThat(member.aggregateId()).isEqualTo(USER.toString());
        assertThat(member.data().path("userId").asString()).isEqualTo(USER.toString()); // the member's chain
        assertThat(LegacyAuditRows.user(change("public.user_audit_logs", "d", Map.of("id", 7)), USER, false)).isEmpty();
    }

    @Test
    void aRowWithoutItsIdOrTimeIsRefusedNamingWhatItLacks() {
        Map<String, Object> row = new HashMap<>(Map.of("action", "user.login", "created_at", "2025-03-02T10:00:00Z"));
        assertRefused(() -> LegacyAuditRows.system(change("public.system_audit_logs", "r", row), false), "id");
        row.put("id", 1);
        row.put("created_at", "yesterday");
        assertRefused(() -> LegacyAuditRows.system(change("public.system_audit_logs", "r", row), false), "created_at");
        assertRefused(() -> LegacyAuditRows.system(change("public.system_audit_logs", "u", row), true), "created_at");
        row.remove("created_at");
        assertRefused(() -> LegacyAuditRows.user(change("public.user_audit_logs", "c", row), USER, false), "created_at");
    }

    private static LegacyChange change(String table, String op, Map<String, Object> columns) {
        return change(table, op, columns, CAPTURED);
    }

    private static LegacyChange change(String table, String op, Map<String, Object> columns, Instant at) {
        ObjectNode row = EventJson.MAPPER.valueToTree(columns);
        return new LegacyChange(table, op, row, at);
    }

    private static void assertRefused(ThrowingCallable translation, String field) {
        assertThatThrownBy(translation).isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
