package app.platform.testkit;

import java.time.Duration;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The HTTP client of the reactive services' integration tests, bound to the server under test. Its response timeout
 * is generous: a first request on a cold JVM (JWKS fetch, JIT, connection pools) on a busy two-core CI machine can
 * take seconds, and the tests assert behaviour, not speed (the benchmarks in bench/ measure that).
 */
public final class LocalWeb {

    private LocalWeb() {
    }

    public static WebTestClient client(int port) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(60)).build();
    }
}
