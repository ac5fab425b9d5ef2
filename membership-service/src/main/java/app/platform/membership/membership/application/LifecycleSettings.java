package app.platform.membership.membership.application;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code membership.grace-period}: how long a failed payment may stay unpaid before the membership expires. */
@ConfigurationProperties("membership")
public record LifecycleSettings(@DefaultValue("P7D") Duration gracePeriod) {
}
