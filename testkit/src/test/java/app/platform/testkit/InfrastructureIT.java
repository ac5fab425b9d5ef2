package app.platform.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The kit's promises, on whichever path this JVM took. Failsafe runs it twice: once as it finds the machine
 * (embedded when no Docker engine answers) and once forced onto Testcontainers, which skips without Docker.
 */
@RealInfrastructure
class InfrastructureIT {

    @Test
    void theModeFollowsTheMachine() {
        Infrastructure.Mode forced = Infrastructure.forcedMode();
        Infrastructure.Mode expected = forced != null ? forced
                : Infrastructure.dockerAnswers() ? Infrastructure.Mode.CONTAINERS : Infrastructure.Mode.EMBEDDED;
        assertThat(Infrastructure.mode()).isEqualTo(expected);
    }

    @Test
    void postgresIsSeventeenWithLogicalDecodingAndADatabasePerClass(TestDatabase db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            assertThat(scalar(c, "SHOW wal_level")).isEqualTo("logical");
            assertThat(Integer.parseInt(scalar(c, "SHOW server_version_num"))).isGreaterThanOrEqualTo(170000);
            assertThat(scalar(c, "SELECT current_database()")).isEqualTo(db.name());
        }
        assertThat(InfrastructureExtension.databaseFor(String.class).name()).isNotEqualTo(db.name());
        assertThat(InfrastructureExtension.databaseFor(InfrastructureIT.class)).isEqualTo(db);
    }

    @Test
    void kafkaCarriesARecord(KafkaBootstrap kafka) {
        String topic = "testkit." + UUID.randomUUID();
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.servers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
             var consumer = new KafkaConsumer<String, String>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.servers(),
                     ConsumerConfig.GROUP_ID_CONFIG, "testkit",
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                     ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                     ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            producer.send(new ProducerRecord<>(topic, "k", "hello")).get();
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                records = consumer.poll(Duration.ofMillis(500));
            }
            assertThat(records).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo("hello"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String scalar(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
