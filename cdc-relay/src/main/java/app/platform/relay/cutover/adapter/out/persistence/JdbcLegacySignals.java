package app.platform.relay.cutover.adapter.out.persistence;

import app.platform.relay.cutover.application.LegacySignals;
import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacyDatabaseUnreadable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.springframework.stereotype.Repository;

/**
 * Inserts the signals into the capture's signal table ({@code relay.legacy.signal-table}), over a connection of its own
 * as the capture's role: the one row of the legacy database the relay writes, besides the incremental snapshot's
 * watermarks, which Debezium writes there. The table's name comes from configuration, quoted; the signal's values are
 * bound.
 */
@Repository
class JdbcLegacySignals implements LegacySignals {

    @Override
    public void executeSnapshot(LegacyCaptureProperties capture, String id, String table) {
        String name = capture.signalTable();
        int dot = name.indexOf('.');
        if (dot < 1 || dot == name.length() - 1) {
            throw new IllegalStateException("the signal table is not a schema.table: " + name);
        }
        String sql = "INSERT INTO " + identifier(name.substring(0, dot)) + "." + identifier(name.substring(dot + 1))
                + " (id, type, data) VALUES (?, 'execute-snapshot', ?)";
        try (Connection c = DriverManager.getConnection(capture.jdbcUrl(), capture.user(), capture.password());
             PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, id);
            st.setString(2, data(table));
            st.executeUpdate();
        } catch (SQLException e) {
            throw new LegacyDatabaseUnreadable(e);
        }
    }

    /** The signal's data: an incremental snapshot of one table. */
    static String data(String table) {
        return "{\"data-collections\": [\"" + table.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"], \"type\": \"incremental\"}";
    }

    private static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
