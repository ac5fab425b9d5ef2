package app.platform.legacy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The generated columns of the captured legacy tables ({@code auth.users.confirmed_at}, {@code auth.identities.email}):
 * derived data, which pgoutput does not stream before PostgreSQL 18 and Debezium reports as the epoch when null. The
 * capture leaves them out and the reconciliation does not compare them.
 */
public final class GeneratedColumns {

    /**
     * GoTrue's one-time tokens of {@code auth.users} (e-mail confirmation, recovery, e-mail and phone change,
     * reauthentication), {@code schema.table.column}: secrets no importer needs, left out with the generated columns.
     */
    public static final List<String> TOKENS = List.of("auth.users.confirmation_token", "auth.users.recovery_token",
            "auth.users.email_change_token_new", "auth.users.email_change_token_current",
            "auth.users.reauthentication_token", "auth.users.phone_change_token");

    private GeneratedColumns() {
    }

    /** {@code schema.table.column} of every column of the tables the capture leaves out: the tokens and the generated. */
    public static List<String> leftOut(Connection c, List<String> tables) throws SQLException {
        List<String> columns = new ArrayList<>(TOKENS);
        columns.addAll(of(c, tables));
        return columns;
    }

    /** {@code schema.table.column} of every generated column of the tables. */
    public static List<String> of(Connection c, List<String> tables) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("""
                SELECT table_schema || '.' || table_name || '.' || column_name FROM information_schema.columns
                WHERE is_generated = 'ALWAYS' AND table_schema || '.' || table_name = ANY (?)""")) {
            st.setArray(1, c.createArrayOf("text", tables.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }
}
