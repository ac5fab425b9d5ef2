package app.platform.relay.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * DOWN while any capture engine is failing (from its first failed attempt until a restarted one has run for
 * {@link EngineSettings#healthyAfter()}); details carry each engine's forwarded count and last source time and,
 * while it fails, the reason (passwords masked), the consecutive failed attempts, since when, and whether liveness
 * was given up.
 */
@Component("engines")
class EngineHealthIndicator implements HealthIndicator {

    private final List<CaptureEngine> engines;

    EngineHealthIndicator(List<CaptureEngine> engines) {
        this.engines = engines;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        for (CaptureEngine e : engines) {
            CaptureEngine.Failing failing = e.failing();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("forwarded", e.forwarder().forwarded());
            details.put("lastSourceMillis", e.forwarder().lastSourceMillis());
            details.put("failure", failing == null ? "" : failing.reason());
            if (failing != null) {
                details.put("attempts", failing.attempts());
                details.put("failingSince", failing.since().toString());
                details.put("livenessBroken", failing.gaveUp());
                health.down();
            }
            health.withDetail(e.name(), details);
        }
        return health.build();
    }
}
