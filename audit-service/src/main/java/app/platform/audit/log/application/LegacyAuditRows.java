package app.platform.audit.log.application;

import app.platform.events.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The anti-corruption layer of the legacy audit logs: a captured row of Supabase's {@code public.system_audit_logs}
 * or {@code public.user_audit_logs} becomes an event as audit records it, its original time kept, its id a name
 * UUID of the legacy table and row (so a redelivered or re-snapshotted row is audited once). The legacy log is
 * append-only too: updates and deletes of its rows are not followed (the row as first captured stays).
 */
public final class LegacyAuditRows {

    public static final String SYSTEM = "legacy.public.system_audit_logs";
    public static final String USER = "legacy.public.user_audit_logs";

    private LegacyAuditRows() {
    }

    /**
     * The event of a captured change, or empty for a delete or an update (or a row it cannot read); a user's row is
     * put in the chain of {@code user} (the identity user of its legacy app user).
     */
    public static Optional<EventEnvelope> of(String table, String op, JsonNode row, UUID user) {
        if (!(op.equals("r") || op.equals("c")) || !row.isObject() || row.path("id").isMissingNode()) {
            return Optional.empty();
        }
        String id = row.path("id").asString();
        UUID eventId = UUID.nameUUIDFromBytes((table + ":" + id).getBytes(StandardCharsets.UTF_8));
        Instant at = Instant.parse(row.path("created_at").asString());
        String action = row.path("action").asString("unknown");
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("legacyId", id);
        data.put("action", action);
        if (table.equals(USER)) {
            data.put("userId", user.toString());
            data.put("legacyUserId", row.path("user_id").asString());
            putText(data, "ipAddress", row.path("ip_address"));
            putText(data, "userAgent", row.path("user_agent"));
            return Optional.of(new EventEnvelope(eventId, "Legacy:" + action, 1, at, USER, user.toString(), null,
                    "legacy:user", data));
        }
        putText(data, "target", row.path("target"));
        JsonNode details = row.path("details");
        if (details.isString()) {
            data.put("details", details.asString());
        }
        String actor = row.path("actor_id").isString() ? "legacy:" + row.path("actor_id").asString() : "legacy:system";
        return Optional.of(new EventEnvelope(eventId, "Legacy:" + action, 1, at, SYSTEM, id, null, actor, data));
    }

    private static void putText(ObjectNode data, String field, JsonNode value) {
        if (value.isString()) {
            data.put(field, value.asString());
        }
    }
}
