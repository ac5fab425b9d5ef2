package app.platform.gateway;

import app.platform.testkit.LocalWeb;
import static org.assertj.core.api.Assertions.assertThat;

import app.platform.testkit.TestTokenIssuer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Rate limits, browser hardening, size limit, trace context, retries and circuit breakers, against real local upstreams. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gateway.rate-limit.address.burst=40", "gateway.rate-limit.address.per-second=0.001",
        "gateway.rate-limit.auth.burst=2", "gateway.rate-limit.auth.per-second=0.001",
        "gateway.rate-limit.user.burst=3", "gateway.rate-limit.user.per-second=0.001",
        "GATEWAY_MAX_REQUEST_SIZE=1KB", "gateway.cors.allowed-origins=https://app.example.com"})
class GatewayHardeningIT {

    static final TestTokenIssuer issuer = new TestTokenIssuer();
    static final AtomicInteger flaky = new AtomicInteger();
    // fails twice, then answers: a GET is retried through it
    static final LocalUpstream upstream = new LocalUpstream(exchange ->
            exchange.getRequestURI().getPath().endsWith("/flaky") && flaky.incrementAndGet() <= 2 ? 503 : 200);
    static final List<Map<String, List<String>>> received = upstream.received;

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) throws IOException {
        issuer.properties().forEach((k, v) -> registry.add(k, () -> v));
        upstream.route(registry, "IDENTITY", "PROFILE", "MEMBERSHIP", "BILLING", "RELAY");
        int dead;
        try (ServerSocket socket = new ServerSocket(0)) {
            dead = socket.getLocalPort(); // nothing listens there once closed
        }
        int deadPort = dead;
        registry.add("AUDIT_URL", () -> "http://127.0.0.1:" + deadPort);
    }

    @AfterAll
    static void close() {
        issuer.close();
        upstream.close();
    }

    @LocalServerPort
    int port;

    WebTestClient web() {
        return LocalWeb.client(port);
    }

    @Test
    void theFrontDoorIsHardened() throws Exception {
        String alice = issuer.accessToken(UUID.randomUUID(), "alice@example.com", "authenticated");
        String bob = issuer.accessToken(UUID.randomUUID(), "bob@example.com", "authenticated");

        // security headers, and a trace context made and passed on
        web().get().uri("/api/profile/me").headers(h -> h.setBearerAuth(alice)).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().valueEquals("Referrer-Policy", "strict-origin-when-cross-origin")
                .expectHeader().valueMatches("traceparent", "00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(received.getLast().get("Traceparent").getFirst()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        String given = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        web().get().uri("/api/profile/me").headers(h -> h.setBearerAuth(bob)).header("traceparent", given).exchange()
                .expectHeader().valueEquals("traceparent", given);

        // CORS for the frontend's origin only
        web().options().uri("/api/profile/me").header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "PATCH").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", "https://app.example.com");
        web().options().uri("/api/profile/me").header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET").exchange().expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON).expectBody().jsonPath("$.status").isEqualTo(403);
        // a same-origin form post, as Chromium sends the hosted pages' forms, is no CORS request
        web().post().uri("/api/billing/webhooks/provider").header("Origin", "http://localhost:" + port)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("a=b").exchange()
                .expectStatus().isOk();

        // every refusal of the gateway's own is problem+json: no token, a bad path, a URI too long
        web().get().uri("/api/profile/me").exchange().expectStatus().isUnauthorized()
                .expectHeader().exists("WWW-Authenticate")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON).expectBody().jsonPath("$.type").isEqualTo("about:blank");
        // sent as is by the JDK's client on a connection of its own (Reactor Netty's client may normalise the path)
        var badPath = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/api/profile/%C0%AF"))
                .timeout(java.time.Duration.ofSeconds(30)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(badPath.statusCode()).isEqualTo(400);
        assertThat(badPath.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        web().get().uri("/api/profile/" + "x".repeat(20_000)).exchange()
                .expectStatus().isEqualTo(414).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        // a body over the limit never reaches the service
        int before = received.size();
        web().post().uri("/api/identity/users").contentType(MediaType.APPLICATION_JSON).bodyValue("x".repeat(4096))
                .exchange().expectStatus().isEqualTo(413).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(received).hasSize(before);

        // a GET is retried through two 503s; a down service is a 503 problem+json from its circuit breaker
        web().get().uri("/api/membership/flaky").headers(h -> h.setBearerAuth(alice)).exchange().expectStatus().isOk();
        assertThat(flaky.get()).isEqualTo(3);
        web().get().uri("/api/audit/logs").headers(h -> h.setBearerAuth(bob)).exchange()
                .expectStatus().isEqualTo(503).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        // per user (three each): alice has used two, bob two
        web().get().uri("/api/profile/me").headers(h -> h.setBearerAuth(alice)).exchange().expectStatus().isOk();
        web().get().uri("/api/profile/me").headers(h -> h.setBearerAuth(alice)).exchange().expectStatus().isEqualTo(429)
                .expectHeader().exists("Retry-After").expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web().get().uri("/api/profile/me").headers(h -> h.setBearerAuth(bob)).exchange().expectStatus().isOk();

        // stricter on the sign-in pages: two, then 429
        web().get().uri("/login").exchange().expectStatus().isOk();
        web().get().uri("/login").exchange().expectStatus().isEqualTo(429);

        // per address: at most 40 requests in all, whoever asks
        int refused = 0;
        for (int i = 0; i < 40 && refused == 0; i++) {
            var status = web().method(HttpMethod.GET).uri("/.well-known/openid-configuration").exchange()
                    .returnResult(String.class).getStatus();
            refused = status.value() == 429 ? 1 : 0;
        }
        assertThat(refused).isEqualTo(1);
    }

    /**
     * Behind an ingress every client arrives from the ingress's address: the limits key on the client in
     * {@code X-Forwarded-For}, believed through the trusted proxies only (this test connects over loopback, which
     * the local default trusts: it plays the ingress). And a path with escapes counts as the path it decodes to.
     */
    @Test
    void eachForwardedClientHasItsOwnBudgetAndAnEncodedPathCountsAsTheDecodedOne() throws Exception {
        // the sign-in budget is two: /l%6Fgin is /login, so the third try is refused whatever its spelling
        assertThat(post("/l%6Fgin", "203.0.113.7")).isNotEqualTo(429);
        assertThat(post("/login", "203.0.113.7")).isNotEqualTo(429);
        assertThat(post("/l%6Fgin", "203.0.113.7")).isEqualTo(429);
        // another client behind the same ingress still signs in
        assertThat(post("/login", "203.0.113.8")).isNotEqualTo(429);
        // what a client writes left of what the ingress saw is not believed: the same client, the same budget
        assertThat(post("/login", "198.51.100.1, 203.0.113.7")).isEqualTo(429);
        // upstream, identity is told the client's address alone
        assertThat(received.getLast().get("X-forwarded-for").getFirst()).as(received.getLast().toString()).startsWith("203.0.113.8");
    }

    private int post(String rawPath, String forwardedFor) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + rawPath))
                .header("X-Forwarded-For", forwardedFor).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=a%40example.com&password=x")).build();
        return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
