package app.platform.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.testkit.Chromium;
import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.SoftwarePasskey;
import app.platform.testkit.TotpTestCodes;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

/**
 * Nobody signs in again, nobody enrols again, through the gateway with Supabase Auth gone: the legacy database is
 * seeded with GoTrue-shaped sessions, refresh tokens and factors while the capture streams; then, with nothing but
 * what the platform imported, a person whose browser holds only a Supabase refresh token gets a platform session from
 * the frontend migration kit ({@code /assets/supabase-migration.js}) in Chromium, no password typed (and the token
 * presented again is refused with problem+json); a TOTP user passes the second step with a code of the same secret;
 * a passkey user signs in with the same credential in Chromium's virtual authenticator.
 */
@Order(2) // after the cutover's capture is streaming (CutoverEndToEndIT), before the operator finalizes it
class LegacySessionsEndToEndIT extends BrowserJourney {

    static final String CALLBACK = "http://127.0.0.1:8080/callback";
    /** bcrypt of the demo's first password, as GoTrue stores it. */
    static final String DEMO_HASH = "$2a$10$YZP8JtE1mCo4IAI4tfI5a.yX1XXtIIcEQJEHp280FG9xrLRaH7rM6";
    static final String DEMO_PASSWORD = "Demo-password-1";

    @Test
    void aSupabaseSessionATotpAndAPasskeyComeOverAndNobodyTypesAPasswordTheyDoNotNeed() throws Exception {
        UUID holder = UUID.randomUUID();
        UUID totpUser = UUID.randomUUID();
        UUID keyUser = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        String refreshToken = "q" + UUID.randomUUID().toString().replace("-", "").substring(0, 11); // 12 characters
        String secret = "KRUGS4ZANFZSAYJAONSWG4TFOQQGC3TE";
        var passkey = new SoftwarePasskey(gateway, "localhost");
        String credential = passkey.goTrueCredential(keyUser);
        try (Connection legacy = DriverManager.getConnection(SharedPlatform.get().platform.legacyJdbcUrl(), "postgres",
                "postgres")) {
            for (UUID user : new UUID[] {holder, totpUser, keyUser}) {
                update(legacy, """
                        INSERT INTO auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                                                raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
                        VALUES ('00000000-0000-0000-0000-000000000000', ?, 'authenticated', 'authenticated', ?, ?, now(),
                                '{"provider": "email", "providers": ["email"]}', '{}', now(), now())""",
                        user, email(user), DEMO_HASH);
            }
            update(legacy, """
                    INSERT INTO auth.sessions (id, user_id, created_at, updated_at, aal, refreshed_at, user_agent, ip)
                    VALUES (?, ?, now(), now(), 'aal1', now() AT TIME ZONE 'UTC', 'Mozilla/5.0', '198.51.100.4')""",
                    session, holder);
            update(legacy, """
                    INSERT INTO auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, session_id)
                    VALUES ('00000000-0000-0000-0000-000000000000', ?, ?, false, now(), now(), ?)""",
                    refreshToken, holder.toString(), session);
            update(legacy, """
                    INSERT INTO auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at, secret)
                    VALUES (gen_random_uuid(), ?, 'Phone', 'totp', 'verified', now(), now(), ?)""", totpUser, secret);
            update(legacy, """
                    INSERT INTO auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at,
                                                  web_authn_credential, web_authn_aaguid)
                    VALUES (gen_random_uuid(), ?, 'YubiKey', 'webauthn', 'verified', now(), now(), CAST(? AS jsonb),
                            '00000000-0000-0000-0000-000000000000')""", keyUser, credential);
        }
        PlatformEndToEndIT.polling("the sessions and factors imported", Duration.ofMinutes(2)).until(() ->
                PlatformEndToEndIT.count("SELECT count(*) FROM identity.legacy_refresh_token WHERE user_id = '" + holder + "'") == 1
                        && PlatformEndToEndIT.count("SELECT count(*) FROM identity.legacy_factor WHERE applied AND user_id IN ('"
                        + totpUser + "', '" + keyUser + "')") == 2);

        // the browser holds only Supabase's session (its access token long expired): the kit exchanges the refresh token
        ChromeDriver browser = newBrowser();
        browser.get(gateway + "/login");
        browser.executeScript("localStorage.setItem('sb-legacyref-auth-token', JSON.stringify({access_token: 'expired',"
                + " token_type: 'bearer', expires_in: 3600, expires_at: 1700000000, refresh_token: arguments[0],"
                + " user: {id: arguments[1]}}))", refreshToken, holder.toString());
        Object migrated = browser.executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                var script = document.createElement('script');
                script.src = '/assets/supabase-migration.js';
                script.onload = function () {
                  PlatformMigration.migrate({ clientId: 'web', redirect: false })
                    .then(function (tokens) { done(JSON.stringify(tokens)); }, function (e) { done('failed: ' + e); });
                };
                document.head.appendChild(script);""");
        JsonNode tokens = PlatformEndToEndIT.JSON.readTree(String.valueOf(migrated));
        String claims = PlatformEndToEndIT.claims(tokens);
        assertThat(claims).contains("\"sub\":\"" + holder + "\"", "legacy_session", "\"aal\":\"aal1\"");
        assertThat(browser.executeScript("return [localStorage.getItem('sb-legacyref-auth-token'), "
                + "JSON.parse(localStorage.getItem('platform-session')).access_token]"))
                .asString().startsWith("[null, ey");
        PlatformEndToEndIT.polling("the holder's profile through the gateway", Duration.ofMinutes(1)).until(() ->
                PlatformEndToEndIT.get("/api/profile/me", tokens.get("access_token").asString()).statusCode() == 200);
        // the same refresh token again (a copy of the browser's storage, say): refused, as problem+json
        HttpResponse<String> replay = new OAuthTestClient(gateway, "web", CALLBACK)
                .exchangeSupabase("urn:supabase:params:oauth:token-type:refresh_token", refreshToken);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(400);
        assertThat(replay.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(PlatformEndToEndIT.JSON.readTree(replay.body()).path("error").asString()).isEqualTo("invalid_grant");

        // the TOTP user: the password, then a code of the secret enrolled in Supabase
        ChromeDriver second = newBrowser();
        var flow = new OAuthTestClient(gateway, "web", CALLBACK).session();
        Chromium.openTowards(second, flow.authorizeUrl(), CALLBACK);
        waitFor(second).until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(email(totpUser));
        second.findElement(By.id("password")).sendKeys(DEMO_PASSWORD);
        second.findElement(By.cssSelector("form.login-form button[type=submit]:not(#passkey-signin)")).click();
        waitFor(second).until(ExpectedConditions.visibilityOfElementLocated(By.id("code")))
                .sendKeys(TotpTestCodes.code(secret, TotpTestCodes.step(Instant.now())));
        try {
            second.findElement(By.id("verify")).click();
        } catch (org.openqa.selenium.WebDriverException closedPort) {
            // the application's callback, where nothing listens
        }
        waitFor(second).until(ExpectedConditions.urlContains(CALLBACK));
        assertThat(PlatformEndToEndIT.claims(flow.finish(second.getCurrentUrl())))
                .contains("\"sub\":\"" + totpUser + "\"", "\"method\":\"totp\"", "\"aal\":\"aal2\"");

        // the passkey user: the same credential, in the browser's authenticator, picked from the sign-in page
        ChromeDriver third = newBrowser();
        Chromium.addPasskey(third, passkey);
        Chromium.passkeyAnswers(third, true);
        var byKey = new OAuthTestClient(gateway, "web", CALLBACK).session();
        Chromium.openTowards(third, byKey.authorizeUrl(), CALLBACK);
        waitFor(third).until(ExpectedConditions.urlContains(CALLBACK));
        assertThat(PlatformEndToEndIT.claims(byKey.finish(third.getCurrentUrl())))
                .contains("\"sub\":\"" + keyUser + "\"", "\"method\":\"webauthn\"");
    }

    static String email(UUID user) {
        return "carried-" + user + "@legacy.example";
    }

    static void update(Connection c, String sql, Object... values) throws Exception {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                st.setObject(i + 1, values[i]);
            }
            st.executeUpdate();
        }
    }
}
