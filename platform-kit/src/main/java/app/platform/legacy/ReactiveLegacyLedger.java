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
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

    /**
     * SQL over the ledger: each identity user the ledger imported a legacy app user for ({@code member}, its id as
     * text in lower case) with that user's legacy id ({@code legacy_id}): the row of {@code public.users} whose
     * {@code auth_user_id} it is (in any case), the one not deleted first, else the newest. A deleted one still counts:
     * the member's imported rows stay under it, and profile's reverse stream writes the app user back under it. The
     * reverse streams write a member's rows under it, else under the member's own id, and their targets read them so.
     */
    public static final String APP_USERS = """
            SELECT DISTINCT ON (lower(row ->> 'auth_user_id')) lower(row ->> 'auth_user_id') AS member, legacy_id
            FROM legacy_row
            WHERE source_table = 'public.users' AND applied AND row ->> 'auth_user_id' IS NOT NULL
            ORDER BY lower(row ->> 'auth_user_id'), deleted, source_at DESC""";

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

    /**
     * What the reconciliation compares with the legacy table: the digest of every imported row, by legacy id; the rows
     * that could not be imported ({@code problems}, which block verification) and those imported with a note
     * ({@code warnings}), each with its reason; how many wait; when the newest change was captured and applied.
     */
    public record TableState(String table, Map<String, String> rows, Map<String, String> problems,
                             Map<String, String> warnings, long waiting, Instant lastSourceAt, Instant lastAppliedAt) {
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ReactiveLegacyLedger.class);

    /** A bucket of a table's imported rows: how many, and the sum of their shares ({@link LegacyRows#share}). */
    public record Bucket(long rows, String checksum) {
    }

    /**
     * What the reconciliation compares first, whatever the table's size: its imported rows per bucket
     * ({@link LegacyRows#bucket}), with the problems, warnings, waiting rows and times of {@link TableState}.
     */
    public record TableSummary(String table, Map<String, Bucket> buckets, Map<String, String> problems,
                               Map<String, String> warnings, long waiting, Instant lastSourceAt, Instant lastAppliedAt) {
    }

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Map<String, Function<LegacyChange, Mono<Outcome>>> retries = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> parents = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> perBatch = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final LegacyTargets targets = new LegacyTargets();

    public ReactiveLegacyLedger(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
        parents.add(USERS);
    }

    /**
     * Merges, applies and records one change, in one transaction ({@link LedgerStep}): a change at or before the row's
     * last applied one is skipped, one that changes nothing only moves the row's position on, a delete is applied to
     * the row as last known, and a delete of a row never seen is recorded and nothing else.
     */
    public Mono<Outcome> handle(LegacyChange change, Function<LegacyChange, Mono<Outcome>> apply) {
        return lastKnown(change)
                .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .flatMap(known -> {
                    LedgerStep step = LedgerStep.next(change, known.orElse(null));
                    return switch (step.kind()) {
                        case SKIP -> Mono.just(Outcome.done());
                        case ADVANCE -> position(db.sql(LedgerSql.ADVANCE), change).fetch().rowsUpdated()
                                .thenReturn(Outcome.done());
                        case RECORD -> record(change, Outcome.done()).thenReturn(Outcome.done());
                        case APPLY -> applyAndRecord(step.change(), apply);
                    };
                })
                .as(tx::transactional);
    }

    /**
     * A polled batch of captured changes (the listener's records) in one transaction, in order, the batch's users
     * locked first in one order (so two batches on other partitions never deadlock over them), then what the
     * translations kept for the batch's end ({@link LegacyBatchStep}) in the same transaction. What the changes read of
     * the ledger is read for the whole batch at its start ({@link Prefetched}): each row as last known, locked, and
     * which of the users are imported, three statements instead of three a change; the rows of a table declared
     * {@link #recordedPerBatch} are recorded at its end, in one statement. Should the batch
     * fail, it is handled again change by change, each in its own transaction: a change that fails for a reason that
     * passes (the connection, a deadlock) is named to the listener's error handler, which retries it for ever with the
     * ones before it kept; one that fails {@value #ATTEMPTS} times for any other reason is parked as a problem of its
     * row with that reason, and the partition moves on. A malformed one goes to the topic's dead letters.
     */
    public void handleBatch(List<ConsumerRecord<String, String>> records, Function<LegacyChange, Mono<Outcome>> apply) {
        try {
            List<LegacyChange> changes = records.stream().filter(r -> r.value() != null).map(ReactiveLegacyLedger::parse).toList();
            LegacyBatchStep.Batch batch = new LegacyBatchStep.Batch(changes);
            Prefetched prefetched = new Prefetched();
            lockUsers(changes).then(prefetch(changes, prefetched))
                    .thenMany(Flux.fromIterable(changes)).concatMap(change -> handle(change, apply))
                    .then(Mono.defer(batch::flush))
                    .then(Mono.defer(() -> recordPending(prefetched)))
                    .contextWrite(reactor.util.context.Context.of(LegacyBatchStep.Batch.class, batch, Prefetched.class, prefetched))
                    .as(tx::transactional).block(TIMEOUT);
        } catch (RuntimeException batchFailed) {
            for (int i = 0; i < records.size(); i++) {
                if (records.get(i).value() == null) {
                    continue;
                }
                try {
                    applyOrPark(parse(records.get(i)), apply);
                } catch (RuntimeException e) {
                    throw new org.springframework.kafka.listener.BatchListenerFailedException("a legacy change failed", e, i);
                }
            }
        }
    }

    private static LegacyChange parse(ConsumerRecord<String, String> record) {
        return LegacyChange.parse(record.value(), record.partition(), record.offset());
    }

    /** Applies one change in its own transaction, or parks it after {@value #ATTEMPTS} failures that do not pass. */
    private void applyOrPark(LegacyChange change, Function<LegacyChange, Mono<Outcome>> apply) {
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                handle(change, apply).block(TIMEOUT);
                return;
            } catch (RuntimeException e) {
                if (ApplyFailures.isTransient(e, ReactiveLegacyLedger::sqlState)) {
                    throw e;
                }
                failure = e;
            }
        }
        String reason = ApplyFailures.reason(failure, ReactiveLegacyLedger::sqlState);
        // the reason and the failure's kind only: a database's message may quote the row's values
        log.warn("legacy change {} of {} {} parked after {} attempts: {} ({})", change.op(), change.table(), change.id(),
                ATTEMPTS, reason, failure.getClass().getName());
        try {
            park(change, reason).block(TIMEOUT);
        } catch (RuntimeException e) {
            if (ApplyFailures.isTransient(e, ReactiveLegacyLedger::sqlState)) {
                throw e;
            }
            throw new app.platform.events.EventJson.MalformedEvent("a legacy change that can be neither applied nor parked: "
                    + ApplyFailures.reason(e, ReactiveLegacyLedger::sqlState), null);
        }
    }

    /**
     * Records a change that cannot be applied as a problem of its row, with its position (so the same change read
     * again is skipped) and the row as last known merged with it; a later change of the row is tried again.
     */
    Mono<Void> park(LegacyChange change, String reason) {
        return lastKnownForUpdate(change)
                .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .flatMap(known -> record(change.deleted() ? change.withRow(known.map(LedgerStep.LastKnown::row).orElse(change.row()))
                        : change.withRow(LegacyRows.merge(known.map(LedgerStep.LastKnown::row).orElse(null), change.row())),
                        Outcome.refused(reason)))
                .as(tx::transactional);
    }

    private static String sqlState(Throwable t) {
        return t instanceof io.r2dbc.spi.R2dbcException r ? r.getSqlState() : null;
    }

    /**
     * Takes, in the caller's transaction and in sorted order, the lock of every legacy user the changes name (their
     * {@code user_id}, or their own id for {@code public.users}), which {@link #forUser} and the release take again.
     */
    public Mono<Void> lockUsers(List<LegacyChange> changes) {
        String[] keys = changes.stream().map(change -> change.table().equals(USERS) ? change.id() : change.text("user_id"))
                .filter(java.util.Objects::nonNull).map(user -> key(USERS, user)).distinct().toArray(String[]::new);
        // one statement, in the order of the lock keys themselves (two users whose keys collide are one lock)
        return keys.length == 0 ? Mono.empty() : db.sql(LedgerSql.LOCK_ALL).bind("keys", keys).fetch().rowsUpdated().then();
    }

    /**
     * Reads, for a batch whose users {@link #lockUsers} locked, every row of its changes as last known (locked until
     * the batch commits) and which of the users its rows name are imported, with their identity user id.
     */
    private Mono<Void> prefetch(List<LegacyChange> changes, Prefetched prefetched) {
        var rows = new java.util.LinkedHashSet<Map.Entry<String, String>>();
        var users = new java.util.LinkedHashSet<String>();
        for (LegacyChange change : changes) {
            if (change.id() != null) {
                rows.add(Map.entry(change.table(), change.id()));
            }
            String user = change.text("user_id");
            if (!change.table().equals(USERS) && user != null) {
                users.add(user);
            }
        }
        rows.forEach(row -> prefetched.rows.put(key(row.getKey(), row.getValue()), java.util.Optional.empty()));
        Mono<Void> known = rows.isEmpty() ? Mono.empty() : db.sql(LedgerSql.LAST_KNOWN_OF_ALL_FOR_UPDATE)
                .bind("tables", rows.stream().map(Map.Entry::getKey).toArray(String[]::new))
                .bind("ids", rows.stream().map(Map.Entry::getValue).toArray(String[]::new))
                .map((r, m) -> Map.entry(key(r.get("source_table", String.class), r.get("legacy_id", String.class)), lastKnown(r)))
                .all().doOnNext(row -> prefetched.rows.put(row.getKey(), java.util.Optional.of(row.getValue()))).then();
        Mono<Void> imported = users.isEmpty() ? Mono.empty() : db.sql(LedgerSql.IMPORTED_USERS)
                .bind("t", USERS).bind("ids", users.toArray(String[]::new))
                .map((r, m) -> new AppUser(r.get(0, String.class), r.get(1, String.class)))
                .all().doOnNext(user -> prefetched.users.put(user.legacyId(), java.util.Optional.of(user))).then();
        users.forEach(user -> prefetched.users.put(user, java.util.Optional.empty()));
        return known.then(imported);
    }

    /** An imported legacy app user: its legacy id and its identity user id ({@code auth_user_id}, may be null). */
    private record AppUser(String legacyId, String authUser) {
    }

    /**
     * What a batch read of the ledger at its start ({@link #prefetch}), by key: each row as last known (empty when
     * the ledger has none), taken by the row's first change; and each user its rows name (empty when not imported).
     * A row or user the batch records is forgotten, so what the batch changed is read again from the ledger.
     */
    static final class Prefetched {
        private final Map<String, java.util.Optional<LedgerStep.LastKnown>> rows = new java.util.HashMap<>();
        private final Map<String, java.util.Optional<AppUser>> users = new java.util.HashMap<>();
        /** The applied changes of {@link #recordedPerBatch} tables not recorded yet, by key: one each. */
        private final Map<String, LegacyChange> pending = new java.util.LinkedHashMap<>();

        /** The row as last known, once: null when it was not read for the batch (or is read again). */
        java.util.Optional<LedgerStep.LastKnown> take(LegacyChange change) {
            return rows.remove(key(change.table(), change.id()));
        }

        void forget(LegacyChange change) {
            rows.remove(key(change.table(), change.id()));
            if (change.table().equals(USERS)) {
                users.remove(change.id());
            }
        }
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
        Mono<AppUser> imported = Mono.deferContextual(ctx -> ctx.<Prefetched>getOrEmpty(Prefetched.class)
                .map(prefetched -> prefetched.users.get(legacyUser))
                .map(Mono::justOrEmpty)
                .orElseGet(() -> lock(key(USERS, legacyUser)).then(db.sql(LedgerSql.IMPORTED_USERS)
                        .bind("t", USERS).bind("ids", new String[] {legacyUser})
                        .map((r, m) -> new AppUser(r.get(0, String.class), r.get(1, String.class))).one())));
        return imported
                .flatMap(user -> user.authUser() == null ? Mono.just(Outcome.refused("its user has no auth_user_id"))
                        : apply.apply(change, UUID.fromString(user.authUser())))
                .switchIfEmpty(Mono.fromSupplier(() -> Outcome.waitFor(key(USERS, legacyUser))));
    }

    /**
     * The ids of the live rows of {@code table} the ledger imported for a legacy app user (its {@code user_id}), through
     * the index {@code legacy_row_by_user}.
     */
    public Mono<List<String>> importedFor(String table, UUID legacyAppUser) {
        return db.sql("SELECT legacy_id FROM legacy_row WHERE source_table = :t AND row->>'user_id' = :user "
                        + "AND applied AND NOT deleted")
                .bind("t", table).bind("user", legacyAppUser.toString())
                .map((r, m) -> r.get(0, String.class)).all().collectList();
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
     * Applies a row once another legacy row it references is imported (a dispute its payout), or lets it wait for
     * that row: when it is applied, the waiting rows are applied again (their user, if any, checked again too). The
     * referenced table is declared once ({@link #awaits}) so that applying its rows releases what waits for them.
     */
    public Mono<Outcome> afterParent(String table, String legacyId, java.util.function.Supplier<Mono<Outcome>> apply) {
        String parent = key(table, legacyId);
        return lock(parent).then(db.sql(
                        "SELECT 1 FROM legacy_row WHERE source_table = :t AND legacy_id = :id AND applied AND NOT deleted")
                .bind("t", table).bind("id", legacyId).map((r, m) -> true).one())
                .flatMap(found -> apply.get())
                .switchIfEmpty(Mono.fromSupplier(() -> Outcome.waitFor(parent)));
    }

    /**
     * Declares tables of whose rows nothing in the import reads the ledger again (no row waits for them, no
     * translation reads them there): a batch records its applied rows at its end, all in one statement, instead of
     * one statement each. A row of them changed twice in one batch has the first recorded before the second is
     * handled. A table rows wait for ({@link #USERS}, {@link #awaits}) is refused.
     */
    public void recordedPerBatch(String... tables) {
        for (String table : tables) {
            if (parents.contains(table)) {
                throw new IllegalArgumentException(table + " is waited for: its rows are read again within a batch");
            }
        }
        perBatch.addAll(List.of(tables));
    }

    /** Declares a table whose rows others wait for ({@link #afterParent}): applying one releases them. */
    public void awaits(String table) {
        if (perBatch.contains(table)) {
            throw new IllegalArgumentException(table + " is recorded per batch: its rows cannot be waited for");
        }
        parents.add(table);
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
        // what the batch applied so far is in the ledger before it reads what waits (no row waits for those tables,
        // but a row of them that waited before the batch must not be read as still waiting)
        return recordPending().then(lock(key)).then(db.sql("SELECT source_table, legacy_id, row, deleted, source_at FROM legacy_row WHERE waits_for = :key AND NOT applied FOR UPDATE")
                .bind("key", key)
                .map((r, m) -> new LegacyChange(r.get("source_table", String.class),
                        Boolean.TRUE.equals(r.get("deleted", Boolean.class)) ? "d" : "r", // its last known state, read again
                        (ObjectNode) EventJson.MAPPER.readTree(r.get("row", String.class)),
                        r.get("source_at", OffsetDateTime.class).toInstant()))
                .all().collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(waiting -> applyAndRecord(waiting, change -> inSavepoint(change, apply)))
                .count());
    }

    /**
     * Applies a released row in a savepoint of the transaction that releases it (its user's change, or the sweep): a
     * row that cannot be applied is rolled back to the savepoint and parked with its reason, and neither the user's
     * change nor the other rows fail with it. A failure that passes fails the whole transaction, to be retried.
     */
    private Mono<Outcome> inSavepoint(LegacyChange change, Function<LegacyChange, Mono<Outcome>> apply) {
        return db.sql("SAVEPOINT legacy_release").then()
                .then(Mono.defer(() -> apply.apply(change)))
                .flatMap(outcome -> db.sql("RELEASE SAVEPOINT legacy_release").then().thenReturn(outcome))
                .onErrorResume(e -> !ApplyFailures.isTransient(e, ReactiveLegacyLedger::sqlState), e -> {
                    String reason = ApplyFailures.reason(e, ReactiveLegacyLedger::sqlState);
                    log.warn("released legacy row of {} {} parked: {} ({})", change.table(), change.id(), reason,
                            e.getClass().getName());
                    return db.sql("ROLLBACK TO SAVEPOINT legacy_release").then().thenReturn(Outcome.refused(reason));
                });
    }

    /**
     * Serialises, per key, a row deciding to wait for it and the release of the rows waiting for it (listeners run
     * concurrently): whichever commits second sees what the first did.
     */
    private Mono<Void> lock(String key) {
        return db.sql(LedgerSql.LOCK).bind("key", key).then();
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
     * (a release and a wait that crossed each other; a crash between them), each key ({@link #key}: the table, then
     * the id) found by the ledger's primary key. Emits how many were applied.
     */
    public Mono<Long> sweep() {
        return db.sql("""
                        SELECT DISTINCT w.waits_for FROM legacy_row w
                        JOIN legacy_row u ON u.source_table = split_part(w.waits_for, ':', 1)
                            AND u.legacy_id = substr(w.waits_for, strpos(w.waits_for, ':') + 1) AND u.applied AND NOT u.deleted
                        WHERE NOT w.applied AND w.waits_for IS NOT NULL""")
                .map((r, m) -> r.get(0, String.class)).all().collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(key -> release(key, change -> retries.getOrDefault(change.table(),
                        c -> Mono.just(Outcome.waitFor(key))).apply(change)).as(tx::transactional))
                .reduce(0L, Long::sum);
    }

    public Mono<TableState> state(String table) {
        return Mono.zip(pairs(LedgerSql.STATE_ROWS, table), details(table)).map(t -> new TableState(table, t.getT1(),
                t.getT2().problems(), t.getT2().warnings(), t.getT2().waiting(), t.getT2().lastSourceAt(), t.getT2().lastAppliedAt()));
    }

    public Mono<TableSummary> summary(String table) {
        Mono<Map<String, Bucket>> buckets = db.sql(LedgerSql.STATE_BUCKETS).bind("t", table)
                .map((r, m) -> Map.entry(r.get("bucket", String.class), new Bucket(r.get("rows", Long.class), r.get("checksum", String.class))))
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new);
        return Mono.zip(buckets, details(table)).map(t -> new TableSummary(table, t.getT1(), t.getT2().problems(),
                t.getT2().warnings(), t.getT2().waiting(), t.getT2().lastSourceAt(), t.getT2().lastAppliedAt()));
    }

    /** A table's problems, warnings, waiting rows and times. */
    private record Details(Map<String, String> problems, Map<String, String> warnings, long waiting, Instant lastSourceAt,
                           Instant lastAppliedAt) {
    }

    private Mono<Details> details(String table) {
        Mono<Object[]> times = db.sql(LedgerSql.STATE_TIMES)
                .bind("t", table)
                .map((r, m) -> new Object[] {r.get(0, Long.class), r.get(1, OffsetDateTime.class), r.get(2, OffsetDateTime.class)})
                .one();
        return Mono.zip(pairs(LedgerSql.STATE_PROBLEMS, table), pairs(LedgerSql.STATE_WARNINGS, table), times)
                .map(t -> new Details(t.getT1(), t.getT2(), (Long) t.getT3()[0], instant(t.getT3()[1]), instant(t.getT3()[2])));
    }

    /** The digests of a table's imported rows in the given buckets, by legacy id. */
    public Mono<Map<String, String>> rows(String table, java.util.Collection<String> buckets) {
        if (buckets.isEmpty()) {
            return Mono.just(Map.of());
        }
        return db.sql(LedgerSql.STATE_ROWS_IN_BUCKETS).bind("t", table).bind("buckets", List.copyOf(buckets))
                .map((r, m) -> Map.entry(r.get(0, String.class), r.get(1, String.class))).all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new);
    }

    /** What the service holds of each legacy table it imports ({@link LegacyTarget}s), and the test-only switch. */
    public LegacyTargets targets() {
        return targets;
    }

    /**
     * Every row the service's query holds of a legacy table ({@link LegacyTarget}), its own rows too, by legacy id
     * (the failback's check compares them with the legacy table as it is), read in one transaction.
     */
    public Mono<Map<String, Map<String, Object>>> held(LegacyTarget target) {
        return db.sql(target.query()).filter(s -> s.fetchSize(1_000))
                .map((r, m) -> {
                    Map<String, Object> held = new java.util.HashMap<>();
                    for (var column : m.getColumnMetadatas()) {
                        if (LegacyTargets.held(column.getName())) {
                            held.put(column.getName(), r.get(column.getName()));
                        }
                    }
                    return Map.entry(r.get(LegacyTargets.HELD_ID, String.class), held);
                })
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, java.util.HashMap::new)
                .as(tx::transactional);
    }

    /**
     * What the service holds of a legacy table against what it imported ({@link LegacyTarget}), read in one
     * read-only transaction (the ledger and the service's tables alike), streamed in fetches of 1,000 rows: only the
     * counts and the first ids of each kind are kept.
     */
    public Mono<TargetReport> target(String table) {
        return targets.of(table).map(target -> db.sql(LegacyTargets.sql(target)).bind("t", table)
                        .filter(s -> s.fetchSize(1_000))
                        .map((r, m) -> {
                            Map<String, Object> held = null;
                            if (r.get(LegacyTargets.HELD_ID) != null) {
                                held = new java.util.HashMap<>();
                                for (var column : m.getColumnMetadatas()) {
                                    if (LegacyTargets.held(column.getName())) {
                                        held.put(column.getName(), r.get(column.getName()));
                                    }
                                }
                            }
                            return new Object[] {r.get(LegacyTargets.LEDGER_ID, String.class), r.get(LegacyTargets.LEDGER_ROW, String.class),
                                    Boolean.TRUE.equals(r.get(LegacyTargets.LEDGER_DELETED, Boolean.class)), held};
                        })
                        .all()
                        .collect(() -> new TargetReport.Builder(target), (report, row) -> {
                            @SuppressWarnings("unchecked")
                            Map<String, Object> held = (Map<String, Object>) row[3];
                            LegacyTargets.add(report, (String) row[0], (String) row[1], (Boolean) row[2], held);
                        })
                        .map(TargetReport.Builder::build)
                        .as(tx::transactional))
                .orElseGet(() -> Mono.just(LegacyTargets.undeclared(table)));
    }

    /** How many rows could not be imported, and how many wait, over every table of the ledger. */
    public Mono<LegacyLedgerMetrics.LedgerCounts> counts() {
        return db.sql(LedgerSql.COUNTS)
                .map((r, m) -> new LegacyLedgerMetrics.LedgerCounts(r.get(0, Long.class), r.get(1, Long.class))).one();
    }

    private Mono<Map<String, String>> pairs(String sql, String table) {
        return db.sql(sql).bind("t", table).map((r, m) -> Map.entry(r.get(0, String.class), r.get(1, String.class))).all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new);
    }

    /**
     * The row as last known: as the batch read it ({@link Prefetched}), else read and locked now (after its record the
     * batch keeps for its end is written, when it has one).
     */
    private Mono<LedgerStep.LastKnown> lastKnown(LegacyChange change) {
        return Mono.deferContextual(ctx -> {
            Prefetched prefetched = ctx.<Prefetched>getOrEmpty(Prefetched.class).orElse(null);
            if (prefetched == null) {
                return lastKnownForUpdate(change);
            }
            if (prefetched.pending.containsKey(key(change.table(), change.id()))) {
                return recordPending(prefetched).then(lastKnownForUpdate(change));
            }
            java.util.Optional<LedgerStep.LastKnown> read = prefetched.take(change);
            return read == null ? lastKnownForUpdate(change) : Mono.justOrEmpty(read);
        });
    }

    private Mono<LedgerStep.LastKnown> lastKnownForUpdate(LegacyChange change) {
        return db.sql(LedgerSql.LAST_KNOWN_FOR_UPDATE)
                .bind("t", change.table()).bind("id", change.id())
                .map((r, m) -> lastKnown(r))
                .one();
    }

    private static LedgerStep.LastKnown lastKnown(io.r2dbc.spi.Readable r) {
        return new LedgerStep.LastKnown((ObjectNode) EventJson.MAPPER.readTree(r.get("row", String.class)),
                r.get("digest", String.class), Boolean.TRUE.equals(r.get("applied", Boolean.class)),
                Boolean.TRUE.equals(r.get("deleted", Boolean.class)),
                new LegacyChange.Position(r.get("topic_partition", Integer.class), r.get("topic_offset", Long.class),
                        r.get("commit_lsn", Long.class), r.get("change_lsn", Long.class), r.get("tx_id", Long.class),
                        TxSnapshot.parseNullable(r.get("missing_in", String.class))));
    }

    private Mono<Outcome> applyAndRecord(LegacyChange change, Function<LegacyChange, Mono<Outcome>> apply) {
        // the legacy app users (forUser) and the tables declared awaited (afterParent) are waited for
        boolean awaited = parents.contains(change.table()) && !change.deleted();
        return apply.apply(targets.seenBy(change)).flatMap(outcome -> record(change, outcome)
                .then(outcome.applied() && awaited ? release(key(change.table(), change.id()), apply) : Mono.empty())
                .thenReturn(outcome));
    }

    /** The row's last known state and digest, and its problem noted or cleared, in one statement. */
    private Mono<Void> record(LegacyChange change, Outcome outcome) {
        return Mono.deferContextual(ctx -> {
            var prefetched = ctx.<Prefetched>getOrEmpty(Prefetched.class);
            prefetched.ifPresent(p -> p.forget(change));
            if (prefetched.isPresent() && perBatch.contains(change.table()) && outcome.applied() && outcome.problem() == null
                    && change.position().partition() >= 0) {
                prefetched.get().pending.put(key(change.table(), change.id()), change);
                return Mono.<Void>empty();
            }
            return upsert(change, outcome);
        });
    }

    /** Records what the batch being handled keeps for its end ({@link #recordedPerBatch}); nothing outside one. */
    private Mono<Void> recordPending() {
        return Mono.deferContextual(ctx -> ctx.<Prefetched>getOrEmpty(Prefetched.class).map(this::recordPending)
                .orElseGet(Mono::empty));
    }

    private Mono<Void> recordPending(Prefetched prefetched) {
        if (prefetched.pending.isEmpty()) {
            return Mono.empty();
        }
        var rows = EventJson.MAPPER.createArrayNode();
        for (LegacyChange change : prefetched.pending.values()) {
            LegacyChange.Position p = change.position();
            ObjectNode row = rows.addObject().put("t", change.table()).put("id", change.id());
            row.set("row", change.row());
            row.put("digest", LegacyRows.digest(change.row())).put("deleted", change.deleted())
                    .put("at", Times.utc(change.sourceAt()).toString()).put("p", p.partition()).put("o", p.offset())
                    .put("c", p.commitLsn()).put("l", p.lsn()).put("x", p.txId())
                    .put("m", p.missingIn() == null ? null : p.missingIn().toString());
        }
        prefetched.pending.clear();
        return db.sql(LedgerSql.RECORD_APPLIED_ALL).bind("rows", EventJson.MAPPER.writeValueAsString(rows)).fetch()
                .rowsUpdated().then();
    }

    private Mono<Void> upsert(LegacyChange change, Outcome outcome) {
        DatabaseClient.GenericExecuteSpec upsert = db.sql(LedgerSql.record(outcome))
                .bind("t", change.table()).bind("id", change.id())
                .bind("row", EventJson.MAPPER.writeValueAsString(change.row()))
                .bind("digest", LegacyRows.digest(change.row()))
                .bind("deleted", change.deleted()).bind("applied", outcome.applied())
                .bind("at", Times.utc(change.sourceAt()));
        upsert = outcome.waitsFor() == null ? upsert.bindNull("waits", String.class) : upsert.bind("waits", outcome.waitsFor());
        upsert = outcome.problem() == null ? upsert : upsert.bind("reason", outcome.problem());
        return position(upsert, change).fetch().rowsUpdated().then();
    }

    private static DatabaseClient.GenericExecuteSpec position(DatabaseClient.GenericExecuteSpec spec, LegacyChange change) {
        LegacyChange.Position p = change.position();
        spec = spec.bind("t", change.table()).bind("id", change.id())
                .bind("partition", p.partition()).bind("offset", p.offset());
        spec = p.commitLsn() == null ? spec.bindNull("commit", Long.class) : spec.bind("commit", p.commitLsn());
        spec = p.lsn() == null ? spec.bindNull("lsn", Long.class) : spec.bind("lsn", p.lsn());
        spec = p.txId() == null ? spec.bindNull("tx", Long.class) : spec.bind("tx", p.txId());
        return p.missingIn() == null ? spec.bindNull("missing", String.class) : spec.bind("missing", p.missingIn().toString());
    }

    private static Instant instant(Object value) {
        return value == null ? null : ((OffsetDateTime) value).toInstant();
    }

    /** How long a change waits for the ledger; the listeners block on it. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** How often a change that fails for a reason that does not pass is tried before it is parked. */
    static final int ATTEMPTS = 3;
}
