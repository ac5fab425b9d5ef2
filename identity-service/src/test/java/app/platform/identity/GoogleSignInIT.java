package app.platform.identity;

import static app.platform.identity.IdentityApi.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.identity.mfa.domain.Totp;
import app.platform.crypto.KeyCipher;
import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.RealInfrastructure;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * "Sign in with Google" against a real local OIDC provider standing in for Google: discovery at start, the code
 * flow, the signed ID token. Links by Google {@code sub} (imported identities), by verified address, or creates.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GoogleSignInIT {

    static final MockOAuth2Server GOOGLE = new MockOAuth2Server();

    static {
        GOOGLE.start();
    }

    @DynamicPropertySource
    static void google(DynamicPropertyRegistry registry) {
        registry.add("identity.google.issuer", () -> GOOGLE.issuerUrl("google").toString());
        registry.add("identity.google.client-id", () -> "platform-google-client");
        registry.add("identity.google.client-secret", () -> "google-secret");
    }

    @AfterAll
    static void stop() {
        GOOGLE.shutdown();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    KeyCipher cipher;

    /** Google will answer the next sign-in as this account. */
    static void googleAccount(String sub, String email, boolean verified) {
        GOOGLE.enqueueCallback(new DefaultOAuth2TokenCallback("google", sub, "JWT", List.of("platform-google-client"),
                Map.of("email", email, "email_verified", verified, "name", "Someone"), 3600));
    }

    OAuthTestClient passwordClient() {
        return new OAuthTestClient("http://localhost:" + port, "bff", "local-bff-secret", "http://127.0.0.1:8080/callback");
    }

    OAuthTestClient.Session browser() {
        return passwordClient().session();
    }

    JsonNode signInWithGoogle() {
        var browser = browser();
        assertThat(browser.startAuthorization().body()).contains("/oauth2/authorization/google");
        return browser.finish("/oauth2/authorization/google");
    }

    @Test
    void aNewGoogleAccountBecomesAUserWithAVerifiedAddress() {
        googleAccount("google-sub-new", "newcomer@gmail.com", true);
        Map<String, Object> claims = claims(signInWithGoogle());
        String userId = (String) claims.get("sub");
        assertThat(claims).containsEntry("email", "newcomer@gmail.com").containsEntry("aal", "aal1");
        assertThat(claims.get("amr").toString()).contains("method=oauth");
        assertThat(IdentityApi.events(jdbc, userId, "UserRegistered")).singleElement()
                .satisfies(p -> assertThat(p).contains("\"method\": \"google\"").contains("\"emailVerified\": true"));
        assertThat(IdentityApi.events(jdbc, userId, "UserSignedIn")).singleElement()
                .satisfies(p -> assertThat(p).contains("\"google\""));

        // the same Google account again: the same user, no second registration
        googleAccount("google-sub-new", "newcomer@gmail.com", true);
        assertThat(claims(signInWithGoogle())).containsEntry("sub", userId);
        assertThat(IdentityApi.events(jdbc, userId, "UserRegistered")).hasSize(1);
    }

    @Test
    void aVerifiedGoogleAddressLinksToAVerifiedLocalAccountAndAnUnverifiedOneIsRefused() {
        String ada = IdentityApi.signUp(port, jdbc, "ada@example.com", "long enough pass");
        jdbc.sql("UPDATE users SET email_verified_at = now() WHERE id = :id::uuid").param("id", ada).update();

        googleAccount("google-sub-ada-unverified", "ada@example.com", false);
        assertThatThrownBy(this::signInWithGoogle).hasMessageContaining("/login?error");

        googleAccount("google-sub-ada", "ada@example.com", true);
        assertThat(claims(signInWithGoogle())).containsEntry("sub", ada);
        assertThat(jdbc.sql("SELECT user_id FROM account WHERE provider = 'google' AND provider_subject = 'google-sub-ada'")
                .query(UUID.class).single()).hasToString(ada);
        // the owner proved the address before: the password stays, both ways in lead to the same account
        assertThat(claims(passwordClient().signIn("ada@example.com", "long enough pass"))).containsEntry("sub", ada);
        assertThat(IdentityApi.events(jdbc, ada, "PasswordChanged")).isEmpty();
    }

    /**
     * Someone registers the victim's address with a password before the victim ever signs up, adds TOTP and a
     * passkey, and stays signed in. When the victim signs in with Google (which has verified the address), the
     * account becomes the victim's alone: the squatter's password, TOTP and passkey are gone and their sessions end.
     */
    @Test
    void aVerifiedGoogleAddressTakesAnUnverifiedLocalAccountOverCleanly() {
        String squatted = IdentityApi.signUp(port, jdbc, "victim@gmail.com", "squatter password");
        OAuthTestClient.Session squatter = passwordClient().session();
        squatter.startAuthorization();
        JsonNode squatterTokens = squatter.finish(squatter.submitPassword("victim@gmail.com", "squatter password"));
        IdentityApi.squat(jdbc, cipher, squatted, "squatter-entity", "squatter-passkey");
        jdbc.sql("INSERT INTO email_change (user_id, new_email, requested_at) VALUES (:id::uuid, 'squatter@evil.example', now())")
                .param("id", squatted).update();

        googleAccount("google-sub-victim", "victim@gmail.com", true);
        Map<String, Object> victim = claims(signInWithGoogle());

        assertThat(victim).containsEntry("sub", squatted).containsEntry("aal", "aal1"); // no TOTP asked: it is gone
        assertThat(jdbc.sql("SELECT provider FROM account WHERE user_id = :id::uuid").param("id", squatted)
                .query(String.class).list()).containsExactly("google");
        assertThat(jdbc.sql("SELECT count(*) FROM two_factor WHERE user_id = :id::uuid").param("id", squatted)
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM user_credentials WHERE user_entity_user_id = 'squatter-entity'")
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM email_change WHERE user_id = :id::uuid").param("id", squatted)
                .query(Integer.class).single()).isZero(); // the change to the squatter's address, whose link they hold
        assertThatThrownBy(() -> passwordClient().signIn("victim@gmail.com", "squatter password"))
                .isInstanceOf(OAuthTestClient.BadCredentials.class);
        // the squatter's tokens and browser session ended
        assertThatThrownBy(() -> passwordClient().refresh(squatterTokens.get("refresh_token").asString()))
                .isInstanceOf(OAuthTestClient.TokenRefused.class);
        assertThat(squatter.location(squatter.get(squatter.authorizeUrl()))).endsWith("/login");
        assertThat(IdentityApi.events(jdbc, squatted, "PasswordChanged")).singleElement()
                .satisfies(p -> assertThat(p).contains("google_takeover"));
        assertThat(IdentityApi.events(jdbc, squatted, "TwoFactorDisabled")).hasSize(1);
        assertThat(IdentityApi.events(jdbc, squatted, "PasskeyRemoved")).singleElement()
                .satisfies(p -> assertThat(p).contains("squatter-passkey"));
        assertThat(IdentityApi.events(jdbc, squatted, "SessionRevoked")).singleElement()
                .satisfies(p -> assertThat(p).contains("google_takeover"));
    }

    @Test
    void anImportedGoogleIdentitySignsInByItsSubEvenUnderANewAddress() {
        UUID imported = UUID.randomUUID();
        jdbc.sql("INSERT INTO users (id, email, email_verified_at) VALUES (:id, 'old@gmail.com', now())").param("id", imported).update();
        jdbc.sql("INSERT INTO account (id, user_id, provider, provider_subject) VALUES (:id, :user, 'google', 'google-sub-imported')")
                .param("id", UUID.randomUUID()).param("user", imported).update();

        googleAccount("google-sub-imported", "renamed@gmail.com", true);
        assertThat(claims(signInWithGoogle())).containsEntry("sub", imported.toString());
    }

    @Test
    void aBannedUserCannotSignInWithGoogle() {
        googleAccount("google-sub-banned", "banned@gmail.com", true);
        String userId = (String) claims(signInWithGoogle()).get("sub");
        jdbc.sql("UPDATE users SET banned_until = now() + interval '1 day' WHERE id = :id::uuid").param("id", userId).update();

        googleAccount("google-sub-banned", "banned@gmail.com", true);
        assertThatThrownBy(this::signInWithGoogle).hasMessageContaining("/login?error");
    }

    @Test
    void aGoogleUserWithTotpGetsTheSecondStep() {
        googleAccount("google-sub-2fa", "careful@gmail.com", true);
        String userId = (String) claims(signInWithGoogle()).get("sub");
        byte[] secret = Totp.newSecret();
        jdbc.sql("INSERT INTO two_factor (user_id, secret_encrypted, confirmed_at) VALUES (:id::uuid, :secret, now())")
                .param("id", userId).param("secret", cipher.encrypt(secret)).update();

        googleAccount("google-sub-2fa", "careful@gmail.com", true);
        var browser = browser();
        browser.startAuthorization();
        String next = "/oauth2/authorization/google";
        for (int hops = 0; hops < 5 && !next.endsWith("/login/totp"); hops++) {
            next = browser.location(browser.get(next));
        }
        assertThat(next).endsWith("/login/totp");
        JsonNode tokens = browser.finish(browser.submitCode(Totp.code(secret, Totp.step(java.time.Instant.now()))));
        assertThat(claims(tokens)).containsEntry("aal", "aal2");
        assertThat(claims(tokens).get("amr").toString()).contains("method=oauth").contains("method=totp");
    }
}
