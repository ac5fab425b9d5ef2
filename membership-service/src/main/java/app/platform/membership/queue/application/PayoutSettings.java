package app.platform.membership.queue.application;

import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code membership.payouts.*}: one payout per {@code cadence} (which also dates the queue's estimates) of
 * {@code amount} {@code currency} (ISO 4217). Here rather than in {@code payout} because the queue needs the cadence
 * and payouts already build on the queue. The scheduler's delays ({@code cadence}, {@code first-run}) stay scheduling
 * placeholders.
 */
@ConfigurationProperties("membership.payouts")
public record PayoutSettings(@DefaultValue("P7D") Duration cadence, @DefaultValue("100.00") BigDecimal amount,
                             @DefaultValue("EUR") String currency) {
}
