package app.platform.billing.subscription.domain;

import java.time.Instant;
import java.time.ZoneOffset;

/** A plan on offer: a price per month or year, and the days of trial before the first charge. */
public record Plan(long priceMinor, String currency, String interval, int trialDays) {

    public Plan {
        if (!interval.equals("month") && !interval.equals("year")) {
            throw new IllegalArgumentException("a plan is billed per month or per year");
        }
        if (priceMinor <= 0 || trialDays < 0) {
            throw new IllegalArgumentException("a plan has a positive price and no negative trial");
        }
    }

    /** The end of a period that starts at {@code start} (calendar months and years, in UTC). */
    public static Instant periodEnd(Instant start, String interval) {
        var at = start.atZone(ZoneOffset.UTC);
        return (interval.equals("year") ? at.plusYears(1) : at.plusMonths(1)).toInstant();
    }
}
