package app.platform.identity;

import static app.platform.identity.IdentityApi.bearer;
import static app.platform.identity.IdentityApi.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.TotpTestCodes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/** TOTP: enrol with a QR code, confirm, the second sign-in step (aal2), replay, backup codes, lockout, switching off. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TwoFactorIT {

    static final String PASSWORD = "long enough pass";

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

    /** Switches TOTP on for a new user; returns the secret, the step whose code confirmed it, and the backup codes. */
    record Enrolled(String userId, String secret, long confirmedStep, List<String> backupCodes) {
    }

    Enrolled enrol(String email) {
        String userId = IdentityApi.signUp(port, jdbc, email, PASSWORD);
        JsonNode tokens = bff().signIn(email, PASSWORD);
        assertThat(claims(tokens)).containsEntry("aal", "aal1");
        Map<?, ?> enrolment = http().post().uri("/api/identity/two-factor/totp").header("Authorization", bearer(tokens))
                .retrieve().body(Map.class);
        String secret = (String) enrolment.get("secret");
        assertThat((String) enrolment.get("otpauthUri")).startsWith("otpauth://totp/Platform:")
                .contains("secret=" + secret).contains("period=30").contains("digits=6");
        String qr = (String) enrolment.get("qrCode");
        assertThat(qr).startsWith("data:image/svg+xml;base64,");
        assertThat(new String(Base64.getDecoder().decode(qr.substring(qr.indexOf(',') + 1)), StandardCharsets.UTF_8))
                .startsWith("<svg").contains("<path d=\"M");

        var wrong = http().post().uri("/api/identity/two-factor/totp/confirm").header("Authorization", bearer(tokens))
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("code", "000000")).retrieve().toEntity(Map.class);
        assertThat(wrong.getStatusCode().value()).isEqualTo(400);
        assertThat(wrong.getBody().get("errors").toString()).contains("code");

        long step = TotpTestCodes.step(Instant.now());
        Map<?, ?> confirmed = http().post().uri("/api/identity/two-factor/totp/confirm").header("Authorization", bearer(tokens))
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("code", TotpTestCodes.code(secret, step))).retrieve().body(Map.class);
        @SuppressWarnings("unchecked")
        List<String> backup = (List<String>) confirmed.get("backupCodes");
        assertThat(backup).hasSize(10).doesNotHaveDuplicates().allMatch(c -> c.matches("[a-z0-9]{5}-[a-z0-9]{5}"));
        return new Enrolled(userId, secret, step, backup);
    }

    @Test
    void aSignInWithTotpNeedsTheCodeOnceAndGivesAal2() {
        Enrolled ada = enrol("ada@example.com");

        // the password alone no longer signs in: the browser is sent to the second step
        var session = bff().session();
        session.startAuthorization();
        String next = session.submitPassword("ada@example.com", PASSWORD);
        assertThat(next).endsWith("/login/totp");
        assertThat(session.get("/login/totp").body()).contains("name=\"code\"");
        // the code that confirmed the enrolment is spent: replaying it fails
        assertThatThrownBy(() -> session.submitCode(TotpTestCodes.code(ada.secret(), ada.confirmedStep())))
                .isInstanceOf(OAuthTestClient.BadCredentials.class);
        JsonNode tokens = session.finish(session.submitCode(TotpTestCodes.code(ada.secret(), ada.confirmedStep() + 1)));

        Map<String, Object> claims = claims(tokens);
        assertThat(claims).containsEntry("aal", "aal2");
        assertThat(claims.get("amr").toString()).contains("method=password").contains("method=totp");
        // the refreshed token keeps the strength the session was signed in with
        assertThat(claims(bff().refresh(tokens.get("refresh_token").asString()))).containsEntry("aal", "aal2");

        // a backup code works once
        JsonNode withBackup = bff().signIn("ada@example.com", PASSWORD, () -> ada.backupCodes().getFirst());
        assertThat(claims(withBackup).get("amr").toString()).contains("method=recovery_code");
        assertThat(claims(withBackup)).containsEntry("aal", "aal2");
        assertThatThrownBy(() -> bff().signIn("ada@example.com", PASSWORD, () -> ada.backupCodes().getFirst()))
                .isInstanceOf(OAuthTestClient.BadCredentials.class);
        var status = http().get().uri("/api/identity/two-factor").header("Authorization", bearer(withBackup))
                .retrieve().body(Map.class);
        assertThat(status).containsEntry("enabled", true).containsEntry("backupCodesLeft", 9);

        // no second-step page without a pending sign-in
        var stranger = bff().session();
        assertThat(stranger.location(stranger.get("/login/totp"))).endsWith("/login");

        assertThat(IdentityApi.events(jdbc, ada.userId(), "TwoFactorEnabled")).singleElement()
                .satisfies(p -> assertThat(p).doesNotContain(ada.secret()));
        assertThat(IdentityApi.events(jdbc, ada.userId(), "UserSignInFailed")).anyMatch(p -> p.contains("second_factor"));
    }

    @Test
    void backupCodesRegenerateAndSwitchingOffNeedsThePasswordAndACode() {
        Enrolled bob = enrol("bob@example.com");
        JsonNode tokens = bff().signIn("bob@example.com", PASSWORD, () -> bob.backupCodes().get(0));

        Map<?, ?> renewed = http().post().uri("/api/identity/two-factor/backup-codes").header("Authorization", bearer(tokens))
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("code", bob.backupCodes().get(1))).retrieve().body(Map.class);
        @SuppressWarnings("unchecked")
        List<String> fresh = (List<String>) renewed.get("backupCodes");
        assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(bob.backupCodes());
        // the old codes are void
        assertThatThrownBy(() -> bff().signIn("bob@example.com", PASSWORD, () -> bob.backupCodes().get(2)))
                .isInstanceOf(OAuthTestClient.BadCredentials.class);

        var wrongPassword = http().post().uri("/api/identity/two-factor/disable").header("Authorization", bearer(tokens))
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("password", "not my password", "code", fresh.get(0)))
                .retrieve().toEntity(Map.class);
        assertThat(wrongPassword.getStatusCode().value()).isEqualTo(403);
        assertThat(wrongPassword.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        var off = http().post().uri("/api/identity/two-factor/disable").header("Authorization", bearer(tokens))
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("password", PASSWORD, "code", fresh.get(1)))
                .retrieve().toBodilessEntity();
        assertThat(off.getStatusCode().value()).isEqualTo(204);

        assertThat(claims(bff().signIn("bob@example.com", PASSWORD))).containsEntry("aal", "aal1");
        assertThat(IdentityApi.events(jdbc, bob.userId(), "TwoFactorDisabled")).hasSize(1);
        assertThat(jdbc.sql("SELECT count(*) FROM backup_code WHERE user_id = :id::uuid").param("id", bob.userId())
                .query(Long.class).single()).isZero();
    }

    @Test
    void fiveWrongCodesLockTheSecondStepEvenForTheRightCode() {
        Enrolled cy = enrol("cy@example.com");
        var session = bff().session();
        session.startAuthorization();
        session.submitPassword("cy@example.com", PASSWORD);
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> session.submitCode("111111")).isInstanceOf(OAuthTestClient.BadCredentials.class);
        }
        assertThatThrownBy(() -> session.submitCode("111111")).isInstanceOf(OAuthTestClient.TooManyAttempts.class);

        // a new sign-in with the right password and the right code is still refused while locked
        assertThatThrownBy(() -> bff().signIn("cy@example.com", PASSWORD,
                () -> TotpTestCodes.code(cy.secret(), cy.confirmedStep() + 1)))
                .isInstanceOf(OAuthTestClient.TooManyAttempts.class);
        assertThat(IdentityApi.events(jdbc, cy.userId(), "UserSignInFailed")).anyMatch(p -> p.contains("second_factor_locked"));
    }
}
