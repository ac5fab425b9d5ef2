package app.platform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.testkit.Chromium;
import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.PageChecks;
import app.platform.testkit.TotpTestCodes;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator console ({@code /admin/}) as an operator uses it, in Debian's Chromium through the gateway's port
 * only: an admin with TOTP switched on, whose console sign-in asks for the code ({@code acr_values=aal2}, the step-up
 * the admin APIs need). Each journey has its own operator; axe-core checks every section.
 */
class OperatorConsoleIT extends BrowserJourney {

    static final String CALLBACK = "http://127.0.0.1:8080/callback";
    static final List<String> SECTIONS = List.of("users", "queue", "kyc", "payouts", "disputes", "alerts", "audit",
            "cutover");
    ChromeDriver browser;
    String operator;
    String secret;
    long lastStep;

    @BeforeEach
    void operatorAndChromium() throws Exception {
        operator = signUp("operator");
        makeAdmin(operator);
        secret = Operators.totpSecret(gateway, operator, PASSWORD);
        lastStep = TotpTestCodes.step(Instant.now()); // the confirmation's step, or a later one
        browser = newBrowser();
    }


    @Test
    void anOperatorBansAMemberWhoseOpenBrowserSessionThenEnds() throws Exception {
        String member = signUp("member");
        ChromeDriver memberBrowser = newBrowser();
        memberBrowser.get(gateway + "/account/");
        signIn(memberBrowser, member);
        waitFor(memberBrowser).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#app[aria-busy=false] #profile")));

        openAdmin();
        browser.findElement(By.id("user-query")).sendKeys(member);
        browser.findElement(By.id("user-search")).click();
        By rows = By.cssSelector("#user-list tbody tr");
        waitFor(browser).until(ExpectedConditions.numberOfElementsToBe(rows, 1)); // the first page listed more
        WebElement row = browser.findElement(rows);
        assertThat(row.getText()).contains(member, "Active");
        row.findElement(By.cssSelector("button.ban")).click();
        waitFor(browser).until(ExpectedConditions.alertIsPresent()).accept();
        awaitText(browser, By.id("status"), member + " is banned.");
        assertThat(browser.findElement(rows).getText()).contains("Banned for good");
        assertThat(browser.findElements(By.cssSelector("#user-list button.unban"))).hasSize(1);

        // the ban ended the member's browser session: their console, reloaded, lands on the sign-in page, which
        // refuses them from then on
        memberBrowser.navigate().refresh();
        waitFor(memberBrowser).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertThat(memberBrowser.getCurrentUrl()).contains("/login");
        signIn(memberBrowser, member);
        awaitText(memberBrowser, By.id("error"), "cannot sign in");
        assertThatThrownBy(() -> new OAuthTestClient(gateway, "web", CALLBACK).signIn(member, PASSWORD))
                .isInstanceOf(OAuthTestClient.BadCredentials.class);
    }

    @Test
    void theOperatorFollowsTheCutoverAndRunsAReversibleStep() throws Exception {
        openAdmin();
        browser.findElement(By.cssSelector("nav a[href='#cutover']")).click();
        String state = browser.findElement(By.id("cutover-state")).getText();
        assertThat(browser.findElement(By.id("cutover-status")).getText()).contains("Capture configured");
        assertThat(browser.findElements(By.cssSelector("#preflight tbody tr"))).isNotEmpty();
        if (!state.equals("capturing")) {
            // CutoverEndToEndIT (@Order(1)) ran first on the shared platform and finalized its cutover: no step is left
            assertThat(state).isIn("finalized", "rolled_back");
            assertThat(browser.findElements(By.cssSelector("#cutover-steps button"))).isEmpty();
            assertThat(cutoverState(steppedUpToken())).isEqualTo(state);
            return;
        }

        String token;
        try {
            browser.findElement(By.id("cutover-freeze")).click();
            waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("confirm-step")));
            assertThat(browser.findElement(By.tagName("dialog")).getText()).contains("read-only", "can be undone");
            PageChecks.check(browser, "admin-cutover-step");
            browser.findElement(By.id("confirm-step")).click();
            awaitText(browser, By.id("cutover-state"), "frozen");

            waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("cutover-unfreeze"))).click();
            waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("confirm-step"))).click();
            awaitText(browser, By.id("cutover-state"), "capturing");
        } finally {
            // leaves the platform as it found it, whatever happened above: other classes run after this one
            token = steppedUpToken();
            if (!cutoverState(token).equals("capturing")) {
                PlatformEndToEndIT.HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/cutover/admin/unfreeze"))
                        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        }
        assertThat(cutoverState(token)).isEqualTo("capturing");
    }

    @Test
    void everySectionPassesTheAccessibilityCheck() {
        openAdmin();
        browser.findElement(By.id("verify-chain")).click();
        waitFor(browser).until(ExpectedConditions.textMatches(By.id("chain-result"), Pattern.compile("Intact|Broken")));
        for (String section : SECTIONS) {
            browser.findElement(By.cssSelector("nav a[href='#" + section + "']")).click();
            assertThat(browser.findElement(By.cssSelector("section[aria-labelledby='" + section + "']")).getText())
                    .as(section).doesNotContain("Loading…", "did not load", "Not available");
            PageChecks.check(browser, "admin-" + section);
        }
    }



    /** An operator, as the platform makes one: the admin role in identity's {@code app_metadata}. */
    private static void makeAdmin(String email) throws Exception {
        String jdbcUrl = SharedPlatform.get().platform.jdbcUrl();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             PreparedStatement update = c.prepareStatement("UPDATE identity.users "
                     + "SET app_metadata = app_metadata || '{\"role\":\"admin\"}' WHERE email = ?")) {
            update.setString(1, email);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    /**
     * The operator's authenticator app: the code of a later step than the last one used (each is accepted once),
     * waiting when that step is more than one ahead of the clock (the most the server takes).
     */
    private String nextCode() {
        long step = Math.max(lastStep + 1, TotpTestCodes.step(Instant.now()));
        PlatformEndToEndIT.awaitTrue(() -> TotpTestCodes.step(Instant.now()) + 1 >= step, Duration.ofSeconds(40));
        lastStep = step;
        return TotpTestCodes.code(secret, step);
    }

    /** The operator's access token for the admin APIs: password and code. */
    private String steppedUpToken() {
        return new OAuthTestClient(gateway, "web", CALLBACK).signIn(operator, PASSWORD, this::nextCode)
                .get("access_token").asString();
    }

    private static String cutoverState(String token) throws Exception {
        return JsonMapper.builder().build().readTree(PlatformEndToEndIT.get("/api/cutover/admin/status", token).body())
                .get("state").asString();
    }

    /** Opens the operator console, which sends the browser to the sign-in page: the password, then the code. */
    private void openAdmin() {
        browser.get(gateway + "/admin/");
        signIn(browser, operator);
        waitFor(browser).until(ExpectedConditions.urlContains("/login/totp"));
        browser.findElement(By.id("code")).sendKeys(nextCode());
        browser.findElement(By.id("verify")).click();
        waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#app[aria-busy=false] #users")));
    }



}
