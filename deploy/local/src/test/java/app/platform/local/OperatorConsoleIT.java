package app.platform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import app.platform.testkit.Chromium;
import app.platform.testkit.OAuthTestClient;
import app.platform.testkit.PageChecks;
import app.platform.testkit.Operator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
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
    Operator operatorApp;

    @BeforeEach
    void operatorAndChromium() throws Exception {
        operator = signUp("operator");
        makeAdmin(operator);
        operatorApp = Operator.enrol(gateway, operator, PASSWORD);
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

    /**
     * The runbook from the console on the demo legacy database, every step confirmed in its dialog: freeze (the legacy
     * app's role can no longer write), unfreeze (it writes again), freeze again, drain (repeated until the capture
     * and the importers are past the fence), verify (its progress, then the verdict), finalize. After the cutover
     * classes ({@code CutoverEndToEndIT} is {@code @Order(1)}), so this is where the shared platform's cutover ends;
     * the reverse stream runs from here, and {@code FailbackEndToEndIT} (last) fails back.
     */
    @Test
    void theOperatorRunsTheCutoverRunbookFromTheConsole() throws Exception {
        openAdmin();
        browser.findElement(By.cssSelector("nav a[href='#cutover']")).click();
        assertThat(browser.findElement(By.id("cutover-state")).getText()).isEqualTo("capturing");
        assertThat(browser.findElement(By.id("cutover-status")).getText()).contains("Capture configured");
        assertThat(browser.findElements(By.cssSelector("#preflight tbody tr"))).isNotEmpty();

        step("freeze", "frozen", "read-only", "can be undone");
        assertThatThrownBy(OperatorConsoleIT::legacyAppWrites).as("the legacy app's role is read-only")
                .hasMessageContaining("read-only transaction");
        step("unfreeze", "capturing", "writable again", "can be undone");
        legacyAppWrites();
        step("freeze", "frozen", "read-only", "can be undone");

        // drain answers 409 with its progress until the capture and every importer are past the fence
        await("drained from the console").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    step("drain", null, "past the fence", "changes nothing");
                    return awaitState(Duration.ofSeconds(5)).equals("drained");
                });
        step("verify", "verified", "Compares every captured table", "can be repeated");
        // the console's status refresh can show the state before its follow of the job reads the verdict (1 s polls)
        awaitText(browser, By.id("verification"), "Matched at the fence");
        assertThat(browser.findElement(By.id("verification")).getText()).contains("the cutover is verified");
        step("finalize", "finalized", "capture stops for good", "cannot be undone");
        assertThat(browser.findElement(By.id("cutover-steps")).getText()).contains("no step is left");
        assertThat(browser.findElements(By.cssSelector("#cutover-steps button"))).isEmpty();

        // the slot kept for the soak (FailbackEndToEndIT, last, fails back and drops it)
        assertThat(cutoverState(operatorApp.token())).isEqualTo("finalized");
    }

    /**
     * Clicks a runbook step's button, checks that its dialog says what the step does and whether it can be undone,
     * confirms it, and waits for the state it leads to (when given).
     */
    private void step(String key, String leadsTo, String does, String undo) {
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("cutover-" + key))).click();
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("confirm-step")));
        assertThat(browser.findElement(By.tagName("dialog")).getText()).contains(does, undo);
        PageChecks.check(browser, "admin-cutover-" + key);
        browser.findElement(By.id("confirm-step")).click();
        if (leadsTo != null) {
            new WebDriverWait(browser, Duration.ofMinutes(2))
                    .until(ExpectedConditions.textToBe(By.id("cutover-state"), leadsTo));
        }
    }

    /**
     * The state on screen once the drain answered, within {@code atMost}: drained, or still frozen once its button is
     * usable again (the console marks it {@code aria-disabled} while its step runs).
     */
    private String awaitState(Duration atMost) {
        new WebDriverWait(browser, atMost).ignoring(StaleElementReferenceException.class).until(d -> {
            List<WebElement> drain = d.findElements(By.id("cutover-drain"));
            return d.findElement(By.id("cutover-state")).getText().equals("drained")
                    || !drain.isEmpty() && drain.getFirst().getAttribute("aria-disabled") == null;
        });
        return browser.findElement(By.id("cutover-state")).getText();
    }

    /** A write as the legacy app makes them, under its own role (PostgREST's {@code authenticator}). */
    private static void legacyAppWrites() throws Exception {
        try (Connection c = DriverManager.getConnection(SharedPlatform.get().platform.legacyJdbcUrl(), "authenticator",
                "authenticator")) {
            c.createStatement().execute("INSERT INTO public.system_audit_logs (action, actor_id, created_at) "
                    + "VALUES ('console.check', 'operator', now())");
        }
    }

    @Test
    void everySectionPassesTheAccessibilityCheck() throws Exception {
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

    private static String cutoverState(String token) throws Exception {
        return JsonMapper.builder().build().readTree(PlatformEndToEndIT.get("/api/cutover/admin/status", token).body())
                .get("state").asString();
    }

    /** Opens the operator console, which sends the browser to the sign-in page: the password, then the code. */
    private void openAdmin() throws InterruptedException {
        browser.get(gateway + "/admin/");
        signIn(browser, operator);
        waitFor(browser).until(ExpectedConditions.urlContains("/login/totp"));
        browser.findElement(By.id("code")).sendKeys(operatorApp.nextCode());
        browser.findElement(By.id("verify")).click();
        waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#app[aria-busy=false] #users")));
    }



}
