package app.platform.billing.provider.application;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code billing.webhooks.*}: the provider's signing secret and how old a signed webhook may be. */
@ConfigurationProperties("billing.webhooks")
public record WebhookSettings(String secret, @DefaultValue("PT5M") Duration tolerance) {

    public WebhookSettings {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("billing.webhooks.secret (BILLING_WEBHOOK_SECRET) is not set");
        }
    }

    @Override
    public String toString() {
        return "WebhookSettings[secret=<redacted>, tolerance=" + tolerance + "]";
    }
}
