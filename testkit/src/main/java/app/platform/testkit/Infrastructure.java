package app.platform.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real servers of the integration tests, each started once per JVM: PostgreSQL 17 with
 * {@code wal_level=logical}, and a Kafka broker. Testcontainers when a Docker engine answers; otherwise zonky's
 * embedded PostgreSQL and an in-JVM KRaft broker. {@code TESTKIT_MODE=embedded|containers} forces one.
 */
public final class Infrastructure {

    public enum Mode { EMBEDDED, CONTAINERS }

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static volatile Mode mode;
    private static volatile Postgres postgres;
    private static volatile String kafka;

    private Infrastructure() {
    }

    public static synchronized Mode mode() {
        if (mode == null) {
            Mode forced = forcedMode();
            mode = forced != null ? forced : (dockerAnswers() ? Mode.CONTAINERS : Mode.EMBEDDED);
        }
        return mode;
    }

    /** The mode forced by {@code TESTKIT_MODE} or {@code -Dtestkit.mode}; null to follow the machine. */
    public static Mode forcedMode() {
        String forced = System.getProperty("testkit.mode", System.getenv().getOrDefault("TESTKIT_MODE", ""));
        return forced.isBlank() ? null : Mode.valueOf(forced.toUpperCase(Locale.ROOT));
    }

    /** A fresh, empty database for one test class. */
    public static TestDatabase newDatabase(String hint) {
        Postgres pg = postgres();
        String name = ("t" + DATABASES.incrementAndGet() + "_" + hint.replaceAll("[^A-Za-z0-9]", ""))
                .toLowerCase(Locale.ROOT);
        name = name.substring(0, Math.min(name.length(), 60));
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user, pg.password);
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return new TestDatabase(pg.host, pg.port, name, pg.user, pg.password);
    }

    public static synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            if (mode() == Mode.CONTAINERS) {
                KafkaContainer container = new KafkaContainer("apache/kafka-native:4.1.1")
                        .withEnv("KAFKA_NUM_PARTITIONS", "3");
                container.start();
                kafka = container.getBootstrapServers();
            } else {
                EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
                // one broker: the transaction log on it alone (cdc-relay publishes in transactions)
                broker.brokerProperties(Map.of("auto.create.topics.enable", "true", "num.partitions", "3",
                        "transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1"));
                broker.afterPropertiesSet();
                Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
                kafka = broker.getBrokersAsString();
            }
        }
        return kafka;
    }

    static synchronized Postgres postgres() {
        if (postgres == null) {
            postgres = mode() == Mode.CONTAINERS ? containerPostgres() : embeddedPostgres();
        }
        return postgres;
    }

    private static Postgres embeddedPostgres() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "40")
                    .setServerConfig("max_wal_senders", "40")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
            return new Postgres("localhost", pg.getPort(), "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    @SuppressWarnings("resource")
    private static Postgres containerPostgres() {
        PostgreSQLContainer pg = new PostgreSQLContainer("postgres:17")
                .withCommand("postgres", "-c", "wal_level=logical", "-c", "max_replication_slots=40",
                        "-c", "max_wal_senders=40", "-c", "max_connections=300", "-c", "fsync=off");
        pg.start();
        return new Postgres(pg.getHost(), pg.getMappedPort(5432), pg.getUsername(), pg.getPassword());
    }

    public static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    record Postgres(String host, int port, String user, String password) {
        String jdbcUrl(String db) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + db;
        }
    }
}
