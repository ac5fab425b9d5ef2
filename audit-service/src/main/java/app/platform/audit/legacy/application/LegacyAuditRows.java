package app.platform.audit.legacy.application;

import app.platform.errors.InvalidInput;
import app.platform.events.EventEnvelope;
import app.platform.legacy.LegacyChange;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a captured row of Supabase's {@code public.system_audit_logs} or {@code public.user_audit_logs} is in this
 * service's terms: an event as audit records every event, its original time kept, its id a name UUID of the legacy
 * table and row (so a redelivered or re-snapshotted row is audited once). The legacy log is append-only too: updates
 * and deletes of its rows are not followed (the row as first captured stays). {@link InvalidInput} names what a row
 * lacks to be audited.
 */
final class LegacyAuditRows {

    /** The aggregate type of a legacy system log row (and the name its event id is made from). */
    static final String SYSTEM = "legacy.public.system_audit_logs";
    /** The aggregate type of a legacy user log row (and the name its event id is made from). */
    static final String USER = "legacy.public.user_audit_logs";

    private LegacyAuditRows() {
    }

    /** The event of a system log row; empty for an update or a delete. */
    static Optional<EventEnvelope> system(LegacyChange change) {
        return of(SYSTEM, change, null);
    }

    /**
     * The event of a member's log row, in the chain of {@code user} (the identity user of its legacy app user); empty
     * for an update or a delete.
     */
    static Optional<EventEnvelope> user(LegacyChange change, UUID user) {
        return of(USER, change, user);
    }

    private static Optional<EventEnvelope> of(String table, LegacyChange change, UUID user) {
        if (!(change.op().equals("r") || change.op().equals("c"))) {
            return Optional.empty();
        }
        JsonNode row = change.row();
        if (row.path("id").isMissingNode() || row.path("id").isNull()) {
            throw new InvalidInput("id", "is missing");
        }
        String id = row.path("id").asString();
        UUID eventId = UUID.nameUUIDFromBytes((table + ":" + id).getBytes(StandardCharsets.UTF_8));
        Instant at;
        try {
            at = Instant.parse(row.path("created_at").asString(""));
        } catch (DateTimeException e) {
            throw new InvalidInput("created_at", "is not a time");
        }
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
