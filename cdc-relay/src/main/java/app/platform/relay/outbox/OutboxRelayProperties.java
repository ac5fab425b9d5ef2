package app.platform.relay.outbox;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param tables  the outbox tables to relay, schema-qualified
 * @param slot    the replication slot: one per engine, cluster-wide, so name it per environment
 * @param heartbeatMs how often a heartbeat writes a logical decoding message into the platform database, so that the
 *                    slot's position moves while no outbox row comes (0: none)
 */
@ConfigurationProperties("relay.outbox")
public record OutboxRelayProperties(boolean enabled, List<String> tables, String slot, String publication,
                                    long flushIntervalMs, long heartbeatMs) {
}
