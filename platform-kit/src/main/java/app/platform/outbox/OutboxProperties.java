package app.platform.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code platform.outbox.*}: whether the service has an outbox at all ({@code enabled}, read by the auto-configuration's
 * condition) and how long its rows are kept ({@code retention}). The pruner's interval
 * ({@code platform.outbox.prune-interval}) stays a scheduling placeholder.
 */
@ConfigurationProperties("platform.outbox")
public record OutboxProperties(@DefaultValue("true") boolean enabled, @DefaultValue("P7D") Duration retention) {
}
