package app.platform.relay.cutover.adapter.out.persistence;

import app.platform.relay.cutover.application.LegacyWriters;
import app.platform.relay.cutover.domain.Lsn;
import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacyDatabaseUnreadable;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Repository;

/**
 * Freezes the legacy app's roles in the legacy database alone ({@code ALTER ROLE … IN DATABASE … SET
 * default_transaction_read_only = on}, which every new session of theirs takes), ends their open sessions, and reads
 * the WAL position after that as the fence. The role names come from configuration and are matched against
 * {@code pg_roles}, never taken from a request.
 */
@Repository
class JdbcLegacyWriters implements LegacyWriters {

    @Override
    public Frozen freeze(LegacyCaptureProperties capture, List<String> roles) {
        try (Connection c = connect(capture)) {
            List<String> existing = existing(c, roles);
            for (String role : existing) {
                alter(c, role, "SET default_transaction_read_only = on");
            }
            int ended;
            try (PreparedStatement st = c.prepareStatement("""
                    SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
                    WHERE usename = ANY (?) AND datname = current_database() AND pid <> pg_backend_pid()""")) {
                st.setArray(1, array(c, existing));
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    ended = rs.getInt(1);
                }
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CAST(pg_current_wal_lsn() AS text)")) {
                rs.next();
                return new Frozen(existing, ended, Lsn.parse(rs.getString(1)));
            }
        } catch (SQLException e) {
            throw new LegacyDatabaseUnreadable(e);
        }
    }

    @Override
    public void unfreeze(LegacyCaptureProperties capture, List<String> roles) {
        try (Connection c = connect(capture)) {
            for (String role : existing(c, roles)) {
                alter(c, role, "RESET default_transaction_read_only");
            }
        } catch (SQLException e) {
            throw new LegacyDatabaseUnreadable(e);
        }
    }

    private static List<String> existing(Connection c, List<String> roles) throws SQLException {
        List<String> existing = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT rolname FROM pg_roles WHERE rolname = ANY (?) ORDER BY 1")) {
            st.setArray(1, array(c, roles));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    existing.add(rs.getString(1));
                }
            }
        }
        return existing;
    }

    private static void alter(Connection c, String role, String setting) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("ALTER ROLE " + identifier(role) + " IN DATABASE " + identifier(c.getCatalog()) + " " + setting);
        }
    }

    private static Array array(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }

    private static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static Connection connect(LegacyCaptureProperties capture) throws SQLException {
        return DriverManager.getConnection(capture.jdbcUrl(), capture.user(), capture.password());
    }
}
