package app.platform.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.testkit.Chromium;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the consoles' journeys share: the shared platform's gateway, people signed up through the API, their own
 * Chromium each (quit after the test; no passkey answers, so the sign-in page's autofill stays quiet), signing in on
 * the hosted page, and waiting for what a page says.
 */
@ExtendWith(SharedPlatform.class)
abstract class BrowserJourney {

    static final String PASSWORD = "a long enough password";
    final String gateway = SharedPlatform.get().gateway;
    private final List<ChromeDriver> browsers = new ArrayList<>();

    @AfterEach
    void quitBrowsers() {
        browsers.forEach(ChromeDriver::quit);
    }

    ChromeDriver newBrowser() {
        ChromeDriver started = Chromium.start();
        browsers.add(started);
        Chromium.passkeyAnswers(started, false);
        return started;
    }

    /** A new user, signed up through the API with {@link #PASSWORD}. */
    static String signUp(String prefix) throws Exception {
        String email = prefix + "-" + UUID.randomUUID() + "@example.com";
        var answer = PlatformEndToEndIT.signUp(email);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return email;
    }

    /** Types the address and {@link #PASSWORD} on the sign-in page the browser was sent to. */
    void signIn(ChromeDriver in, String email) {
        waitFor(in).until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(email);
        in.findElement(By.id("password")).sendKeys(PASSWORD);
        in.findElement(By.id("sign-in")).click();
    }

    void awaitText(ChromeDriver in, By where, String text) {
        waitFor(in).until(ExpectedConditions.textToBePresentInElementLocated(where, text));
    }

    static WebDriverWait waitFor(ChromeDriver in) {
        return new WebDriverWait(in, Duration.ofSeconds(30));
    }
}
