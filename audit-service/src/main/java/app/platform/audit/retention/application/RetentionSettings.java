package app.platform.audit.retention.application;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code audit.retention.*}: how long rows are kept per table (zero keeps everything) and the HMAC key (base64)
 * signing the checkpoints of pruned prefixes. The pruning interval ({@code audit.retention.interval}) stays a
 * scheduling placeholder; the pruner's connection is {@code audit.retention.pruner.*}.
 */
@ConfigurationProperties("audit.retention")
public record RetentionSettings(@DefaultValue("P0D") Duration system, @DefaultValue("P0D") Duration user,
                                String checkpointKey) {

    public RetentionSettings {
        if (checkpointKey == null || checkpointKey.isBlank()) {
            throw new IllegalArgumentException("audit.retention.checkpoint-key (AUDIT_CHECKPOINT_KEY) is not set");
        }
    }

    @Override
    public String toString() {
        return "RetentionSettings[system=" + system + ", user=" + user + ", checkpointKey=<redacted>]";
    }
}
