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

/** Operators search, ban (which ends every session and blocks sign-in) and unban; members cannot. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "identity.keys.activation-delay=4s")
class AdminIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    RestClient http() {
        return IdentityApi.lenient(port);
    }

    OAuthTestClient bff() {
        return new OAuthTestClient("http://localhost:" + port, "bff", "local-bff-secret", "http://127.0.0.1:8080/callback");
    }

    String signUp(String email) {
        return IdentityApi.signUp(port, jdbc, email, "long enough pass");
    }

    /**
     * A rotated-in key is published first and signs only after the activation delay, when every JWKS cache can have
     * seen it: a resource server never meets a token signed by a key it does not know yet. Live tokens stay valid.
     */
    @Test
    void rotatingTheSigningKeyPublishesItBeforeItSignsAndKeepsLiveTokensValid() throws Exception {
        signUp("keys@example.com");
        jdbc.sql("UPDATE users SET app_metadata = '{\"role\":\"admin\"}' WHERE email = 'keys@example.com'").update();
        String before = bff().signIn("keys@example.com", "long enough pass").get("access_token").asString();
        String oldKid = com.nimbusds.jwt.SignedJWT.parse(before).getHeader().getKeyID();
        Map<?, ?> rotation = http().post().uri("/api/identity/admin/keys/rotate").header("Authorization", "Bearer " + before)
                .retrieve().body(Map.class);
        String newKid = (String) rotation.get("kid");
        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(java.time.Instant.parse((String) rotation.get("signsFrom"))).isAfter(java.time.Instant.now());

        // published at once, not signing yet
        var jwks = com.nimbusds.jose.jwk.JWKSet.parse(http().get().uri("/oauth2/jwks").retrieve().body(String.class));
        assertThat(jwks.getKeyByKeyId(oldKid)).isNotNull();
        assertThat(jwks.getKeyByKeyId(newKid)).isNotNull();
        assertThat(kidOfANewToken()).isEqualTo(oldKid);

        // signing once the delay has passed; the old key stays published, its tokens valid
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(kidOfANewToken()).isEqualTo(newKid));
        jwks = com.nimbusds.jose.jwk.JWKSet.parse(http().get().uri("/oauth2/jwks").retrieve().body(String.class));
        assertThat(jwks.getKeyByKeyId(oldKid)).isNotNull();
        assertThat(http().get().uri("/api/identity/sessions").header("Authorization", "Bearer " + before).retrieve()
                .toBodilessEntity().getStatusCode().value()).isEqualTo(200);
    }

    private String kidOfANewToken() throws java.text.ParseException {
        String token = bff().signIn("keys@example.com", "long enough pass").get("access_token").asString();
        return com.nimbusds.jwt.SignedJWT.parse(token).getHeader().getKeyID();
    }

    @Test
    void anOperatorBansAndUnbansAndAMemberMayNot() {
        signUp("op@example.com");
        String memberId = signUp("member@example.com");
        jdbc.sql("UPDATE users SET app_metadata = '{\"role\":\"admin\"}' WHERE email = 'op@example.com'").update();
        String op = "Bearer " + bff().signIn("op@example.com", "long enough pass").get("access_token").asString();
        var memberBrowser = bff().session();
        memberBrowser.startAuthorization();
        var memberTokens = memberBrowser.finish(memberBrowser.submitPassword("member@example.com", "long enough pass"));
        String member = "Bearer " + memberTokens.get("access_token").asString();

        assertThat(http().get().uri("/api/identity/admin/users").header("Authorization", member).retrieve()
                .toBodilessEntity().getStatusCode().value()).isEqualTo(403);
        List<Map> found = http().get().uri("/api/identity/admin/users?q=MEMBER@").header("Authorization", op)
                .retrieve().body(List.class);
        assertThat(found).singleElement().satisfies(u -> assertThat(u.get("id")).isEqualTo(memberId));

        var past = http().post().uri("/api/identity/admin/users/{id}/ban", memberId).header("Authorization", op)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("until", "2001-01-01T00:00:00Z")).retrieve().toEntity(Map.class);
        assertThat(past.getStatusCode().value()).isEqualTo(400);
        assertThat(http().post().uri("/api/identity/admin/users/{id}/ban", memberId).header("Authorization", op)
                .retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(204);

        assertThatThrownBy(() -> bff().refresh(memberTokens.get("refresh_token").asString()))
                .isInstanceOf(OAuthTestClient.TokenRefused.class);
        // the browser session at the hosted pages ended too (in PostgreSQL, so on every replica)
        assertThat(memberBrowser.location(memberBrowser.get(memberBrowser.authorizeUrl()))).endsWith("/login");
        assertThat(jdbc.sql("SELECT count(*) FROM spring_session WHERE principal_name = :id").param("id", memberId)
                .query(Integer.class).single()).isZero();
        assertThatThrownBy(() -> bff().signIn("member@example.com", "long enough pass"))
                .isInstanceOf(OAuthTestClient.BadCredentials.class);
        String banned = jdbc.sql("SELECT payload::text FROM outbox WHERE type = 'UserBanned' AND aggregateid = :id")
                .param("id", memberId).query(String.class).single();
        EventSchemaValidator.assertValid(banned);

        assertThat(http().post().uri("/api/identity/admin/users/{id}/unban", memberId).header("Authorization", op)
                .retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(204);
        assertThat(bff().signIn("member@example.com", "long enough pass").get("access_token")).isNotNull();
        assertThat(http().post().uri("/api/identity/admin/users/{id}/ban", "00000000-0000-0000-0000-000000000000")
                .header("Authorization", op).retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(404);
    }
}
