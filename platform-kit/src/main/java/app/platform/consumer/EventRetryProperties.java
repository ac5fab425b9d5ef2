package app.platform.consumer;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * {@code platform.events.retry.*}: how many times a listener gets a failing record in all ({@code max-attempts},
 * the first delivery included) before it goes to the dead-letter topic, and the first back-off
 * ({@code initial-interval-ms}, milliseconds unless a unit is given), doubled at each retry.
 */
@ConfigurationProperties("platform.events.retry")
public record EventRetryProperties(@DefaultValue("4") int maxAttempts,
                                   @DefaultValue("200ms") @DurationUnit(ChronoUnit.MILLIS) Duration initialIntervalMs) {
}
