package app.platform.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver (no browser download), with a fresh profile and
 * Chrome's virtual authenticator (CDP WebAuthn domain: a platform passkey that always verifies the user).
 */
public final class Chromium {

    static final String BINARY = System.getProperty("chromium.binary", "/usr/bin/chromium");
    static final String DRIVER = System.getProperty("chromedriver.binary", "/usr/bin/chromedriver");

    private static final Map<ChromeDriver, String> AUTHENTICATORS =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private Chromium() {
    }

    public static ChromeDriver start() {
        if (!new File(BINARY).canExecute() || !new File(DRIVER).canExecute()) {
            throw new IllegalStateException("Debian's Chromium and ChromeDriver are needed: apt-get install chromium chromium-driver");
        }
        try {
            ChromeOptions options = new ChromeOptions().setBinary(BINARY).addArguments("--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1280,1600",
                    "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
            ChromeDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build(), options);
            browser.executeCdpCommand("WebAuthn.enable", Map.of());
            AUTHENTICATORS.put(browser, (String) browser.executeCdpCommand("WebAuthn.addVirtualAuthenticator",
                    Map.of("options", Map.of("protocol", "ctap2", "transport", "internal", "hasResidentKey", true,
                            "hasUserVerification", true, "isUserVerified", true, "automaticPresenceSimulation", true)))
                    .get("authenticatorId"));
            return browser;
        } catch (IOException e) {
            throw new IllegalStateException("no profile folder for Chromium", e);
        }
    }

    /**
     * Whether the virtual authenticator answers by itself, as a person touching it would. Off, it answers nothing:
     * so a sign-in page's passkey autofill (conditional mediation, which the virtual authenticator would otherwise
     * complete at once, unlike a person who types a password instead) waits while the test types a password.
     */
    public static void passkeyAnswers(ChromeDriver browser, boolean answers) {
        browser.executeCdpCommand("WebAuthn.setAutomaticPresenceSimulation",
                Map.of("authenticatorId", AUTHENTICATORS.get(browser), "enabled", answers));
    }

    /** Puts a passkey made elsewhere into this browser's authenticator ({@link SoftwarePasskey#asVirtualCredential}). */
    public static void addPasskey(ChromeDriver browser, SoftwarePasskey passkey) {
        browser.executeCdpCommand("WebAuthn.addCredential", Map.of("authenticatorId", AUTHENTICATORS.get(browser),
                "credential", passkey.asVirtualCredential()));
    }

    /**
     * Makes this browser one without passkey autofill (as some still are): pages are told conditional mediation is
     * not available, so only an explicit passkey button starts a ceremony.
     */
    public static void withoutPasskeyAutofill(ChromeDriver browser) {
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "if (window.PublicKeyCredential) { PublicKeyCredential.isConditionalMediationAvailable = "
                        + "() => Promise.resolve(false); }"));
    }

    /**
     * Opens {@code url} in a flow that may go on by itself (a passkey autofill signs in at once) and end at an
     * application's callback where nothing listens: reaching {@code callback} is not an error, whenever it happens.
     */
    public static void openTowards(ChromeDriver browser, String url, String callback) {
        try {
            browser.get(url);
        } catch (org.openqa.selenium.WebDriverException closedPort) {
            if (!browser.getCurrentUrl().startsWith(callback)) {
                throw closedPort;
            }
        }
    }

    /** A new browser session: every cookie of every site goes (WebDriver's own call clears only the current site's). */
    public static void clearCookies(ChromeDriver browser) {
        browser.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    }
}
