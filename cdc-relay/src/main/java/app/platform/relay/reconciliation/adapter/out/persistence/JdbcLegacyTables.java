package app.platform.relay.reconciliation.adapter.out.persistence;

import app.platform.legacy.GeneratedColumns;
import app.platform.legacy.LegacyRows;
import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacyDatabaseUnreadable;
import app.platform.relay.reconciliation.application.LegacyTables;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Repository;

/**
 * Reads the legacy tables over one connection, each in a transaction of its own so that the driver streams it
 * (fetch size 5,000), every row digested by {@link LegacyRows}.
 */
@Repository
class JdbcLegacyTables implements LegacyTables {

    @Override
    public Session open(LegacyCaptureProperties capture) {
        Connection c = null;
        try {
            c = DriverManager.getConnection(capture.jdbcUrl(), capture.user(), capture.password());
            c.setAutoCommit(false); // lets the driver stream a large table with a fetch size
            return new JdbcSession(c, new HashSet<>(GeneratedColumns.of(c, capture.tables())));
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw new LegacyDatabaseUnreadable(e);
        }
    }

    /** @param generated {@code schema.table.column} of the generated columns, left out as the capture leaves them */
    private record JdbcSession(Connection c, Set<String> generated) implements Session {

        @Override
        public Map<String, String> digests(String table) {
            Map<String, String> digests = new HashMap<>();
            try {
                try (Statement st = c.createStatement()) {
                    st.setFetchSize(5_000);
                    try (ResultSet rs = st.executeQuery("SELECT * FROM " + quote(table))) {
                        ResultSetMetaData meta = rs.getMetaData();
                        while (rs.next()) {
                            Map<String, Object> row = new HashMap<>();
                            for (int i = 1; i <= meta.getColumnCount(); i++) {
                                if (!generated.contains(table + "." + meta.getColumnName(i))) {
                                    row.put(meta.getColumnName(i), rs.getObject(i));
                                }
                            }
                            digests.put(rs.getString("id"), LegacyRows.digest(row));
                        }
                    }
                } finally {
                    c.commit();
                }
            } catch (SQLException e) {
                throw new LegacyDatabaseUnreadable(e);
            }
            return digests;
        }

        @Override
        public void close() {
            try {
                c.close();
            } catch (SQLException e) {
                throw new LegacyDatabaseUnreadable(e);
            }
        }
    }

    /** {@code schema.table} as a quoted identifier pair (the names come from configuration, never from a request). */
    private static String quote(String table) {
        String[] parts = table.split("\\.");
        return "\"" + parts[0].replace("\"", "") + "\".\"" + parts[1].replace("\"", "") + "\"";
    }
}
