package app.platform.relay.reconciliation.application;

import app.platform.relay.reconciliation.domain.GhostDelete;
import java.util.List;

/** Port: the capture's topics, where the deletes of ghost rows are published as the capture's own deletes. */
public interface LegacyDeletes {

    /**
     * Publishes each delete on {@code topic}, keyed as the capture keys its row, and returns once Kafka acknowledged
     * every one.
     *
     * @throws IllegalStateException when Kafka did not acknowledge them all (publishing them again is harmless)
     */
    void publish(String topic, List<GhostDelete> deletes);
}
