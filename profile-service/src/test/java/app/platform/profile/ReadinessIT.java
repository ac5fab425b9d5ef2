package app.platform.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.platform.testkit.LocalWeb;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Readiness tells the truth: ready while the database and the broker answer; with the database gone, not ready (out of
 * the load balancer) while liveness stays up (Kubernetes does not restart a service that only waits), and ready again
 * once it is back, with no restart.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadinessIT {

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("kafka")
    HealthIndicator kafka;

    @Test
    void notReadyWhileTheDatabaseIsGoneLiveAllAlongAndReadyAgainOnceItIsBack(TestDatabase db) throws Exception {
        assertThat(status("readiness")).isEqualTo(200);
        assertThat(kafka.health().getStatus()).as("the broker answers").isEqualTo(Status.UP);

        db.reachable(false);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> status("readiness") == 503);
            assertThat(status("liveness")).isEqualTo(200);
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
