package app.platform.relay.engine;

import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** DOWN when any capture engine stopped with an error; details carry the forwarded count and lag. */
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
            long last = e.forwarder().lastSourceMillis();
            health.withDetail(e.name(), java.util.Map.of(
                    "forwarded", e.forwarder().forwarded(),
                    "lastSourceMillis", last,
                    "failure", e.failure() == null ? "" : e.failure()));
            if (e.failure() != null) {
                health.down();
            }
        }
        return health.build();
    }
}
