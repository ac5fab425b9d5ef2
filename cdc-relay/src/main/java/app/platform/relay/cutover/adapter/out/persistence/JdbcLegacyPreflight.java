package app.platform.relay.cutover.adapter.out.persistence;

import app.platform.relay.cutover.application.LegacyPreflight;
import app.platform.relay.cutover.domain.PreflightFacts;
import app.platform.relay.cutover.domain.PreflightFacts.Read;
import app.platform.relay.legacy.application.LegacyCaptureProperties;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Repository;

/**
 * The preflight's facts from the legacy database's catalog and settings, over a fresh connection of its own (so that
 * {@code statement_timeout} is the role's own), each read by its own statement: one that fails (a permission, a
 * setting an older PostgreSQL lacks) is reported as such and the others are still read. Errors are passed on without
 * the password or the JDBC URL.
 */
@Repository
class JdbcLegacyPreflight implements LegacyPreflight {

    private static final int QUERY_TIMEOUT_SECONDS = 10;
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&\\s]*");

    @FunctionalInterface
    private interface Query<T> {
        T read(Connection c) throws SQLException;
    }

    @Override
    public PreflightFacts read(LegacyCaptureProperties capture) {
        try (Connection c = connect(capture)) {
            return new PreflightFacts(
                    read(c, capture, con -> text(con, "SHOW server_version")),
                    read(c, capture, con -> text(con, "SHOW wal_level")),
                    read(c, capture, con -> slots(con, capture.slot())),
                    read(c, capture, con -> walSenders(con, capture.slot())),
                    read(c, capture, JdbcLegacyPreflight::role),
                    read(c, capture, con -> publication(con, capture.publication())),
                    read(c, capture, con -> tables(con, capture.tables())),
                    read(c, capture, con -> text(con, "SHOW statement_timeout")),
                    // null where the setting does not exist (before PostgreSQL 13)
                    read(c, capture, con -> text(con, "SELECT current_setting('max_slot_wal_keep_size', true)")),
                    // pg_ls_waldir() needs pg_monitor (or superuser): refused, it is reported, never thrown
                    read(c, capture, con -> number(con, "SELECT CAST(sum(size) AS bigint) FROM pg_ls_waldir()")),
                    read(c, capture, con -> signalTable(con, capture.signalTable())));
        } catch (SQLException | RuntimeException e) {
            return PreflightFacts.unreachable(safe(e, capture));
        }
    }

    private static <T> Read<T> read(Connection c, LegacyCaptureProperties capture, Query<T> query) {
        try {
            return Read.of(query.read(c));
        } catch (SQLException | RuntimeException e) {
            return Read.failed(safe(e, capture));
        }
    }

    private static PreflightFacts.Slots slots(Connection c, String slot) throws SQLException {
        try (PreparedStatement st = statement(c, """
                SELECT CAST(current_setting('max_replication_slots') AS int),
                       (SELECT count(*) FROM pg_replication_slots),
                       EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = ?)""")) {
            st.setString(1, slot);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new PreflightFacts.Slots(rs.getInt(1), rs.getInt(2), rs.getBoolean(3));
            }
        }
    }

    private static PreflightFacts.WalSenders walSenders(Connection c, String slot) throws SQLException {
        try (PreparedStatement st = statement(c, """
                SELECT CAST(current_setting('max_wal_senders') AS int),
                       (SELECT count(*) FROM pg_stat_replication),
                       EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = ? AND active)""")) {
            st.setString(1, slot);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new PreflightFacts.WalSenders(rs.getInt(1), rs.getInt(2), rs.getBoolean(3));
            }
        }
    }

    private static PreflightFacts.Role role(Connection c) throws SQLException {
        try (PreparedStatement st = statement(c, """
                SELECT rolname, current_database(), rolsuper, rolreplication, rolbypassrls,
                       has_database_privilege(current_database(), 'CREATE')
                FROM pg_roles WHERE rolname = current_user""");
             ResultSet rs = st.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the current role is not in pg_roles");
            }
            return new PreflightFacts.Role(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4),
                    rs.getBoolean(5), rs.getBoolean(6));
        }
    }

    private static PreflightFacts.Publication publication(Connection c, String name) throws SQLException {
        boolean exists;
        boolean owned = false;
        // owning it means being its owner or a member of the owning role (what ALTER PUBLICATION checks)
        try (PreparedStatement st = statement(c, "SELECT pg_has_role(pubowner, 'USAGE') FROM pg_publication WHERE pubname = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                exists = rs.next();
                if (exists) {
                    owned = rs.getBoolean(1);
                }
            }
        }
        List<String> tables = new ArrayList<>();
        if (exists) {
            try (PreparedStatement st = statement(c,
                    "SELECT schemaname || '.' || tablename FROM pg_publication_tables WHERE pubname = ? ORDER BY 1")) {
                st.setString(1, name);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
            }
        }
        return new PreflightFacts.Publication(exists, owned, tables);
    }

    /** The signal table and the role's rights on it, its schema and the database; null when none is configured. */
    private static PreflightFacts.SignalTable signalTable(Connection c, String name) throws SQLException {
        if (name == null || name.isBlank()) {
            return null;
        }
        int dot = name.indexOf('.');
        String schema = dot < 0 ? "public" : name.substring(0, dot);
        String table = name.substring(dot + 1);
        try (PreparedStatement st = statement(c, """
                SELECT n.oid IS NOT NULL, t.oid IS NOT NULL,
                       COALESCE(has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(t.oid, 'SELECT')
                                AND has_table_privilege(t.oid, 'INSERT'), false),
                       COALESCE(has_schema_privilege(n.oid, 'USAGE') AND has_schema_privilege(n.oid, 'CREATE'), false),
                       has_database_privilege(current_database(), 'CREATE')
                FROM (SELECT 1) AS one
                LEFT JOIN pg_namespace n ON n.nspname = ?
                LEFT JOIN pg_class t ON t.relnamespace = n.oid AND t.relname = ?""")) {
            st.setString(1, schema);
            st.setString(2, table);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new PreflightFacts.SignalTable(name, rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3),
                        rs.getBoolean(4), rs.getBoolean(5));
            }
        }
    }

    /** Each captured table, found by {@code to_regclass} (null: no such table), in the configured order. */
    private static List<PreflightFacts.Table> tables(Connection c, List<String> names) throws SQLException {
        try (PreparedStatement st = statement(c, """
                SELECT t.name, c.oid IS NOT NULL,
                       COALESCE(pg_has_role(c.relowner, 'USAGE'), false),
                       COALESCE(has_table_privilege(c.oid, 'SELECT') AND has_schema_privilege(c.relnamespace, 'USAGE'), false),
                       COALESCE(c.relrowsecurity, false), COALESCE(c.relforcerowsecurity, false),
                       EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary),
                       EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'user_id'
                                   AND NOT a.attisdropped)
                           AND NOT EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid
                                               AND a.attnum = i.indkey[0]
                                           JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
                                           WHERE i.indrelid = c.oid AND a.attname = 'user_id' AND i.indisvalid
                                               AND am.amname IN ('btree', 'hash')
                                               AND (i.indpred IS NULL
                                                    OR pg_get_expr(i.indpred, i.indrelid) = '(user_id IS NOT NULL)')),
                       COALESCE(CAST(c.reltuples AS bigint), -1)
                FROM unnest(CAST(? AS text[])) WITH ORDINALITY AS t(name, n)
                LEFT JOIN pg_class c ON c.oid = to_regclass(t.name)
                ORDER BY t.n""")) {
            st.setArray(1, c.createArrayOf("text", names.toArray()));
            List<PreflightFacts.Table> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    tables.add(new PreflightFacts.Table(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3),
                            rs.getBoolean(4), rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7), rs.getBoolean(8),
                            rs.getLong(9)));
                }
            }
            return tables;
        }
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (PreparedStatement st = statement(c, sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Long number(Connection c, String sql) throws SQLException {
        try (PreparedStatement st = statement(c, sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            long value = rs.getLong(1);
            return rs.wasNull() ? 0L : value;
        }
    }

    private static PreparedStatement statement(Connection c, String sql) throws SQLException {
        PreparedStatement st = c.prepareStatement(sql);
        st.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
        return st;
    }

    /** The role's own session settings: nothing is set here but the timeouts of the connection attempt and socket. */
    private static Connection connect(LegacyCaptureProperties capture) throws SQLException {
        Properties props = new Properties();
        if (capture.user() != null) {
            props.setProperty("user", capture.user());
        }
        if (capture.password() != null) {
            props.setProperty("password", capture.password());
        }
        props.setProperty("connectTimeout", "10");
        props.setProperty("loginTimeout", "15");
        props.setProperty("socketTimeout", "30");
        props.setProperty("ApplicationName", "cdc-relay preflight");
        return DriverManager.getConnection(capture.jdbcUrl(), props);
    }

    /** What went wrong, on one line, without the password or the JDBC URL (which may carry it). */
    static String safe(Exception e, LegacyCaptureProperties capture) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (capture.jdbcUrl() != null && !capture.jdbcUrl().isBlank()) {
            message = message.replace(capture.jdbcUrl(), "the legacy database");
        }
        if (capture.password() != null && !capture.password().isEmpty()) {
            message = message.replace(capture.password(), "****");
        }
        message = PASSWORD_PARAMETER.matcher(message).replaceAll(Matcher.quoteReplacement("password=****"));
        return message.replaceAll("\\s+", " ").trim();
    }
}
