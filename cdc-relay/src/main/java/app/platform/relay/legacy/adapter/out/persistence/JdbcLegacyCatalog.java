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
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Repository;

/**
 * The legacy database's {@code information_schema}, over a connection of its own per look; and the capture's signal
 * table, the one thing the relay creates and writes in the legacy database.
 */
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

    @Override
    public int serverVersion(LegacyCaptureProperties capture) {
        try (Connection c = connect(capture); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new LegacyDatabaseUnreadable(e);
        }
    }

    /**
     * Each step looks before it acts, as {@code CREATE … IF NOT EXISTS} checks the privilege to create before whether
     * the object exists: a role without {@code CREATE} uses a signal table made for it.
     */
    @Override
    public void ensureSignalTable(LegacyCaptureProperties capture) {
        String name = capture.signalTable();
        int dot = name.indexOf('.');
        if (dot < 1 || dot == name.length() - 1 || name.indexOf('.', dot + 1) >= 0) {
            throw new IllegalStateException("the signal table is not a schema.table: " + name);
        }
        String schema = name.substring(0, dot);
        String table = name.substring(dot + 1);
        String qualified = identifier(schema) + "." + identifier(table);
        try (Connection c = connect(capture)) {
            boolean schemaExists;
            boolean tableExists;
            try (PreparedStatement st = c.prepareStatement("""
                    SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?),
                           EXISTS (SELECT 1 FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
                                   WHERE n.nspname = ? AND t.relname = ?)""")) {
                st.setString(1, schema);
                st.setString(2, schema);
                st.setString(3, table);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    schemaExists = rs.getBoolean(1);
                    tableExists = rs.getBoolean(2);
                }
            }
            try (Statement st = c.createStatement()) {
                if (!schemaExists) {
                    st.execute("CREATE SCHEMA IF NOT EXISTS " + identifier(schema));
                }
                if (!tableExists) {
                    st.execute("CREATE TABLE IF NOT EXISTS " + qualified
                            + " (id varchar(64) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048))");
                }
            }
            // the relay inserts its signals there, and Debezium the incremental snapshot's watermarks
            try (PreparedStatement st = c.prepareStatement("""
                    SELECT has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(t.oid, 'SELECT')
                           AND has_table_privilege(t.oid, 'INSERT')
                    FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ? AND t.relname = ?""")) {
                st.setString(1, schema);
                st.setString(2, table);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(1)) {
                        throw new IllegalStateException("role " + capture.user() + " may not insert into " + name
                                + " (GRANT USAGE ON SCHEMA " + identifier(schema) + ", SELECT, INSERT ON " + qualified + ")");
                    }
                }
            }
            // a publication that exists without it (an all-tables one has it): added, so that its rows are streamed
            Boolean allTables = null;
            try (PreparedStatement st = c.prepareStatement("SELECT puballtables FROM pg_publication WHERE pubname = ?")) {
                st.setString(1, capture.publication());
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next()) {
                        allTables = rs.getBoolean(1);
                    }
                }
            }
            if (Boolean.FALSE.equals(allTables)) {
                boolean published;
                try (PreparedStatement st = c.prepareStatement("""
                        SELECT EXISTS (SELECT 1 FROM pg_publication_tables
                                       WHERE pubname = ? AND schemaname = ? AND tablename = ?)""")) {
                    st.setString(1, capture.publication());
                    st.setString(2, schema);
                    st.setString(3, table);
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        published = rs.getBoolean(1);
                    }
                }
                if (!published) {
                    try (Statement st = c.createStatement()) {
                        st.execute("ALTER PUBLICATION " + identifier(capture.publication()) + " ADD TABLE " + qualified);
                    }
                }
            }
        } catch (SQLException e) {
            throw new LegacyDatabaseUnreadable(e);
        }
    }

    /** A quoted identifier (the names come from configuration, never from a request). */
    private static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static Connection connect(LegacyCaptureProperties capture) throws SQLException {
        return DriverManager.getConnection(capture.jdbcUrl(), capture.user(), capture.password());
    }
}
