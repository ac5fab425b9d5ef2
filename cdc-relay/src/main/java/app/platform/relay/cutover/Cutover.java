package app.platform.relay.cutover;

import app.platform.errors.Conflict;
import app.platform.relay.engine.CaptureEngine;
import app.platform.relay.legacy.LegacyCaptureProperties;
import app.platform.relay.legacy.LegacySchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The cutover's operations: its status (the legacy capture's engine, its replication slot and lag, its
 * publication), and its end. Finalize and rollback both stop the capture and drop the slot and the publication
 * from the legacy database (Supabase allows few slots, and a slot left behind holds WAL); they differ in what they
 * record: finalized, the new services are the system of record; rolled back, the legacy database stays it (it was
 * never written to). Either is final: a restarted relay does not capture again.
 */
@Service
public class Cutover {

    public record Slot(String name, boolean exists, boolean active, Long lagBytes) {
    }

    public record Publication(String name, boolean exists, List<String> tables) {
    }

    public record Engine(boolean running, long forwarded, Instant lastSourceTime, String failure) {
    }

    public record Status(String state, Instant changedAt, String changedBy, boolean captureConfigured, Engine engine,
                         Slot slot, Publication publication, List<LegacySchema.Change> schemaChanges) {
    }

    private final JdbcTemplate relay;
    private final ObjectProvider<LegacyCaptureProperties> legacy;
    private final ObjectProvider<CaptureEngine> engines;

    public Cutover(JdbcTemplate relay, ObjectProvider<LegacyCaptureProperties> legacy, ObjectProvider<CaptureEngine> engines) {
        this.relay = relay;
        this.legacy = legacy;
        this.engines = engines;
    }

    /** Whether the legacy database is still to be captured. */
    public boolean capturing() {
        return "capturing".equals(relay.queryForObject("SELECT state FROM relay.cutover_state", String.class));
    }

    public Status status() {
        var row = relay.queryForMap("SELECT state, changed_at, changed_by FROM relay.cutover_state");
        Instant changedAt = ((java.sql.Timestamp) row.get("changed_at")).toInstant();
        LegacyCaptureProperties props = legacy.getIfAvailable();
        Engine engine = engine().map(e -> new Engine(e.isRunning() && e.failure() == null, e.forwarder().forwarded(),
                e.forwarder().lastSourceMillis() == 0 ? null : Instant.ofEpochMilli(e.forwarder().lastSourceMillis()),
                e.failure())).orElse(null);
        Slot slot = null;
        Publication publication = null;
        if (props != null) {
            try (Connection c = connect(props)) {
                slot = slot(c, props.slot());
                publication = publication(c, props.publication());
            } catch (SQLException e) {
                slot = new Slot(props.slot(), false, false, null);
            }
        }
        return new Status((String) row.get("state"), changedAt, (String) row.get("changed_by"), props != null, engine, slot,
                publication, props == null ? List.of() : LegacySchema.changes(relay, props));
    }

    public Status finalizeCutover(String operator) {
        return end("finalized", operator);
    }

    public Status rollback(String operator) {
        return end("rolled_back", operator);
    }

    private synchronized Status end(String state, String operator) {
        String current = relay.queryForObject("SELECT state FROM relay.cutover_state", String.class);
        if (current.equals(state)) {
            return status();
        }
        if (!current.equals("capturing")) {
            throw new Conflict("the cutover was " + current.replace('_', ' ') + " already");
        }
        LegacyCaptureProperties props = legacy.getIfAvailable();
        engine().ifPresent(CaptureEngine::stop);
        if (props != null) {
            try (Connection c = connect(props)) {
                dropSlot(c, props.slot());
                try (var st = c.createStatement()) {
                    st.execute("DROP PUBLICATION IF EXISTS \"" + props.publication().replace("\"", "") + "\"");
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not drop the slot and publication from the legacy database", e);
            }
        }
        relay.update("UPDATE relay.cutover_state SET state = ?, changed_at = now(), changed_by = ?", state, operator);
        return status();
    }

    private Optional<CaptureEngine> engine() {
        return engines.stream().filter(e -> e.name().equals("legacy-capture")).findFirst();
    }

    private static Connection connect(LegacyCaptureProperties props) throws SQLException {
        return DriverManager.getConnection(props.jdbcUrl(), props.user(), props.password());
    }

    private static Slot slot(Connection c, String name) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                SELECT active, pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn) AS lag
                FROM pg_replication_slots WHERE slot_name = ?""")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return new Slot(name, false, false, null);
                }
                long lag = rs.getLong("lag");
                return new Slot(name, true, rs.getBoolean("active"), rs.wasNull() ? null : lag);
            }
        }
    }

    private static Publication publication(Connection c, String name) throws SQLException {
        List<String> tables = new ArrayList<>();
        boolean exists;
        try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                exists = rs.next();
            }
        }
        try (PreparedStatement st = c.prepareStatement(
                "SELECT schemaname || '.' || tablename FROM pg_publication_tables WHERE pubname = ? ORDER BY 1")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        return new Publication(name, exists, tables);
    }

    /** The walsender lets go of the slot a moment after the engine stops: wait for that, then drop it. */
    private static void dropSlot(Connection c, String name) throws SQLException {
        for (int attempt = 0; attempt < 60; attempt++) {
            Slot slot = slot(c, name);
            if (!slot.exists()) {
                return;
            }
            if (!slot.active()) {
                try (PreparedStatement st = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                    st.setString(1, name);
                    st.execute();
                }
                return;
            }
            try {
                Thread.sleep(500); // polling the slot's release: PostgreSQL offers nothing to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the replication slot " + name + " stayed active");
    }
}
