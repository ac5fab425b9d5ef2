package app.platform.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every page a browser test walks through must pass, and leaves behind: axe-core (Deque's accessibility engine,
 * the script its Java binding bundles, injected through the driver so that the page's own CSP does not stop it)
 * finds no serious or critical violation of WCAG 2.2 A/AA; and a screenshot goes to
 * {@code target/screenshots/<name>.png}.
 */
public final class PageChecks {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String AXE = axe();

    private PageChecks() {
    }

    /** Checks the page the browser shows now, and keeps its screenshot as {@code name}. */
    public static void check(ChromeDriver browser, String name) {
        screenshot(browser, name);
        browser.executeScript(AXE);
        Object result = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
                                   resultTypes: ['violations']})
                   .then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify([{id: 'axe-error',
                         impact: 'critical', help: String(e), nodes: []}])));""");
        List<String> serious = new ArrayList<>();
        for (JsonNode violation : JSON.readTree((String) result)) {
            String impact = violation.path("impact").asString();
            if ("serious".equals(impact) || "critical".equals(impact)) {
                List<String> where = new ArrayList<>();
                violation.path("nodes").forEach(n -> where.add(n.path("target").toString()));
                serious.add(impact + " " + violation.path("id").asString() + ": " + violation.path("help").asString()
                        + " at " + where);
            }
        }
        if (!serious.isEmpty()) {
            throw new AssertionError("accessibility of " + name + " (" + browser.getCurrentUrl() + "):\n  "
                    + String.join("\n  ", serious));
        }
    }

    /**
     * Keeps a screenshot of the page as {@code target/screenshots/<name>.png}, once it has loaded. Chromium aborts a
     * capture that a navigation of its own overlaps ("aborted by navigation", seen once in CI right after a page's
     * load, no request of the page's between), so such a capture is taken once more when the page has loaded again.
     */
    public static void screenshot(ChromeDriver browser, String name) {
        try {
            Path file = Path.of("target", "screenshots", name + ".png");
            Files.createDirectories(file.getParent());
            byte[] png;
            try {
                png = loaded(browser).getScreenshotAs(OutputType.BYTES);
            } catch (TimeoutException abortedByNavigation) {
                png = loaded(browser).getScreenshotAs(OutputType.BYTES);
            }
            Files.write(file, png);
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the screenshot " + name, e);
        }
    }

    private static ChromeDriver loaded(ChromeDriver browser) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!"complete".equals(browser.executeScript("return document.readyState"))
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50); // the page's load: this driver offers no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the page loads", e);
            }
        }
        return browser;
    }

    private static String axe() {
        try (InputStream in = PageChecks.class.getClassLoader().getResourceAsStream("axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js is not on the classpath (com.deque.html.axe-core:selenium)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
