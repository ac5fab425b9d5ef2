package app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The throttles' states in a real Redis (Debian's redis-server, started here): failures counted at one replica lock
 * the account at another without a row in PostgreSQL, and while Redis is down PostgreSQL keeps counting. The
 * context is closed after the class: its Redis is gone by then.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"identity.throttle.account-free-failures=2", "identity.throttle.base=30s",
                "identity.throttle.account-delays-before-challenge=3"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class RedisThrottlingIT {

    static final String CALLBACK = "http://127.0.0.1:8080/callback";
    static RedisServer redis;

    /** Before the context starts (it reads the URL then); skipped, it does not start at all. */
    @BeforeAll
    static void startRedis() throws IOException {
        assumeTrue(RedisServer.installed(), "redis-server is installed by .ci/run (apt-get install redis-server)");
        redis = RedisServer.start();
    }

    @DynamicPropertySource
    static void redisUrl(DynamicPropertyRegistry registry) {
        registry.add("identity.throttle.redis-url", () -> redis.url());
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Environment environment;

    @Test
    @Order(1)
    void failuresCountedAtOneReplicaLockTheAccountAtAnotherThroughRedis() {
        jdbc.sql("DELETE FROM sign_in_throttle").update();
        String id = IdentityApi.signUp(port, jdbc, "redis-target@example.com", "long enough pass");
        var here = new OAuthTestClient("http://localhost:" + port, "web", CALLBACK);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> here.signIn("redis-target@example.com", "wrong guess"))
                    .isInstanceOf(OAuthTestClient.BadCredentials.class);
        }
        try (var replica = replica()) {
            int replicaPort = ((WebServerApplicationContext) replica).getWebServer().getPort();
            var there = new OAuthTestClient("http://localhost:" + replicaPort, "web", CALLBACK);
            assertThatThrownBy(() -> there.signIn("redis-target@example.com", "long enough pass"))
                    .isInstanceOf(OAuthTestClient.TooManyAttempts.class);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM sign_in_throttle").query(Long.class).single()).isZero();
        RedisClient client = RedisClient.create(redis.url());
        try (var connection = client.connect()) {
            assertThat(connection.sync().keys("throttle:*")).isNotEmpty()
                    .noneMatch(key -> key.contains("redis-target@example.com") || key.contains(id));
        } finally {
            client.shutdown();
        }
    }

    @Test
    @Order(2)
    void whileRedisIsDownPostgreSqlKeepsCounting() {
        IdentityApi.signUp(port, jdbc, "redis-outage@example.com", "long enough pass");
        redis.stop();
        var client = new OAuthTestClient("http://localhost:" + port, "web", CALLBACK);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> client.signIn("redis-outage@example.com", "wrong guess"))
                    .isInstanceOf(OAuthTestClient.BadCredentials.class);
        }
        assertThatThrownBy(() -> client.signIn("redis-outage@example.com", "long enough pass"))
                .isInstanceOf(OAuthTestClient.TooManyAttempts.class);
        assertThat(jdbc.sql("SELECT count(*) FROM sign_in_throttle").query(Long.class).single()).isPositive();
    }

    /** A second identity instance on the same database, broker and Redis, as another replica. */
    ConfigurableApplicationContext replica() {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--identity.throttle.account-free-failures=2",
                "--identity.throttle.base=30s", "--identity.throttle.account-delays-before-challenge=3",
                "--identity.throttle.redis-url=" + redis.url()));
        for (String key : List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
                "spring.flyway.url", "spring.flyway.user", "spring.flyway.password", "spring.kafka.bootstrap-servers")) {
            args.add("--" + key + "=" + environment.getProperty(key));
        }
        return new SpringApplicationBuilder(IdentityApplication.class).profiles("local").run(args.toArray(String[]::new));
    }
}
