package app.platform.relay.legacy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * DDL on the legacy side is not replicated: the captured tables' columns (name and type, in order) are recorded
 * when the capture starts, and every later look compares them, naming each table whose columns changed.
 */
public final class LegacySchema {

    private static final Logger log = LoggerFactory.getLogger(LegacySchema.class);

    /** A captured table whose columns are no longer what the capture first saw. */
    public record Change(String table, String recorded, String now) {
    }

    private LegacySchema() {
    }

    /** Records the columns of the tables not recorded yet (the first sight is the baseline). */
    public static void record(JdbcTemplate relay, LegacyCaptureProperties props) {
        try (Connection c = connect(props)) {
            columns(c, props.tables()).forEach((table, columns) -> relay.update(
                    "INSERT INTO relay.legacy_schema (table_name, columns) VALUES (?, ?) ON CONFLICT DO NOTHING", table, columns));
        } catch (SQLException e) {
            throw new IllegalStateException("the legacy database cannot be read: " + e.getMessage(), e);
        }
    }

    /** The captured tables whose columns changed since they were recorded (a dropped table shows as no columns). */
    public static List<Change> changes(JdbcTemplate relay, LegacyCaptureProperties props) {
        Map<String, String> now;
        try (Connection c = connect(props)) {
            now = columns(c, props.tables());
        } catch (SQLException e) {
            return List.of();
        }
        List<Change> changes = new ArrayList<>();
        relay.query("SELECT table_name, columns FROM relay.legacy_schema ORDER BY table_name", rs -> {
            String table = rs.getString(1);
            String current = now.getOrDefault(table, "");
            if (!current.equals(rs.getString(2))) {
                changes.add(new Change(table, rs.getString(2), current));
            }
        });
        if (!changes.isEmpty()) {
            log.warn("DDL changed on the legacy side since the capture began: {}",
                    changes.stream().map(Change::table).toList());
        }
        return changes;
    }

    private static Map<String, String> columns(Connection c, List<String> tables) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement st = c.prepareStatement("""
                SELECT table_schema || '.' || table_name,
                       string_agg(column_name || ' ' || data_type || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END,
                                  ', ' ORDER BY ordinal_position)
                FROM information_schema.columns WHERE table_schema || '.' || table_name = ANY (?) GROUP BY 1""")) {
            st.setArray(1, c.createArrayOf("text", tables.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return columns;
    }

    private static Connection connect(LegacyCaptureProperties props) throws SQLException {
        return DriverManager.getConnection(props.jdbcUrl(), props.user(), props.password());
    }
}
