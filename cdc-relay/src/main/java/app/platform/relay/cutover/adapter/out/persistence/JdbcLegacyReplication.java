package app.platform.relay.cutover.adapter.out.persistence;

import app.platform.relay.cutover.application.LegacyReplication;
import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacyDatabaseUnreadable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Repository;

/** The slot and the publication in the legacy database's catalog, over a connection of its own per call. */
@Repository
class JdbcLegacyReplication implements LegacyReplication {

    @Override
    public Replication read(LegacyCaptureProperties capture) {
        try (Connection c = connect(capture)) {
            return new Replication(slot(c, capture.slot()), publication(c, capture.publication()));
        } catch (SQLException e) {
            throw new LegacyDatabaseUnreadable(e);
        }
    }

    @Override
    public void release(LegacyCaptureProperties capture) {
        try (Connection c = connect(capture)) {
            dropSlot(c, capture.slot());
            try (var st = c.createStatement()) {
                st.execute("DROP PUBLICATION IF EXISTS \"" + capture.publication().replace("\"", "") + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the slot and publication from the legacy database", e);
        }
    }

    private static Connection connect(LegacyCaptureProperties capture) throws SQLException {
        return DriverManager.getConnection(capture.jdbcUrl(), capture.user(), capture.password());
    }

    private static Slot slot(Connection c, String name) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                SELECT active, CAST(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn) AS bigint) AS lag,
                       CAST(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) AS bigint) AS retained,
                       CAST(confirmed_flush_lsn AS text) AS confirmed, wal_status
                FROM pg_replication_slots WHERE slot_name = ?""")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return new Slot(name, false, false, null, null, null, null);
                }
                return new Slot(name, true, rs.getBoolean("active"), rs.getObject("lag", Long.class),
                        rs.getObject("retained", Long.class), rs.getString("confirmed"), rs.getString("wal_status"));
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
