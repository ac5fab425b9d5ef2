package app.platform.identity.signin.adapter.in.scheduling;

import app.platform.identity.signin.application.Throttles;
import java.time.Clock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Every ten minutes, forgets the throttle states that have been quiet for a window and block nothing. */
@Component
class ThrottlePruner {

    private final Throttles throttles;
    private final Clock clock;

    ThrottlePruner(Throttles throttles, Clock clock) {
        this.throttles = throttles;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void prune() {
        throttles.prune(clock.instant());
    }
}
