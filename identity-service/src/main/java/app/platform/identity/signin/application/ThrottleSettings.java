package app.platform.identity.signin.application;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code identity.throttle.*}: free failures per account and address, free public-API calls, and the back-off. */
@ConfigurationProperties("identity.throttle")
public record ThrottleSettings(int accountFreeFailures, int ipFreeFailures, int apiFreeAttempts, Duration base,
                               Duration max, Duration window) {
}
