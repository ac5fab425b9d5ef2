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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The account console ({@code /account/}) as its owner uses it, in Debian's Chromium through the gateway's port
 * only: the console signs in as the public client {@code console} (code + PKCE, the hosted sign-in page) and then
 * calls nothing but the public APIs. Each journey is a new user; axe-core checks the console's states on the way.
 */
class AccountConsoleIT extends BrowserJourney {

    static final String CALLBACK = "http://127.0.0.1:8080/callback";
    ChromeDriver browser;

    @BeforeEach
    void chromium() {
        browser = newBrowser();
    }


    @Test
    void editsTheProfileContactsAndAddressesFromTheConsole() throws Exception {
        String email = signUp("console-profile");
        openConsole(browser, email);
        PageChecks.check(browser, "console-account");

        WebElement displayName = browser.findElement(By.id("profile-displayName"));
        displayName.clear();
        displayName.sendKeys("Ada Console");
        browser.findElement(By.id("save-profile")).click();
        awaitStatus(browser, "Your profile is saved.");

        new Select(browser.findElement(By.id("contact-kind"))).selectByValue("phone");
        new Select(browser.findElement(By.id("contact-type"))).selectByValue("mobile");
        browser.findElement(By.id("contact-value")).sendKeys("+33 6 12 34 56 78");
        browser.findElement(By.id("add-contact")).click();
        awaitStatus(browser, "is added.");
        assertThat(browser.findElement(By.id("contacts")).getText()).contains("+33612345678", "Primary");

        new Select(browser.findElement(By.id("address-type"))).selectByValue("home");
        browser.findElement(By.id("address-line1")).sendKeys("12 rue des Lilas");
        browser.findElement(By.id("address-postalCode")).sendKeys("69003");
        browser.findElement(By.id("address-city")).sendKeys("Lyon");
        browser.findElement(By.id("address-country")).sendKeys("FR");
        browser.findElement(By.id("add-address")).click();
        awaitStatus(browser, "The address is added.");
        assertThat(browser.findElement(By.id("addresses")).getText()).contains("12 rue des Lilas", "69003 Lyon", "Default");

        // stored: read back through the API with a token of another client
        String token = new OAuthTestClient(gateway, "web", CALLBACK).signIn(email, PASSWORD).get("access_token").asString();
        assertThat(PlatformEndToEndIT.get("/api/profile/me/profile", token).body())
                .contains("\"displayName\":\"Ada Console\"");
        assertThat(PlatformEndToEndIT.get("/api/profile/me/contacts", token).body())
                .contains("\"kind\":\"phone\"", "\"type\":\"mobile\"", "\"value\":\"+33612345678\"", "\"primary\":true");
        assertThat(PlatformEndToEndIT.get("/api/profile/me/addresses", token).body())
                .contains("\"line1\":\"12 rue des Lilas\"", "\"city\":\"Lyon\"", "\"country\":\"FR\"",
                        "\"isDefault\":true");
    }

    @Test
    void enrolsTotpThenSignsInWithACodeAndWithABackupCode() throws Exception {
        String email = signUp("console-totp");
        openConsole(browser, email);

        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("totp-start"))).click();
        String secret = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("totp-secret")))
                .getText().trim();
        PageChecks.check(browser, "console-totp-enrolment");
        long step = TotpTestCodes.step(Instant.now());
        browser.findElement(By.id("totp-code")).sendKeys(TotpTestCodes.code(secret, step));
        browser.findElement(By.id("totp-confirm")).click();
        List<WebElement> codes = waitFor(browser).until(
                ExpectedConditions.numberOfElementsToBe(By.cssSelector("#backup-codes li"), 10));
        String backupCode = codes.getFirst().getText().trim();
        browser.findElement(By.id("backup-codes-saved")).click();
        awaitText(browser, By.id("two-factor-status"), "10 backup codes left");

        // signed out, the console's sign-in asks for the second step: a code of a later step than the enrolment's
        signOut(browser);
        browser.get(gateway + "/account/");
        signIn(browser, email);
        waitFor(browser).until(ExpectedConditions.urlContains("/login/totp"));
        browser.findElement(By.id("code"))
                .sendKeys(TotpTestCodes.code(secret, Math.max(step + 1, TotpTestCodes.step(Instant.now()))));
        browser.findElement(By.id("verify")).click();
        awaitConsole(browser);

        // and once with a backup code instead
        signOut(browser);
        browser.get(gateway + "/account/");
        signIn(browser, email);
        waitFor(browser).until(ExpectedConditions.urlContains("/login/totp"));
        browser.findElement(By.id("code")).sendKeys(backupCode);
        browser.findElement(By.id("verify")).click();
        awaitConsole(browser);
        awaitText(browser, By.id("two-factor-status"), "9 backup codes left");
    }

    @Test
    void signsOutAnotherDeviceFromTheConsole() throws Exception {
        String email = signUp("console-devices");
        ChromeDriver other = newBrowser();
        openConsole(other, email); // device B first: device A's console then lists both
        openConsole(browser, email);

        By rows = By.cssSelector("#session-list tbody tr");
        waitFor(browser).until(ExpectedConditions.numberOfElementsToBe(rows, 2));
        browser.findElement(By.id("sign-out-others")).click();
        awaitStatus(browser, "Signed out 1 other session.");
        assertThat(browser.findElements(rows)).hasSize(1);

        // device B's sign-in at identity is gone: its console sends it to the sign-in page
        other.navigate().refresh();
        waitFor(other).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertThat(other.getCurrentUrl()).contains("/login");
    }

    @Test
    void invitesSomeoneWhoAcceptsFromTheMailedLink() throws Exception {
        String owner = signUp("console-owner");
        String invitee = signUp("console-invitee");
        confirmAddress(invitee); // accepting needs a verified address

        openConsole(browser, owner);
        browser.findElement(By.id("organization-name")).sendKeys("Console Club");
        browser.findElement(By.id("create-organization")).click();
        awaitStatus(browser, "Console Club is created");
        WebElement invite = browser.findElement(By.cssSelector("form.invite"));
        invite.findElement(By.cssSelector("input[name=email]")).sendKeys(invitee);
        invite.findElement(By.cssSelector("button[type=submit]")).click();
        awaitStatus(browser, "Invitation sent to " + invitee);
        assertThat(browser.findElement(By.cssSelector("table.invitations")).getText()).contains(invitee);

        // the mailed link opens the console on the invitation, after the invitee signs in
        String link = PlatformEndToEndIT.awaitMail(invitee,
                Pattern.compile("(http\\S+/invitations\\?token=[A-Za-z0-9_-]+)"), Duration.ofSeconds(30)).group(1);
        ChromeDriver other = newBrowser();
        other.get(link);
        signIn(other, invitee);
        waitFor(other).until(ExpectedConditions.visibilityOfElementLocated(By.id("invitation")));
        awaitConsole(other);
        PageChecks.check(other, "console-invitation");
        other.findElement(By.id("accept-invitation")).click();
        awaitStatus(other, "You joined the organization as member.");
        assertThat(other.findElements(By.id("invitation"))).isEmpty();
        assertThat(other.findElement(By.id("organization-list")).getText()).contains("Console Club");

        // the owner sees the new member (through the API: the console's own reload is the sessions journey's)
        String ownerToken = new OAuthTestClient(gateway, "web", "http://127.0.0.1:8080/callback")
                .signIn(owner, PASSWORD).get("access_token").asString();
        String organizations = PlatformEndToEndIT.get("/api/identity/organizations", ownerToken).body();
        String id = organizations.replaceAll("(?s).*\"id\":\"([0-9a-f-]{36})\".*", "$1");
        assertThat(PlatformEndToEndIT.get("/api/identity/organizations/" + id + "/members", ownerToken).body())
                .contains(invitee);
    }

    @Test
    void downloadsMyDataAsJson() throws Exception {
        String email = signUp("console-data");
        Path downloads = Files.createTempDirectory("console-downloads");
        browser.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        openConsole(browser, email);

        browser.findElement(By.id("download-data")).click();
        Path file = downloads.resolve("my-data.json"); // Chromium renames its partial download to this once complete
        PlatformEndToEndIT.awaitTrue(() -> Files.exists(file), Duration.ofSeconds(30));
        JsonNode data = JsonMapper.builder().build().readTree(Files.readString(file));
        assertThat(data.path("exportedAt").asString()).isNotBlank();
        assertThat(data.path("profile").path("user").path("email").asString()).isEqualTo(email);
        assertThat(data.path("identity").path("sessions").isArray()).isTrue();
        assertThat(data.path("membership").has("kyc")).isTrue();
        assertThat(data.path("billing").has("subscriptions")).isTrue();
    }

    @Test
    void closesTheAccountAfterReadingWhatItMeans() throws Exception {
        String email = signUp("console-close");
        openConsole(browser, email);

        WebElement consequences = browser.findElement(By.id("close")).findElement(By.xpath(".."));
        assertThat(consequences.getText()).contains("every device", "cannot be undone");
        browser.findElement(By.id("close-password")).sendKeys(PASSWORD);
        browser.findElement(By.id("close-understood")).click();
        browser.findElement(By.id("close-account")).click();
        waitFor(browser).until(ExpectedConditions.urlContains("/login?ended"));

        assertThatThrownBy(() -> new OAuthTestClient(gateway, "web", CALLBACK).signIn(email, PASSWORD))
                .isInstanceOf(OAuthTestClient.BadCredentials.class);
        assertThat(PlatformEndToEndIT.count("SELECT count(*) FROM identity.users WHERE email = '" + email
                + "' AND deleted_at IS NOT NULL")).isEqualTo(1);
    }

    /** The new address is confirmed from its mail, and signs in from then on; the old one no longer does. */
    @Test
    void changesTheEmailAddressConfirmedFromTheNewAddressesMail() throws Exception {
        String email = signUp("mover");
        String moved = "moved-" + UUID.randomUUID() + "@example.com";
        ChromeDriver browser = newBrowser();
        openConsole(browser, email);
        browser.findElement(By.id("new-email")).sendKeys(moved);
        browser.findElement(By.id("email-password")).sendKeys(PASSWORD);
        browser.findElement(By.id("change-email")).click();
        awaitStatus(browser, "Check your mail");

        String link = PlatformEndToEndIT.awaitMail(moved, java.util.regex.Pattern.compile(
                "(http\\S+/confirm-email-change\\?token=[A-Za-z0-9_-]+)"), Duration.ofSeconds(30)).group(1);
        browser.get(link);
        PageChecks.check(browser, "confirm-email-change");
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("confirm"))).click();
        awaitText(browser, By.id("message"), "changed");

        var client = new OAuthTestClient(gateway, "web", "http://127.0.0.1:8080/callback");
        assertThat(PlatformEndToEndIT.claims(client.signIn(moved, PASSWORD))).contains("\"email\":\"" + moved + "\"");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.signIn(email, PASSWORD))
                .isInstanceOf(OAuthTestClient.BadCredentials.class);
    }



    /** Confirms the address with the token of the verification mail. */
    private void confirmAddress(String email) throws Exception {
        String token = PlatformEndToEndIT.awaitMailedToken(email, Duration.ofSeconds(30));
        HttpResponse<String> confirmed = PlatformEndToEndIT.HTTP.send(
                HttpRequest.newBuilder(URI.create(gateway + "/api/identity/email-verification/confirm"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(204);
    }

    /** Opens the console, which sends a browser that is not signed in to the sign-in page, and signs in there. */
    private void openConsole(ChromeDriver in, String email) {
        in.get(gateway + "/account/");
        signIn(in, email);
        awaitConsole(in);
    }


    /** The console has rendered every section, the profile too (made from the sign-up's event, it may lag). */
    private void awaitConsole(ChromeDriver in) {
        waitFor(in).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#app[aria-busy=false] #profile")));
        waitFor(in).until(ExpectedConditions.visibilityOfElementLocated(By.id("profile-displayName")));
    }

    /** The console's sign-out ends the sign-in at identity and lands on the sign-in page. */
    private void signOut(ChromeDriver in) {
        in.findElement(By.id("sign-out")).click();
        waitFor(in).until(ExpectedConditions.urlContains("/login?logout"));
    }

    private void awaitStatus(ChromeDriver in, String text) {
        awaitText(in, By.id("status"), text);
    }


}
