package app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.events.schema.EventSchemaValidator;
import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.RealInfrastructure;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.util.Map;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

/** E-mail verification and password reset, with the mail read back from a real SMTP server (GreenMail). */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.mail.port=3025", Mailbox.LINK_BASE})
class VerificationAndResetIT {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    RestClient http() {
        return IdentityApi.lenient(port);
    }

    ResponseEntity<Map> post(String path, Map<String, String> body) {
        return http().post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toEntity(Map.class);
    }

    @Test
    void signUpMailsASingleUseLinkThatVerifiesTheAddress() {
        String id = IdentityApi.signUp(port, jdbc, "vera@example.com", "long enough pass");
        String token = linkTo("vera@example.com", "/verify-email");

        assertThat(post("/api/identity/email-verification/confirm", Map.of("token", token)).getStatusCode().value()).isEqualTo(204);
        assertThat(jdbc.sql("SELECT email_verified_at IS NOT NULL FROM users WHERE id = :id::uuid").param("id", id)
                .query(Boolean.class).single()).isTrue();
        String event = jdbc.sql("SELECT payload::text FROM outbox WHERE type = 'UserEmailVerified' AND aggregateid = :id")
                .param("id", id).query(String.class).single();
        EventSchemaValidator.assertValid(event);

        var again = post("/api/identity/email-verification/confirm", Map.of("token", token));
        assertThat(again.getStatusCode().value()).isEqualTo(400);
        assertThat(again.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(post("/api/identity/email-verification/confirm", Map.of("token", "made-up")).getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void aResetSaysTheSameForUnknownAddressesAndRevokesEverySessionWhenDone() {
        post("/api/identity/users", Map.of("email", "rex@example.com", "password", "long enough pass"));
        var client = new OAuthTestClient("http://localhost:" + port, "web", "http://127.0.0.1:8080/callback");
        client.signIn("rex@example.com", "long enough pass");
        String userId = jdbc.sql("SELECT id::text FROM users WHERE email = 'rex@example.com'").query(String.class).single();
        assertThat(sessions(userId)).isPositive();

        var unknown = post("/api/identity/password-reset", Map.of("email", "nobody@example.com"));
        var known = post("/api/identity/password-reset", Map.of("email", "REX@example.com"));
        assertThat(unknown.getStatusCode()).isEqualTo(known.getStatusCode());
        assertThat(unknown.getBody()).isEqualTo(known.getBody());
        String token = linkTo("rex@example.com", "/reset-password");
        assertThat(mailsTo("nobody@example.com")).isZero();

        var weak = post("/api/identity/password-reset/confirm", Map.of("token", token, "password", "password"));
        assertThat(weak.getStatusCode().value()).isEqualTo(400);
        assertThat(weak.getBody().get("errors").toString()).contains("password");
        assertThat(post("/api/identity/password-reset/confirm", Map.of("token", token, "password", "a brand new secret"))
                .getStatusCode().value()).isEqualTo(204);

        assertThat(sessions(userId)).isZero();
        assertThat(client.signIn("rex@example.com", "a brand new secret").get("access_token").asString()).isNotBlank();
        assertThatThrownBy(() -> client.signIn("rex@example.com", "long enough pass"))
                .isInstanceOf(OAuthTestClient.BadCredentials.class);
        for (String type : new String[] {"PasswordResetRequested", "PasswordChanged"}) {
            String event = jdbc.sql("SELECT payload::text FROM outbox WHERE type = :t AND aggregateid = :id")
                    .param("t", type).param("id", userId).query(String.class).single();
            EventSchemaValidator.assertValid(event);
            assertThat(event).doesNotContain(token).doesNotContain("brand new");
        }
    }

    /** A reset link mailed before the user changed the password no longer overrides the new one. */
    @Test
    void aResetLinkMailedBeforeAPasswordChangeNoLongerWorks() {
        post("/api/identity/users", Map.of("email", "lena@example.com", "password", "long enough pass"));
        post("/api/identity/password-reset", Map.of("email", "lena@example.com"));
        String token = linkTo("lena@example.com", "/reset-password");
        var tokens = new OAuthTestClient("http://localhost:" + port, "web", "http://127.0.0.1:8080/callback")
                .signIn("lena@example.com", "long enough pass");
        assertThat(http().post().uri("/api/identity/me/password")
                .header("Authorization", "Bearer " + tokens.get("access_token").asString())
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("currentPassword", "long enough pass", "newPassword", "a brand new passphrase"))
                .retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(204);

        assertThat(post("/api/identity/password-reset/confirm", Map.of("token", token, "password", "the reset's own pass"))
                .getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void oneAccountGetsAtMostThreeResetMailsAnHourWhateverIsAsked() {
        post("/api/identity/users", Map.of("email", "flood@example.com", "password", "long enough pass"));
        linkTo("flood@example.com", "/verify-email");
        for (int i = 0; i < 5; i++) {
            assertThat(post("/api/identity/password-reset", Map.of("email", "flood@example.com")).getStatusCode().value())
                    .isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> Mailbox.links(smtp, "flood@example.com", "/reset-password") >= 3);
        assertThat(Mailbox.links(smtp, "flood@example.com", "/reset-password")).isEqualTo(3);
        assertThat(jdbc.sql("SELECT count(*) FROM outbox WHERE type = 'PasswordResetRequested' AND aggregateid = "
                + "(SELECT id::text FROM users WHERE email = 'flood@example.com')").query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void anExpiredLinkIsRefused() {
        post("/api/identity/users", Map.of("email", "old@example.com", "password", "long enough pass"));
        linkTo("old@example.com", "/verify-email");
        post("/api/identity/password-reset", Map.of("email", "old@example.com"));
        String token = linkTo("old@example.com", "/reset-password");
        jdbc.sql("UPDATE verification SET expires_at = now() - interval '1 second' WHERE purpose = 'PASSWORD_RESET'").update();
        assertThat(post("/api/identity/password-reset/confirm", Map.of("token", token, "password", "a brand new secret"))
                .getStatusCode().value()).isEqualTo(400);
    }

    private long sessions(String userId) {
        return jdbc.sql("SELECT count(*) FROM oauth2_authorization WHERE principal_name = :id").param("id", userId)
                .query(Long.class).single();
    }

    private long mailsTo(String address) {
        return Mailbox.mailsTo(smtp, address);
    }

    private String linkTo(String address, String path) {
        return Mailbox.linkTo(smtp, address, path);
    }
}
