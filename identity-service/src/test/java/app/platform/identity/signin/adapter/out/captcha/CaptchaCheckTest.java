package app.platform.identity.signin.adapter.out.captcha;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.identity.signin.application.HumanCheck;
import app.platform.identity.signin.application.ThrottleSettings;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CAPTCHA check against a local peer speaking the providers' {@code siteverify} form (Turnstile, hCaptcha and
 * reCAPTCHA alike): it posts the secret, the answer and the client's address, and passes only on {@code success}.
 */
class CaptchaCheckTest {

    HttpServer provider;
    final List<Map<String, String>> verified = new CopyOnWriteArrayList<>();

    @BeforeEach
    void provider() throws IOException {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/siteverify", exchange -> {
            Map<String, String> form = java.util.Arrays.stream(new String(exchange.getRequestBody().readAllBytes(),
                            StandardCharsets.UTF_8).split("&")).map(p -> p.split("=", 2))
                    .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
            verified.add(form);
            boolean human = "site-secret".equals(form.get("secret")) && "human-token".equals(form.get("response"));
            byte[] body = ("{\"success\":" + human + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        provider.start();
    }

    @AfterEach
    void stop() {
        provider.stop(0);
    }

    CaptchaCheck check(String verifyUrl) {
        return new CaptchaCheck(new ThrottleSettings(5, 50, 20, Duration.ofSeconds(1), Duration.ofMinutes(15),
                Duration.ofMinutes(15), 3, new ThrottleSettings.Challenge(16, 22, Duration.ofMinutes(5),
                new ThrottleSettings.Captcha(verifyUrl, "site-secret", "site-key", "https://captcha.example/api.js",
                        "cf-turnstile", "cf-turnstile-response")), "", Duration.ofMillis(500)));
    }

    @Test
    void theProvidersVerdictDecides() {
        CaptchaCheck check = check("http://127.0.0.1:" + provider.getAddress().getPort() + "/siteverify");
        assertThat(check.challenge("account|x", 1, Instant.now())).isEqualTo(new HumanCheck.CaptchaChallenge(
                "site-key", "https://captcha.example/api.js", "cf-turnstile", "cf-turnstile-response"));
        assertThat(check.passed("account|x", 1, "human-token", "203.0.113.9", Instant.now())).isTrue();
        assertThat(check.passed("account|x", 1, "robot-token", "203.0.113.9", Instant.now())).isFalse();
        assertThat(check.passed("account|x", 1, null, "203.0.113.9", Instant.now())).isFalse();
        assertThat(verified).hasSize(2).first().isEqualTo(Map.of("secret", "site-secret", "response", "human-token",
                "remoteip", "203.0.113.9"));
    }

    /** A provider that cannot be reached lets nobody through: the challenge does not fail open. */
    @Test
    void anUnreachableProviderPassesNobody() {
        int closed = provider.getAddress().getPort();
        provider.stop(0);
        assertThat(check("http://127.0.0.1:" + closed + "/siteverify")
                .passed("account|x", 1, "human-token", "203.0.113.9", Instant.now())).isFalse();
    }
}
