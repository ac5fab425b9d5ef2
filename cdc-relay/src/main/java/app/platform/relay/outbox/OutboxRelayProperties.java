package app.platform.relay.outbox;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param tables  the outbox tables to relay, schema-qualified
 * @param slot    the replication slot: one per engine, cluster-wide, so name it per environment
 */
@ConfigurationProperties("relay.outbox")
public record OutboxRelayProperties(boolean enabled, List<String> tables, String slot, String publication,
                                    long flushIntervalMs) {
}
