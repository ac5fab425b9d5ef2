package app.platform.failback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The reverse stream's switch in the legacy database, which the services' legacy writers follow
 * ({@link FailbackGate}): started at the cutover's switch (its tables and replication origin made first, by a role
 * that may), stopped by a failback once drained.
 */
public final class ReverseStream {

    private ReverseStream() {
    }

    /** Makes the stream's tables and origin if absent, then marks it running. */
    public static void start(Connection legacy) throws SQLException {
        try (InputStream script = ReverseStream.class.getResourceAsStream("/db/failback/platform_failback.sql");
             Statement st = legacy.createStatement()) {
            st.execute(new String(script.readAllBytes(), StandardCharsets.UTF_8));
            st.execute("INSERT INTO platform_failback.stream (state, since) VALUES ('running', now()) "
                    + "ON CONFLICT (id) DO UPDATE SET state = 'running', changed_at = now()");
        } catch (IOException e) {
            throw new IllegalStateException("the failback tables' script is missing", e);
        }
    }

    /** Marks the stream stopped: the writers stop taking events (what they hold is finished). */
    public static void stop(Connection legacy) throws SQLException {
        try (Statement st = legacy.createStatement()) {
            st.execute("UPDATE platform_failback.stream SET state = 'stopped', changed_at = now()");
        }
    }
}
