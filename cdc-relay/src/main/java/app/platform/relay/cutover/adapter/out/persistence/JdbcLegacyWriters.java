package app.platform.relay.cutover.adapter.out.persistence;

import app.platform.relay.cutover.application.LegacyWriters;
import app.platform.relay.cutover.domain.FrozenWriters;
import app.platform.relay.cutover.domain.FrozenWriters.Grant;
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
 * Freezes the legacy app in the legacy database alone: its roles read-only ({@code ALTER ROLE … IN DATABASE … SET
 * default_transaction_read_only = on}, which every new session takes), the API roles' write privileges on the captured
 * tables revoked (PostgREST opens every write with {@code BEGIN READ WRITE}, which a default does not stop), their
 * open sessions ended (waiting up to 5 s each for them to go), then the WAL position read as the fence. Unfreezing
 * gives back exactly what was taken and ends the sessions again, so that pools reconnect writable. Role and table
 * names come from configuration and the catalog, quoted, never from a request.
 */
@Repository
class JdbcLegacyWriters implements LegacyWriters {

    private static final List<String> WRITES = List.of("INSERT", "UPDATE", "DELETE", "TRUNCATE");

    @Override
    public Frozen freeze(LegacyCaptureProperties capture, List<String> appRoles, List<String> apiRoles) {
        try (Connection c = connect(capture)) {
            List<String> roles = existing(c, appRoles);
            List<String> api = existing(c, apiRoles);
            for (String role : roles) {
                alter(c, role, "SET default_transaction_read_only = on");
            }
            List<Grant> revoked = writeGrants(c, api, capture.tables());
            for (Grant grant : revoked) {
                execute(c, "REVOKE " + grant.privilege() + " ON " + table(grant.table()) + " FROM " + identifier(grant.role()));
            }
            List<String> ended = new ArrayList<>(roles);
            api.stream().filter(r -> !ended.contains(r)).forEach(ended::add);
            int sessions = endSessions(c, ended);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CAST(pg_current_wal_lsn() AS text)")) {
                rs.next();
                return new Frozen(new FrozenWriters(roles, revoked), sessions, Lsn.parse(rs.getString(1)));
            }
        } catch (SQLException e) {
            throw new LegacyDatabaseUnreadable(e);
        }
    }

    @Override
    public void unfreeze(LegacyCaptureProperties capture, FrozenWriters writers) {
        try (Connection c = connect(capture)) {
            List<String> roles = existing(c, writers.roles());
            for (String role : roles) {
                alter(c, role, "RESET default_transaction_read_only");
            }
            for (Grant grant : writers.revoked()) {
                execute(c, "GRANT " + grant.privilege() + " ON " + table(grant.table()) + " TO " + identifier(grant.role()));
            }
            endSessions(c, roles);
        } catch (SQLException e) {
            throw new LegacyDatabaseUnreadable(e);
        }
    }

    /** The write privileges granted to the roles on the tables, from the tables' ACLs. */
    private static List<Grant> writeGrants(Connection c, List<String> roles, List<String> tables) throws SQLException {
        List<Grant> grants = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("""
                SELECT r.rolname, n.nspname || '.' || t.relname, a.privilege_type
                FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
                CROSS JOIN LATERAL aclexplode(t.relacl) a JOIN pg_roles r ON r.oid = a.grantee
                WHERE r.rolname = ANY (?) AND n.nspname || '.' || t.relname = ANY (?) AND a.privilege_type = ANY (?)
                ORDER BY 1, 2, 3""")) {
            st.setArray(1, array(c, roles));
            st.setArray(2, array(c, tables));
            st.setArray(3, array(c, WRITES));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    grants.add(new Grant(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return grants;
    }

    /** Ends the roles' sessions in this database, waiting up to 5 s for each to go. */
    private static int endSessions(Connection c, List<String> roles) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) FROM pg_stat_activity
                WHERE usename = ANY (?) AND datname = current_database() AND pid <> pg_backend_pid()""")) {
            st.setArray(1, array(c, roles));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
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
        execute(c, "ALTER ROLE " + identifier(role) + " IN DATABASE " + identifier(c.getCatalog()) + " " + setting);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static Array array(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }

    private static String table(String schemaTable) {
        int dot = schemaTable.indexOf('.');
        return identifier(schemaTable.substring(0, dot)) + "." + identifier(schemaTable.substring(dot + 1));
    }

    private static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static Connection connect(LegacyCaptureProperties capture) throws SQLException {
        return DriverManager.getConnection(capture.jdbcUrl(), capture.user(), capture.password());
    }
}
