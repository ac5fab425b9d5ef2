package app.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.platform.audit.log.domain.AuditEntry;
import app.platform.audit.log.domain.HashChain;
import app.platform.events.EventEnvelope;
import app.platform.events.EventMetadata;
import app.platform.events.identity.UserRegistered;
import app.platform.events.profile.AppUserCreated;
import app.platform.testkit.Infrastructure;
import app.platform.testkit.KafkaTestClient;
import app.platform.testkit.RealInfrastructure;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;

@RealInfrastructure
@SpringBootTest(properties = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:1/unused")
class AuditIngestIT {

    static final KafkaTestClient kafka = new KafkaTestClient(Infrastructure.kafkaBootstrapServers());

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Autowired
    DatabaseClient db;

    @Test
    void everyEventFromEveryTopicIsChainedOnceAndAnEditIsFound() {
        UUID user = UUID.randomUUID();
        var meta = new EventMetadata("corr-audit-1", "user:" + user);
        EventEnvelope registered = EventEnvelope.wrap(
                new UserRegistered(user, "a@example.com", false, "password", false, Instant.now()), meta, Instant.now());
        EventEnvelope created = EventEnvelope.wrap(new AppUserCreated(user, user, "Pending", "registered"), meta, Instant.now());
        kafka.publish(registered);
        kafka.publish(created);
        kafka.publish(registered);

        await().atMost(Duration.ofSeconds(60)).until(() -> chain().size() == 2);
        List<HashChain.Link> chain = chain();
        assertThat(chain).extracting(l -> l.entry().eventType()).containsExactlyInAnyOrder("UserRegistered", "AppUserCreated");
        assertThat(chain).allSatisfy(l -> assertThat(l.entry().correlationId()).isEqualTo("corr-audit-1"));
        assertThat(HashChain.firstBrokenLink(chain)).isEmpty();

        long second = chain.get(1).id();
        db.sql("UPDATE system_audit_logs SET actor = 'someone-else' WHERE id = :id").bind("id", second).then().block();
        assertThat(HashChain.firstBrokenLink(chain())).contains(second);
    }

    private List<HashChain.Link> chain() {
        return db.sql("SELECT * FROM system_audit_logs ORDER BY id")
                .map(r -> new HashChain.Link(r.get("id", Long.class),
                        new AuditEntry(r.get("event_id", UUID.class), r.get("event_type", String.class),
                                r.get("aggregate_type", String.class), r.get("aggregate_id", String.class),
                                r.get("actor", String.class), r.get("correlation_id", String.class),
                                r.get("occurred_at", OffsetDateTime.class).toInstant(), r.get("data", String.class)),
                        bytes(r.get("prev_hash", ByteBuffer.class)), bytes(r.get("hash", ByteBuffer.class))))
                .all().collectList().block();
    }

    private static byte[] bytes(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
