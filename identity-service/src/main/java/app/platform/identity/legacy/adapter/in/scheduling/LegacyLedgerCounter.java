package app.platform.identity.legacy.adapter.in.scheduling;

import app.platform.legacy.JdbcLegacyLedger;
import app.platform.legacy.LegacyLedgerMetrics;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Every few seconds, the legacy ledger's counts for its metrics (rows that could not be imported, rows waiting). */
@Component
class LegacyLedgerCounter {

    private final JdbcLegacyLedger ledger;
    private final LegacyLedgerMetrics metrics;

    LegacyLedgerCounter(JdbcLegacyLedger ledger, LegacyLedgerMetrics metrics) {
        this.ledger = ledger;
        this.metrics = metrics;
    }

    @Scheduled(fixedDelayString = "${platform.legacy.sweep-interval:PT5S}")
    void count() {
        metrics.counted(ledger.counts());
    }
}
