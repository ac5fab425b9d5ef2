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
                "created_at", "2025-03-02T10:00:00Z"))).orElseThrow();

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
                "created_at", "2025-03-02T10:00:00Z"))).orElseThrow();
        assertThat(anonymous.actor()).isEqualTo("legacy:system");
        assertThat(anonymous.eventType()).isEqualTo("Legacy:unknown");
    }

    @Test
    void aMembersRowGoesIntoTheChainOfItsIdentityUserWithWhereItCameFrom() {
        EventEnvelope event = LegacyAuditRows.user(change("public.user_audit_logs", "r", Map.of("id", 7,
                "user_id", LEGACY_USER.toString(), "action", "sign_in", "ip_address", "203.0.113.7",
                "user_agent", "Mozilla/5.0 (demo)", "created_at", "2024-12-24T08:30:00.123456Z")), USER).orElseThrow();

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
    void legacyHistoryIsNotRewrittenNorDeleted() {
        Map<String, Object> row = Map.of("id", 2, "action", "kyc.rewritten", "created_at", "2025-03-02T10:00:00Z");
        assertThat(LegacyAuditRows.system(change("public.system_audit_logs", "u", row))).isEmpty();
        assertThat(LegacyAuditRows.system(change("public.system_audit_logs", "d", row))).isEmpty();
        assertThat(LegacyAuditRows.user(change("public.user_audit_logs", "u", row), USER)).isEmpty();
        assertThat(LegacyAuditRows.user(change("public.user_audit_logs", "d", row), USER)).isEmpty();
    }

    @Test
    void aRowWithoutItsIdOrTimeIsRefusedNamingWhatItLacks() {
        Map<String, Object> row = new HashMap<>(Map.of("action", "user.login", "created_at", "2025-03-02T10:00:00Z"));
        assertRefused(() -> LegacyAuditRows.system(change("public.system_audit_logs", "r", row)), "id");
        row.put("id", 1);
        row.put("created_at", "yesterday");
        assertRefused(() -> LegacyAuditRows.system(change("public.system_audit_logs", "r", row)), "created_at");
        row.remove("created_at");
        assertRefused(() -> LegacyAuditRows.user(change("public.user_audit_logs", "c", row), USER), "created_at");
    }

    private static LegacyChange change(String table, String op, Map<String, Object> columns) {
        ObjectNode row = EventJson.MAPPER.valueToTree(columns);
        return new LegacyChange(table, op, row, CAPTURED);
    }

    private static void assertRefused(ThrowingCallable translation, String field) {
        assertThatThrownBy(translation).isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
