package app.platform.relay.offsets;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

/**
 * Debezium offsets in the relay's own schema ({@code relay.engine_offset}), so a restart resumes where the last
 * commit left off. Each flush upserts the engine's offsets in one transaction; the replication slot advances only
 * after that, so nothing is acknowledged to PostgreSQL that is not stored here.
 */
public class JdbcOffsetBackingStore extends MemoryOffsetBackingStore {

    public static final String URL = "offset.storage.jdbc.url";
    public static final String USER = "offset.storage.jdbc.user";
    public static final String PASSWORD = "offset.storage.jdbc.password";
    public static final String ENGINE = "offset.storage.jdbc.engine";

    private String url;
    private String user;
    private String password;
    private String engine;

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        Map<String, String> props = config.originalsStrings();
        url = props.get(URL);
        user = props.get(USER);
        password = props.get(PASSWORD);
        engine = props.get(ENGINE);
    }

    @Override
    public synchronized void start() {
        super.start();
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement("SELECT k, v FROM relay.engine_offset WHERE engine = ?")) {
            ps.setString(1, engine);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    data.put(ByteBuffer.wrap(rs.getBytes(1)), ByteBuffer.wrap(rs.getBytes(2)));
                }
            }
        } catch (SQLException e) {
            throw new ConnectException("cannot read offsets of engine " + engine, e);
        }
    }

    @Override
    protected void save() {
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO relay.engine_offset (engine, k, v, updated_at) VALUES (?, ?, ?, now())
                     ON CONFLICT (engine, k) DO UPDATE SET v = excluded.v, updated_at = now()""")) {
            c.setAutoCommit(false);
            for (Map.Entry<ByteBuffer, ByteBuffer> e : data.entrySet()) {
                ps.setString(1, engine);
                ps.setBytes(2, bytes(e.getKey()));
                ps.setBytes(3, e.getValue() == null ? null : bytes(e.getValue()));
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        } catch (SQLException e) {
            throw new ConnectException("cannot store offsets of engine " + engine, e);
        }
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
