package app.platform.relay.legacy.adapter.out.persistence;

import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacyDatabaseUnreadable;
import app.platform.relay.legacy.application.LegacySlots;
import app.platform.relay.legacy.domain.SlotState;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.springframework.stereotype.Repository;

/** The legacy database's {@code pg_replication_slots}, over a connection of its own per look. */
@Repository
class JdbcLegacySlots implements LegacySlots {

    @Override
    public SlotState read(LegacyCaptureProperties capture) {
        try (Connection c = DriverManager.getConnection(capture.jdbcUrl(), capture.user(), capture.password());
             PreparedStatement st = c.prepareStatement("""
                     SELECT active, wal_status,
                            pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) AS retained,
                            pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn) AS lag
                     FROM pg_replication_slots WHERE slot_name = ?""")) {
            st.setString(1, capture.slot());
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return SlotState.MISSING;
                }
                return new SlotState(rs.getBoolean("active"), bytes(rs, "retained"), bytes(rs, "lag"),
                        rs.getString("wal_status"));
            }
        } catch (SQLException e) {
            throw new LegacyDatabaseUnreadable(e);
        }
    }

    private static Long bytes(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
