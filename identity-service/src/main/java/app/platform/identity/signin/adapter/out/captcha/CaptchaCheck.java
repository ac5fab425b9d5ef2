package app.platform.identity.signin.adapter.out.captcha;

import app.platform.identity.signin.application.HumanCheck;
import app.platform.identity.signin.application.ThrottleSettings;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;

/**
 * A CAPTCHA as the {@link HumanCheck}, when {@code identity.throttle.challenge.captcha.verify-url} is set: the
 * hosted page shows the provider's widget, and its answer is checked with the provider's {@code siteverify} call
 * (the same form for Cloudflare Turnstile, hCaptcha and reCAPTCHA; the provider lets each answer pass once). A
 * provider that does not answer lets nobody through: the owner waits for it rather than an attacker not paying.
 */
@Component
@ConditionalOnExpression("'${identity.throttle.challenge.captcha.verify-url:}' != ''")
class CaptchaCheck implements HumanCheck {

    private static final Logger log = LoggerFactory.getLogger(CaptchaCheck.class);
    private final ThrottleSettings.Captcha settings;
    private final RestClient http;

    CaptchaCheck(ThrottleSettings settings) {
        this.settings = settings.challenge().captcha();
        var timeouts = new SimpleClientHttpRequestFactory();
        timeouts.setConnectTimeout(Duration.ofSeconds(3));
        timeouts.setReadTimeout(Duration.ofSeconds(5));
        this.http = RestClient.builder().requestFactory(timeouts).build();
    }

    @Override
    public Challenge challenge(String key, int level, Instant now) {
        return new CaptchaChallenge(settings.siteKey(), settings.scriptUrl(), settings.widgetClass(),
                settings.responseField());
    }

    @Override
    public boolean passed(String key, int level, String answer, String clientAddress, Instant now) {
        if (answer == null || answer.isBlank()) {
            return false;
        }
        var form = new LinkedMultiValueMap<String, String>();
        form.add("secret", settings.secret());
        form.add("response", answer);
        form.add("remoteip", clientAddress);
        try {
            JsonNode verdict = http.post().uri(settings.verifyUrl()).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .body(form).retrieve().body(JsonNode.class);
            return verdict != null && verdict.path("success").isBoolean() && verdict.path("success").booleanValue();
        } catch (RestClientException unreachable) {
            log.warn("captcha: the provider's verification failed ({}); the try is refused", unreachable.getClass().getSimpleName());
            return false;
        }
    }
}
