package app.platform.gateway;

import app.platform.testkit.LocalWeb;
import static org.assertj.core.api.Assertions.assertThat;

import app.platform.testkit.TestTokenIssuer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Routing, token checks and correlation ids, against a real local upstream server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "gateway.legacy-tokens.jwt-secret=" + GatewayRoutingIT.LEGACY_SECRET)
class GatewayRoutingIT {

    static final String LEGACY_SECRET = "the-legacy-projects-jwt-secret-of-32-chars-or-more";

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
    void aValidLegacySupabaseTokenIsAcceptedForTheExchangeAndNothingElseIs() throws Exception {
        var web = LocalWeb.client(port);
        String legacy = legacyToken(LEGACY_SECRET, 600);
        web.post().uri("/login/legacy").headers(h -> h.setBearerAuth(legacy)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.path").isEqualTo("/login/legacy");
        assertThat(received.getLast().get("Authorization")).containsExactly("Bearer " + legacy);
        String forged = legacyToken("another-secret-of-at-least-32-characters!", 600);
        String expired = legacyToken(LEGACY_SECRET, -60);
        web.post().uri("/login/legacy").headers(h -> h.setBearerAuth(forged)).exchange().expectStatus().isUnauthorized();
        web.post().uri("/login/legacy").headers(h -> h.setBearerAuth(expired)).exchange().expectStatus().isUnauthorized();
        web.post().uri("/login/legacy").exchange().expectStatus().isUnauthorized();
        // a platform token is not a legacy one, and a legacy token opens no API route
        web.post().uri("/login/legacy").headers(h -> h.setBearerAuth(issuer.accessToken(UUID.randomUUID(), "a@example.com",
                "authenticated"))).exchange().expectStatus().isUnauthorized();
        web.get().uri("/api/profile/me").headers(h -> h.setBearerAuth(legacy)).exchange().expectStatus().isUnauthorized();
    }

    static String legacyToken(String secret, long validForSeconds) throws Exception {
        var claims = new com.nimbusds.jwt.JWTClaimsSet.Builder().subject(UUID.randomUUID().toString()).audience("authenticated")
                .claim("role", "authenticated").expirationTime(new java.util.Date(System.currentTimeMillis() + validForSeconds * 1000))
                .build();
        var jwt = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256), claims);
        jwt.sign(new com.nimbusds.jose.crypto.MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
