package app.platform.legacy;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * The legacy ledger itself, on a real PostgreSQL (embedded, as the testkit starts it; platform-kit cannot depend on
 * the testkit, which depends on it) with its own migration applied: what every importer relies on, without a
 * service around it.
 */
class ReactiveLegacyLedgerTest {

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
        // the ledger's own migrations, as the services' Flyway applies them (classpath:db/platform/legacy), in order
        Resource[] migrations = new PathMatchingResourcePatternResolver().getResources("classpath*:db/platform/legacy/*.sql");
        Arrays.sort(migrations, Comparator.comparing(Resource::getFilename));
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

    // --- what the reconciliation reads ---------------------------------------------------------------------------

    @Test
    void theStateOfATableDigestsEveryAppliedRowThatIsNotDeletedAndCountsWhatWaits() throws SQLException {
        Function<LegacyChange, Mono<Outcome>> apply = change -> {
            applied.add(change);
            return Mono.just(switch (change.id()) {
                case "c-wait" -> Outcome.waitFor("public.users:u9");
                case "c-bad" -> Outcome.refused("bad");
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

        TableState state = state(CONTACTS);
        assertThat(state.table()).isEqualTo(CONTACTS);
        assertThat(state.rows()).containsExactly(Map.entry("c1", LegacyRows.digest(row(first))),
                Map.entry("c2", LegacyRows.digest(row(second))));
        assertThat(state.rows().get("c1")).matches("[0-9a-f]{64}").isNotEqualTo(state.rows().get("c2"));
        assertThat(state.problems()).containsExactly(Map.entry("c-bad", "bad"));
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
