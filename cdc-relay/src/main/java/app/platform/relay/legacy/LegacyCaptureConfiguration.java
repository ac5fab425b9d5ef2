package app.platform.relay.legacy;

import app.platform.relay.cutover.application.Cutover;
import app.platform.relay.engine.CaptureEngine;
import app.platform.relay.engine.KafkaForwarder;
import app.platform.relay.engine.PostgresSource;
import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacyCatalog;
import app.platform.relay.legacy.application.LegacySchema;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The legacy capture of the cutover: one Debezium engine, pgoutput, one publication and one slot over the legacy
 * tables; an initial snapshot, then streaming, to {@code <prefix>.<schema>.<table>} ({@code legacy.auth.users});
 * each change keyed by its primary key, as Debezium's JSON ({@code before}, {@code after}, {@code op},
 * {@code source}). Offsets are stored in the relay's database and a change is marked processed only once Kafka
 * acknowledged it ({@link KafkaForwarder}); heartbeats keep the slot's position moving. The snapshot runs without
 * the legacy side's statement timeout. Unchanged TOASTed values arrive as {@code __debezium_unavailable_value}:
 * the importers merge with the last known row and never store the placeholder.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LegacyCaptureProperties.class)
@ConditionalOnProperty(prefix = "relay.legacy", name = "enabled", havingValue = "true")
class LegacyCaptureConfiguration {

    @Bean
    CaptureEngine legacyEngine(LegacyCaptureProperties props, PostgresSource source, KafkaTemplate<String, String> kafka,
                               Cutover cutover, LegacySchema schema, LegacyCatalog catalog) {
        schema.record(props);
        Properties p = source.engineProperties("legacy-capture", props.slot(), props.publication(),
                props.flushIntervalMs(), props.jdbcUrl(), props.user(), props.password());
        p.setProperty("topic.prefix", props.topicPrefix());
        p.setProperty("table.include.list", String.join(",", props.tables()));
        p.setProperty("publication.autocreate.mode", props.publicationAutocreate());
        p.setProperty("snapshot.mode", "initial");
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("decimal.handling.mode", "string");
        p.setProperty("database.initial.statements", "SET statement_timeout = 0");
        p.setProperty("heartbeat.interval.ms", String.valueOf(props.heartbeatMs()));
        // larger batches for the snapshot of a large legacy database (each batch waits for Kafka's acknowledgements)
        p.setProperty("max.batch.size", "8192");
        p.setProperty("max.queue.size", "32768");
        p.setProperty("poll.interval.ms", "100"); // an idle queue is looked at every 100 ms, not 500: the streaming lag
        // the generated columns are left out of the capture (regular expressions of their full names)
        String generated = catalog.generatedColumns(props).stream().map(Pattern::quote).collect(Collectors.joining(","));
        if (!generated.isEmpty()) {
            p.setProperty("column.exclude.list", generated);
        }
        if (props.heartbeatQuery() != null && !props.heartbeatQuery().isBlank()) {
            p.setProperty("heartbeat.action.query", props.heartbeatQuery());
        }
        // an ended cutover (finalized or rolled back) is never captured again, whatever the configuration says
        return new CaptureEngine("legacy-capture", p, new KafkaForwarder(kafka), cutover::capturing);
    }
}
