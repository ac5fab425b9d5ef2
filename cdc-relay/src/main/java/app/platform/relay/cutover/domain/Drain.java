package app.platform.relay.cutover.domain;

import java.util.Map;

/**
 * How far the cutover got past its fence: the replication slot's confirmed position (everything before it reached
 * Kafka) and, per importer's consumer group, the legacy changes not yet applied. Drained when the slot confirmed the
 * fence and no importer lags.
 *
 * @param fence     the LSN taken at freeze
 * @param confirmed the slot's {@code confirmed_flush_lsn}; null when the slot is gone or unreadable
 * @param lag       per consumer group, the legacy changes on its topics it has not committed; -1 when unknown
 */
public record Drain(Lsn fence, Lsn confirmed, Map<String, Long> lag) {

    public boolean captured() {
        return confirmed != null && confirmed.reached(fence);
    }

    public boolean drained() {
        return captured() && lag.values().stream().allMatch(l -> l == 0);
    }
}
