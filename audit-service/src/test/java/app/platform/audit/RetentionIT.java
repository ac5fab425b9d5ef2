package app.platform.audit;

import app.platform.testkit.LocalWeb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.audit.log.application.AppendToAuditLog;
import app.platform.events.EventEnvelope;
import app.platform.events.EventMetadata;
import app.platform.consumer.ReactiveIdempotentConsumer;
import app.platform.events.identity.UserSignedIn;
import app.platform.testkit.Infrastructure;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.TestDatabase;
import app.platform.testkit.TestTokenIssuer;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Retention: the old prefix of each chain is pruned by the audit_pruner role with a signed checkpoint, the chains
 * still verify from it, new rows link on, a forged checkpoint is caught, and nobody else may delete.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "audit.retention.system=P30D", "audit.retention.user=P30D", "audit.retention.pruner.url=${spring.flyway.url}",
        "audit.retention.pruner.user=audit_pruner", "audit.retention.pruner.password=audit_pruner"})
class RetentionIT {

    static final TestTokenIssuer issuer = new TestTokenIssuer();

    static {
        // the DBA's part (platform-init.sql does it for the platform): the role exists before audit's migrations
        TestDatabase any = Infrastructure.newDatabase("pruner_role");
        try (var c = DriverManager.getConnection(any.jdbcUrl(), any.username(), any.password())) {
            c.createStatement().execute("""
                    DO $$ BEGIN CREATE ROLE audit_pruner LOGIN PASSWORD 'audit_pruner';
                    EXCEPTION WHEN duplicate_object THEN NULL; END $$""");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        issuer.properties().forEach((k, v) -> registry.add(k, () -> v));
    }

    @AfterAll
    static void close() {
        issuer.close();
    }

    @Autowired
    DatabaseClient db;
    @Autowired
    AppendToAuditLog append;
    @Autowired
    ReactiveIdempotentConsumer idempotent;
    @LocalServerPort
    int port;

    final String admin = issuer.accessToken(UUID.randomUUID(), "ops@example.com", "admin");

    long count(String sql) {
        return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
    }

    WebTestClient.BodyContentSpec call(String method, String path) {
        var client = LocalWeb.client(port);
        var spec = method.equals("POST") ? client.post().uri(path) : client.get().uri(path);
        return spec.headers(h -> h.setBearerAuth(admin)).exchange().expectStatus().isOk().expectBody();
    }

    void audit(UUID user, Instant at, int n) {
        List<EventEnvelope> events = IntStream.range(0, n).mapToObj(i -> EventEnvelope.wrap(new UserSignedIn(user, "password", at),
                new EventMetadata(null, "system"), at.plusSeconds(i))).toList();
        idempotent.onceEach(events, append::appendAll).block();
    }

    @Test
    void oldPrefixesArePrunedWithASignedCheckpointAndTheChainsStillVerify() {
        UUID user = UUID.randomUUID();
        audit(user, Instant.now().minus(Duration.ofDays(60)), 5);
        audit(user, Instant.now().minus(Duration.ofDays(1)), 3);
        call("GET", "/api/audit/admin/verify").jsonPath("$.intact").isEqualTo(true);

        // another replica's run under way (its lock held from a connection of the test's): this one prunes nothing
        db.inConnection(c -> Mono.from(c.beginTransaction())
                .then(Mono.from(c.createStatement("SELECT pg_advisory_xact_lock(hashtext('audit.retention'))").execute())
                        .flatMap(r -> Mono.from(r.getRowsUpdated())))
                .then(Mono.defer(() -> {
                    call("POST", "/api/audit/admin/retention/run").jsonPath("$.systemRowsPruned").isEqualTo(0)
                            .jsonPath("$.userChainsPruned").isEqualTo(0);
                    return Mono.empty();
                }).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()))
                .then(Mono.from(c.rollbackTransaction()))).block();
        assertThat(count("SELECT count(*) FROM audit_checkpoints")).isZero();

        call("POST", "/api/audit/admin/retention/run").jsonPath("$.systemRowsPruned").isEqualTo(5)
                .jsonPath("$.userRowsPruned").isEqualTo(5).jsonPath("$.userChainsPruned").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM system_audit_logs")).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM user_audit_logs WHERE user_id = '" + user + "'")).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM audit_checkpoints")).isEqualTo(2);
        call("GET", "/api/audit/admin/verify").jsonPath("$.intact").isEqualTo(true).jsonPath("$.systemRows").isEqualTo(3);
        // nothing left to prune; new rows link on
        call("POST", "/api/audit/admin/retention/run").jsonPath("$.systemRowsPruned").isEqualTo(0);
        audit(user, Instant.now(), 2);
        call("GET", "/api/audit/admin/verify").jsonPath("$.intact").isEqualTo(true).jsonPath("$.systemRows").isEqualTo(5);

        // only the pruner deletes: the service's own connection is still refused, and so are checkpoint edits
        assertThatThrownBy(() -> db.sql("DELETE FROM system_audit_logs").then().block()).hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.sql("DELETE FROM audit_checkpoints").then().block()).hasMessageContaining("append-only");

        // the newest row deleted around the guard: every remaining link holds, but the anchored end is gone; and the
        // next append, which links on the cut chain, keeps that it found the end elsewhere
        db.sql("SET session_replication_role = replica; DELETE FROM system_audit_logs WHERE id = "
                + "(SELECT max(id) FROM system_audit_logs); SET session_replication_role = origin").then().block();
        call("GET", "/api/audit/admin/verify").jsonPath("$.intact").isEqualTo(false)
                .jsonPath("$.systemFirstBrokenLink").doesNotExist().jsonPath("$.systemEndProblem").isEqualTo("missing");
        audit(user, Instant.now(), 1);
        call("GET", "/api/audit/admin/verify").jsonPath("$.intact").isEqualTo(false)
                .jsonPath("$.systemFirstBrokenLink").doesNotExist().jsonPath("$.systemEndProblem").isEqualTo("diverged");
        assertThatThrownBy(() -> db.sql("DELETE FROM audit_chain_end").then().block()).as("the anchor is kept");

        // a checkpoint altered around the guard (its links still hold, but without the key it cannot be re-signed):
        // the chain no longer verifies
        db.sql("SET session_replication_role = replica; UPDATE audit_checkpoints SET rows_pruned = 1 "
                + "WHERE chain = 'system'; SET session_replication_role = origin").then().block();
        call("GET", "/api/audit/admin/verify").jsonPath("$.intact").isEqualTo(false)
                .jsonPath("$.systemFirstBrokenLink").isNumber();
    }
}
