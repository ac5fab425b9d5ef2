package app.platform.failback;

import app.platform.events.EventEnvelope;
import app.platform.legacy.GeneratedColumns;
import app.platform.legacy.HashedColumns;
import app.platform.legacy.LegacyValues;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.postgresql.util.PSQLException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * The legacy database as a service's reverse stream writes it: each platform event applied once, in one legacy
 * transaction with its mark in {@code platform_failback.applied_event}, under one of the writers' replication origins ({@value #ORIGIN}…)
 * where the legacy database has it (so a capture with pgoutput's {@code origin 'none'} never reads it back; the role
 * then needs {@code EXECUTE} on {@code pg_replication_origin_session_setup}). A connection per event: a restarted
 * legacy database costs one failed attempt, which the listener retries.
 */
public class LegacyWriter implements AutoCloseable {

    /** The replication origins of the transactions legacy writers commit: this, and {@code <this>_1} to {@code _31}. */
    public static final String ORIGIN = "platform_failback";

    /** A service's writes of one event, on the legacy database, in the event's transaction. */
    @FunctionalInterface
    public interface Writes {
        void apply(JdbcClient legacy);
    }

    /** Why an event that came from the legacy database (by its import) is not carried back. */
    public static final String IMPORTED = "came from the legacy database: already there";

    private final FailbackSettings settings;
    private final Map<UUID, Instant> waitingForParent = new ConcurrentHashMap<>();

    private final HikariDataSource pool;

    public LegacyWriter(FailbackSettings settings) {
        this.settings = settings;
        HikariConfig config = new HikariConfig();
        config.setPoolName("failback");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.username());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1); // the legacy database may be away at start: the writes wait for it
        config.setConnectionTimeout(10_000);
        // no row values in exception messages (a constraint's detail names them): they would reach the logs
        config.addDataSourceProperty("logServerErrorDetail", "false");
        config.addDataSourceProperty("ApplicationName", "platform-failback");
        pool = new HikariDataSource(config);
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Whether the event was written by a legacy import (its actor), so the legacy database holds it already. */
    public static boolean imported(EventEnvelope event) {
        return "legacy-import".equals(event.actor());
    }

    /**
     * Records the rows of a legacy app user's {@code table} the service holds ({@code kept}, just written) as written
     * by the reverse stream, then removes those it no longer holds (removed here, or gone with the account) among the
     * rows it imported ({@code imported}, its ledger's) or wrote: never a legacy row the service never knew (one its
     * import refused).
     */
    public static void removeGone(JdbcClient legacy, String table, UUID legacyUser, Collection<?> kept,
                                  Collection<String> imported) {
        String[] keptIds = kept.stream().map(Object::toString).toArray(String[]::new);
        legacy.sql("INSERT INTO platform_failback.written_row (table_name, id) SELECT :table, unnest(CAST(:kept AS uuid[])) "
                + "ON CONFLICT DO NOTHING").param("table", table).param("kept", keptIds).update();
        legacy.sql("""
                        DELETE FROM %s t WHERE t.user_id = :user AND NOT (t.id = ANY (CAST(:kept AS uuid[])))
                            AND (t.id = ANY (CAST(:imported AS uuid[]))
                                 OR EXISTS (SELECT 1 FROM platform_failback.written_row w
                                            WHERE w.table_name = :table AND w.id = t.id))""".formatted(table))
                .param("user", legacyUser).param("kept", keptIds)
                .param("imported", imported.toArray(String[]::new)).param("table", table).update();
    }

    /**
     * Streams every row of a legacy table (a declared one: the name goes into SQL) to {@code each}, as Debezium's JSON
     * would carry it, without the columns the capture leaves out and with those it hashes hashed, in one read-only
     * transaction.
     */
    public void rows(String table, Consumer<ObjectNode> each) {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            Set<String> leftOut = new HashSet<>();
            for (String column : GeneratedColumns.leftOut(c, List.of(table))) {
                if (column.startsWith(table + ".")) {
                    leftOut.add(column.substring(table.length() + 1));
                }
            }
            try (Statement st = c.createStatement()) {
                st.setFetchSize(1_000);
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    while (rs.next()) {
                        each.accept(HashedColumns.asCaptured(table, LegacyValues.json(rs, leftOut)));
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("the legacy table " + table + " could not be read (SQL state "
                    + e.getSQLState() + ")", e);
        }
    }

    /** What {@code query} reads of the legacy database (nothing written). */
    public <T> T read(java.util.function.Function<JdbcClient, T> query) {
        try (Connection c = connect()) {
            return query.apply(JdbcClient.create(new SingleConnectionDataSource(c, true)));
        } catch (SQLException e) {
            throw new IllegalStateException("the legacy database did not answer (SQL state " + e.getSQLState() + ")", e);
        }
    }

    /** Whether the reverse stream runs: its row says so (no row, no schema: not yet). */
    public boolean streaming() {
        try (Connection c = connect()) {
            var rs = c.createStatement().executeQuery(
                    "SELECT state FROM platform_failback.stream WHERE to_regclass('platform_failback.stream') IS NOT NULL");
            return rs.next() && "running".equals(rs.getString(1));
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return false; // the schema is made at the switch
            }
            throw new IllegalStateException("the legacy database did not answer: " + e.getSQLState(), e);
        }
    }

    /**
     * Writes what the event changed; false when it was applied before (nothing written again). Writes the legacy
     * database refuses (a constraint of its own: an address another legacy row holds) do not stall the stream: the
     * event is recorded not carried, naming the constraint, for the failback report. A row whose parent is not there
     * yet (a foreign key: a membership before its {@code public.users} row, which profile's stream writes) is tried
     * again, for {@code platform.failback.parent-wait}, then recorded so. A write the legacy database can never take
     * (its table lacks a column the writer names, a value its column cannot hold: SQLSTATE classes 42 and 22, but a
     * missing privilege, which the operator can grant) is recorded not carried too, naming the SQLSTATE, rather than
     * retried for ever in front of the partition's later events. The writes of one {@code key} (the
     * aggregate whose rows they replace, a user) are serialised in the legacy database: read the service's own state
     * inside {@code writes}, after that lock.
     */
    public boolean carry(EventEnvelope event, String service, String key, Writes writes) {
        try {
            boolean applied = once(event, service, null, legacy -> {
                // one key's writes one at a time, to the end of the transaction: two replicas carrying two events
                // of one user (from two topics) never write an older state last; the writes read it after this
                legacy.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))").param("key", service + ":" + key)
                        .query().listOfRows();
                writes.apply(legacy);
            });
            waitingForParent.remove(event.eventId());
            return applied;
        } catch (LegacyFailure failed) {
            String state = failed.state;
            if (state.equals("23503")) {
                Instant since = waitingForParent.computeIfAbsent(event.eventId(), id -> Instant.now());
                if (Instant.now().isBefore(since.plus(settings.parentWait()))) {
                    throw new IllegalStateException("event " + event.eventId() + " waits for its parent row ("
                            + constraint(failed) + ")");
                }
                waitingForParent.remove(event.eventId());
            }
            if (state.startsWith("23")) {
                return notCarried(event, service, "refused by the legacy database (" + constraint(failed) + ")");
            }
            if ((state.startsWith("42") && !state.equals("42501")) || state.startsWith("22")) {
                return notCarried(event, service, "refused by the legacy database (SQLSTATE " + state + ")");
            }
            throw failed;
        }
    }

    /**
     * A statement on the legacy connection failed, with its SQLSTATE: kept apart from a failure of the service's own
     * database (read inside the writes too), which is always tried again.
     */
    static final class LegacyFailure extends UncategorizedSQLException {

        final String state;

        LegacyFailure(String task, String sql, SQLException cause) {
            super(task, sql, cause);
            this.state = cause.getSQLState() == null ? "" : cause.getSQLState();
        }
    }

    private static String constraint(Throwable refused) {
        for (Throwable t = refused; t != null; t = t.getCause()) {
            if (t instanceof PSQLException p && p.getServerErrorMessage() != null
                    && p.getServerErrorMessage().getConstraint() != null) {
                return "constraint " + p.getServerErrorMessage().getConstraint();
            }
        }
        return "a constraint";
    }

    /**
     * Marks an event the legacy tables cannot represent, with why, for the failback report; false when it was
     * marked before.
     */
    public boolean notCarried(EventEnvelope event, String service, String why) {
        return once(event, service, why, legacy -> { });
    }

    private boolean once(EventEnvelope event, String service, String why, Writes writes) {
        try (Connection c = connect()) {
            claimOrigin(c);
            c.setAutoCommit(false);
            try {
                var mark = c.prepareStatement("INSERT INTO platform_failback.applied_event (event_id, service, event_type, "
                        + "aggregate_id, carried, why, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
                mark.setObject(1, event.eventId());
                mark.setString(2, service);
                mark.setString(3, event.eventType());
                mark.setString(4, event.aggregateId());
                mark.setBoolean(5, why == null);
                mark.setString(6, why);
                mark.setTimestamp(7, Timestamp.from(event.occurredAt()));
                if (mark.executeUpdate() == 0) {
                    c.rollback();
                    return false;
                }
                JdbcTemplate legacy = new JdbcTemplate(new SingleConnectionDataSource(c, true));
                legacy.setExceptionTranslator(LegacyFailure::new);
                writes.apply(JdbcClient.create(legacy));
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("event " + event.eventId() + " was not carried back (SQL state "
                    + e.getSQLState() + ")", e);
        }
    }

    /**
     * Gives a session one of the writers' replication origins for its life, where the stream's start could make them
     * (none: written without). A session holds an origin alone, so each pooled session takes a free one.
     */
    private static void claimOrigin(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_replication_origin_session_is_setup(), "
                + "array(SELECT roname FROM pg_replication_origin WHERE roname LIKE '" + ORIGIN + "%' ORDER BY roname)")) {
            rs.next();
            if (rs.getBoolean(1)) {
                return;
            }
            String[] origins = (String[]) rs.getArray(2).getArray();
            for (String origin : origins) {
                try {
                    st.execute("SELECT pg_replication_origin_session_setup('" + origin + "')");
                    return;
                } catch (SQLException inUse) {
                    if (!"55006".equals(inUse.getSQLState())) { // object_in_use: another session holds it
                        throw inUse;
                    }
                }
            }
            if (origins.length > 0) {
                throw new SQLException("every failback replication origin is in use", "55006");
            }
        }
    }

    private Connection connect() throws SQLException {
        return pool.getConnection();
    }
}
