package app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.crypto.KeyCipher;
import app.platform.events.schema.EventSchemaValidator;
import app.platform.identity.mfa.domain.Totp;
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
    @Autowired
    KeyCipher cipher;

    RestClient http() {
        return IdentityApi.lenient(port);
    }

    OAuthTestClient bff() {
        return new OAuthTestClient("http://localhost:" + port, "bff", "local-bff-secret", "http://127.0.0.1:8080/callback");
    }

    /**
     * An operator as the admin APIs need one (step-up): admin role, TOTP on, signed in with the password and a code
     * ({@code aal2}, {@code auth_time} now). Returns the TOTP secret's codes' source.
     */
    byte[] operator(String email) {
        String id = signUp(email);
        jdbc.sql("UPDATE users SET app_metadata = '{\"role\":\"admin\"}' WHERE id = :id::uuid").param("id", id).update();
        byte[] secret = Totp.newSecret();
        jdbc.sql("INSERT INTO two_factor (user_id, secret_encrypted, confirmed_at) VALUES (:id::uuid, :secret, now())")
                .param("id", id).param("secret", cipher.encrypt(secret)).update();
        return secret;
    }

    String steppedUp(String email, byte[] secret) {
        return bff().signIn(email, "long enough pass", () -> Totp.code(secret, Totp.step(java.time.Instant.now())))
                .get("access_token").asString();
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
        byte[] secret = operator("keys@example.com");
        var signedIn = bff().signIn("keys@example.com", "long enough pass",
                () -> Totp.code(secret, Totp.step(java.time.Instant.now())));
        refreshToken = signedIn.get("refresh_token").asString();
        String before = signedIn.get("access_token").asString();
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
        assertThat(jwks.getKeyByKeyId((String) rotation.get("idTokenKid"))).as("the ID tokens' new key").isNotNull();
        assertThat(kidOfANewToken()).isEqualTo(oldKid);

        // signing once the delay has passed; the old key stays published, its tokens valid
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(kidOfANewToken()).isEqualTo(newKid));
        jwks = com.nimbusds.jose.jwk.JWKSet.parse(http().get().uri("/oauth2/jwks").retrieve().body(String.class));
        assertThat(jwks.getKeyByKeyId(oldKid)).isNotNull();
        assertThat(http().get().uri("/api/identity/sessions").header("Authorization", "Bearer " + before).retrieve()
                .toBodilessEntity().getStatusCode().value()).isEqualTo(200);
    }

    String refreshToken;

    /** The key of a new access token of the same sign-in (a refresh: the second factor is not asked again). */
    private String kidOfANewToken() throws java.text.ParseException {
        var refreshed = bff().refresh(refreshToken);
        refreshToken = refreshed.get("refresh_token").asString();
        return com.nimbusds.jwt.SignedJWT.parse(refreshed.get("access_token").asString()).getHeader().getKeyID();
    }

    @Test
    void anOperatorBansAndUnbansAndAMemberMayNot() {
        byte[] opSecret = operator("op@example.com");
        String memberId = signUp("member@example.com");
        String op = "Bearer " + steppedUp("op@example.com", opSecret);
        // step-up (RFC 9470): an operator signed in with a password alone is challenged, not served
        signUp("weak-op@example.com");
        jdbc.sql("UPDATE users SET app_metadata = '{\"role\":\"admin\"}' WHERE email = 'weak-op@example.com'").update();
        String passwordOnly = "Bearer " + bff().signIn("weak-op@example.com", "long enough pass").get("access_token").asString();
        var challenged = http().get().uri("/api/identity/admin/users").header("Authorization", passwordOnly).retrieve()
                .toEntity(Map.class);
        assertThat(challenged.getStatusCode().value()).isEqualTo(401);
        assertThat(challenged.getHeaders().getFirst("WWW-Authenticate")).contains("insufficient_user_authentication")
                .contains("acr_values=\"aal2\"").contains("max_age=");
        assertThat(http().post().uri("/api/identity/admin/users/{id}/ban", memberId).header("Authorization", passwordOnly)
                .retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(401);
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

    /**
     * A client asks for a fresh sign-in ({@code max_age}) or a stronger one ({@code acr_values=aal2}) on its
     * authorization request: a signed-in browser is sent back to the sign-in page, and the new tokens say so.
     */
    @Test
    void aClientAsksForAFreshOrAStrongerSignIn() {
        String id = signUp("fresh@example.com");
        var browser = bff().session();
        browser.startAuthorization();
        Map<String, Object> first = IdentityApi.claims(browser.finish(browser.submitPassword("fresh@example.com",
                "long enough pass")));
        assertThat(first).containsEntry("aal", "aal1").containsKey("auth_time");
        // signed in: a plain request goes straight back to the client, max_age=0 asks for the password again
        assertThat(browser.location(browser.get(browser.authorizeUrl()))).startsWith("http://127.0.0.1:8080/callback");
        assertThat(browser.location(browser.get(browser.authorizeUrl() + "&max_age=0"))).endsWith("/login");

        // TOTP switched on after this browser signed in: acr_values=aal2 asks for the sign-in again, now with the code
        var again = bff().session();
        again.startAuthorization();
        again.finish(again.submitPassword("fresh@example.com", "long enough pass"));
        byte[] secret = Totp.newSecret();
        jdbc.sql("INSERT INTO two_factor (user_id, secret_encrypted, confirmed_at) VALUES (:id::uuid, :secret, now())")
                .param("id", id).param("secret", cipher.encrypt(secret)).update();
        assertThat(again.location(again.get(again.authorizeUrl()))).startsWith("http://127.0.0.1:8080/callback");
        assertThat(again.location(again.get(again.authorizeUrl() + "&acr_values=aal2"))).endsWith("/login");
        assertThat(again.startAuthorization("&acr_values=aal2").body()).contains("password");
        String next = again.submitPassword("fresh@example.com", "long enough pass");
        assertThat(next).endsWith("/login/totp");
        Map<String, Object> stronger = IdentityApi.claims(again.finish(again.submitCode(
                Totp.code(secret, Totp.step(java.time.Instant.now())))));
        assertThat(stronger).containsEntry("sub", id).containsEntry("aal", "aal2");
    }
}
