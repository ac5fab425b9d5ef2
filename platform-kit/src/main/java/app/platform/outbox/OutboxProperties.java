package app.platform.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code platform.outbox.*}: whether the service has an outbox at all ({@code enabled}, read by the auto-configuration's
 * condition), how long its rows are kept at least ({@code retention}), and cdc-relay's replication slot
 * ({@code relay-slot}, its {@code RELAY_OUTBOX_SLOT}), which must have passed a row before it is pruned, and its
 * publication ({@code relay-publication}, {@code RELAY_OUTBOX_PUBLICATION}), which must hold the outbox. The pruner's
 * interval ({@code platform.outbox.prune-interval}) stays a scheduling placeholder.
 */
@ConfigurationProperties("platform.outbox")
public record OutboxProperties(@DefaultValue("true") boolean enabled, @DefaultValue("P7D") Duration retention,
                               @DefaultValue("outbox_relay") String relaySlot,
                               @DefaultValue("outbox_relay") String relayPublication) {
}
