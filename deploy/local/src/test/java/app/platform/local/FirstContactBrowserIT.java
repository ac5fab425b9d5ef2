package app.platform.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.legacydemo.LegacyDemo;
import app.platform.testkit.Chromium;
import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.PageChecks;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The README's first steps as a person takes them, in Debian's Chromium, through the gateway's port only: open the
 * sign-in page and sign up, open the mailed link, sign in, call {@code GET /api/profile/me} from the API docs after
 * authorizing them with the browser's session, and sign in as demo legacy users with their Supabase passwords (one
 * over bcrypt's 72 bytes).
 */
@ExtendWith(SharedPlatform.class)
class FirstContactBrowserIT {

    static final String CALLBACK = "http://127.0.0.1:8080/callback";
    final String gateway = SharedPlatform.get().gateway;
    ChromeDriver browser;

    @BeforeEach
    void chromium() {
        browser = Chromium.start();
    }

    @AfterEach
    void close() {
        browser.quit();
    }

    @Test
    void signUpConfirmSignInAndCallTheApiFromTheDocs() throws Exception {
        String email = "newcomer-" + UUID.randomUUID() + "@example.com";

        // the sign-in page leads to sign-up
        browser.get(gateway + "/login");
        PageChecks.check(browser, "e2e-sign-in");
        waitFor().until(ExpectedConditions.elementToBeClickable(By.id("sign-up"))).click();
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("email"))).sendKeys(email);
        // Enter in the password field, as people do: it submits the form's first button (the passkey's), and the
        // password typed in makes it a sign-up with the password (it made a passkey account)
        browser.findElement(By.id("password")).sendKeys("a long enough password" + Keys.ENTER);
        assertThat(waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("message"))).getText())
                .contains("Check your mail").doesNotContain("passkey");

        // the mailed link opens a page of the gateway's, whose button confirms the address
        String link = PlatformEndToEndIT.awaitMail(email, Pattern.compile("(http\\S+/verify-email\\?token=[A-Za-z0-9_-]+)"),
                Duration.ofSeconds(30)).group(1);
        assertThat(link).startsWith(gateway + "/verify-email?token=");
        browser.get(link);
        waitFor().until(ExpectedConditions.elementToBeClickable(By.id("confirm"))).click();
        assertThat(waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("message"))).getText())
                .contains("confirmed");

        // sign in; with no application asking, the sign-in lands on the API docs
        browser.findElement(By.id("sign-in")).click();
        signIn(email, "a long enough password");
        waitFor().until(ExpectedConditions.urlContains("/swagger-ui/index.html"));

        // the profile document; Authorize: the docs' own client signs in with the browser's session (code + PKCE in
        // a pop-up)
        new Select(waitFor().until(ExpectedConditions.elementToBeClickable(By.cssSelector(".topbar select"))))
                .selectByVisibleText("profile");
        waitFor().until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.authorize"))).click();
        WebElement signInScheme = waitFor().until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//div[contains(@class,'auth-container')][.//h4[contains(.,'signIn')]]")));
        signInScheme.findElements(By.cssSelector("input[type=checkbox]")).forEach(scope -> {
            if (!scope.isSelected()) {
                scope.click();
            }
        });
        signInScheme.findElement(By.cssSelector("button.authorize")).click();
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//div[contains(@class,'auth-container')][.//h4[contains(.,'signIn')]]//button[contains(.,'Logout')]")));
        browser.findElement(By.cssSelector("button.close-modal")).click();

        // GET /api/profile/me: 200 and the new user
        waitFor().until(ExpectedConditions.elementToBeClickable(
                By.xpath("//*[contains(@class,'opblock-get')]//*[@data-path='/api/profile/me']"))).click();
        waitFor().until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.try-out__btn"))).click();
        String status = "";
        for (int attempt = 0; attempt < 10 && !status.equals("200"); attempt++) {
            // the app user is made from the sign-up's event; it may still be on its way
            waitFor().until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.execute"))).click();
            status = waitFor().until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector(".live-responses-table tr.response .response-col_status"))).getText().trim();
        }
        assertThat(status).isEqualTo("200");
        assertThat(browser.findElement(By.cssSelector(".live-responses-table tr.response .microlight")).getText()).contains(email);
    }

    @Test
    void demoLegacyUsersSignInWithTheirSupabasePasswordsEvenOneOver72Bytes() throws Exception {
        for (int n : new int[] {1, 3}) {
            String email = "user" + n + "@demo.example";
            PlatformEndToEndIT.awaitTrue(() -> PlatformEndToEndIT.count(
                    "SELECT count(*) FROM identity.users WHERE email = '" + email + "'") == 1, Duration.ofSeconds(60));
            Chromium.clearCookies(browser);
            var flow = new OAuthTestClient(gateway, "web", CALLBACK).session();
            browser.get(flow.authorizeUrl());
            signIn(email, LegacyDemo.password(n));
            waitFor().until(ExpectedConditions.urlContains(CALLBACK));
            var tokens = flow.finish(browser.getCurrentUrl());
            assertThat(PlatformEndToEndIT.claims(tokens)).as(email).contains("\"email\":\"" + email + "\"");
            // an imported KYC row reads, and says what the legacy row lacked (its documents have no country)
            String token = tokens.get("access_token").asString();
            PlatformEndToEndIT.awaitTrue(() -> kyc(token).startsWith("200 ") && kyc(token).contains("documents[0].country"),
                    Duration.ofSeconds(60));
        }
    }

    /**
     * Someone guesses at an account until its back-offs are spent; its owner is then not locked out: the sign-in
     * page sends them to the challenge page, whose script does the proof of work, and they are signed in.
     */
    @Test
    void theOwnerOfAnAccountUnderGuessingSignsInThroughTheChallengePage() throws Exception {
        String email = "guessed-" + UUID.randomUUID() + "@example.com";
        assertThat(PlatformEndToEndIT.signUp(email).statusCode()).isEqualTo(202);
        var guesser = new OAuthTestClient(gateway, "web", CALLBACK);
        // five free failures, then three back-offs (1, 2 and 4 s), then challenges
        org.awaitility.Awaitility.await("the account is challenged").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    try {
                        guesser.signIn(email, "a wrong guess, again");
                        throw new AssertionError("a wrong password signed in");
                    } catch (OAuthTestClient.BadCredentials counted) {
                        return false;
                    } catch (OAuthTestClient.TooManyAttempts refused) {
                        return refused.challenge != null;
                    }
                });

        var flow = guesser.session();
        browser.get(flow.authorizeUrl());
        signIn(email, "a long enough password");
        waitFor().until(ExpectedConditions.urlContains("/login/challenge"));
        assertThat(browser.findElement(By.id("why")).getText()).contains("short check");
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys("a long enough password");
        browser.findElement(By.id("sign-in")).click();
        new WebDriverWait(browser, Duration.ofSeconds(90)).until(ExpectedConditions.urlContains(CALLBACK));
        assertThat(PlatformEndToEndIT.claims(flow.finish(browser.getCurrentUrl()))).contains("\"email\":\"" + email + "\"");
    }

    /**
     * Passkey first, through the gateway: sign up with the address alone, open the mailed link, create the passkey
     * there (Chromium's virtual authenticator), sign out on the sign-out page, then sign in to an application from
     * the user-name field's passkey autofill: no password ever.
     */
    @Test
    void signUpWithAPasskeyOnlySignOutAndSignInFromTheAutofill() throws Exception {
        String email = "passkey-" + UUID.randomUUID() + "@example.com";
        browser.get(gateway + "/signup");
        PageChecks.check(browser, "e2e-sign-up");
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("email"))).sendKeys(email);
        browser.findElement(By.id("create-passkey")).click();
        assertThat(waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("message"))).getText())
                .contains("Check your mail", "passkey");

        String link = PlatformEndToEndIT.awaitMail(email, Pattern.compile("(http\\S+/verify-email\\?token=[A-Za-z0-9_-]+)"),
                Duration.ofSeconds(30)).group(1);
        browser.get(link);
        waitFor().until(ExpectedConditions.elementToBeClickable(By.id("confirm"))).click();
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("label"))).sendKeys("Chromium");
        PageChecks.check(browser, "e2e-passkey-first");
        browser.findElement(By.id("register")).click();
        waitFor().until(ExpectedConditions.urlContains("/swagger-ui/index.html")); // made: on to the home page

        Chromium.passkeyAnswers(browser, false); // the sign-in page the sign-out lands on would take the passkey at once
        browser.get(gateway + "/logout");
        PageChecks.check(browser, "e2e-sign-out");
        browser.findElement(By.id("sign-out")).click();
        assertThat(waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("message"))).getText())
                .contains("signed out");

        // an application asks; its sign-in page's user-name field offers the passkey, and the person picks it (the
        // virtual authenticator, at once)
        Chromium.passkeyAnswers(browser, true);
        var flow = new OAuthTestClient(gateway, "web", CALLBACK).session();
        Chromium.openTowards(browser, flow.authorizeUrl(), CALLBACK);
        waitFor().until(ExpectedConditions.urlContains(CALLBACK));
        String claims = PlatformEndToEndIT.claims(flow.finish(browser.getCurrentUrl()));
        assertThat(claims).contains("\"email\":\"" + email + "\"", "\"method\":\"webauthn\"", "\"aal\":\"aal2\"");
        assertThat(PlatformEndToEndIT.count("SELECT count(*) FROM identity.account a JOIN identity.users u ON u.id = a.user_id"
                + " WHERE u.email = '" + email + "'")).as("no password, nothing linked").isZero();
    }

    /** A password the server refuses (the browser's own check taken off) is explained in the page's language. */
    @Test
    void aRefusedPasswordIsExplainedInFrenchThroughTheGateway() {
        browser.get(gateway + "/signup?lang=fr");
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("email")))
                .sendKeys("court-" + UUID.randomUUID() + "@example.com");
        browser.executeScript("document.getElementById('password').removeAttribute('minlength')");
        browser.findElement(By.id("password")).sendKeys("trop court");
        browser.findElement(By.id("create")).click();
        assertThat(waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("error"))).getText())
                .isEqualTo("Le mot de passe doit contenir au moins 12 caractères.");
    }

    /** {@code GET /api/membership/me/kyc}: its status and body, as text. */
    private static String kyc(String token) {
        try {
            var answer = PlatformEndToEndIT.get("/api/membership/me/kyc", token);
            return answer.statusCode() + " " + answer.body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void signIn(String email, String password) {
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("form.login-form button[type=submit]:not(#passkey-signin)")).click();
    }

    private WebDriverWait waitFor() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }
}
