package app.platform.failback;

import app.platform.events.EventEnvelope;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Properties;
import org.postgresql.util.PSQLException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The legacy database as a service's reverse stream writes it: each platform event applied once, in one legacy
 * transaction with its mark in {@code platform_failback.applied_event}, under the {@value #ORIGIN} replication origin
 * where the legacy database has it (so a capture with pgoutput's {@code origin 'none'} never reads it back; the role
 * then needs {@code EXECUTE} on {@code pg_replication_origin_session_setup}). A connection per event: a restarted
 * legacy database costs one failed attempt, which the listener retries.
 */
public class LegacyWriter {

    /** The replication origin of every transaction a legacy writer commits. */
    public static final String ORIGIN = "platform_failback";

    /** A service's writes of one event, on the legacy database, in the event's transaction. */
    @FunctionalInterface
    public interface Writes {
        void apply(JdbcClient legacy);
    }

    /** Why an event that came from the legacy database (by its import) is not carried back. */
    public static final String IMPORTED = "came from the legacy database: already there";

    private final FailbackSettings settings;

    public LegacyWriter(FailbackSettings settings) {
        this.settings = settings;
    }

    /** Whether the event was written by a legacy import (its actor), so the legacy database holds it already. */
    public static boolean imported(EventEnvelope event) {
        return "legacy-import".equals(event.actor());
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
     * event is recorded not carried, naming the constraint, for the failback report.
     */
    public boolean carry(EventEnvelope event, String service, Writes writes) {
        try {
            return once(event, service, null, writes);
        } catch (DataIntegrityViolationException refused) {
            return notCarried(event, service, "refused by the legacy database (" + constraint(refused) + ")");
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
            c.setAutoCommit(false);
            try {
                c.createStatement().execute("SELECT pg_replication_origin_session_setup(roname) FROM pg_replication_origin "
                        + "WHERE roname = '" + ORIGIN + "'"); // where the stream's start could make it
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
                writes.apply(JdbcClient.create(new SingleConnectionDataSource(c, true)));
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

    /** No row values in exception messages (a constraint's detail names them): they would reach the logs. */
    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.username());
        properties.setProperty("password", settings.password());
        properties.setProperty("logServerErrorDetail", "false");
        properties.setProperty("ApplicationName", "platform-failback");
        return DriverManager.getConnection(settings.url(), properties);
    }
}
