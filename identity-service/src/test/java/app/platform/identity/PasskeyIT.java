package app.platform.identity;

import static app.platform.identity.IdentityApi.bearer;
import static app.platform.identity.IdentityApi.claims;
import static org.assertj.core.api.Assertions.assertThat;

import app.platform.crypto.KeyCipher;
import app.platform.events.EventJson;
import app.platform.identity.mfa.domain.Totp;
import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.SoftwarePasskey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/** Passkeys: discoverable registration, sign-in without a password (aal2), the signature counter, list/rename/delete. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class PasskeyIT {

    static final int PORT = FixedOrigin.freePort();
    static final String ORIGIN = "http://localhost:" + PORT;

    @DynamicPropertySource
    static void origin(DynamicPropertyRegistry registry) {
        FixedOrigin.register(registry, PORT);
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    KeyCipher cipher;

    OAuthTestClient bff() {
        return new OAuthTestClient(ORIGIN, "bff", "local-bff-secret", "http://127.0.0.1:8080/callback");
    }

    RestClient http() {
        return IdentityApi.lenient(PORT);
    }

    @Test
    void registerAPasskeyThenSignInWithItAloneAndManageIt() {
        String userId = IdentityApi.signUp(PORT, jdbc, "pia@example.com", "long enough pass");
        var signedIn = bff().session();
        signedIn.startAuthorization();
        JsonNode tokens = signedIn.finish(signedIn.submitPassword("pia@example.com", "long enough pass"));

        var options = json(signedIn.postJson("/webauthn/register/options", ""));
        assertThat(options.get("authenticatorSelection").get("residentKey").asString()).isEqualTo("required");
        assertThat(options.get("rp").get("id").asString()).isEqualTo("localhost");
        var passkey = new SoftwarePasskey(ORIGIN, "localhost");
        var registered = signedIn.postJson("/webauthn/register", passkey.register(options, "Laptop"));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        assertThat(IdentityApi.events(jdbc, userId, "PasskeyRegistered")).singleElement()
                .satisfies(p -> assertThat(p).contains(passkey.id()).contains("Laptop"));

        // a new browser: no e-mail, no password, just the passkey
        JsonNode byPasskey = signInWithPasskey(passkey);
        assertThat(claims(byPasskey)).containsEntry("sub", userId).containsEntry("aal", "aal2");
        assertThat(claims(byPasskey).get("amr").toString()).contains("method=webauthn").doesNotContain("password");
        assertThat(IdentityApi.events(jdbc, userId, "UserSignedIn")).anyMatch(p -> p.contains("\"passkey\""));

        // a banned user's passkey opens nothing (Spring's WebAuthn provider checks no account status; we do)
        jdbc.sql("UPDATE users SET banned_until = now() + interval '1 day' WHERE id = :id::uuid").param("id", userId).update();
        var whileBanned = bff().session();
        whileBanned.startAuthorization();
        assertThat(whileBanned.postJson("/login/webauthn",
                passkey.assertion(json(whileBanned.postJson("/webauthn/authenticate/options", "")))).statusCode())
                .isEqualTo(401);
        jdbc.sql("UPDATE users SET banned_until = NULL WHERE id = :id::uuid").param("id", userId).update();

        // a cloned authenticator (its counter behind the server's) is refused
        passkey.counter -= 1;
        var cloned = bff().session();
        cloned.startAuthorization();
        var refused = cloned.postJson("/login/webauthn",
                passkey.assertion(json(cloned.postJson("/webauthn/authenticate/options", ""))));
        assertThat(refused.statusCode()).isEqualTo(401);
        passkey.counter += 5;

        List<Map<String, Object>> mine = list(tokens);
        assertThat(mine).singleElement().satisfies(p -> {
            assertThat(p).containsEntry("id", passkey.id()).containsEntry("label", "Laptop");
            // signed twice: the sign-in, and the attempt while banned (a valid signature, refused for the ban)
            assertThat(((Number) p.get("signatureCount")).longValue()).isEqualTo(2);
            assertThat(p.get("lastUsedAt")).isNotNull();
        });
        assertThat(http().patch().uri("/api/identity/passkeys/{id}", passkey.id()).header("Authorization", bearer(tokens))
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("label", "Work laptop")).retrieve()
                .toBodilessEntity().getStatusCode().value()).isEqualTo(204);
        assertThat(list(tokens)).singleElement().satisfies(p -> assertThat(p).containsEntry("label", "Work laptop"));
        var blank = http().patch().uri("/api/identity/passkeys/{id}", passkey.id()).header("Authorization", bearer(tokens))
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("label", " ")).retrieve().toEntity(Map.class);
        assertThat(blank.getStatusCode().value()).isEqualTo(400);

        // someone else cannot see or delete it
        IdentityApi.signUp(PORT, jdbc, "mallory@example.com", "long enough pass");
        JsonNode mallory = bff().signIn("mallory@example.com", "long enough pass");
        assertThat(list(mallory)).isEmpty();
        assertThat(http().delete().uri("/api/identity/passkeys/{id}", passkey.id()).header("Authorization", bearer(mallory))
                .retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(404);

        assertThat(http().delete().uri("/api/identity/passkeys/{id}", passkey.id()).header("Authorization", bearer(tokens))
                .retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(204);
        assertThat(list(tokens)).isEmpty();
        assertThat(IdentityApi.events(jdbc, userId, "PasskeyRemoved")).hasSize(1);
        var gone = bff().session();
        gone.startAuthorization();
        assertThat(gone.postJson("/login/webauthn",
                passkey.assertion(json(gone.postJson("/webauthn/authenticate/options", "")))).statusCode()).isEqualTo(401);
    }

    /**
     * A passkey used without user verification (a bare tap, no PIN or biometric) proves possession only: it is one
     * factor, {@code aal1}, and a user with TOTP is asked for the code before the sign-in completes.
     */
    @Test
    void aPasskeyWithoutUserVerificationIsOneFactorAndTheSecondStepIsStillAsked() throws Exception {
        String userId = IdentityApi.signUp(PORT, jdbc, "uv@example.com", "long enough pass");
        var signedIn = bff().session();
        signedIn.startAuthorization();
        signedIn.finish(signedIn.submitPassword("uv@example.com", "long enough pass"));
        var passkey = new SoftwarePasskey(ORIGIN, "localhost");
        assertThat(signedIn.postJson("/webauthn/register",
                passkey.register(json(signedIn.postJson("/webauthn/register/options", "")), "Key")).statusCode()).isEqualTo(200);

        passkey.userVerified = false;
        Map<String, Object> tapOnly = claims(signInWithPasskey(passkey));
        assertThat(tapOnly).containsEntry("sub", userId).containsEntry("aal", "aal1");
        assertThat(tapOnly.get("amr").toString()).contains("method=passkey_presence").doesNotContain("method=webauthn");

        byte[] secret = Totp.newSecret();
        jdbc.sql("INSERT INTO two_factor (user_id, secret_encrypted, confirmed_at) VALUES (:id::uuid, :secret, now())")
                .param("id", userId).param("secret", cipher.encrypt(secret)).update();
        var browser = bff().session();
        browser.startAuthorization();
        var answer = json(browser.postJson("/login/webauthn",
                passkey.assertion(json(browser.postJson("/webauthn/authenticate/options", "")))));
        assertThat(answer.get("redirectUrl").asString()).endsWith("/login/totp");
        assertThat(browser.location(browser.get(browser.authorizeUrl()))).endsWith("/login"); // not signed in yet
        Map<String, Object> withCode = claims(browser.finish(browser.submitCode(
                Totp.code(secret, Totp.step(java.time.Instant.now())))));
        assertThat(withCode).containsEntry("sub", userId).containsEntry("aal", "aal2");
        assertThat(withCode.get("amr").toString()).contains("method=passkey_presence").contains("method=totp");

        // verified, the passkey alone is two factors, TOTP or not
        passkey.userVerified = true;
        assertThat(claims(signInWithPasskey(passkey))).containsEntry("aal", "aal2");
    }

    private JsonNode signInWithPasskey(SoftwarePasskey passkey) {
        var browser = bff().session();
        browser.startAuthorization();
        var options = json(browser.postJson("/webauthn/authenticate/options", ""));
        String before = browser.cookie("__Host-SESSION");
        var answer = json(browser.postJson("/login/webauthn", passkey.assertion(options)));
        assertThat(answer.get("authenticated").asBoolean()).isTrue();
        // session fixation: a passkey sign-in gets a new session id too
        assertThat(browser.cookie("__Host-SESSION")).isNotNull().isNotEqualTo(before);
        return browser.finish(answer.get("redirectUrl").asString());
    }

    private List<Map<String, Object>> list(JsonNode tokens) {
        return http().get().uri("/api/identity/passkeys").header("Authorization", bearer(tokens)).retrieve()
                .body(new ParameterizedTypeReference<>() { });
    }

    private static JsonNode json(java.net.http.HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return EventJson.MAPPER.readTree(response.body());
    }

}
