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

/**
 * Refresh rotation with reuse detection (and its interval: a second tab a moment later gets the current token), client
 * credentials, introspection, revocation, userinfo.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TokensIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService authorizations;

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
        assertThat(jdbc.sql("SELECT successor FROM refresh_token_history WHERE successor IS NOT NULL").query(byte[].class).list())
                .as("the replacing token is kept sealed, never as issued")
                .noneMatch(sealed -> new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1).contains(refresh2));

        // a second tab refreshes with the token a moment later (within the reuse interval, 10 s): it gets the
        // session's current token, rotated once, and a new access token
        var secondTab = client.refresh(refresh1);
        assertThat(secondTab.get("refresh_token").asString()).isEqualTo(refresh2);
        assertThat(secondTab.get("access_token").asString()).isNotEqualTo(second.get("access_token").asString());
        String refresh3 = client.refresh(refresh2).get("refresh_token").asString();
        assertThat(refresh3).isNotEqualTo(refresh2);

        // the first token again, once the one that replaced it was rotated away as well: a copy someone else holds.
        // Refused, and the session it belongs to is gone, newest token included
        assertThatThrownBy(() -> client.refresh(refresh1)).isInstanceOf(OAuthTestClient.TokenRefused.class)
                .hasMessageContaining("invalid_grant");
        assertThatThrownBy(() -> client.refresh(refresh3)).isInstanceOf(OAuthTestClient.TokenRefused.class);
        assertThat(jdbc.sql("SELECT count(*) FROM oauth2_authorization WHERE principal_name = :id").param("id", userId)
                .query(Long.class).single()).isZero();
        String event = jdbc.sql("SELECT payload::text FROM outbox WHERE type = 'SessionRevoked' AND aggregateid = :id")
                .param("id", userId).query(String.class).single();
        EventSchemaValidator.assertValid(event);
        assertThat(event).contains("refresh_token_reuse").doesNotContain(refresh1);
    }

    @Test
    void oneRefreshTokenPresentedSeveralTimesAtOnceIsRotatedOnceAndEveryRequestGetsTheSameNewToken() throws Exception {
        String userId = signUp("race@example.com");
        var client = bff();
        String refresh = client.signIn("race@example.com", "long enough pass").get("refresh_token").asString();

        int attempts = 8;
        var go = new java.util.concurrent.CountDownLatch(1);
        List<String> answers = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(attempts)) {
            var pending = java.util.stream.IntStream.range(0, attempts).mapToObj(i -> pool.submit(() -> {
                go.await();
                try {
                    return client.refresh(refresh).get("refresh_token").asString();
                } catch (OAuthTestClient.TokenRefused refused) {
                    return "refused " + refused.status;
                }
            })).toList();
            go.countDown();
            for (var answer : pending) {
                answers.add(answer.get());
            }
        }

        // taken in turn: the first rotates the token, every other finds it rotated a moment ago and gets the new one
        assertThat(answers).doesNotContain(refresh).allMatch(answer -> answer.equals(answers.getFirst()));
        assertThat(jdbc.sql("SELECT count(*) FROM refresh_token_history WHERE authorization_id = "
                + "(SELECT id FROM oauth2_authorization WHERE principal_name = :id)").param("id", userId)
                .query(Long.class).single()).as("rotated once").isEqualTo(1);
        assertThat(client.refresh(answers.getFirst()).get("refresh_token").asString()).isNotEqualTo(answers.getFirst());
    }

    @Test
    void aRotatedTokenPresentedAfterTheReuseIntervalRevokesTheSession() {
        String userId = signUp("late@example.com");
        var client = bff();
        String refresh1 = client.signIn("late@example.com", "long enough pass").get("refresh_token").asString();
        String refresh2 = client.refresh(refresh1).get("refresh_token").asString();
        // the rotation a minute ago, as the database's clock tells the interval
        String session = "(SELECT id FROM oauth2_authorization WHERE principal_name = :id)";
        jdbc.sql("UPDATE refresh_token_history SET rotated_at = rotated_at - interval '1 minute' WHERE authorization_id = "
                + session).param("id", userId).update();
        // the minute's schedule forgets the sealed successor past the interval
        org.springframework.test.util.ReflectionTestUtils.invokeMethod(authorizations, "forgetSuccessorsPastTheReuseInterval");
        assertThat(jdbc.sql("SELECT count(*) FROM refresh_token_history WHERE successor IS NOT NULL AND authorization_id = "
                + session).param("id", userId).query(Long.class).single()).isZero();

        assertThatThrownBy(() -> client.refresh(refresh1)).isInstanceOf(OAuthTestClient.TokenRefused.class)
                .hasMessageContaining("invalid_grant");
        assertThatThrownBy(() -> client.refresh(refresh2)).isInstanceOf(OAuthTestClient.TokenRefused.class);
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
