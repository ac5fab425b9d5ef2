package app.platform.relay.cutover.adapter.out.persistence;

import app.platform.failback.ReverseStream;
import app.platform.relay.cutover.application.LegacyReverseStream;
import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacyDatabaseUnreadable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Repository;

/** The reverse stream's tables in the legacy database ({@code platform_failback}), over a connection per call. */
@Repository
class JdbcLegacyReverseStream implements LegacyReverseStream {

    @Override
    public void start(LegacyCaptureProperties capture) {
        try (Connection c = connect(capture)) {
            ReverseStream.start(c);
        } catch (SQLException e) {
            throw new LegacyDatabaseUnreadable(e);
        }
    }

    @Override
    public void stop(LegacyCaptureProperties capture) {
        try (Connection c = connect(capture)) {
            ReverseStream.stop(c);
        } catch (SQLException e) {
            throw new LegacyDatabaseUnreadable(e);
        }
    }

    @Override
    public List<Carried> report(LegacyCaptureProperties capture) {
        try (Connection c = connect(capture); ResultSet rs = c.createStatement().executeQuery("""
                SELECT service, event_type, carried, why, count(*) FROM platform_failback.applied_event
                WHERE to_regclass('platform_failback.applied_event') IS NOT NULL
                GROUP BY service, event_type, carried, why ORDER BY service, carried DESC, event_type""")) {
            List<Carried> carried = new ArrayList<>();
            while (rs.next()) {
                carried.add(new Carried(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                        rs.getLong(5)));
            }
            return carried;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return List.of(); // the stream never started
            }
            throw new LegacyDatabaseUnreadable(e);
        }
    }

    private static Connection connect(LegacyCaptureProperties capture) throws SQLException {
        return DriverManager.getConnection(capture.jdbcUrl(), capture.user(), capture.password());
    }
}
