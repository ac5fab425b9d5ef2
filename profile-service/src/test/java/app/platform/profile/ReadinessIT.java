package app.platform.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.platform.testkit.LocalWeb;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.TestDatabase;
import app.platform.testkit.TestTokenIssuer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Readiness tells the truth: ready while the database answers (a broker outage takes no pod out: requests need only
 * the database); with the database gone, not ready (out of
 * the load balancer) while liveness stays up (Kubernetes does not restart a service that only waits), and ready again
 * once it is back, with no restart.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadinessIT {

    static final TestTokenIssuer issuer = new TestTokenIssuer();

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        issuer.properties().forEach((k, v) -> registry.add(k, () -> v));
    }

    @AfterAll
    static void close() {
        issuer.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("kafka")
    HealthIndicator kafka;
    @Autowired
    org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups groups;

    @Test
    void notReadyWhileTheDatabaseIsGoneLiveAllAlongAndReadyAgainOnceItIsBack(TestDatabase db) throws Exception {
        assertThat(status("readiness")).isEqualTo(200);
        assertThat(kafka.health().getStatus()).as("the broker answers").isEqualTo(Status.UP);
        assertThat(groups.get("readiness").isMember("r2dbc")).isTrue();
        assertThat(groups.get("readiness").isMember("kafka")).as("a broker outage keeps the pods serving").isFalse();

        db.reachable(false);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> status("readiness") == 503);
            assertThat(status("liveness")).isEqualTo(200);
            // a request meanwhile: 503 problem+json with Retry-After (the infrastructure's, not a 500)
            var answer = LocalWeb.client(port).get().uri("/api/profile/me/profile")
                    .header("Authorization", "Bearer " + issuer.accessToken(UUID.randomUUID(), "away@example.com",
                            "authenticated"))
                    .exchange().returnResult(String.class);
            assertThat(answer.getStatus().value()).isEqualTo(503);
            assertThat(answer.getResponseHeaders().getFirst("Retry-After")).isEqualTo("5");
            assertThat(String.valueOf(answer.getResponseHeaders().getContentType())).startsWith("application/problem+json");
        } finally {
            db.reachable(true);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> status("readiness") == 200);
        assertThat(status("liveness")).isEqualTo(200);
    }

    private int status(String probe) {
        return LocalWeb.client(port).get().uri("/actuator/health/" + probe).exchange().returnResult(String.class)
                .getStatus().value();
    }
}
