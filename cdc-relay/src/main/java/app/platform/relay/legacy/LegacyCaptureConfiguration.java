package app.platform.relay.legacy;

import app.platform.relay.cutover.application.Cutover;
import app.platform.relay.cutover.application.GhostRowSweeps;
import app.platform.relay.engine.CaptureEngine;
import app.platform.relay.engine.EngineKafka;
import app.platform.relay.engine.EngineLiveness;
import app.platform.relay.engine.EngineSettings;
import app.platform.relay.engine.KafkaForwarder;
import app.platform.relay.engine.PostgresSource;
import app.platform.relay.legacy.adapter.in.metrics.LegacyCaptureMetrics;
import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacyCatalog;
import app.platform.relay.legacy.application.LegacySchema;
import app.platform.relay.legacy.application.LegacySignalTable;
import app.platform.relay.legacy.application.LegacySlots;
import app.platform.legacy.HashedColumns;
import app.platform.relay.legacy.domain.LeftOutColumns;
import app.platform.relay.offsets.EngineOffsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The legacy capture of the cutover: one Debezium engine, pgoutput, one publication and one slot over the legacy
 * tables; an initial snapshot, then streaming, to {@code <prefix>.<schema>.<table>} ({@code legacy.auth.users});
 * each change keyed by its primary key, as Debezium's JSON ({@code before}, {@code after}, {@code op},
 * {@code source}). Offsets are stored in the relay's database and a change is marked processed only once Kafka
 * acknowledged it ({@link KafkaForwarder}); heartbeats (with their action query) keep the slot's position moving. The
 * snapshot runs without the legacy side's statement timeout. Unchanged TOASTed values arrive as
 * {@code __debezium_unavailable_value}: the importers merge with the last known row and never store the placeholder.
 * The topics are declared compacted and kept for ever; the slot and the forwarding are measured
 * ({@link LegacyCaptureMetrics}).
 * <p>
 * Debezium's signal table ({@code relay.legacy.signal-table}, created when absent: {@link LegacySignalTable}) is captured
 * too, its changes never forwarded: it carries the re-snapshot signals (an incremental snapshot of one table, chunked
 * and watermarked there) while the initial snapshot stays the blocking one. Each completed snapshot starts a sweep of
 * the ghost rows ({@link GhostRowSweeps}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LegacyCaptureProperties.class)
@EnableScheduling
@ConditionalOnProperty(prefix = "relay.legacy", name = "enabled", havingValue = "true")
class LegacyCaptureConfiguration {

    private static final String ENGINE = "legacy-capture";

    /**
     * The legacy database is read at each attempt of the engine, never here: an unreachable one must not keep the
     * relay, and its outbox relay, from starting.
     */
    @Bean
    CaptureEngine legacyEngine(LegacyCaptureProperties props, PostgresSource source, EngineKafka kafka,
                               Cutover cutover, LegacySchema schema, LegacyCatalog catalog, LegacySignalTable signals,
                               GhostRowSweeps sweeps, EngineSettings settings, EngineLiveness liveness) {
        // the signal table's changes (signals, the incremental snapshot's watermarks) are Debezium's, not the importers'
        String signalTopic = props.signalTopic();
        KafkaForwarder forwarder = new KafkaForwarder(kafka::transactional, new EngineOffsets(ENGINE, props.slot()),
                sweeps::start, topic -> topic.equals(signalTopic));
        // an ended cutover (finalized or rolled back) is never captured again, whatever the configuration says
        return new CaptureEngine(ENGINE, () -> engineProperties(props, source, schema, catalog, signals),
                forwarder, cutover::capturing, settings, liveness);
    }

    /** Each captured table's topic: compacted and kept for ever, so a late reader finds every row's last state. */
    @Bean
    KafkaAdmin.NewTopics legacyTopics(LegacyCaptureProperties props) {
        return new KafkaAdmin.NewTopics(props.tables().stream().map(table -> {
            TopicBuilder topic = TopicBuilder.name(props.topic(table)).partitions(props.partitions()).compact()
                    .config(TopicConfig.RETENTION_MS_CONFIG, "-1");
            if (props.replicationFactor() != null) {
                topic.replicas(props.replicationFactor());
            }
            return topic.build();
        }).toArray(NewTopic[]::new));
    }

    @Bean
    LegacyCaptureMetrics legacyCaptureMetrics(LegacySlots slots, LegacyCaptureProperties props,
                                              @Qualifier("legacyEngine") CaptureEngine legacyEngine) {
        return new LegacyCaptureMetrics(slots, props, legacyEngine.forwarder());
    }

    /**
     * @throws app.platform.relay.legacy.application.LegacyDatabaseUnreadable when the legacy database cannot be read
     *                                                                         (a failed attempt of the engine)
     */
    private static Properties engineProperties(LegacyCaptureProperties props, PostgresSource source,
                                               LegacySchema schema, LegacyCatalog catalog, LegacySignalTable signals) {
        schema.record(props);
        Properties p = source.engineProperties(ENGINE, props.slot(), props.publication(),
                props.flushIntervalMs(), props.jdbcUrl(), props.user(), props.password());
        p.setProperty("topic.prefix", props.topicPrefix());
        List<String> included = new ArrayList<>(props.tables());
        // the signal table, when it can be used: captured (so in the publication, which the filtered mode keeps to the
        // include list) for its signals, never forwarded; the initial snapshot stays blocking (snapshot.mode initial),
        // the incremental one (chunks of incremental.snapshot.chunk.size, 1,024 rows) is for re-snapshots
        String signalTable = signals.ensure(props);
        if (signalTable != null) {
            included.add(signalTable);
            p.setProperty("signal.data.collection", signalTable);
            p.setProperty("signal.enabled.channels", "source");
        }
        p.setProperty("table.include.list", String.join(",", included));
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
        // the generated columns and GoTrue's tokens are left out of the capture (regular expressions of full names)
        p.setProperty("column.exclude.list", LeftOutColumns.with(catalog.generatedColumns(props)).excludeList());
        // GoTrue's refresh tokens cross Kafka as their hash only (what identity needs to recognise one presented)
        p.setProperty("column.mask.hash.v2.SHA-256.with.salt." + HashedColumns.SALT, HashedColumns.COLUMNS.stream()
                .map(java.util.regex.Pattern::quote).collect(java.util.stream.Collectors.joining(",")));
        if (props.heartbeatQuery() != null && !props.heartbeatQuery().isBlank()) {
            p.setProperty("heartbeat.action.query", props.heartbeatQuery());
        }
        // table changes only: every logical decoding message (the default heartbeat query emits one) is left out, so
        // none reaches a <prefix>.message topic; the slot's position still moves past it
        p.setProperty("message.prefix.exclude.list", ".*");
        // what the failback's legacy writers commit (under their replication origin) is never captured back: pgoutput
        // sends only changes of no origin (PostgreSQL 16 and later; before, the capture must not run during the
        // reverse stream, which it does not: the switch ends it)
        if (catalog.serverVersion(props) >= 160000) {
            p.setProperty("slot.stream.params", "origin=none");
        }
        return p;
    }
}
