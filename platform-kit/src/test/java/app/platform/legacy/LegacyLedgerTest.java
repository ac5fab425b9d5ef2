package app.platform.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.events.EventJson;
import app.platform.legacy.ReactiveLegacyLedger.Outcome;
import app.platform.legacy.ReactiveLegacyLedger.TableState;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * The legacy ledgers themselves (the reactive one; the JDBC one in {@link JdbcLedger}), on a real PostgreSQL (embedded, as the testkit starts it; platform-kit cannot depend on
 * the testkit, which depends on it) with its own migration applied: what every importer relies on, without a
 * service around it.
 */
class LegacyLedgerTest {

    static final String PROFILES = "public.user_profiles";
    static final String CONTACTS = "public.user_contacts";
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static EmbeddedPostgres pg;
    static ConnectionFactory connections;

    ReactiveLegacyLedger ledger;
    /** The changes the service's translation was given, in order, each with the row it got. */
    final List<LegacyChange> applied = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
        // the ledger's own migrations, as the services' Flyway applies them (classpath:db/platform/legacy): the
        // versioned ones in order, then the repeatable ones
        Resource[] migrations = new PathMatchingResourcePatternResolver().getResources("classpath*:db/platform/legacy/*.sql");
        Arrays.sort(migrations, Comparator.comparing((Resource m) -> m.getFilename().startsWith("R__"))
                .thenComparing(Resource::getFilename));
        assertThat(migrations).as("the ledger's migrations on the class path").isNotEmpty();
        try (Connection c = jdbc(); Statement st = c.createStatement()) {
            for (Resource migration : migrations) {
                try (InputStream in = migration.getInputStream()) {
                    st.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        connections = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host("localhost").port(pg.getPort()).username("postgres").password("postgres").database("postgres").build());
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (pg != null) {
            pg.close();
        }
    }

    @BeforeEach
    void emptyLedger() throws SQLException {
        try (Connection c = jdbc(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE legacy_row, legacy_problem");
        }
        ledger = new ReactiveLegacyLedger(DatabaseClient.create(connections),
                TransactionalOperator.create(new R2dbcTransactionManager(connections)));
        applied.clear();
    }

    // --- merging -------------------------------------------------------------------------------------------------

    @Test
    void aPartialUpdateIsMergedWithTheLastKnownRowAndThePlaceholderIsNeverStored() throws SQLException {
        String bio = "x".repeat(3000);
        handle(change(PROFILES, "r", T0, """
                {"id": "p1", "user_id": "u1", "display_name": "Ada", "bio": "%s"}""".formatted(bio)), done());
        // an update that left the TOASTed bio alone: Debezium sends its placeholder
        Outcome outcome = handle(change(PROFILES, "u", T0.plusSeconds(1), """
                {"id": "p1", "user_id": "u1", "display_name": "Renamed", "bio": "%s"}""".formatted(LegacyChange.UNAVAILABLE)), done());

        assertThat(outcome.applied()).isTrue();
        LegacyChange update = applied.get(1);
        assertThat(update.op()).isEqualTo("u");
        assertThat(update.text("display_name")).isEqualTo("Renamed");
        assertThat(update.text("bio")).isEqualTo(bio);
        LedgerRow recorded = ledgerRow(PROFILES, "p1");
        assertThat(recorded.row()).doesNotContain(LegacyChange.UNAVAILABLE).contains(bio).contains("Renamed");
        // digested as the legacy database holds the row: the whole bio, the new name
        assertThat(recorded.digest()).isEqualTo(LegacyRows.digest(row("""
                {"id": "p1", "user_id": "u1", "display_name": "Renamed", "bio": "%s"}""".formatted(bio))));

        // a partial update of a row never seen: the unknown value stays out, it is not the placeholder
        handle(change(PROFILES, "u", T0.plusSeconds(2), """
                {"id": "p2", "user_id": "u1", "display_name": "Grace", "bio": "%s"}""".formatted(LegacyChange.UNAVAILABLE)), done());
        assertThat(applied.get(2).row().has("bio")).isFalse();
        assertThat(ledgerRow(PROFILES, "p2").row()).doesNotContain(LegacyChange.UNAVAILABLE).doesNotContain("bio");
    }

    // --- deletes -------------------------------------------------------------------------------------------------

    @Test
    void aDeleteOfARowNeverSeenIsRecordedOnlyAndADeleteOfAKnownRowIsAppliedToItsLastKnownState() throws SQLException {
        // Debezium's delete carries the key, the other columns as their types' defaults
        Outcome outcome = handle(change(CONTACTS, "d", T0, """
                {"id": "c-gone", "user_id": null, "kind": null, "value": null}"""), done());

        assertThat(outcome.applied()).isTrue();
        assertThat(applied).as("nothing to apply a delete to").isEmpty();
        LedgerRow gone = ledgerRow(CONTACTS, "c-gone");
        assertThat(gone.deleted()).isTrue();
        assertThat(gone.applied()).isTrue();
        assertThat(gone.waitsFor()).isNull();
        assertThat(state(CONTACTS).rows()).doesNotContainKey("c-gone");

        handle(change(CONTACTS, "r", T0.plusSeconds(1), """
                {"id": "c1", "user_id": "u1", "kind": "email", "value": "ada@example.com"}"""), done());
        handle(change(CONTACTS, "d", T0.plusSeconds(2), """
                {"id": "c1", "user_id": null, "kind": null, "value": null}"""), done());
        LegacyChange delete = applied.get(1);
        assertThat(delete.deleted()).isTrue();
        assertThat(delete.text("user_id")).as("the last known row, not the delete's defaults").isEqualTo("u1");
        assertThat(delete.text("value")).isEqualTo("ada@example.com");
        assertThat(ledgerRow(CONTACTS, "c1").deleted()).isTrue();
        assertThat(state(CONTACTS).rows()).isEmpty();
    }

    // --- waiting for a user --------------------------------------------------------------------------------------

    @Test
    void aRowWaitsForItsUserAndIsAppliedForItsIdentityUserWhenTheUserIsApplied() throws SQLException {
        List<String> forUsers = new CopyOnWriteArrayList<>();
        Function<LegacyChange, Mono<Outcome>> apply = profilesForUsers(forUsers);

        Outcome waiting = handle(change(PROFILES, "r", T0, """
                {"id": "p1", "user_id": "u1", "display_name": "Ada"}"""), apply);

        assertThat(waiting.applied()).isFalse();
        assertThat(waiting.waitsFor()).isEqualTo("public.users:u1");
        assertThat(forUsers).isEmpty();
        LedgerRow row = ledgerRow(PROFILES, "p1");
        assertThat(row.applied()).isFalse();
        assertThat(row.waitsFor()).isEqualTo(ReactiveLegacyLedger.key(ReactiveLegacyLedger.USERS, "u1"));
        assertThat(state(PROFILES).waiting()).isEqualTo(1);
        assertThat(state(PROFILES).rows()).isEmpty();

        UUID identity = UUID.fromString("6b1f1f6e-8a51-4c3b-9d7e-2a0c5e4b3f21");
        Outcome user = handle(change(ReactiveLegacyLedger.USERS, "r", T0.plusSeconds(1), """
                {"id": "u1", "auth_user_id": "%s", "email": "ada@example.com"}""".formatted(identity)), apply);

        assertThat(user.applied()).isTrue();
        assertThat(forUsers).containsExactly("p1 for " + identity);
        LedgerRow released = ledgerRow(PROFILES, "p1");
        assertThat(released.applied()).isTrue();
        assertThat(released.waitsFor()).isNull();
        assertThat(state(PROFILES).waiting()).isZero();
        assertThat(state(PROFILES).rows()).containsOnlyKeys("p1");

        // a user already known: its rows are applied at once
        assertThat(handle(change(PROFILES, "r", T0.plusSeconds(2), """
                {"id": "p2", "user_id": "u1", "display_name": "Second"}"""), apply).applied()).isTrue();
        assertThat(forUsers).containsExactly("p1 for " + identity, "p2 for " + identity);
        // a row that names no user is refused, not left waiting
        assertThat(handle(change(PROFILES, "r", T0.plusSeconds(3), """
                {"id": "p3", "user_id": null, "display_name": "Nobody's"}"""), apply).problem()).isEqualTo("no user_id");
    }

    @Test
    void aBatchReadsItsRowsAndUsersOnceAtItsStartAndThenSeesWhatItChangedItself() throws SQLException {
        List<String> forUsers = new CopyOnWriteArrayList<>();
        Function<LegacyChange, Mono<Outcome>> apply = profilesForUsers(forUsers);
        UUID ada = UUID.fromString("6b1f1f6e-8a51-4c3b-9d7e-2a0c5e4b3f21");
        UUID grace = UUID.fromString("0f3c9a4e-1d2b-4e5f-8a7b-6c5d4e3f2a10");
        UUID linus = UUID.fromString("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
        handle(change(ReactiveLegacyLedger.USERS, "r", T0, """
                {"id": "u1", "auth_user_id": "%s"}""".formatted(ada)), apply);
        String p2 = """
                {"id": "p2", "user_id": "u2", "display_name": "Grace"}""";
        assertThat(handle(change(PROFILES, "r", T0, p2), apply).waitsFor()).isEqualTo("public.users:u2");
        String bio = "x".repeat(3000);

        ledger.handleBatch(List.of(
                // a user imported before the batch: applied at once
                record(0, 0, captured(PROFILES, "r", null, 100, """
                        {"id": "p1", "user_id": "u1", "display_name": "Ada", "bio": "%s"}""".formatted(bio))),
                // the same row again: merged with the batch's own first change, not with what the batch read at its start
                record(0, 1, captured(PROFILES, "u", 200L, 210, """
                        {"id": "p1", "user_id": "u1", "display_name": "Countess", "bio": "%s"}""".formatted(LegacyChange.UNAVAILABLE))),
                // a user imported in the batch releases p2, which waited from before it
                record(0, 2, captured(ReactiveLegacyLedger.USERS, "r", null, 100, """
                        {"id": "u2", "auth_user_id": "%s"}""".formatted(grace))),
                // p2 as released: nothing to apply again (the batch read p2 waiting, the release applied it)
                record(0, 3, captured(PROFILES, "r", null, 100, p2)),
                // a new row of that user: applied at once (the batch read u2 as not imported, then imported it)
                record(0, 4, captured(PROFILES, "r", null, 100, """
                        {"id": "p4", "user_id": "u2", "display_name": "Grace again"}""")),
                // a user imported later in the same batch: its row waits, then is released
                record(0, 5, captured(PROFILES, "r", null, 100, """
                        {"id": "p5", "user_id": "u3", "display_name": "Linus"}""")),
                record(0, 6, captured(ReactiveLegacyLedger.USERS, "r", null, 100, """
                        {"id": "u3", "auth_user_id": "%s"}""".formatted(linus)))), apply);

        assertThat(forUsers).containsExactly("p1 for " + ada, "p1 for " + ada, "p2 for " + grace, "p4 for " + grace,
                "p5 for " + linus);
        LedgerRow p1 = ledgerRow(PROFILES, "p1");
        assertThat(p1.row()).contains("Countess").contains(bio).doesNotContain(LegacyChange.UNAVAILABLE);
        for (String id : List.of("p1", "p2", "p4", "p5")) {
            assertThat(ledgerRow(PROFILES, id).applied()).as(id).isTrue();
        }
        assertThat(state(PROFILES).waiting()).isZero();
    }

    @Test
    void aTableRecordedPerBatchIsRecordedAtTheBatchsEndAndARowChangedTwiceInItIsMergedWithItsFirstChange() throws SQLException {
        ledger.recordedPerBatch(CONTACTS);
        // a table rows wait for is read again within a batch: never recorded per batch
        assertThatThrownBy(() -> ledger.recordedPerBatch(ReactiveLegacyLedger.USERS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.awaits(CONTACTS)).isInstanceOf(IllegalArgumentException.class);
        // a row refused before the batch: its problem is cleared once the batch applies it
        handle(change(CONTACTS, "r", T0, contact("c2", "bad")), change -> Mono.just(Outcome.refused("bad")));
        assertThat(problem(CONTACTS, "c2")).isEqualTo("bad");
        String note = "n".repeat(3000);
        List<ConsumerRecord<String, String>> batch = List.of(
                record(0, 0, captured(CONTACTS, "r", null, 100, """
                        {"id": "c1", "user_id": "u1", "kind": "email", "value": "ada@example.com", "note": "%s"}""".formatted(note))),
                record(0, 1, captured(CONTACTS, "u", 200L, 210, """
                        {"id": "c1", "user_id": "u1", "kind": "email", "value": "ada@lovelace.example", "note": "%s"}"""
                        .formatted(LegacyChange.UNAVAILABLE))),
                record(0, 2, captured(CONTACTS, "r", null, 100, contact("c2", "grace@example.com"))),
                record(0, 3, captured(CONTACTS, "d", 300L, 310, """
                        {"id": "c3", "user_id": null, "kind": null, "value": null}""")));

        ledger.handleBatch(batch, done());

        assertThat(applied).extracting(LegacyChange::id).containsExactly("c1", "c1", "c2");
        assertThat(applied.get(1).text("note")).as("merged with the batch's own first change").isEqualTo(note);
        LedgerRow c1 = ledgerRow(CONTACTS, "c1");
        assertThat(c1.row()).contains("ada@lovelace.example").contains(note).doesNotContain(LegacyChange.UNAVAILABLE);
        assertThat(c1.digest()).isEqualTo(LegacyRows.digest(applied.get(1).row()));
        assertThat(problem(CONTACTS, "c2")).isNull();
        assertThat(ledgerRow(CONTACTS, "c3").deleted()).isTrue();
        assertThat(state(CONTACTS).rows()).containsOnlyKeys("c1", "c2");

        // the positions were recorded with the rows: the batch read again applies nothing
        applied.clear();
        ledger.handleBatch(batch, done());
        assertThat(applied).isEmpty();
        assertThat(ledgerRow(CONTACTS, "c1")).isEqualTo(c1);
    }

    @Test
    void aUsersLockIsHeldOnlyAgainstTheLedgerOfTheSameSchemaNotAnotherServicesImport() throws SQLException {
        Function<LegacyChange, Mono<Outcome>> apply = profilesForUsers(new CopyOnWriteArrayList<>());
        String lockU1 = LedgerSql.LOCK.replace(":key", "'public.users:u1'");
        try (Connection other = jdbc(); Statement st = other.createStatement()) {
            other.setAutoCommit(false);
            // another service's ledger (its own schema) in the middle of a batch naming u1
            st.execute("CREATE SCHEMA IF NOT EXISTS another_service");
            st.execute("SET LOCAL search_path = another_service");
            st.execute(lockU1);
            assertThat(handle(change(PROFILES, "r", T0, """
                    {"id": "p1", "user_id": "u1", "display_name": "Ada"}"""), apply).waitsFor()).isEqualTo("public.users:u1");
            ledger.handleBatch(List.of(record(0, 0, captured(PROFILES, "r", null, 100, """
                    {"id": "p2", "user_id": "u1", "display_name": "Grace"}"""))), apply);
            other.rollback();

            // this ledger's own lock of u1 (its schema is public here) is waited for, one change or a batch
            st.execute(lockU1);
            var waiting = ledger.handle(change(PROFILES, "r", T0, """
                    {"id": "p3", "user_id": "u1", "display_name": "Linus"}"""), apply).toFuture();
            var batch = java.util.concurrent.CompletableFuture.runAsync(() -> ledger.handleBatch(List.of(record(0, 1,
                    captured(PROFILES, "r", null, 100, """
                            {"id": "p4", "user_id": "u1", "display_name": "Barbara"}"""))), apply));
            assertThatThrownBy(() -> waiting.get(1, java.util.concurrent.TimeUnit.SECONDS))
                    .isInstanceOf(java.util.concurrent.TimeoutException.class);
            assertThat(batch).isNotDone();
            other.rollback();
            assertThat(waiting.join().waitsFor()).isEqualTo("public.users:u1");
            batch.join();
            assertThat(state(PROFILES).waiting()).isEqualTo(4);
        }
    }

    @Test
    void aRowWaitsForEveryParentItReferencesItsUserThenItsPayoutAndIsAppliedOnceBothAre() throws SQLException {
        String payouts = "public.payout_management";
        String disputes = "public.disputes";
        List<String> appliedDisputes = new CopyOnWriteArrayList<>();
        BiFunction<LegacyChange, UUID, Mono<Outcome>> dispute = (change, identity) -> ledger.afterParent(payouts,
                change.text("payout_id"), () -> Mono.fromSupplier(() -> {
                    appliedDisputes.add(change.id());
                    return Outcome.done();
                }));
        BiFunction<LegacyChange, UUID, Mono<Outcome>> payout = (change, identity) -> Mono.just(
                "-1".equals(change.text("amount")) ? Outcome.refused("a payout's amount is positive") : Outcome.done());
        Function<LegacyChange, Mono<Outcome>> apply = ledger.forUsers("membership", Map.of(disputes, dispute, payouts, payout));
        ledger.awaits(payouts);

        handle(change(disputes, "r", T0, """
                {"id": "d1", "user_id": "u1", "payout_id": "pay1", "status": "open"}"""), apply);
        assertThat(ledgerRow(disputes, "d1").waitsFor()).isEqualTo("public.users:u1");

        handle(change(ReactiveLegacyLedger.USERS, "r", T0, """
                {"id": "u1", "auth_user_id": "6b1f1f6e-8a51-4c3b-9d7e-2a0c5e4b3f21"}"""), apply);
        assertThat(appliedDisputes).isEmpty();
        assertThat(ledgerRow(disputes, "d1").waitsFor()).as("its user is there; its payout is not").isEqualTo(payouts + ":pay1");
        assertThat(state(disputes).waiting()).isEqualTo(1);

        handle(change(payouts, "r", T0, """
                {"id": "pay1", "user_id": "u1", "amount": "10.00"}"""), apply);
        assertThat(appliedDisputes).containsExactly("d1");
        assertThat(ledgerRow(disputes, "d1").applied()).isTrue();
        assertThat(state(disputes).waiting()).isZero();

        // a dispute whose payout is known already is applied at once
        handle(change(disputes, "r", T0, """
                {"id": "d2", "user_id": "u1", "payout_id": "pay1", "status": "open"}"""), apply);
        assertThat(appliedDisputes).containsExactly("d1", "d2");

        // one whose payout could not be imported, or was deleted before it came, waits for good: a problem, named so
        handle(change(payouts, "r", T0, """
                {"id": "pay2", "user_id": "u1", "amount": "-1"}"""), apply);
        handle(change(disputes, "r", T0, """
                {"id": "d3", "user_id": "u1", "payout_id": "pay2", "status": "open"}"""), apply);
        handle(change(payouts, "d", T0, """
                {"id": "pay3"}"""), apply);
        handle(change(disputes, "r", T0, """
                {"id": "d4", "user_id": "u1", "payout_id": "pay3", "status": "open"}"""), apply);
        assertThat(state(disputes).problems()).containsOnly(
                Map.entry("d3", "waits for public.payout_management:pay2, which could not be imported"),
                Map.entry("d4", "waits for public.payout_management:pay3, deleted in the legacy database"));
        assertThat(state(disputes).waiting()).isEqualTo(2);
        assertThat(state(payouts).problems()).containsOnly(Map.entry("pay2", "a payout's amount is positive"));
    }

    @Test
    void theSweepAppliesARowStillWaitingForAUserAppliedMeanwhile() throws SQLException {
        List<String> forUsers = new CopyOnWriteArrayList<>();
        Function<LegacyChange, Mono<Outcome>> apply = profilesForUsers(forUsers); // registers the retry for the sweep
        handle(change(PROFILES, "r", T0, """
                {"id": "p1", "user_id": "u2", "display_name": "Ada"}"""), apply);
        assertThat(ledger.sweep().block()).as("nothing it waits for is applied yet").isZero();

        // the user applied without the release reaching the row (they crossed, or a crash came between)
        UUID identity = UUID.fromString("0d6e4c1a-3b2f-4e8d-a9c7-5f1e2d3c4b5a");
        String user = "{\"id\": \"u2\", \"auth_user_id\": \"" + identity + "\"}";
        try (Connection c = jdbc(); PreparedStatement st = c.prepareStatement("""
                INSERT INTO legacy_row (source_table, legacy_id, row, digest, applied, source_at)
                VALUES ('public.users', 'u2', CAST(? AS jsonb), ?, true, now())""")) {
            st.setString(1, user);
            st.setString(2, LegacyRows.digest(row(user)));
            st.executeUpdate();
        }

        assertThat(ledger.sweep().block()).isEqualTo(1);
        assertThat(forUsers).containsExactly("p1 for " + identity);
        assertThat(ledgerRow(PROFILES, "p1").applied()).isTrue();
        assertThat(ledgerRow(PROFILES, "p1").waitsFor()).isNull();
        assertThat(ledger.sweep().block()).as("nothing left waiting").isZero();
    }

    // --- problems ------------------------------------------------------------------------------------------------

    @Test
    void aRefusedRowIsReportedWithItsReasonAndClearedOnceItIsApplied() throws SQLException {
        Function<LegacyChange, Mono<Outcome>> apply = change -> {
            applied.add(change);
            return Mono.just("fax".equals(change.text("kind")) ? Outcome.refused("a contact is a phone or an e-mail")
                    : Outcome.done());
        };
        Outcome refused = handle(change(CONTACTS, "r", T0, """
                {"id": "c1", "user_id": "u1", "kind": "fax", "value": "+1 555 0100"}"""), apply);

        assertThat(refused.applied()).isFalse();
        assertThat(problem(CONTACTS, "c1")).isEqualTo("a contact is a phone or an e-mail");
        assertThat(ledgerRow(CONTACTS, "c1").applied()).isFalse();
        assertThat(ledgerRow(CONTACTS, "c1").waitsFor()).isNull();
        TableState state = state(CONTACTS);
        assertThat(state.problems()).containsExactly(Map.entry("c1", "a contact is a phone or an e-mail"));
        assertThat(state.rows()).isEmpty();
        assertThat(state.waiting()).as("refused is not waiting").isZero();

        handle(change(CONTACTS, "u", T0.plusSeconds(1), """
                {"id": "c1", "user_id": "u1", "kind": "email", "value": "ada@example.com"}"""), apply);

        assertThat(problem(CONTACTS, "c1")).isNull();
        assertThat(ledgerRow(CONTACTS, "c1").applied()).isTrue();
        assertThat(state(CONTACTS).problems()).isEmpty();
        assertThat(state(CONTACTS).rows()).containsOnlyKeys("c1");
    }

    // --- ordering: never regress ---------------------------------------------------------------------------------

    @Test
    void replayingTheWholeTopicFromOffsetZeroAfterUpdatesAndDeletesAppliesNothingAndChangesNoRow() throws SQLException {
        List<ConsumerRecord<String, String>> topic = List.of(
                record(0, 0, captured(CONTACTS, "r", null, 100, """
                        {"id": "c1", "user_id": "u1", "kind": "email", "value": "ada@example.com"}""")),
                record(0, 1, captured(CONTACTS, "r", null, 100, """
                        {"id": "c2", "user_id": "u1", "kind": "email", "value": "grace@example.com"}""")),
                record(0, 2, captured(CONTACTS, "u", 200L, 210, """
                        {"id": "c1", "user_id": "u1", "kind": "email", "value": "ada@lovelace.example"}""")),
                record(0, 3, captured(CONTACTS, "d", 300L, 310, """
                        {"id": "c2", "user_id": null, "kind": null, "value": null}""")),
                record(0, 4, captured(CONTACTS, "c", 400L, 410, """
                        {"id": "c3", "user_id": "u1", "kind": "phone", "value": "+15550100"}""")));
        ledger.handleBatch(topic, done());
        assertThat(applied).extracting(LegacyChange::op).containsExactly("r", "r", "u", "d", "c");
        Map<String, String> before = state(CONTACTS).rows();
        LedgerRow c1 = ledgerRow(CONTACTS, "c1");

        applied.clear();
        ledger.handleBatch(topic, done()); // the consumer group reset to offset 0
        for (var r : topic) { // and each change once more on its own
            handle(LegacyChange.parse(r.value(), r.partition(), r.offset()), done());
        }

        assertThat(applied).as("nothing applied again, nothing announced again").isEmpty();
        assertThat(state(CONTACTS).rows()).isEqualTo(before).containsOnlyKeys("c1", "c3");
        assertThat(ledgerRow(CONTACTS, "c1")).isEqualTo(c1);
        assertThat(ledgerRow(CONTACTS, "c2").deleted()).isTrue();
    }

    @Test
    void aChangeTheRelaySendsAgainIsSkippedAndASnapshotTakenAgainOrALaterCommitIsApplied() {
        handle(change(CONTACTS, "r", null, 100, 0, 0, "ada@example.com"), done());
        handle(change(CONTACTS, "u", 200L, 210, 0, 1, "second@example.com"), done());
        handle(change(CONTACTS, "u", 300L, 305, 0, 2, "third@example.com"), done());

        // the relay crashed before its offsets were stored: it streams the last two again, on new offsets
        handle(change(CONTACTS, "u", 200L, 210, 0, 3, "second@example.com"), done());
        handle(change(CONTACTS, "u", 300L, 305, 0, 4, "third@example.com"), done());
        assertThat(applied).extracting(c -> c.text("value"))
                .containsExactly("ada@example.com", "second@example.com", "third@example.com");

        // a snapshot taken again reads the row as it is now: applied, whatever the streamed position was
        handle(change(CONTACTS, "r", null, 900, 0, 5, "fourth@example.com"), done());
        // a transaction that began before that snapshot and committed after it: an earlier change LSN, a later commit
        handle(change(CONTACTS, "u", 950L, 850, 0, 6, "fifth@example.com"), done());
        // an older streamed change on a later offset (a second relay's stale copy): skipped
        handle(change(CONTACTS, "u", 940L, 945, 0, 7, "stale@example.com"), done());

        assertThat(applied).extracting(c -> c.text("value")).containsExactly("ada@example.com", "second@example.com",
                "third@example.com", "fourth@example.com", "fifth@example.com");
        assertThat(state(CONTACTS).rows().get("c1")).isEqualTo(LegacyRows.digest(row(contact("fifth@example.com"))));
    }

    @Test
    void aGhostRowsDeleteRemovesNoRowChangedByATransactionItsSnapshotDidNotSeeWhicheverComesFirst() throws SQLException {
        // the sweep's legacy snapshot at LSN 500: transactions below 40 ended, 44 running, none from 50 on begun. Each
        // row was read by a first snapshot, then lacked in this one (deleted before it, or inserted again after it)
        String snapshot = "40:50:44";
        List<LegacyChange> topic = new java.util.ArrayList<>();
        for (String id : List.of("c1", "c2", "c3", "c4")) {
            topic.add(LegacyChange.parse(captured(CONTACTS, "r", null, 100, contact(id, id + "@example.com")), 0,
                    topic.size()));
        }
        // c1 inserted again by the first transaction committed after the snapshot (tx 52): Debezium's sequence names
        // the commit before it (400, below the snapshot's LSN); applied before the delete comes
        topic.add(LegacyChange.parse(captured(CONTACTS, "c", 400L, 520, contact("c1", "again@example.com")), 0, 4));
        // c2: a transaction running at the snapshot (tx 44) wrote it below the snapshot's LSN and committed after it
        topic.add(LegacyChange.parse(captured(CONTACTS, "u", 400L, 440, contact("c2", "late@example.com")), 0, 5));
        topic.add(LegacyChange.parse(ghost(CONTACTS, "c1", 500, snapshot), 0, 6));
        topic.add(LegacyChange.parse(ghost(CONTACTS, "c2", 500, snapshot), 0, 7));
        // c3: the relay behind, its delete first and the insert of the first transaction after the snapshot after it
        topic.add(LegacyChange.parse(ghost(CONTACTS, "c3", 500, snapshot), 0, 8));
        topic.add(LegacyChange.parse(captured(CONTACTS, "c", 400L, 530, contact("c3", "back@example.com")), 0, 9));
        // c4: last changed by a transaction the snapshot saw committed (tx 39): a ghost, deleted; then that change and
        // one before it sent again by a relay that crashed: older than the delete, skipped
        topic.add(LegacyChange.parse(captured(CONTACTS, "u", 300L, 390, contact("c4", "gone@example.com")), 0, 10));
        topic.add(LegacyChange.parse(ghost(CONTACTS, "c4", 500, snapshot), 0, 11));
        topic.add(LegacyChange.parse(captured(CONTACTS, "u", 300L, 390, contact("c4", "gone@example.com")), 0, 12));
        topic.add(LegacyChange.parse(captured(CONTACTS, "u", 200L, 250, contact("c4", "older@example.com")), 0, 13));
        topic.forEach(change -> handle(change, done()));

        Map<String, String> rows = state(CONTACTS).rows();
        assertThat(rows).containsOnlyKeys("c1", "c2", "c3");
        assertThat(rows.get("c1")).isEqualTo(LegacyRows.digest(row(contact("c1", "again@example.com"))));
        assertThat(rows.get("c2")).isEqualTo(LegacyRows.digest(row(contact("c2", "late@example.com"))));
        assertThat(rows.get("c3")).isEqualTo(LegacyRows.digest(row(contact("c3", "back@example.com"))));
        assertThat(ledgerRow(CONTACTS, "c4").deleted()).isTrue();

        // the topic read again from its start: nothing applied again
        applied.clear();
        topic.forEach(change -> handle(change, done()));
        assertThat(applied).isEmpty();
        assertThat(state(CONTACTS).rows()).isEqualTo(rows);

        // c4 inserted again later, by a transaction the snapshot did not see: applied
        handle(LegacyChange.parse(captured(CONTACTS, "c", 600L, 610, contact("c4", "new@example.com")), 0, 14), done());
        assertThat(state(CONTACTS).rows()).containsKey("c4");
    }

    /** cdc-relay's delete of a ghost row: the row's key, the sweep's snapshot (its LSN, its transactions). */
    static String ghost(String table, String id, long lsn, String snapshot) {
        String[] name = table.split("\\.");
        return """
                {"op": "d", "before": {"id": "%s"}, "after": null, "source": {"connector": "platform-ghost-rows",
                 "schema": "%s", "table": "%s", "ts_ms": %d, "lsn": %d, "missing_in_snapshot": "%s", "txId": null}}"""
                .formatted(id, name[0], name[1], T0.toEpochMilli(), lsn, snapshot);
    }

    @Test
    void aChangeThatLeavesTheRowAsItIsIsNotAppliedAgain() {
        handle(change(CONTACTS, "r", null, 100, 0, 0, "ada@example.com"), done());
        handle(change(CONTACTS, "u", 200L, 210, 0, 1, "ada@example.com"), done());
        handle(change(CONTACTS, "u", 300L, 310, 0, 2, "grace@example.com"), done());
        assertThat(applied).extracting(LegacyChange::op).containsExactly("r", "u");
    }

    // --- never stall -----------------------------------------------------------------------------------------------

    @Test
    void aChangeThatCanNeverBeAppliedIsParkedWithItsConstraintAndTheChangesAfterItInThePartitionAreApplied() throws SQLException {
        // the service's table, with a rule the legacy database did not have: one e-mail contact per user
        try (Connection c = jdbc(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS service_contact");
            st.execute("CREATE TABLE service_contact (id text PRIMARY KEY, user_id text, value text, "
                    + "CONSTRAINT service_contact_one_per_user UNIQUE (user_id))");
        }
        DatabaseClient db = DatabaseClient.create(connections);
        Function<LegacyChange, Mono<Outcome>> insert = change -> db.sql(
                        "INSERT INTO service_contact (id, user_id, value) VALUES (:id, :user, :value) "
                                + "ON CONFLICT (id) DO UPDATE SET value = excluded.value, user_id = excluded.user_id")
                .bind("id", change.id()).bind("user", change.text("user_id")).bind("value", change.text("value"))
                .then().thenReturn(Outcome.done());
        List<ConsumerRecord<String, String>> partition = List.of(
                record(1, 10, captured(CONTACTS, "r", null, 100, """
                        {"id": "c1", "user_id": "u1", "kind": "email", "value": "ada@example.com"}""")),
                record(1, 11, captured(CONTACTS, "r", null, 100, """
                        {"id": "c2", "user_id": "u1", "kind": "email", "value": "second-of-ada@example.com"}""")),
                record(1, 12, captured(CONTACTS, "c", 200L, 210, """
                        {"id": "c3", "user_id": "u2", "kind": "email", "value": "grace@example.com"}""")));

        ledger.handleBatch(partition, insert);

        assertThat(problem(CONTACTS, "c2")).isEqualTo("could not be applied: SQLSTATE 23505 (constraint service_contact_one_per_user)")
                .doesNotContain("second-of-ada");
        assertThat(ledgerRow(CONTACTS, "c2").applied()).isFalse();
        assertThat(state(CONTACTS).rows()).containsOnlyKeys("c1", "c3");
        assertThat(state(CONTACTS).problems()).containsOnlyKeys("c2");
        try (Connection c = jdbc(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT string_agg(id, ',' ORDER BY id) FROM service_contact")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("c1,c3");
        }

        // the same change read again is skipped; a later change of the parked row is tried again, and clears it
        ledger.handleBatch(List.of(partition.get(1)), insert);
        assertThat(problem(CONTACTS, "c2")).isNotNull();
        ledger.handleBatch(List.of(record(1, 13, captured(CONTACTS, "u", 300L, 310, """
                {"id": "c2", "user_id": "u3", "kind": "email", "value": "moved@example.com"}"""))), insert);
        assertThat(problem(CONTACTS, "c2")).isNull();
        assertThat(state(CONTACTS).rows()).containsOnlyKeys("c1", "c2", "c3");
    }

    @Test
    void aFailureThatPassesIsHandedToTheListenerToBeRetriedNotParked() throws SQLException {
        Function<LegacyChange, Mono<Outcome>> flaky = change -> "c2".equals(change.id())
                ? Mono.error(new org.springframework.dao.TransientDataAccessResourceException("connection reset"))
                : done().apply(change);
        List<ConsumerRecord<String, String>> partition = List.of(
                record(0, 0, captured(CONTACTS, "r", null, 100, contact("c1", "ada@example.com"))),
                record(0, 1, captured(CONTACTS, "r", null, 100, contact("c2", "grace@example.com"))));

        assertThatThrownBy(() -> ledger.handleBatch(partition, flaky))
                .isInstanceOfSatisfying(org.springframework.kafka.listener.BatchListenerFailedException.class,
                        e -> assertThat(e.getIndex()).as("retried from the change that failed").isEqualTo(1));
        assertThat(state(CONTACTS).rows()).as("the change before it is kept").containsOnlyKeys("c1");
        assertThat(state(CONTACTS).problems()).isEmpty();
    }

    @Test
    void aReleasedRowThatCannotBeAppliedIsParkedInASavepointAndItsUserAndTheOtherRowsAreApplied() throws SQLException {
        List<String> forUsers = new CopyOnWriteArrayList<>();
        BiFunction<LegacyChange, UUID, Mono<Outcome>> profiles = (change, identity) -> "p-bad".equals(change.id())
                ? DatabaseClient.create(connections).sql("SELECT 1 / 0").then().thenReturn(Outcome.done())
                : Mono.fromSupplier(() -> {
                    forUsers.add(change.id());
                    return Outcome.done();
                });
        Function<LegacyChange, Mono<Outcome>> apply = ledger.forUsers("profile", Map.of(PROFILES, profiles));
        handle(change(PROFILES, "r", T0, """
                {"id": "p-bad", "user_id": "u1", "display_name": "Ada"}"""), apply);
        handle(change(PROFILES, "r", T0, """
                {"id": "p-good", "user_id": "u1", "display_name": "Ada again"}"""), apply);

        Outcome user = handle(change(ReactiveLegacyLedger.USERS, "r", T0, """
                {"id": "u1", "auth_user_id": "6b1f1f6e-8a51-4c3b-9d7e-2a0c5e4b3f21"}"""), apply);

        assertThat(user.applied()).isTrue();
        assertThat(forUsers).containsExactly("p-good");
        assertThat(problem(PROFILES, "p-bad")).isEqualTo("could not be applied: SQLSTATE 22012");
        assertThat(state(PROFILES).rows()).containsOnlyKeys("p-good");
        assertThat(state(ReactiveLegacyLedger.USERS).rows()).containsOnlyKeys("u1");
    }

    /** Identity's ledger, by the same rule on the same tables, over JDBC. */
    @org.junit.jupiter.api.Nested
    class JdbcLedger {

        final JdbcLegacyLedger jdbcLedger = new JdbcLegacyLedger(pg.getPostgresDatabase(),
                new DataSourceTransactionManager(pg.getPostgresDatabase()));
        final JdbcClient service = JdbcClient.create(pg.getPostgresDatabase());

        @Test
        void aReplayedChangeIsSkippedAndOneThatCanNeverBeAppliedIsParkedWithItsConstraint() throws SQLException {
            try (Connection c = jdbc(); Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS service_user");
                st.execute("CREATE TABLE service_user (id text PRIMARY KEY, email text CONSTRAINT service_user_email_key UNIQUE)");
            }
            Function<LegacyChange, Outcome> upsert = change -> {
                applied.add(change);
                service.sql("INSERT INTO service_user (id, email) VALUES (:id, :email) "
                                + "ON CONFLICT (id) DO UPDATE SET email = excluded.email")
                        .param("id", change.id()).param("email", change.text("value")).update();
                return Outcome.done();
            };
            String users = "auth.users";
            jdbcLedger.handle(LegacyChange.parse(captured(users, "r", null, 100, contact("a", "ada@example.com")), 0, 0), upsert);
            jdbcLedger.handle(LegacyChange.parse(captured(users, "u", 200L, 210, contact("a", "ada@lovelace.example")), 0, 1), upsert);
            // GoTrue allows the same address twice (an SSO user next to a password user); this table does not
            Outcome parked = jdbcLedger.handle(
                    LegacyChange.parse(captured(users, "r", null, 100, contact("b", "ada@lovelace.example")), 0, 2), upsert);
            jdbcLedger.handle(LegacyChange.parse(captured(users, "c", 300L, 310, contact("c", "grace@example.com")), 0, 3), upsert);

            assertThat(parked.problem()).isEqualTo("could not be applied: SQLSTATE 23505 (constraint service_user_email_key)");
            assertThat(problem(users, "b")).isEqualTo(parked.problem());
            assertThat(jdbcLedger.state(users).rows()).containsOnlyKeys("a", "c");
            int tries = applied.size();

            // the topic read again from offset 0
            for (int offset = 0; offset < 4; offset++) {
                String[] again = {contact("a", "ada@example.com"), contact("a", "ada@lovelace.example"),
                        contact("b", "ada@lovelace.example"), contact("c", "grace@example.com")};
                String op = offset == 1 ? "u" : offset == 3 ? "c" : "r";
                Long commit = offset == 1 ? Long.valueOf(200) : offset == 3 ? Long.valueOf(300) : null;
                jdbcLedger.handle(LegacyChange.parse(captured(users, op, commit, offset == 1 ? 210 : offset == 3 ? 310 : 100,
                        again[offset]), 0, offset), upsert);
            }
            assertThat(applied).hasSize(tries);
            assertThat(service.sql("SELECT email FROM service_user WHERE id = 'a'").query(String.class).single())
                    .isEqualTo("ada@lovelace.example");
        }

        @Test
        void aFailureThatPassesIsThrownForTheListenerToRetry() {
            assertThatThrownBy(() -> jdbcLedger.handle(
                    LegacyChange.parse(captured("auth.users", "r", null, 100, contact("a", "ada@example.com")), 0, 0),
                    change -> {
                        throw new org.springframework.dao.CannotAcquireLockException("deadlock detected");
                    }))
                    .isInstanceOf(org.springframework.dao.CannotAcquireLockException.class);
            assertThat(jdbcLedger.state("auth.users").problems()).isEmpty();
            assertThat(jdbcLedger.state("auth.users").rows()).isEmpty();
        }
    }

    // --- what the reconciliation reads ---------------------------------------------------------------------------

    @Test
    void theStateOfATableDigestsEveryAppliedRowThatIsNotDeletedAndCountsWhatWaits() throws SQLException {
        Function<LegacyChange, Mono<Outcome>> apply = change -> {
            applied.add(change);
            return Mono.just(switch (change.id()) {
                case "c-wait" -> Outcome.waitFor("public.users:u9");
                case "c-bad" -> Outcome.refused("bad");
                case "c-note" -> new Outcome(true, null, "imported without its password");
                default -> Outcome.done();
            });
        };
        String first = """
                {"id": "c1", "user_id": "u1", "kind": "email", "value": "ada@example.com", "position": 1, "amount": "10.50"}""";
        String second = """
                {"id": "c2", "user_id": "u2", "kind": "phone", "value": "+1 555 0100", "position": 2, "amount": null}""";
        handle(change(CONTACTS, "r", T0, first), apply);
        handle(change(CONTACTS, "r", T0.plusSeconds(5), second), apply);
        handle(change(CONTACTS, "r", T0.plusSeconds(1), """
                {"id": "c-wait", "user_id": "u9", "kind": "email", "value": "later@example.com"}"""), apply);
        handle(change(CONTACTS, "r", T0.plusSeconds(2), """
                {"id": "c-bad", "user_id": "u1", "kind": "fax", "value": "-"}"""), apply);
        handle(change(CONTACTS, "r", T0.plusSeconds(3), """
                {"id": "c-del", "user_id": "u1", "kind": "email", "value": "gone@example.com"}"""), apply);
        handle(change(CONTACTS, "d", T0.plusSeconds(4), """
                {"id": "c-del", "user_id": null, "kind": null, "value": null}"""), apply);
        handle(change(PROFILES, "r", T0.plusSeconds(9), """
                {"id": "p1", "user_id": "u1", "display_name": "Another table"}"""), apply);
        String noted = """
                {"id": "c-note", "user_id": "u1", "kind": "email", "value": "noted@example.com"}""";
        handle(change(CONTACTS, "r", T0.plusSeconds(4), noted), apply);

        TableState state = state(CONTACTS);
        assertThat(state.table()).isEqualTo(CONTACTS);
        assertThat(state.rows()).containsExactly(Map.entry("c-note", LegacyRows.digest(row(noted))),
                Map.entry("c1", LegacyRows.digest(row(first))), Map.entry("c2", LegacyRows.digest(row(second))));
        assertThat(state.rows().get("c1")).matches("[0-9a-f]{64}").isNotEqualTo(state.rows().get("c2"));
        assertThat(state.problems()).as("blocking: rows not imported").containsExactly(Map.entry("c-bad", "bad"));
        // per bucket, SQL sums the same shares as Java does from the digests (the reconciliation compares the two)
        var summary = ledger.summary(CONTACTS).block();
        Map<String, ReactiveLegacyLedger.Bucket> expected = new java.util.TreeMap<>();
        state.rows().forEach((id, digest) -> expected.merge(LegacyRows.bucket(id),
                new ReactiveLegacyLedger.Bucket(1, String.valueOf(LegacyRows.share(id, digest))),
                (a, b) -> new ReactiveLegacyLedger.Bucket(a.rows() + 1,
                        new java.math.BigInteger(a.checksum()).add(new java.math.BigInteger(b.checksum())).toString())));
        assertThat(summary.buckets()).isEqualTo(expected);
        assertThat(summary.problems()).isEqualTo(state.problems());
        assertThat(ledger.rows(CONTACTS, List.of(LegacyRows.bucket("c1"))).block()).containsEntry("c1", state.rows().get("c1"))
                .allSatisfy((id, digest) -> assertThat(LegacyRows.bucket(id)).isEqualTo(LegacyRows.bucket("c1")));
        assertThat(ledger.counts().block()).as("the metrics' counts, over every table")
                .isEqualTo(new LegacyLedgerMetrics.LedgerCounts(1, 1));
        assertThat(state.warnings()).as("rows imported with a note").containsExactly(Map.entry("c-note", "imported without its password"));
        assertThat(state.waiting()).isEqualTo(1);
        assertThat(state.lastSourceAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(state.lastAppliedAt()).isNotNull();

        TableState empty = state("public.never_imported");
        assertThat(empty.rows()).isEmpty();
        assertThat(empty.problems()).isEmpty();
        assertThat(empty.waiting()).isZero();
        assertThat(empty.lastSourceAt()).isNull();
        assertThat(empty.lastAppliedAt()).isNull();
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    /** The translation of an importer of profiles that name their users, noting "id for identity user". */
    Function<LegacyChange, Mono<Outcome>> profilesForUsers(List<String> forUsers) {
        BiFunction<LegacyChange, UUID, Mono<Outcome>> profiles = (change, identity) -> {
            forUsers.add(change.id() + " for " + identity);
            return Mono.just(Outcome.done());
        };
        return ledger.forUsers("profile", Map.of(PROFILES, profiles));
    }

    /** A translation that applies everything, noting what it was given. */
    Function<LegacyChange, Mono<Outcome>> done() {
        return change -> {
            applied.add(change);
            return Mono.just(Outcome.done());
        };
    }

    Outcome handle(LegacyChange change, Function<LegacyChange, Mono<Outcome>> apply) {
        return ledger.handle(change, apply).block(ReactiveLegacyLedger.TIMEOUT);
    }

    TableState state(String table) {
        return ledger.state(table).block(ReactiveLegacyLedger.TIMEOUT);
    }

    static LegacyChange change(String table, String op, Instant at, String row) {
        return new LegacyChange(table, op, row(row), at);
    }

    /** Contact c1 with {@code value}, streamed ({@code commit} non-null) or read, at a topic's partition and offset. */
    static LegacyChange change(String table, String op, Long commit, long lsn, int partition, long offset, String value) {
        return LegacyChange.parse(captured(table, op, commit, lsn, contact(value)), partition, offset);
    }

    static String contact(String value) {
        return contact("c1", value);
    }

    static String contact(String id, String value) {
        return """
                {"id": "%s", "user_id": "u1", "kind": "email", "value": "%s"}""".formatted(id, value);
    }

    /** A change as the capture publishes it: Debezium's {@code sequence} is [null, lsn] for a snapshot read. */
    static String captured(String table, String op, Long commit, long lsn, String row) {
        String[] name = table.split("\\.");
        return """
                {"op": "%s", "%s": %s, "source": {"schema": "%s", "table": "%s", "ts_ms": %d, "lsn": %d, "txId": %d,
                 "sequence": "[%s,\\"%d\\"]"}}""".formatted(op, op.equals("d") ? "before" : "after", row, name[0], name[1],
                T0.toEpochMilli(), lsn, lsn / 10, commit == null ? "null" : "\\\"" + commit + "\\\"", lsn);
    }

    static ConsumerRecord<String, String> record(int partition, long offset, String value) {
        return new ConsumerRecord<>("legacy.topic", partition, offset, null, value);
    }

    static ObjectNode row(String json) {
        return (ObjectNode) EventJson.MAPPER.readTree(json);
    }

    record LedgerRow(String row, String digest, boolean deleted, boolean applied, String waitsFor) {
    }

    static LedgerRow ledgerRow(String table, String id) throws SQLException {
        try (Connection c = jdbc(); PreparedStatement st = c.prepareStatement(
                "SELECT row::text, digest, deleted, applied, waits_for FROM legacy_row WHERE source_table = ? AND legacy_id = ?")) {
            st.setString(1, table);
            st.setString(2, id);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).as("a ledger row for %s %s", table, id).isTrue();
                return new LedgerRow(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4), rs.getString(5));
            }
        }
    }

    static String problem(String table, String id) throws SQLException {
        try (Connection c = jdbc(); PreparedStatement st = c.prepareStatement(
                "SELECT reason FROM legacy_problem WHERE source_table = ? AND legacy_id = ?")) {
            st.setString(1, table);
            st.setString(2, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static Connection jdbc() throws SQLException {
        return pg.getPostgresDatabase().getConnection();
    }
}
