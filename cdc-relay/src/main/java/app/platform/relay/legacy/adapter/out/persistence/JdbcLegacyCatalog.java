package app.platform.relay.legacy.adapter.out.persistence;

import app.platform.legacy.GeneratedColumns;
import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacyCatalog;
import app.platform.relay.legacy.application.LegacyDatabaseUnreadable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Repository;

/** The legacy database's {@code information_schema}, over a connection of its own per look. */
@Repository
class JdbcLegacyCatalog implements LegacyCatalog {

    @Override
    public Map<String, String> columns(LegacyCaptureProperties capture) {
        try (Connection c = connect(capture); PreparedStatement st = c.prepareStatement("""
                SELECT table_schema || '.' || table_name,
                       string_agg(column_name || ' ' || data_type || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END,
                                  ', ' ORDER BY ordinal_position)
                FROM information_schema.columns WHERE table_schema || '.' || table_name = ANY (?) GROUP BY 1""")) {
            st.setArray(1, c.createArrayOf("text", capture.tables().toArray()));
            Map<String, String> columns = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
            return columns;
        } catch (SQLException e) {
            throw new LegacyDatabaseUnreadable(e);
        }
    }

    @Override
    public List<String> generatedColumns(LegacyCaptureProperties capture) {
        try (Connection c = connect(capture)) {
            return GeneratedColumns.of(c, capture.tables());
        } catch (SQLException e) {
            throw new LegacyDatabaseUnreadable(e);
        }
    }

    private static Connection connect(LegacyCaptureProperties capture) throws SQLException {
        return DriverManager.getConnection(capture.jdbcUrl(), capture.user(), capture.password());
    }
}
