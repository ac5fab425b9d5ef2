package app.platform.identity.signin.application;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code identity.throttle.*}: free failures per account and address, free public-API calls, the back-off, how
 * many back-offs an account takes before it is challenged instead ({@code account-delays-before-challenge}), the
 * challenge, and where the states live ({@code redis-url}: Redis, else PostgreSQL).
 */
@ConfigurationProperties("identity.throttle")
public record ThrottleSettings(int accountFreeFailures, int ipFreeFailures, int apiFreeAttempts, Duration base,
                               Duration max, Duration window, int accountDelaysBeforeChallenge, Challenge challenge,
                               String redisUrl, Duration redisTimeout) {

    /**
     * The check a challenged account's next try must pass: a proof of work of {@code bits} leading zero bits (one
     * more per further failure, up to {@code maxBits}), answered within {@code ttl}; or, when
     * {@code captcha.verify-url} is set, a CAPTCHA.
     */
    public record Challenge(int bits, int maxBits, Duration ttl, Captcha captcha) {
    }

    /**
     * A CAPTCHA provider with the usual {@code siteverify} API (Cloudflare Turnstile, hCaptcha, reCAPTCHA): the
     * widget's script and class, the form field its answer arrives in, and the secret it is verified with.
     */
    public record Captcha(String verifyUrl, String secret, String siteKey, String scriptUrl, String widgetClass,
                          String responseField) {

        public boolean enabled() {
            return verifyUrl != null && !verifyUrl.isBlank();
        }
    }
}
