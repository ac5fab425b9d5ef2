package app.platform.relay.offsets;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

/**
 * An engine's offsets as its {@link EngineOffsets topic} holds them: read there, {@code read_committed}, when the
 * engine starts (the topic made, compacted, if it is missing; the engine's producer, started first, has settled any
 * transaction left open), and never written here, since the forwarder writes them in each batch's transaction;
 * Debezium's own flush only moves the replication slot on, to a position already stored. An engine with nothing in
 * its topic resumes from {@code relay.engine_offset}, where relays before this one stored offsets, so an upgrade
 * neither snapshots again nor loses anything.
 */
public class TransactionalOffsetStore extends MemoryOffsetBackingStore {

    /** The engine's name ({@code name}) and slot; every {@code offset.storage.kafka.*} setting goes to the clients. */
    public static final String ENGINE = "offset.storage.relay.engine";
    public static final String SLOT = "offset.storage.relay.slot";
    public static final String KAFKA = "offset.storage.kafka.";
    /** Where offsets were stored before. */
    public static final String URL = "offset.storage.jdbc.url";
    public static final String USER = "offset.storage.jdbc.user";
    public static final String PASSWORD = "offset.storage.jdbc.password";

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private Map<String, String> props;
    private EngineOffsets offsets;

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        props = config.originalsStrings();
        offsets = new EngineOffsets(props.get(ENGINE), props.get(SLOT));
    }

    @Override
    public synchronized void start() {
        super.start();
        Map<String, Object> kafka = new HashMap<>();
        props.forEach((key, value) -> {
            if (key.startsWith(KAFKA)) {
                kafka.put(key.substring(KAFKA.length()), value);
            }
        });
        kafka.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READ_TIMEOUT.toMillis());
        try {
            createTopic(kafka);
            data.putAll(read(kafka));
            if (data.isEmpty()) {
                data.putAll(stored());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted reading the offsets of engine " + offsets.engine(), e);
        } catch (ExecutionException | RuntimeException e) {
            throw new ConnectException("cannot read the offsets of engine " + offsets.engine() + " from "
                    + offsets.topic(), e);
        }
    }

    private void createTopic(Map<String, Object> kafka) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(kafka)) {
            admin.createTopics(List.of(new NewTopic(offsets.topic(), Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** The topic's last value of each key, committed transactions only. */
    private Map<ByteBuffer, ByteBuffer> read(Map<String, Object> kafka) {
        Map<String, Object> consumer = new HashMap<>(kafka);
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<ByteBuffer, ByteBuffer> last = new HashMap<>();
        TopicPartition partition = new TopicPartition(offsets.topic(), 0);
        try (var reader = new KafkaConsumer<>(consumer, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            reader.assign(List.of(partition));
            reader.seekToBeginning(List.of(partition));
            long end = reader.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (reader.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new ConnectException("the offsets of engine " + offsets.engine() + " were not read within "
                            + READ_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        last.remove(ByteBuffer.wrap(r.key()));
                    } else {
                        last.put(ByteBuffer.wrap(r.key()), ByteBuffer.wrap(r.value()));
                    }
                }
            }
        }
        return last;
    }

    /** The offsets an earlier relay stored in its database, if any. */
    private Map<ByteBuffer, ByteBuffer> stored() {
        Map<ByteBuffer, ByteBuffer> stored = new HashMap<>();
        try (Connection c = DriverManager.getConnection(props.get(URL), props.get(USER), props.get(PASSWORD));
             PreparedStatement ps = c.prepareStatement("SELECT k, v FROM relay.engine_offset WHERE engine = ?")) {
            ps.setString(1, offsets.engine());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(ByteBuffer.wrap(rs.getBytes(1)), ByteBuffer.wrap(rs.getBytes(2)));
                }
            }
        } catch (SQLException e) {
            throw new ConnectException("cannot read the offsets engine " + offsets.engine() + " stored before", e);
        }
        return stored;
    }

    /** Nothing to write: the forwarder stored these offsets with the records they follow. */
    @Override
    protected void save() {
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }
}
