package app.platform.relay.cutover.adapter.in.scheduling;

import app.platform.relay.cutover.application.Cutover;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Every minute: a cutover finalized longer than the soak ago lets its replication slot go. */
@Component
@EnableScheduling
class SoakTimer {

    private final Cutover cutover;

    SoakTimer(Cutover cutover) {
        this.cutover = cutover;
    }

    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    void endSoak() {
        cutover.endSoak(); // a failure is logged by the scheduler, and tried again a minute later
    }
}
