package app.platform.gateway;

import app.platform.testkit.LocalWeb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.platform.testkit.LegacyTokens;
import app.platform.testkit.TestTokenIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/** Routing, token checks and correlation ids, against a real local upstream server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {LegacyTokens.SECRET_PROPERTY, LegacyTokens.ISSUER_PROPERTY, LegacyTokens.UNTIL_PROPERTY,
                "gateway.rate-limit.address.burst=100000", "gateway.rate-limit.address.per-second=100000"})
class GatewayRoutingIT {

    static final TestTokenIssuer issuer = new TestTokenIssuer();
    static final LocalUpstream upstream = new LocalUpstream(exchange -> 200);
    static final List<Map<String, List<String>>> received = upstream.received;

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        issuer.properties().forEach((k, v) -> registry.add(k, () -> v));
        upstream.route(registry, "IDENTITY", "PROFILE", "MEMBERSHIP", "BILLING", "AUDIT", "RELAY");
    }

    @AfterAll
    static void close() {
        issuer.close();
        upstream.close();
    }

    @LocalServerPort
    int port;

    @Test
    void protectedRoutesNeedATokenAndCarryItAndACorrelationIdUpstream() {
        var web = LocalWeb.client(port);
        web.get().uri("/api/profile/me").exchange().expectStatus().isUnauthorized();
        assertThat(received).isEmpty();

        String token = issuer.accessToken(UUID.randomUUID(), "a@example.com", "authenticated");
        web.get().uri("/api/profile/me").headers(h -> h.setBearerAuth(token)).header("X-Correlation-Id", "abc-12345678")
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Correlation-Id", "abc-12345678")
                .expectBody().jsonPath("$.path").isEqualTo("/api/profile/me");
        var headers = received.getLast();
        assertThat(headers.get("Authorization")).containsExactly("Bearer " + token);
        assertThat(headers.get("X-correlation-id")).containsExactly("abc-12345678");

        web.get().uri("/api/billing/subscriptions").headers(h -> h.setBearerAuth(token))
                .header("X-Correlation-Id", "bad id with spaces").exchange().expectStatus().isOk()
                .expectHeader().value("X-Correlation-Id", id -> assertThat(UUID.fromString(id)).isNotNull());
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void theAccessLogPrintsOnlyTheValidatedCorrelationId(CapturedOutput output) {
        var web = LocalWeb.client(port);
        String token = issuer.accessToken(UUID.randomUUID(), "a@example.com", "authenticated");
        // spaces fake the fields of another line; too long is not well-formed either
        String forged = "forged-id GET /api/identity/admin/users 200 1ms forged-id";
        String tooLong = "x".repeat(129);
        for (String given : List.of(forged, tooLong)) {
            String routedWith = web.get().uri("/api/profile/me").headers(h -> h.setBearerAuth(token))
                    .header("X-Correlation-Id", given).exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseHeaders().getFirst("X-Correlation-Id");
            assertThat(UUID.fromString(routedWith)).isNotNull();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getAll())
                    .contains("GET /api/profile/me 200 ").contains("ms " + routedWith));
        }
        // answered before routing: no id at all
        web.get().uri("/api/profile/me").header("X-Correlation-Id", forged).exchange().expectStatus().isUnauthorized();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getAll())
                .contains("GET /api/profile/me 401 "));
        assertThat(output.getAll()).doesNotContain("forged-id").doesNotContain(tooLong);
    }

    /** RFC 9068: identity's access tokens only; an ID token, or a token of another issuer or audience, goes nowhere. */
    @Test
    void anIdTokenOrATokenOfAnotherIssuerOrAudienceOpensNoRoute() {
        var web = LocalWeb.client(port);
        UUID userId = UUID.randomUUID();
        String email = "a@example.com";
        int relayed = received.size();
        Map<String, String> refused = Map.of(
                "an ID token", issuer.idToken(userId, "web"),
                "another issuer", issuer.sign(TestTokenIssuer.ACCESS_TOKEN,
                        issuer.userClaims(userId, email, "authenticated").issuer("https://elsewhere.example").build()),
                "another audience", issuer.sign(TestTokenIssuer.ACCESS_TOKEN,
                        issuer.userClaims(userId, email, "authenticated").audience(List.of("web")).build()));
        refused.forEach((what, token) -> web.get().uri("/api/profile/me").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().value(status -> assertThat(status).as(what).isEqualTo(401)));
        assertThat(received).as("nothing relayed upstream").hasSize(relayed);
    }

    /**
     * One keep-alive connection, as a browser keeps one, request after request: a proxied answer, a redirect and a
     * refusal in turn. Reactor Netty 1.3.6 stopped reading a connection whose next request came in before the answer
     * before it had ended (reactor-netty#4361): the request waited until the client closed the connection (CI: a
     * minute after {@code /docs}). Checked with the JDK's own client, one request at a time.
     */
    @Test
    void aKeepAliveConnectionIsAnsweredRequestAfterRequest() throws Exception {
        HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String idToken = issuer.idToken(UUID.randomUUID(), "web");
        for (int round = 0; round < 150; round++) {
            for (var request : List.of(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/docs/api/profile")),
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/docs")),
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/profile/me"))
                            .header("Authorization", "Bearer " + idToken))) {
                HttpRequest sent = request.timeout(Duration.ofSeconds(10)).build();
                int status = browser.send(sent, HttpResponse.BodyHandlers.ofString()).statusCode();
                assertThat(status).as("round %d, %s", round, sent.uri().getPath()).isIn(200, 302, 401);
            }
        }
    }

    @Test
    void signUpAndTheSignInPagesArePublic() {
        var web = LocalWeb.client(port);
        web.post().uri("/api/identity/users").bodyValue("{}").header("Content-Type", "application/json")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.path").isEqualTo("/api/identity/users");
        web.get().uri("/.well-known/openid-configuration").exchange().expectStatus().isOk();
        web.get().uri("/api/audit/logs").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void oneSwaggerUiOverEveryServicesOpenApiDocument() {
        var web = LocalWeb.client(port);
        web.get().uri("/v3/api-docs/swagger-config").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.urls[?(@.name == 'membership')].url").isEqualTo("/docs/api/membership");
        // each service's document, fetched through the gateway from the service's own /v3/api-docs
        web.get().uri("/docs/api/profile").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.path").isEqualTo("/v3/api-docs");
        web.get().uri("/docs").exchange().expectStatus().is3xxRedirection();
    }

    @Test
    void theRoutesAreLookedUpBeforeTheAnnotatedHandlers(@Autowired RoutePredicateHandlerMapping routes,
                                                        @Autowired @Qualifier("requestMappingHandlerMapping")
                                                        RequestMappingHandlerMapping annotated) {
        assertThat(annotated.getOrder()).isGreaterThan(routes.getOrder());
        // which still answer their own paths: the fallback a circuit breaker forwards to, springdoc's configuration
        LocalWeb.client(port).get().uri("/fallback/unavailable").exchange().expectStatus().isEqualTo(503);
    }

    @Test
    void aValidLegacySupabaseTokenIsAcceptedForTheExchangeAndNothingElseIs() throws Exception {
        var web = LocalWeb.client(port);
        String legacy = LegacyTokens.accessToken(UUID.randomUUID(), UUID.randomUUID(), Duration.ofMinutes(10));
        web.post().uri("/login/legacy").headers(h -> h.setBearerAuth(legacy)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.path").isEqualTo("/login/legacy");
        assertThat(received.getLast().get("Authorization")).containsExactly("Bearer " + legacy);
        String forged = LegacyTokens.sign("another-secret-of-at-least-32-characters!",
                LegacyTokens.claims(UUID.randomUUID(), UUID.randomUUID(), Duration.ofMinutes(10)).build());
        String expired = LegacyTokens.accessToken(UUID.randomUUID(), UUID.randomUUID(), Duration.ofMinutes(-1));
        // another project's token, signed with the same secret (a copied secret, a staging project): not this window's
        String otherProject = LegacyTokens.sign(LegacyTokens.SECRET, LegacyTokens.claims(UUID.randomUUID(),
                UUID.randomUUID(), Duration.ofMinutes(10)).issuer("https://otherref.supabase.co/auth/v1").build());
        web.post().uri("/login/legacy").headers(h -> h.setBearerAuth(otherProject)).exchange().expectStatus().isUnauthorized();
        web.post().uri("/login/legacy").headers(h -> h.setBearerAuth(forged)).exchange().expectStatus().isUnauthorized();
        web.post().uri("/login/legacy").headers(h -> h.setBearerAuth(expired)).exchange().expectStatus().isUnauthorized();
        web.post().uri("/login/legacy").exchange().expectStatus().isUnauthorized();
        // a platform token is not a legacy one, and a legacy token opens no API route
        web.post().uri("/login/legacy").headers(h -> h.setBearerAuth(issuer.accessToken(UUID.randomUUID(), "a@example.com",
                "authenticated"))).exchange().expectStatus().isUnauthorized();
        web.get().uri("/api/profile/me").headers(h -> h.setBearerAuth(legacy)).exchange().expectStatus().isUnauthorized();
    }

}
