package app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.testkit.Chromium;
import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.PageChecks;
import app.platform.testkit.RealInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every hosted page in Debian's Chromium, in English and French: no serious or critical accessibility violation
 * (axe-core), a screenshot each under {@code target/screenshots/}, the brand from configuration, the language from
 * {@code ?lang=}, {@code ui_locales} or {@code Accept-Language}, and a CSP that allows no inline script; and the
 * consent page of a third party's application, allowed and denied.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "identity.branding.product-name=Acme Club", "identity.branding.primary-color=#7c2d12",
        "identity.branding.support-url=https://help.acme.example/",
        "spring.security.oauth2.authorizationserver.client.partner.registration.client-id=partner",
        "spring.security.oauth2.authorizationserver.client.partner.registration.client-name=Partner Shop",
        "spring.security.oauth2.authorizationserver.client.partner.registration.client-authentication-methods=none",
        "spring.security.oauth2.authorizationserver.client.partner.registration.authorization-grant-types=authorization_code",
        "spring.security.oauth2.authorizationserver.client.partner.registration.redirect-uris=http://127.0.0.1:8080/partner",
        "spring.security.oauth2.authorizationserver.client.partner.registration.scopes=openid,profile,email",
        "spring.security.oauth2.authorizationserver.client.partner.require-proof-key=true",
        "spring.security.oauth2.authorizationserver.client.partner.require-authorization-consent=true"})
class HostedPagesIT {

    static final int PORT = FixedOrigin.freePort();
    static final String ORIGIN = "http://localhost:" + PORT;

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
        Chromium.passkeyAnswers(browser, false); // no passkey offered: this browser types passwords
    }

    @AfterEach
    void close() {
        browser.quit();
    }

    @Test
    void everyPageIsAccessibleInEnglishAndFrenchAndBranded() {
        Map<String, String> pages = Map.of("sign-in", "/login", "sign-up", "/signup", "forgot-password",
                "/forgot-password", "reset-password", "/reset-password?token=t", "verify-email", "/verify-email?token=t",
                "sign-out", "/logout", "challenge", "/login/challenge?token=a.1.16.b&bits=16", "error", "/oauth2/authorize?client_id=nobody&response_type=code",
                "sign-in-error", "/login?error", "signed-out-by-ban", "/login?ended");
        pages.forEach((name, path) -> {
            for (String lang : new String[] {"en", "fr"}) {
                browser.get(ORIGIN + path + (path.contains("?") ? "&" : "?") + "lang=" + lang);
                waitFor().withMessage(() -> name + " shows " + browser.getPageSource())
                        .until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1")));
                assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).as(name + " at " + browser.getCurrentUrl()).isEqualTo(lang);
                assertThat(browser.findElement(By.cssSelector(".brand")).getText()).as(name).isEqualTo("Acme Club");
                PageChecks.check(browser, name + "-" + lang);
            }
        });
        // the error page's language links name the address that failed, not the error page's own
        browser.get(ORIGIN + "/oauth2/authorize?client_id=nobody&response_type=code&lang=en");
        assertThat(waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".languages a[hreflang=fr]")))
                .getDomAttribute("href")).isEqualTo("/oauth2/authorize?client_id=nobody&response_type=code&lang=fr");
        browser.findElement(By.cssSelector(".languages a[hreflang=fr]")).click();
        waitFor().until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "fr"));
        assertThat(browser.getCurrentUrl()).endsWith("/oauth2/authorize?client_id=nobody&response_type=code&lang=fr");
        // the choice is kept for the session; the brand's colour comes from configuration
        browser.get(ORIGIN + "/login");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Connexion");
        assertThat(browser.findElement(By.cssSelector(".bar")).getCssValue("background-color")).isEqualTo("rgba(124, 45, 18, 1)");
        assertThat(browser.findElement(By.id("support")).getDomAttribute("href")).isEqualTo("https://help.acme.example/");
    }

    @Test
    void theLanguageFollowsTheApplicationsUiLocalesThenTheBrowsers() throws Exception {
        var flow = new OAuthTestClient(ORIGIN, "web", "http://127.0.0.1:8080/callback").session();
        browser.get(flow.authorizeUrl() + "&ui_locales=fr-CA%20en");
        assertThat(waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1"))).getText())
                .isEqualTo("Connexion");
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ORIGIN + "/login"))
                .header("Accept-Language", "de-DE, fr;q=0.8, en;q=0.5").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("<html lang=\"fr\"").contains("Mot de passe");
        // a strict CSP: no inline script or style can run, nothing frames the page
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("script-src 'self';", "style-src 'self';", "frame-ancestors 'none'").doesNotContain("unsafe"));
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=");
        // the stylesheet and script have their content's hash in their names, and are cached for a year
        String css = page.body().replaceAll("(?s).*href=\"(/assets/identity-[0-9a-f]{32}\\.css)\".*", "$1");
        HttpResponse<Void> asset = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ORIGIN + css)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(asset.statusCode()).as(css).isEqualTo(200);
        assertThat(asset.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("max-age=31536000"));
    }

    /** A rule the server refuses input by is said in the page's language (the browser's own checks taken off). */
    @Test
    void aRefusedPasswordIsExplainedInThePagesLanguage() {
        for (String[] lang : new String[][] {{"fr", "Le mot de passe doit contenir au moins 12 caractères."},
                {"en", "The password must be at least 12 characters."}}) {
            browser.get(ORIGIN + "/signup?lang=" + lang[0]);
            waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("email"))).sendKeys("short-" + lang[0] + "@example.com");
            ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.getElementById('password').removeAttribute('minlength')");
            browser.findElement(By.id("password")).sendKeys("too short");
            browser.findElement(By.id("create")).click();
            assertThat(waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("error"))).getText())
                    .as(lang[0]).isEqualTo(lang[1]);
        }
    }

    /** A third party's application asks; the person sees its name and what it may do, and decides. */
    @Test
    void aThirdPartysApplicationAsksForConsent() {
        IdentityApi.signUp(PORT, jdbc, "consenting@example.com", "long enough pass");
        var partner = new OAuthTestClient(ORIGIN, "partner", "http://127.0.0.1:8080/partner").session();
        String authorize = partner.authorizeUrl().replace("scope=openid", "scope=openid+profile+email");
        browser.get(authorize);
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("consenting@example.com");
        browser.findElement(By.id("password")).sendKeys("long enough pass");
        browser.findElement(By.id("sign-in")).click();
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("allow")));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Partner Shop", "See your e-mail address");
        PageChecks.check(browser, "consent-en");

        browser.findElement(By.id("deny")).click();
        waitFor().until(ExpectedConditions.urlContains("/partner"));
        assertThat(browser.getCurrentUrl()).contains("error=access_denied");

        browser.get(authorize);
        browser.findElement(By.id("scope-email")).click(); // untick: the profile only
        browser.findElement(By.id("allow")).click();
        waitFor().until(ExpectedConditions.urlContains("/partner?code="));
        assertThat(jdbc.sql("SELECT authorities FROM oauth2_authorization_consent").query(String.class).single())
                .contains("SCOPE_profile").doesNotContain("SCOPE_email");
    }

    private WebDriverWait waitFor() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

}
