package app.platform.identity;

import static app.platform.identity.IdentityApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.crypto.KeyCipher;
import app.platform.testkit.BrowserCookies;
import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.RealInfrastructure;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Changing one's e-mail address from a signed-in app ({@code POST /api/identity/me/email}): confirmed by the password,
 * then by the link mailed to the new address (the hosted page {@code /confirm-email-change}), once; the old address is
 * told, and the sign-in, the tokens and {@code UserEmailChanged} follow. An address with another account gets the same
 * answer and a mail saying so, and nothing changes.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.mail.port=3025", Mailbox.LINK_BASE})
class EmailChangeIT {

    static final String PASSWORD = "long enough pass";

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    KeyCipher cipher;

    OAuthTestClient bff() {
        return new OAuthTestClient("http://localhost:" + port, "bff", "local-bff-secret", "http://127.0.0.1:8080/callback");
    }

    @SuppressWarnings("rawtypes")
    ResponseEntity<Map> change(JsonNode tokens, Map<String, String> body) {
        return IdentityApi.lenient(port).post().uri("/api/identity/me/email").header("Authorization", bearer(tokens))
                .contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toEntity(Map.class);
    }

    @Test
    void theLinkMailedToTheNewAddressMovesTheAccountThereOnce() throws Exception {
        String id = IdentityApi.signUp(port, jdbc, "before@example.com", PASSWORD);
        JsonNode tokens = bff().signIn("before@example.com", PASSWORD);

        var wrong = change(tokens, Map.of("email", "after@example.com", "password", "not the password"));
        assertThat(wrong.getStatusCode().value()).isEqualTo(400);
        assertThat(wrong.getBody().get("errors").toString()).contains("password");
        assertThat(change(tokens, Map.of("email", "Before@Example.com", "password", PASSWORD)).getStatusCode().value())
                .isEqualTo(400);

        var accepted = change(tokens, Map.of("email", " After@Example.com ", "password", PASSWORD));
        assertThat(accepted.getStatusCode().value()).isEqualTo(202);
        assertThat(accepted.getBody()).containsEntry("email", "after@example.com")
                .containsEntry("next", "Check your mail at after@example.com: we sent a link to confirm it.");
        assertThat(Mailbox.mail(smtp, "before@example.com", "Your e-mail address is changing"))
                .contains("after@example.com").contains("https://app.example/forgot-password").doesNotContain("?token=");
        String token = Mailbox.linkTo(smtp, "after@example.com", "/confirm-email-change");
        // a reset link mailed to the old address meanwhile: it must not outlive the move
        IdentityApi.lenient(port).post().uri("/api/identity/password-reset").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("email", "before@example.com")).retrieve().toBodilessEntity();
        String reset = Mailbox.linkTo(smtp, "before@example.com", "/reset-password");

        // opening the link changes nothing; its button does
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new BrowserCookies()).build();
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + port + "/confirm-email-change?token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("id=\"confirm\"");
        assertThat(emailOf(id)).isEqualTo("before@example.com");

        HttpResponse<String> confirmed = confirm(browser, page, token);
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(confirmed.body()).contains("Your e-mail address is changed.");

        assertThat(emailOf(id)).isEqualTo("after@example.com");
        assertThat(jdbc.sql("SELECT email_verified_at IS NOT NULL FROM users WHERE id = :id::uuid").param("id", id)
                .query(Boolean.class).single()).isTrue();
        assertThat(IdentityApi.claims(bff().signIn("after@example.com", PASSWORD)))
                .containsEntry("sub", id).containsEntry("email", "after@example.com");
        assertThatThrownBy(() -> bff().signIn("before@example.com", PASSWORD))
                .isInstanceOf(OAuthTestClient.BadCredentials.class);
        assertThat(IdentityApi.events(jdbc, id, "UserEmailChanged")).singleElement()
                .satisfies(p -> assertThat(p).contains("\"after@example.com\"").doesNotContain(token));
        assertThat(Mailbox.mail(smtp, "before@example.com", "Your e-mail address was changed")).contains("after@example.com");
        assertThat(IdentityApi.lenient(port).post().uri("/api/identity/password-reset/confirm")
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("token", reset, "password", "taken over at last"))
                .retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(400);

        HttpResponse<String> again = confirm(browser, page, token);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("This link has expired or was used already.");
        assertThat(IdentityApi.events(jdbc, id, "UserEmailChanged")).hasSize(1);
    }

    @Test
    void anAddressWithAnAccountIsAnsweredAsAFreeOneLeftAsItWasAndItsOwnerIsToldByMail() {
        String holder = IdentityApi.signUp(port, jdbc, "holder@example.com", PASSWORD);
        String seeker = IdentityApi.signUp(port, jdbc, "seeker@example.com", PASSWORD);
        JsonNode tokens = bff().signIn("seeker@example.com", PASSWORD);

        var taken = change(tokens, Map.of("email", "Holder@Example.com", "password", PASSWORD));

        assertThat(taken.getStatusCode().value()).isEqualTo(202);
        assertThat(taken.getBody()).containsEntry("email", "holder@example.com")
                .containsEntry("next", "Check your mail at holder@example.com: we sent a link to confirm it.");
        assertThat(Mailbox.mail(smtp, "holder@example.com", "Someone tried to use your address"))
                .contains("https://app.example/login").doesNotContain("?token=");
        assertThat(Mailbox.links(smtp, "holder@example.com", "/confirm-email-change")).isZero();
        assertThat(emailOf(seeker)).isEqualTo("seeker@example.com");
        assertThat(emailOf(holder)).isEqualTo("holder@example.com");
        assertThat(jdbc.sql("SELECT count(*) FROM email_change WHERE user_id = :id::uuid").param("id", seeker)
                .query(Long.class).single()).isZero();
        assertThat(IdentityApi.events(jdbc, seeker, "UserEmailChanged")).isEmpty();
    }

    /**
     * Someone registers an address before its owner and, signed in, adds a TOTP, a passkey and a change of the
     * address to one of theirs. The owner's password reset, by the link mailed to the address, claims the account:
     * all three are gone (the change's link no longer moves it), and the address is verified.
     */
    @Test
    void theOwnersPasswordResetEndsWhatWhoeverRegisteredTheirAddressFirstAdded() throws Exception {
        String id = IdentityApi.signUp(port, jdbc, "owner@example.com", PASSWORD);
        assertThat(change(bff().signIn("owner@example.com", PASSWORD), Map.of("email", "squatter@example.com",
                "password", PASSWORD)).getStatusCode().value()).isEqualTo(202);
        String change = Mailbox.linkTo(smtp, "squatter@example.com", "/confirm-email-change");
        IdentityApi.squat(jdbc, cipher, id, "owner-entity", "squatters-passkey");

        IdentityApi.lenient(port).post().uri("/api/identity/password-reset").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("email", "owner@example.com")).retrieve().toBodilessEntity();
        String reset = Mailbox.linkTo(smtp, "owner@example.com", "/reset-password");
        assertThat(IdentityApi.lenient(port).post().uri("/api/identity/password-reset/confirm")
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("token", reset, "password", "the owner's own one"))
                .retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(204);

        assertThat(jdbc.sql("SELECT count(*) FROM two_factor WHERE user_id = :id::uuid").param("id", id)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM user_credentials WHERE user_entity_user_id = 'owner-entity'")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT email_verified_at IS NOT NULL FROM users WHERE id = :id::uuid").param("id", id)
                .query(Boolean.class).single()).isTrue();
        assertThat(IdentityApi.events(jdbc, id, "TwoFactorDisabled")).hasSize(1);
        assertThat(IdentityApi.events(jdbc, id, "PasskeyRemoved")).singleElement()
                .satisfies(p -> assertThat(p).contains("squatters-passkey"));
        assertThat(IdentityApi.events(jdbc, id, "UserEmailVerified")).hasSize(1);

        HttpClient browser = HttpClient.newBuilder().cookieHandler(new BrowserCookies()).build();
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + port + "/confirm-email-change?token=" + change)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(confirm(browser, page, change).body()).contains("This link has expired or was used already.");
        assertThat(emailOf(id)).isEqualTo("owner@example.com");
        assertThat(IdentityApi.claims(bff().signIn("owner@example.com", "the owner's own one"))).containsEntry("sub", id);
    }

    /** Posts the page's button: the token and the page's CSRF token. */
    private HttpResponse<String> confirm(HttpClient browser, HttpResponse<String> page, String token) throws Exception {
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
        assertThat(csrf.find()).isTrue();
        String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        return browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/confirm-email-change"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String emailOf(String id) {
        return jdbc.sql("SELECT email FROM users WHERE id = :id::uuid").param("id", id).query(String.class).single();
    }
}
