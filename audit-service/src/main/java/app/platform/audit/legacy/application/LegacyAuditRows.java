package app.platform.audit.legacy.application;

import app.platform.errors.InvalidInput;
import app.platform.events.EventEnvelope;
import app.platform.legacy.LegacyChange;
import app.platform.legacy.LegacyRows;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a captured row of Supabase's {@code public.system_audit_logs} or {@code public.user_audit_logs} is in this
 * service's terms: an event as audit records every event. The legacy log could be edited before the cutover, so its
 * updates and deletes are followed the only way an append-only, hash-chained log can follow them: by new entries,
 * every version kept.
 * <ul>
 * <li>The row's <b>first entry</b> (the row as first audited): its original time ({@code created_at}), its id a name
 * UUID of the legacy table and row ({@link #firstEntry}), so a redelivered or re-snapshotted row is audited once.
 * <li>A <b>revision</b> (the row changed once audited: an update, or a snapshot read with other content): the same
 * type, aggregate and chain, its data as the first entry's plus {@code revises} (the first entry's id) and
 * {@code createdAt} (the legacy {@code created_at}, which the entry's time no longer is), the time the legacy database
 * committed the change as its time, its id a name UUID of the row, its content's digest and that time (so a
 * redelivered change is audited once, and a row changed back and forth keeps every version).
 * <li>A <b>tombstone</b> (the row deleted once audited): {@value #DELETED}, in the same aggregate and chain, data
 * {@code legacyId} and {@code revises}. A row deleted before it was ever audited is nothing (nothing to revise; the
 * ledger records the delete).
 * </ul>
 * {@link InvalidInput} names what a row lacks to be audited.
 */
final class LegacyAuditRows {

    /** The aggregate type of a legacy system log row (and the name its event id is made from). */
    static final String SYSTEM = "legacy.public.system_audit_logs";
    /** The aggregate type of a legacy user log row (and the name its event id is made from). */
    static final String USER = "legacy.public.user_audit_logs";
    /** The type of the entry that says a legacy row was deleted after it was audited. */
    static final String DELETED = "LegacyAuditRowDeleted";

    private LegacyAuditRows() {
    }

    /**
     * The id of the entry a legacy row is first audited as (a name UUID of the aggregate type, which names the legacy
     * table, and the row's id); empty when the row has no id.
     */
    static Optional<UUID> firstEntry(String aggregateType, LegacyChange change) {
        JsonNode id = change.row().path("id");
        return id.isMissingNode() || id.isNull() ? Optional.empty() : Optional.of(firstEntry(aggregateType, id.asString()));
    }

    /**
     * The event of a change of a system log row: its first entry, or, once {@code audited} (its first entry is in the
     * log), a revision or a tombstone; empty for a delete of a row never audited.
     */
    static Optional<EventEnvelope> system(LegacyChange change, boolean audited) {
        return of(SYSTEM, change, null, audited);
    }

    /**
     * The event of a change of a member's log row, in the chain of {@code user} (the identity user of its legacy app
     * user), as {@link #system} says.
     */
    static Optional<EventEnvelope> user(LegacyChange change, UUID user, boolean audited) {
        return of(USER, change, user, audited);
    }

    private static Optional<EventEnvelope> of(String table, LegacyChange change, UUID user, boolean audited) {
        JsonNode row = change.row();
        if (row.path("id").isMissingNode() || row.path("id").isNull()) {
            throw new InvalidInput("id", "is missing");
        }
        String id = row.path("id").asString();
        UUID first = firstEntry(table, id);
        String aggregateId = table.equals(USER) ? user.toString() : id;
        if (change.deleted()) {
            if (!audited) {
                return Optional.empty();
            }
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            data.put("legacyId", id);
            data.put("revises", first.toString());
            if (table.equals(USER)) {
                data.put("userId", user.toString()); // the member's chain, as the entries it revises
            }
            UUID tombstone = nameUuid(table + ":" + id + ":deleted@" + change.sourceAt());
            return Optional.of(new EventEnvelope(tombstone, DELETED, 1, change.sourceAt(), table, aggregateId, null,
                    "legacy:capture", data));
        }
        Instant createdAt;
        try {
            createdAt = Instant.parse(row.path("created_at").asString(""));
        } catch (DateTimeException e) {
            throw new InvalidInput("created_at", "is not a time");
        }
        String action = row.path("action").asString("unknown");
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("legacyId", id);
        data.put("action", action);
        String actor;
        if (table.equals(USER)) {
            data.put("userId", user.toString());
            data.put("legacyUserId", row.path("user_id").asString());
            putText(data, "ipAddress", row.path("ip_address"));
            putText(data, "userAgent", row.path("user_agent"));
            actor = "legacy:user";
        } else {
            putText(data, "target", row.path("target"));
            JsonNode details = row.path("details");
            if (details.isString()) {
                data.put("details", details.asString());
            }
            actor = row.path("actor_id").isString() ? "legacy:" + row.path("actor_id").asString() : "legacy:system";
        }
        if (!audited) {
            return Optional.of(new EventEnvelope(first, "Legacy:" + action, 1, createdAt, table, aggregateId, null, actor, data));
        }
        data.put("revises", first.toString());
        data.put("createdAt", createdAt.truncatedTo(ChronoUnit.MICROS).toString());
        UUID revision = nameUuid(table + ":" + id + ":" + LegacyRows.digest(row) + "@" + change.sourceAt());
        return Optional.of(new EventEnvelope(revision, "Legacy:" + action, 1, change.sourceAt(), table, aggregateId, null,
                actor, data));
    }

    private static UUID firstEntry(String table, String id) {
        return nameUuid(table + ":" + id);
    }

    private static UUID nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private static void putText(ObjectNode data, String field, JsonNode value) {
        if (value.isString()) {
            data.put(field, value.asString());
        }
    }
}
