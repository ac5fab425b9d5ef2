package app.platform.legacy;

import app.platform.errors.InvalidInput;
import app.platform.events.EventJson;
import app.platform.runtime.Times;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * A service's legacy importer in one place: each captured change is merged with the last known state of its row
 * (so a TOAST placeholder never reaches a service table), applied by the service's own translation, and recorded
 * with its digest, all in one transaction. Applying is idempotent (upserts by legacy id) and ordered per row (the
 * capture's topics are keyed by primary key). A row that refers to something not imported yet (its user) waits in
 * the ledger and is applied when that arrives; a row that cannot be imported is reported with its reason, and the
 * import goes on.
 */
public class ReactiveLegacyLedger {

    /** The legacy app users: every other row names one of them in {@code user_id}. */
    public static final String USERS = "public.users";

    /** What the service's translation made of a change. */
    public record Outcome(boolean applied, String waitsFor, String problem) {
        public static Outcome done() {
            return new Outcome(true, null, null);
        }

        /** Not applicable yet: it is applied again when {@code key} (for example a legacy user id) is imported. */
        public static Outcome waitFor(String key) {
            return new Outcome(false, key, null);
        }

        public static Outcome refused(String reason) {
            return new Outcome(false, null, reason);
        }
    }

    /** What the reconciliation compares with the legacy table: the digest of every imported row, by legacy id. */
    public record TableState(String table, Map<String, String> rows, Map<String, String> problems, long waiting,
                             Instant lastSourceAt, Instant lastAppliedAt) {
    }

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Map<String, Function<LegacyChange, Mono<Outcome>>> retries = new java.util.concurrent.ConcurrentHashMap<>();

    public ReactiveLegacyLedger(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /**
     * Merges, applies and records one change, in one transaction. A delete carries only the key (the other columns
     * as their types' defaults), so it is applied to the row as last known; a delete of a row never seen is recorded
     * and nothing else.
     */
    public Mono<Outcome> handle(LegacyChange change, Function<LegacyChange, Mono<Outcome>> apply) {
        return lastKnownForUpdate(change)
                .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .flatMap(previous -> {
                    if (change.deleted()) {
                        return previous.isEmpty() ? record(change, Outcome.done()).thenReturn(Outcome.done())
                                : applyAndRecord(change.withRow(previous.get()), apply);
                    }
                    return applyAndRecord(change.withRow(LegacyRows.merge(previous.orElse(null), change.row())), apply);
                })
                .as(tx::transactional);
    }

    /**
     * A polled batch of captured changes (the listener's values) in one transaction, in order, the batch's users
     * locked first in one order (so two batches on other partitions never deadlock over them). Should the batch
     * fail, it is handled again change by change, each in its own transaction, and the first change that fails on its
     * own is named to the listener's error handler (retried, or dead-lettered if malformed) with the ones before it kept.
     */
    public void handleBatch(List<String> values, Function<LegacyChange, Mono<Outcome>> apply) {
        try {
            List<LegacyChange> changes = values.stream().filter(java.util.Objects::nonNull).map(LegacyChange::parse).toList();
            lockUsers(changes).thenMany(Flux.fromIterable(changes)).concatMap(change -> handle(change, apply))
                    .then().as(tx::transactional).block(TIMEOUT);
        } catch (RuntimeException batchFailed) {
            for (int i = 0; i < values.size(); i++) {
                try {
                    if (values.get(i) != null) {
                        handle(LegacyChange.parse(values.get(i)), apply).block(TIMEOUT);
                    }
                } catch (RuntimeException e) {
                    throw new org.springframework.kafka.listener.BatchListenerFailedException("a legacy change failed", e, i);
                }
            }
        }
    }

    /**
     * Takes, in the caller's transaction and in sorted order, the lock of every legacy user the changes name (their
     * {@code user_id}, or their own id for {@code public.users}), which {@link #forUser} and the release take again.
     */
    public Mono<Void> lockUsers(List<LegacyChange> changes) {
        var users = new java.util.TreeSet<String>();
        for (LegacyChange change : changes) {
            String user = change.table().equals(USERS) ? change.id() : change.text("user_id");
            if (user != null) {
                users.add(key(USERS, user));
            }
        }
        return Flux.fromIterable(users).concatMap(this::lock).then();
    }

    /**
     * Applies a row that names its legacy app user ({@code user_id}, a {@code public.users} id) for that user's
     * identity user id ({@code auth_user_id}, which every service keys its users by), or lets it wait for that user.
     */
    public Mono<Outcome> forUser(LegacyChange change, BiFunction<LegacyChange, UUID, Mono<Outcome>> apply) {
        String legacyUser = change.text("user_id");
        if (legacyUser == null) {
            return Mono.just(Outcome.refused("no user_id"));
        }
        return lock(key(USERS, legacyUser)).then(db.sql(
                        "SELECT row->>'auth_user_id' FROM legacy_row WHERE source_table = :t AND legacy_id = :id AND applied")
                .bind("t", USERS).bind("id", legacyUser)
                .map((r, m) -> java.util.Optional.ofNullable(r.get(0, String.class))).one()
                .flatMap(authUser -> authUser.isEmpty() ? Mono.just(Outcome.refused("its user has no auth_user_id"))
                        : apply.apply(change, UUID.fromString(authUser.get())))
                .switchIfEmpty(Mono.fromSupplier(() -> Outcome.waitFor(key(USERS, legacyUser)))));
    }

    /**
     * The translation of an importer whose every row names a legacy app user: {@code public.users} is only learnt
     * (who is who), each of its tables is applied for the row's identity user ({@link #forUser}), any other table is
     * refused; registered for the {@link #sweep()} too.
     */
    public Function<LegacyChange, Mono<Outcome>> forUsers(String service,
                                                           Map<String, BiFunction<LegacyChange, UUID, Mono<Outcome>>> tables) {
        Function<LegacyChange, Mono<Outcome>> apply = change -> {
            if (change.table().equals(USERS)) {
                return Mono.just(Outcome.done());
            }
            var table = tables.get(change.table());
            return table == null ? Mono.just(Outcome.refused("not a table of " + service)) : forUser(change, table);
        };
        tables.keySet().forEach(table -> retryWith(table, apply));
        return apply;
    }

    /**
     * Applies what the service's domain made of a legacy row, or reports the row with the rule it breaks: the
     * translation runs before any write, so a refusal ({@code InvalidInput}) never aborts the ledger's transaction.
     */
    public static <T> Mono<Outcome> translated(java.util.function.Supplier<T> translation, String rule,
                                               Function<T, Mono<Outcome>> apply) {
        T value;
        try {
            value = translation.get();
        } catch (InvalidInput e) {
            return Mono.just(Outcome.refused(rule + " (" + e.field() + " " + e.getMessage() + ")"));
        }
        return apply.apply(value);
    }

    /** The key a row waits for: another legacy row. */
    public static String key(String table, String legacyId) {
        return table + ":" + legacyId;
    }

    /** Applies again every row waiting for {@code key}, once what they waited for is applied. */
    private Mono<Long> release(String key, Function<LegacyChange, Mono<Outcome>> apply) {
        return lock(key).then(db.sql("SELECT source_table, legacy_id, row, deleted, source_at FROM legacy_row WHERE waits_for = :key AND NOT applied")
                .bind("key", key)
                .map((r, m) -> new LegacyChange(r.get("source_table", String.class),
                        Boolean.TRUE.equals(r.get("deleted", Boolean.class)) ? "d" : "r", // its last known state, read again
                        (ObjectNode) EventJson.MAPPER.readTree(r.get("row", String.class)),
                        r.get("source_at", OffsetDateTime.class).toInstant()))
                .all().collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(waiting -> applyAndRecord(waiting, apply))
                .count());
    }

    /**
     * Serialises, per key, a row deciding to wait for it and the release of the rows waiting for it (listeners run
     * concurrently): whichever commits second sees what the first did.
     */
    private Mono<Void> lock(String key) {
        return db.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))").bind("key", key).then();
    }

    /**
     * How to apply a waiting row of {@code table} again, for {@link #sweep()}: the importer's own translation, which
     * must stand on its own (not collect into a batch).
     */
    public void retryWith(String table, Function<LegacyChange, Mono<Outcome>> apply) {
        retries.put(table, apply);
    }

    /**
     * The safety net of the release: every row still waiting for something that is applied by now is applied again
     * (a release and a wait that crossed each other; a crash between them). Emits how many were applied.
     */
    public Mono<Long> sweep() {
        return db.sql("""
                        SELECT DISTINCT w.waits_for FROM legacy_row w
                        JOIN legacy_row u ON w.waits_for = u.source_table || ':' || u.legacy_id AND u.applied
                        WHERE NOT w.applied AND w.waits_for IS NOT NULL""")
                .map((r, m) -> r.get(0, String.class)).all().collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(key -> release(key, change -> retries.getOrDefault(change.table(),
                        c -> Mono.just(Outcome.waitFor(key))).apply(change)).as(tx::transactional))
                .reduce(0L, Long::sum);
    }

    public Mono<TableState> state(String table) {
        Mono<Map<String, String>> rows = db.sql(LedgerSql.STATE_ROWS)
                .bind("t", table).map((r, m) -> Map.entry(r.get(0, String.class), r.get(1, String.class))).all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new);
        Mono<Map<String, String>> problems = db.sql(LedgerSql.STATE_PROBLEMS)
                .bind("t", table).map((r, m) -> Map.entry(r.get(0, String.class), r.get(1, String.class))).all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new);
        Mono<Object[]> times = db.sql(LedgerSql.STATE_TIMES)
                .bind("t", table)
                .map((r, m) -> new Object[] {r.get(0, Long.class), r.get(1, OffsetDateTime.class), r.get(2, OffsetDateTime.class)})
                .one();
        return Mono.zip(rows, problems, times).map(t -> new TableState(table, t.getT1(), t.getT2(), (Long) t.getT3()[0],
                instant(t.getT3()[1]), instant(t.getT3()[2])));
    }

    private Mono<ObjectNode> lastKnownForUpdate(LegacyChange change) {
        return db.sql(LedgerSql.LAST_KNOWN_FOR_UPDATE)
                .bind("t", change.table()).bind("id", change.id())
                .map((r, m) -> (ObjectNode) EventJson.MAPPER.readTree(r.get("row", String.class))).one();
    }

    private Mono<Outcome> applyAndRecord(LegacyChange change, Function<LegacyChange, Mono<Outcome>> apply) {
        // only legacy app users are waited for (forUser)
        boolean awaited = change.table().equals(USERS) && !change.deleted();
        return apply.apply(change).flatMap(outcome -> record(change, outcome)
                .then(outcome.applied() && awaited ? release(key(USERS, change.id()), apply) : Mono.empty())
                .thenReturn(outcome));
    }

    /** The row's last known state and digest, and its problem noted or cleared, in one statement. */
    private Mono<Void> record(LegacyChange change, Outcome outcome) {
        DatabaseClient.GenericExecuteSpec upsert = db.sql(LedgerSql.record(outcome))
                .bind("t", change.table()).bind("id", change.id())
                .bind("row", EventJson.MAPPER.writeValueAsString(change.row()))
                .bind("digest", LegacyRows.digest(change.row()))
                .bind("deleted", change.deleted()).bind("applied", outcome.applied())
                .bind("at", Times.utc(change.sourceAt()));
        upsert = outcome.waitsFor() == null ? upsert.bindNull("waits", String.class) : upsert.bind("waits", outcome.waitsFor());
        upsert = outcome.problem() == null ? upsert : upsert.bind("reason", outcome.problem());
        return upsert.fetch().rowsUpdated().then();
    }

    private static Instant instant(Object value) {
        return value == null ? null : ((OffsetDateTime) value).toInstant();
    }

    /** How long a change waits for the ledger; the listeners block on it. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);
}
