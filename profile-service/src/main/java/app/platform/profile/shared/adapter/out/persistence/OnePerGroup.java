package app.platform.profile.shared.adapter.out.persistence;

import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * "Exactly one flagged row per user and group" (one primary contact per kind, one default address per type), kept
 * by moving the flag; a partial unique index in the schema makes any other outcome fail instead of slip through.
 * Each step first takes the user's lock of the table (a transaction-scoped advisory lock), so two changes of one
 * user's rows at once take turns: two first phones both flagged failed on the index, and two primaries removed at
 * once left none flagged. The table and column names are fixed by the adapters, never taken from input.
 */
public record OnePerGroup(String table, String group, String flag) {

    /** Serialises, until the transaction ends, the changes of this user's rows of the table. */
    public Mono<Void> lock(DatabaseClient db, UUID userId) {
        return db.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))").bind("key", table + ":" + userId).then();
    }

    /** Puts the flag on this row and takes it off the group's others. */
    public Mono<Void> flag(DatabaseClient db, UUID userId, UUID rowId) {
        return lock(db, userId).then(db.sql("UPDATE " + table + " SET " + flag + " = false, updated_at = now() WHERE user_id = :user AND "
                        + group + " = (SELECT " + group + " FROM " + table + " WHERE id = :row) AND id <> :row AND " + flag)
                .bind("user", userId).bind("row", rowId).then()
                .then(db.sql("UPDATE " + table + " SET " + flag + " = true, updated_at = now() WHERE id = :row AND user_id = :user")
                        .bind("user", userId).bind("row", rowId).then()));
    }

    /** After a flagged row left: the group's oldest remaining row takes the flag, if there is one and none has it. */
    public Mono<Void> promoteOldest(DatabaseClient db, UUID userId, String groupValue) {
        return db.sql("UPDATE " + table + " SET " + flag + " = true, updated_at = now() WHERE id = (SELECT id FROM " + table
                        + " WHERE user_id = :user AND " + group + " = :group ORDER BY created_at, id LIMIT 1) AND NOT EXISTS "
                        + "(SELECT 1 FROM " + table + " WHERE user_id = :user AND " + group + " = :group AND " + flag + ")")
                .bind("user", userId).bind("group", groupValue).then();
    }

    /** How many rows of this group the user has, counted under the lock (the first one gets the flag). */
    public Mono<Long> held(DatabaseClient db, UUID userId, String groupValue) {
        return lock(db, userId).then(db.sql("SELECT count(*) AS n FROM " + table + " WHERE user_id = :user AND " + group + " = :group")
                .bind("user", userId).bind("group", groupValue)
                .map((row, meta) -> row.get("n", Long.class)).one());
    }
}
