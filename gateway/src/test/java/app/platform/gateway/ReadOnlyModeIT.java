package app.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.platform.gateway.readonly.PlatformMode;
import app.platform.testkit.LocalWeb;
import app.platform.testkit.TestTokenIssuer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The failback's read-only mode, against a stand-in cdc-relay whose answer the test switches (it also stands in for
 * every service): changes are refused while the mode is on, reads, sign-in, token refresh and the cutover's API are
 * not, and the last answer stands while the relay does not answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"GATEWAY_READ_ONLY_POLL=100ms", "GATEWAY_READ_ONLY_TIMEOUT=10s", "GATEWAY_READ_ONLY_RETRY_AFTER=30s"})
class ReadOnlyModeIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String SINCE = "2026-05-01T10:00:00Z";
    static final String READ_ONLY = "{\"readOnly\":true,\"since\":\"" + SINCE + "\",\"reason\":\"failback to the legacy app\"}";
    static final String WRITABLE = "{\"readOnly\":false,\"since\":null,\"reason\":null}";

    static final TestTokenIssuer issuer = new TestTokenIssuer();
    static final StandIn platform = new StandIn();

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        issuer.properties().forEach((k, v) -> registry.add(k, () -> v));
        for (String service : List.of("IDENTITY", "PROFILE", "MEMBERSHIP", "BILLING", "AUDIT", "RELAY")) {
            registry.add(service + "_URL", platform::url);
        }
    }

    @AfterAll
    static void close() {
        issuer.close();
        platform.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    PlatformMode mode;

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void changesAreRefusedWhileThePlatformIsReadOnly(CapturedOutput output) {
        WebTestClient web = LocalWeb.client(port);
        String token = issuer.accessToken(UUID.randomUUID(), "a@example.com", "authenticated");

        // writable: a change reaches its service
        await().atMost(WAIT).until(() -> platform.modeAsks.get() > 0);
        web.post().uri("/api/profile/me").headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange().expectStatus().isOk();
        assertThat(platform.received).containsExactly("POST /api/profile/me");

        // read-only: every change to the API is refused here, and no service sees it
        platform.received.clear();
        platform.mode = READ_ONLY;
        await().atMost(WAIT).until(mode::readOnly);
        for (HttpMethod change : List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)) {
            refused(web.method(change).uri("/api/membership/organizations/1").headers(h -> h.setBearerAuth(token))
                    .exchange(), "/api/membership/organizations/1");
        }
        // sign-up is public, but a change all the same
        refused(web.post().uri("/api/identity/users").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange(),
                "/api/identity/users");
        assertThat(platform.received).isEmpty();

        // reads pass; so do signing in, refreshing a token and the operator's cutover API
        web.get().uri("/api/profile/me").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();
        web.post().uri("/login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("username=a%40example.com&password=x").exchange()
                .expectStatus().value(s -> assertThat(s).isNotEqualTo(503));
        web.post().uri("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("grant_type=refresh_token&refresh_token=r&client_id=web").exchange()
                .expectStatus().value(s -> assertThat(s).isNotEqualTo(503));
        web.post().uri("/api/cutover/admin/anything").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().value(s -> assertThat(s).isNotEqualTo(503));
        assertThat(platform.received).containsExactly("GET /api/profile/me", "POST /login", "POST /oauth2/token",
                "POST /api/cutover/admin/anything");

        // the relay stops answering: the platform stays read-only, and the outage is logged once, not per poll
        int logged = output.getAll().length();
        platform.down = true;
        int asked = platform.modeAsks.get();
        await().atMost(WAIT).until(() -> platform.modeAsks.get() >= asked + 3);
        assertThat(mode.readOnly()).isTrue();
        refused(web.post().uri("/api/profile/me").headers(h -> h.setBearerAuth(token)).exchange(), "/api/profile/me");
        assertThat(output.getAll().substring(logged)).containsOnlyOnce("read-only mode: cdc-relay does not answer");

        // writable again: changes pass
        platform.mode = WRITABLE;
        platform.down = false;
        await().atMost(WAIT).until(() -> !mode.readOnly());
        web.patch().uri("/api/profile/me").headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange().expectStatus().isOk();
        assertThat(platform.received).endsWith("PATCH /api/profile/me");
    }

    private static void refused(WebTestClient.ResponseSpec response, String path) {
        response.expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "30")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("X-Correlation-Id")
                .expectBody()
                .jsonPath("$.type").isEqualTo("tag:membership-platform,2026:problems/read-only")
                .jsonPath("$.title").isEqualTo("The platform is read-only")
                .jsonPath("$.status").isEqualTo(503)
                .jsonPath("$.detail").isEqualTo("A failback to the legacy app is under way: changes are refused; reads keep working.")
                .jsonPath("$.instance").isEqualTo(path)
                .jsonPath("$.since").isEqualTo(SINCE);
    }

    /**
     * cdc-relay's {@code GET /api/cutover/mode}, answering {@link #mode} (or 503 while {@link #down}), and every
     * service behind the gateway, recording each request that reached it as "METHOD path".
     */
    static final class StandIn implements AutoCloseable {

        final List<String> received = new CopyOnWriteArrayList<>();
        final AtomicInteger modeAsks = new AtomicInteger();
        volatile String mode = WRITABLE;
        volatile boolean down;
        private final HttpServer server;

        StandIn() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/api/cutover/mode", exchange -> {
                modeAsks.incrementAndGet();
                answer(exchange, down ? 503 : 200, down ? "" : mode);
            });
            server.createContext("/", exchange -> {
                received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
                answer(exchange, 200, "{}");
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private static void answer(HttpExchange exchange, int status, String json) throws IOException {
            exchange.getRequestBody().readAllBytes();
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
