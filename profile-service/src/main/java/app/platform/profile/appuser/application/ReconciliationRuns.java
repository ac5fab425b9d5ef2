package app.platform.profile.appuser.application;

import app.platform.profile.appuser.application.ReconcileWithIdentity.Report;
import java.time.Instant;
import reactor.core.publisher.Mono;

/** A port of {@link ReconcileWithIdentity}, implemented in {@code adapter.out}: what every replica shares of it. */
public interface ReconciliationRuns {

    /** Claims a scheduled run: true when no replica claimed one since {@code since}. */
    Mono<Boolean> claim(Instant now, Instant since);

    Mono<Void> save(Report report);

    /** The last run's report, whichever replica ran it; empty before the first. */
    Mono<Report> last();
}
