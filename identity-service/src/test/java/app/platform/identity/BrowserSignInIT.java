package app.platform.identity;

import static app.platform.identity.IdentityApi.bearer;
import static app.platform.identity.IdentityApi.claims;
import static org.assertj.core.api.Assertions.assertThat;

import app.platform.testkit.Chromium;
import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.PageChecks;
import app.platform.testkit.RealInfrastructure;
import app.platform.testkit.TotpTestCodes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The hosted sign-in page in Debian's Chromium (headless, driven through chromedriver): password sign-in, the
 * TOTP step, and a passkey registered and then used through Chrome's virtual authenticator (CDP WebAuthn domain):
 * alone, and as the security key of the second step.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class BrowserSignInIT {

    static final int PORT = FixedOrigin.freePort();
    static final String ORIGIN = "http://localhost:" + PORT;
    static final String CALLBACK = "http://127.0.0.1:8080/callback";

    @DynamicPropertySource
    static void origin(DynamicPropertyRegistry registry) {
        FixedOrigin.register(registry, PORT);
    }

    @Autowired
    JdbcClient jdbc;
    ChromeDriver browser;

    @BeforeEach
    void chromium() {
        browser = Chromium.start();
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void passwordThenTotpThenPasskeyInARealBrowser() {
        String userId = IdentityApi.signUp(PORT, jdbc, "browser@example.com", "long enough pass");

        // 1. password
        var flow = client().session();
        browser.get(flow.authorizeUrl());
        typePassword();
        JsonNode password = flow.finish(callback());
        assertThat(claims(password)).containsEntry("sub", userId).containsEntry("aal", "aal1");

        // switch TOTP on through the API
        var http = IdentityApi.lenient(PORT);
        String secret = (String) http.post().uri("/api/identity/two-factor/totp").header("Authorization", bearer(password))
                .retrieve().body(Map.class).get("secret");
        long step = TotpTestCodes.step(Instant.now());
        http.post().uri("/api/identity/two-factor/totp/confirm").header("Authorization", bearer(password))
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("code", TotpTestCodes.code(secret, step))).retrieve().toBodilessEntity();

        // 2. register a passkey on the hosted page while signed in
        browser.get(ORIGIN + "/passkeys/new?next=/signup");
        PageChecks.check(browser, "passkey-new-en");
        browser.findElement(By.id("label")).sendKeys("Chromium");
        browser.findElement(By.id("register")).click();
        // the page goes on to next once it is made
        waitFor().until(ExpectedConditions.not(ExpectedConditions.urlContains("/passkeys/new")));
        assertThat(jdbc.sql("SELECT label FROM user_credentials").query(String.class).list()).containsExactly("Chromium");

        // 3. password and the TOTP step (the person ignores the passkey their browser offers in the user-name field)
        signOutOfTheBrowser();
        Chromium.passkeyAnswers(browser, false);
        var totpFlow = client().session();
        browser.get(totpFlow.authorizeUrl());
        typePassword();
        waitFor().until(ExpectedConditions.urlContains("/login/totp"));
        PageChecks.check(browser, "second-step-en");
        browser.findElement(By.id("code")).sendKeys(TotpTestCodes.code(secret, step + 1));
        browser.findElement(By.id("verify")).click();
        Map<String, Object> twoStep = claims(totpFlow.finish(callback()));
        assertThat(twoStep).containsEntry("sub", userId).containsEntry("aal", "aal2");
        assertThat(twoStep.get("amr").toString()).contains("method=totp");

        // 4. the passkey alone, chosen from the user-name field's autofill: no e-mail, no password, no code
        signOutOfTheBrowser();
        Chromium.passkeyAnswers(browser, true);
        var autofillFlow = client().session();
        Chromium.openTowards(browser, autofillFlow.authorizeUrl(), CALLBACK);
        Map<String, Object> autofill = claims(autofillFlow.finish(callback()));
        assertThat(autofill).containsEntry("sub", userId).containsEntry("aal", "aal2");
        assertThat(autofill.get("amr").toString()).contains("method=webauthn");

        // 5. the same with the passkey button, in a browser without passkey autofill
        signOutOfTheBrowser();
        Chromium.withoutPasskeyAutofill(browser);
        var passkeyFlow = client().session();
        browser.get(passkeyFlow.authorizeUrl());
        waitFor().until(ExpectedConditions.elementToBeClickable(By.id("passkey-signin"))).click();
        Map<String, Object> passkey = claims(passkeyFlow.finish(callback()));
        assertThat(passkey).containsEntry("sub", userId).containsEntry("aal", "aal2");

        // 6. password, then the passkey as a security key on the second step; a forged answer is refused first
        signOutOfTheBrowser();
        var keyFlow = client().session();
        browser.get(keyFlow.authorizeUrl());
        typePassword();
        waitFor().until(ExpectedConditions.urlContains("/login/totp"));
        assertThat(forgedSecurityKeyAnswer()).startsWith("400 application/problem+json");
        waitFor().until(ExpectedConditions.elementToBeClickable(By.id("security-key"))).click();
        Map<String, Object> key = claims(keyFlow.finish(callback()));
        assertThat(key).containsEntry("sub", userId).containsEntry("aal", "aal2");
        assertThat(key.get("amr").toString()).contains("method=password").contains("method=security_key");
    }

    /** From the second-step page: asks for the key's options, then posts an answer no authenticator made. */
    private String forgedSecurityKeyAnswer() {
        return (String) browser.executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                var headers = { "Content-Type": "application/json" };
                headers[document.querySelector('meta[name="_csrf_header"]').content] =
                    document.querySelector('meta[name="_csrf"]').content;
                fetch("/login/totp/security-key/options", { method: "POST", headers: headers })
                  .then(function () {
                    return fetch("/login/totp/security-key", { method: "POST", headers: headers,
                      body: JSON.stringify({ id: "AAAA", rawId: "AAAA", credType: "public-key",
                        response: { authenticatorData: "AAAA", clientDataJSON: "AAAA", signature: "AAAA" } }) });
                  })
                  .then(function (r) { return r.text().then(function (b) {
                    done(r.status + " " + r.headers.get("content-type") + " " + b); }); });
                """);
    }

    private void signOutOfTheBrowser() {
        Chromium.clearCookies(browser);
    }

    private void typePassword() {
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("browser@example.com");
        browser.findElement(By.id("password")).sendKeys("long enough pass");
        browser.findElement(By.cssSelector("form.login-form button[type=submit]:not(#passkey-signin)")).click();
    }

    /** Waits for the redirect to the client's callback and returns it (nothing listens there; the URL is enough). */
    private String callback() {
        waitFor().until(ExpectedConditions.urlContains(CALLBACK));
        return browser.getCurrentUrl();
    }

    private WebDriverWait waitFor() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    private static OAuthTestClient client() {
        return new OAuthTestClient(ORIGIN, "bff", "local-bff-secret", CALLBACK);
    }

}
