package app.platform.relay.engine;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code relay.engine.*}: how a failed capture engine is restarted, and when the relay gives up on it.
 *
 * @param backoffInitial the wait before the first restart; doubled after each further failure
 * @param backoffMax     the longest wait between two restarts
 * @param healthyAfter   how long a restarted engine must run without failing to count as recovered (the failure
 *                       streak and the back-off start over)
 * @param giveUpAfter    how long an engine may keep failing before the application's liveness is broken, so that
 *                       Kubernetes restarts the pod
 * @param giveUpAttempts how many consecutive failed attempts break liveness as well; 0: no limit
 */
@ConfigurationProperties("relay.engine")
public record EngineSettings(@DefaultValue("1s") Duration backoffInitial, @DefaultValue("60s") Duration backoffMax,
                             @DefaultValue("30s") Duration healthyAfter, @DefaultValue("10m") Duration giveUpAfter,
                             @DefaultValue("0") int giveUpAttempts) {

    public Backoff backoff() {
        return new Backoff(backoffInitial, backoffMax);
    }

    /** Whether a streak of {@code attempts} consecutive failures, the first {@code failingFor} ago, breaks liveness. */
    public boolean givesUp(int attempts, Duration failingFor) {
        return failingFor.compareTo(giveUpAfter) >= 0 || giveUpAttempts > 0 && attempts >= giveUpAttempts;
    }
}
