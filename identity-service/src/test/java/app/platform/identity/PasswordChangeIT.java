package app.platform.identity;

import static app.platform.identity.IdentityApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.RealInfrastructure;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Changing one's password from a signed-in app ({@code POST /api/identity/me/password}): confirmed by the current
 * password, the other sessions end and this one stays; an account without a password sets its first one after a
 * recent sign-in.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PasswordChangeIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    OAuthTestClient bff() {
        return new OAuthTestClient("http://localhost:" + port, "bff", "local-bff-secret", "http://127.0.0.1:8080/callback");
    }

    int change(JsonNode tokens, Map<String, String> body) {
        return IdentityApi.lenient(port).post().uri("/api/identity/me/password").header("Authorization", bearer(tokens))
                .contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toBodilessEntity().getStatusCode().value();
    }

    @Test
    void theCurrentPasswordConfirmsTheNewOneAndEveryOtherSessionEnds() {
        String id = IdentityApi.signUp(port, jdbc, "changer@example.com", "long enough pass");
        JsonNode here = bff().signIn("changer@example.com", "long enough pass");
        JsonNode elsewhere = bff().signIn("changer@example.com", "long enough pass");

        assertThat(change(here, Map.of("currentPassword", "not the password", "newPassword", "a brand new passphrase")))
                .isEqualTo(400);
        assertThat(change(here, Map.of("currentPassword", "long enough pass", "newPassword", "short"))).isEqualTo(400);
        assertThat(change(here, Map.of("currentPassword", "long enough pass", "newPassword", "a brand new passphrase")))
                .isEqualTo(204);

        assertThat(bff().refresh(here.get("refresh_token").asString()).get("access_token")).as("this session stays").isNotNull();
        assertThatThrownBy(() -> bff().refresh(elsewhere.get("refresh_token").asString()))
                .isInstanceOf(OAuthTestClient.TokenRefused.class);
        assertThatThrownBy(() -> bff().signIn("changer@example.com", "long enough pass"))
                .isInstanceOf(OAuthTestClient.BadCredentials.class);
        assertThat(bff().signIn("changer@example.com", "a brand new passphrase").get("access_token")).isNotNull();
        assertThat(IdentityApi.events(jdbc, id, "PasswordChanged")).singleElement()
                .satisfies(p -> assertThat(p).contains("\"change\""));
    }

    /** Signed in a moment ago (a passkey-only account, here one whose password was removed), no password is asked. */
    @Test
    void anAccountWithoutAPasswordSetsItsFirstOneAfterARecentSignIn() {
        String id = IdentityApi.signUp(port, jdbc, "passwordless@example.com", "long enough pass");
        JsonNode tokens = bff().signIn("passwordless@example.com", "long enough pass");
        jdbc.sql("DELETE FROM account WHERE user_id = :id::uuid AND provider = 'password'").param("id", id).update();

        assertThat(change(tokens, Map.of("newPassword", "my very first password"))).isEqualTo(204);
        assertThat(bff().signIn("passwordless@example.com", "my very first password").get("access_token")).isNotNull();
    }
}
