package app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.events.schema.EventSchemaValidator;
import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.RealInfrastructure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

/** Back-off on guessing: per account on the sign-in form, per address on the public API calls. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"identity.throttle.account-free-failures=2", "identity.throttle.api-free-attempts=3",
                "identity.throttle.base=30s"})
class ThrottlingIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    RestClient http() {
        return IdentityApi.lenient(port);
    }

    @Test
    void repeatedBadPasswordsLockTheAccountOutForAWhileAndAreRecorded() {
        String id = IdentityApi.signUp(port, jdbc, "target@example.com", "long enough pass");
        var client = new OAuthTestClient("http://localhost:" + port, "web", "http://127.0.0.1:8080/callback");
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> client.signIn("target@example.com", "wrong guess")).isInstanceOf(OAuthTestClient.BadCredentials.class);
        }
        // now even the right password waits, and says how long
        assertThatThrownBy(() -> client.signIn("Target@example.com", "long enough pass"))
                .isInstanceOfSatisfying(OAuthTestClient.TooManyAttempts.class,
                        e -> assertThat(Integer.parseInt(e.retryAfter)).isBetween(1, 30));
        // another account from the same address is not locked
        http().post().uri("/api/identity/users").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("email", "bystander@example.com", "password", "long enough pass")).retrieve().toBodilessEntity();
        assertThat(client.signIn("bystander@example.com", "long enough pass").get("access_token")).isNotNull();

        var failures = jdbc.sql("SELECT payload::text FROM outbox WHERE type = 'UserSignInFailed' AND aggregateid = :id")
                .param("id", id).query(String.class).list();
        assertThat(failures).hasSize(3).allSatisfy(EventSchemaValidator::assertValid);
        assertThat(jdbc.sql("SELECT count(*) FROM outbox WHERE type = 'UserSignedIn'").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void thePublicApiBacksOffPerAddress() {
        int last = 0;
        for (int i = 0; i < 4; i++) {
            var response = http().post().uri("/api/identity/password-reset").contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("email", "someone@example.com")).retrieve().toEntity(String.class);
            last = response.getStatusCode().value();
            if (i < 3) {
                assertThat(last).isEqualTo(202);
            } else {
                assertThat(response.getHeaders().getFirst("Retry-After")).isNotBlank();
                assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
            }
        }
        assertThat(last).isEqualTo(429);
    }

    /** Through the gateway (a trusted proxy), each client is throttled by its own forwarded address. */
    @Test
    void behindTheTrustedGatewayEachClientAddressHasItsOwnAllowance() {
        for (int i = 0; i < 3; i++) {
            assertThat(reset("203.0.113.7")).isEqualTo(202);
        }
        assertThat(reset("203.0.113.7")).isEqualTo(429);
        assertThat(reset("203.0.113.8")).isEqualTo(202);
    }

    /**
     * One guess budget per account, whichever replica counts the failures and whichever name the account is typed
     * as: failures by e-mail at this instance lock the account at a second instance (the same database), signing in
     * by its UUID.
     */
    @Test
    void theBudgetIsOneForEveryReplicaAndForTheAccountsAddressAndItsId() {
        http().post().uri("/api/identity/users").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("email", "shared@example.com", "password", "long enough pass")).retrieve().toBodilessEntity();
        String id = jdbc.sql("SELECT id::text FROM users WHERE email = 'shared@example.com'").query(String.class).single();
        var here = new OAuthTestClient("http://localhost:" + port, "web", "http://127.0.0.1:8080/callback");
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> here.signIn("shared@example.com", "wrong guess"))
                    .isInstanceOf(OAuthTestClient.BadCredentials.class);
        }
        try (var replica = replica()) {
            int replicaPort = ((org.springframework.boot.web.server.context.WebServerApplicationContext) replica)
                    .getWebServer().getPort();
            var there = new OAuthTestClient("http://localhost:" + replicaPort, "web", "http://127.0.0.1:8080/callback");
            assertThatThrownBy(() -> there.signIn(id, "long enough pass")).isInstanceOf(OAuthTestClient.TooManyAttempts.class);
        }
    }

    @Autowired
    org.springframework.core.env.Environment environment;

    /** A second identity instance on the same database and broker, as another replica. */
    org.springframework.context.ConfigurableApplicationContext replica() {
        List<String> args = new java.util.ArrayList<>(List.of("--server.port=0", "--identity.throttle.account-free-failures=2",
                "--identity.throttle.base=30s"));
        for (String key : List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
                "spring.flyway.url", "spring.flyway.user", "spring.flyway.password", "spring.kafka.bootstrap-servers")) {
            args.add("--" + key + "=" + environment.getProperty(key));
        }
        return new org.springframework.boot.builder.SpringApplicationBuilder(IdentityApplication.class).profiles("local")
                .run(args.toArray(String[]::new));
    }

    /** Routing and Spring Security match the decoded path: so does the throttle, whatever the spelling. */
    @Test
    void anEncodedPathIsThrottledAsThePathItDecodesTo() {
        java.net.URI encoded = java.net.URI.create("http://localhost:" + port + "/api/identity/password-r%65set");
        for (int i = 0; i < 3; i++) {
            assertThat(http().post().uri(encoded).contentType(MediaType.APPLICATION_JSON)
                    .header("X-Forwarded-For", "203.0.113.20").body(Map.of("email", "someone@example.com"))
                    .retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(202);
        }
        assertThat(reset("203.0.113.20")).isEqualTo(429);
    }

    int reset(String forwardedFor) {
        return reset(http(), forwardedFor);
    }

    static int reset(RestClient http, String forwardedFor) {
        return http.post().uri("/api/identity/password-reset").contentType(MediaType.APPLICATION_JSON)
                .header("X-Forwarded-For", forwardedFor).body(Map.of("email", "someone@example.com"))
                .retrieve().toBodilessEntity().getStatusCode().value();
    }
}
