package app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.events.schema.EventSchemaValidator;
import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.RealInfrastructure;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.SignedJWT;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

/** Refresh rotation with reuse detection, client credentials, introspection, revocation, userinfo. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TokensIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    OAuthTestClient bff() {
        return new OAuthTestClient("http://localhost:" + port, "bff", "local-bff-secret", "http://127.0.0.1:8080/callback");
    }

    String signUp(String email) {
        return IdentityApi.signUp(port, jdbc, email, "long enough pass");
    }

    @Test
    void refreshTokensRotateAndAReplayedOneRevokesTheWholeSession() {
        String userId = signUp("rota@example.com");
        var client = bff();
        var first = client.signIn("rota@example.com", "long enough pass");
        String refresh1 = first.get("refresh_token").asString();

        // the store keeps hashes only: no token of the session is in the database as it was issued
        String stored = jdbc.sql("""
                        SELECT concat_ws('|', authorization_code_value, access_token_value, oidc_id_token_value, refresh_token_value)
                        FROM oauth2_authorization WHERE principal_name = :id""").param("id", userId).query(String.class).single();
        assertThat(stored).startsWith("sha256:").doesNotContain(refresh1).doesNotContain(first.get("access_token").asString())
                .doesNotContain(first.get("id_token").asString());

        // a copy of the database is no token: the stored hash, presented, is hashed again and matches nothing
        String storedRefresh = jdbc.sql("SELECT refresh_token_value FROM oauth2_authorization WHERE principal_name = :id")
                .param("id", userId).query(String.class).single();
        assertThatThrownBy(() -> client.refresh(storedRefresh)).isInstanceOf(OAuthTestClient.TokenRefused.class)
                .hasMessageContaining("invalid_grant");

        var second = client.refresh(refresh1);
        String refresh2 = second.get("refresh_token").asString();
        assertThat(refresh2).isNotEqualTo(refresh1);
        assertThat(second.get("access_token").asString()).isNotEqualTo(first.get("access_token").asString());

        // the old token again: refused, and the session it belongs to is gone, new token included
        assertThatThrownBy(() -> client.refresh(refresh1)).isInstanceOf(OAuthTestClient.TokenRefused.class)
                .hasMessageContaining("invalid_grant");
        assertThatThrownBy(() -> client.refresh(refresh2)).isInstanceOf(OAuthTestClient.TokenRefused.class);
        assertThat(jdbc.sql("SELECT count(*) FROM oauth2_authorization WHERE principal_name = :id").param("id", userId)
                .query(Long.class).single()).isZero();
        String event = jdbc.sql("SELECT payload::text FROM outbox WHERE type = 'SessionRevoked' AND aggregateid = :id")
                .param("id", userId).query(String.class).single();
        EventSchemaValidator.assertValid(event);
        assertThat(event).contains("refresh_token_reuse").doesNotContain(refresh1);
    }

    @Test
    void oneRefreshTokenPresentedSeveralTimesAtOnceIsGrantedOnceAndRevokesTheSession() throws Exception {
        String userId = signUp("race@example.com");
        var client = bff();
        String refresh = client.signIn("race@example.com", "long enough pass").get("refresh_token").asString();

        int attempts = 8;
        var go = new java.util.concurrent.CountDownLatch(1);
        List<Integer> statuses;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(attempts)) {
            var answers = java.util.stream.IntStream.range(0, attempts).mapToObj(i -> pool.submit(() -> {
                go.await();
                try {
                    client.refresh(refresh);
                    return 200;
                } catch (OAuthTestClient.TokenRefused refused) {
                    return refused.status;
                }
            })).toList();
            go.countDown();
            statuses = new java.util.ArrayList<>();
            for (var answer : answers) {
                statuses.add(answer.get());
            }
        }

        // at most the first is granted; every other one presented a token that was, or was being, rotated away: a reuse
        assertThat(statuses).filteredOn(status -> status == 200).hasSizeLessThanOrEqualTo(1);
        assertThat(statuses).filteredOn(status -> status != 200).hasSizeGreaterThanOrEqualTo(attempts - 1).containsOnly(400);
        assertThat(jdbc.sql("SELECT count(*) FROM oauth2_authorization WHERE principal_name = :id").param("id", userId)
                .query(Long.class).single()).isZero();
    }

    @Test
    void servicesGetClientCredentialsTokensAndTokensCanBeIntrospectedAndRevoked() throws Exception {
        var services = new OAuthTestClient("http://localhost:" + port, "platform-services", "local-services-secret", null);
        var token = services.token(Map.of("grant_type", "client_credentials", "scope", "services"));
        String access = token.get("access_token").asString();
        assertThat(SignedJWT.parse(access).getJWTClaimsSet().getSubject()).isEqualTo("platform-services");

        // services list every identity user (profile reconciles with it); a user's token may not
        String someone = signUp("listed@example.com");
        var listed = IdentityApi.lenient(port).get().uri("/api/identity/internal/users?limit=1000")
                .header("Authorization", "Bearer " + access).retrieve().toEntity(List.class);
        assertThat(listed.getStatusCode().value()).isEqualTo(200);
        assertThat(listed.getBody().toString()).contains(someone).contains("listed@example.com");
        String userToken = bff().signIn("listed@example.com", "long enough pass").get("access_token").asString();
        assertThat(IdentityApi.lenient(port).get().uri("/api/identity/internal/users")
                .header("Authorization", "Bearer " + userToken).retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(403);

        assertThat(services.introspect(access).get("active").asBoolean()).isTrue();
        services.revoke(access);
        assertThat(services.introspect(access).get("active").asBoolean()).isFalse();
    }

    /** RFC 9068: access tokens, a user's and a service's, are typed {@code at+jwt}; an ID token is no access token. */
    @Test
    void accessTokensAreTypedAndTheApiAndUserinfoRefuseAnIdToken() throws Exception {
        String userId = signUp("typed@example.com");
        var tokens = new OAuthTestClient("http://localhost:" + port, "web", "http://127.0.0.1:8080/callback")
                .signIn("typed@example.com", "long enough pass");
        String access = tokens.get("access_token").asString();
        String idToken = tokens.get("id_token").asString();
        JOSEObjectType atJwt = new JOSEObjectType("at+jwt");
        assertThat(SignedJWT.parse(access).getHeader().getType()).isEqualTo(atJwt);
        assertThat(SignedJWT.parse(access).getJWTClaimsSet().getAudience()).containsExactly("web", "authenticated");
        assertThat(SignedJWT.parse(idToken).getHeader().getType()).isNotEqualTo(atJwt);
        assertThat(SignedJWT.parse(idToken).getJWTClaimsSet().getAudience()).containsExactly("web");

        // signed by identity, issued by identity, for the same user: still refused where an access token is taken
        assertThat(status("/api/identity/users/" + userId, access)).isEqualTo(200);
        assertThat(status("/api/identity/users/" + userId, idToken)).isEqualTo(401);
        assertThat(status("/userinfo", access)).isEqualTo(200);
        assertThat(status("/userinfo", idToken)).isEqualTo(401);

        String service = new OAuthTestClient("http://localhost:" + port, "platform-services", "local-services-secret", null)
                .token(Map.of("grant_type", "client_credentials", "scope", "services")).get("access_token").asString();
        assertThat(SignedJWT.parse(service).getHeader().getType()).isEqualTo(atJwt);
        assertThat(SignedJWT.parse(service).getJWTClaimsSet().getAudience()).containsExactly("platform-services");
    }

    private int status(String path, String bearer) {
        return IdentityApi.lenient(port).get().uri(path).header("Authorization", "Bearer " + bearer).retrieve()
                .toBodilessEntity().getStatusCode().value();
    }

    @Test
    void userinfoAnswersForTheSignedInUser() {
        String userId = signUp("info@example.com");
        String access = new OAuthTestClient("http://localhost:" + port, "web", "http://127.0.0.1:8080/callback")
                .signIn("info@example.com", "long enough pass").get("access_token").asString();
        Map<?, ?> info = RestClient.create("http://localhost:" + port).get().uri("/userinfo")
                .header("Authorization", "Bearer " + access).retrieve().body(Map.class);
        assertThat(info.get("sub")).isEqualTo(userId);
    }

    @Test
    void theOpenApiDocumentListsTheApi() {
        String doc = IdentityApi.lenient(port).get().uri("/v3/api-docs").retrieve().body(String.class);
        assertThat(doc).contains("/api/identity/two-factor/totp").contains("/api/identity/organizations/{id}/invitations")
                .contains("/api/identity/passkeys/{id}");
    }
}
