package app.platform.billing.monitoring.application;

import app.platform.billing.monitoring.domain.MonitoringRules;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code billing.monitoring.*}: the thresholds of the rules (payments and failed attempts per member and hour, the
 * amount in minor units above which a payment is flagged).
 */
@ConfigurationProperties("billing.monitoring")
public record MonitoringSettings(@DefaultValue("5") int paymentsPerHour, @DefaultValue("100000") long amountThresholdMinor,
                                 @DefaultValue("3") int failuresPerHour) {

    public MonitoringRules.Thresholds thresholds() {
        return new MonitoringRules.Thresholds(paymentsPerHour, amountThresholdMinor, failuresPerHour);
    }
}
