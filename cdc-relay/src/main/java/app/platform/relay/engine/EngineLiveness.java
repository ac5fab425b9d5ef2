package app.platform.relay.engine;

import java.util.HashSet;
import java.util.Set;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The application's liveness as the capture engines make it: {@link LivenessState#BROKEN} (so
 * {@code /actuator/health/liveness} is DOWN and Kubernetes restarts the pod) from the moment an engine is given up
 * on, {@link LivenessState#CORRECT} again once every engine given up on recovered.
 */
@Component
public class EngineLiveness {

    private final ApplicationEventPublisher events;
    private final Set<String> givenUp = new HashSet<>();

    public EngineLiveness(ApplicationEventPublisher events) {
        this.events = events;
    }

    synchronized void gaveUp(String engine) {
        if (givenUp.add(engine) && givenUp.size() == 1) {
            AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
        }
    }

    synchronized void recovered(String engine) {
        if (givenUp.remove(engine) && givenUp.isEmpty()) {
            AvailabilityChangeEvent.publish(events, this, LivenessState.CORRECT);
        }
    }
}
