package app.platform.relay.outbox;

import app.platform.relay.engine.CaptureEngine;
import app.platform.relay.engine.EngineKafka;
import app.platform.relay.engine.EngineLiveness;
import app.platform.relay.engine.EngineSettings;
import app.platform.relay.engine.KafkaForwarder;
import app.platform.relay.engine.PostgresSource;
import app.platform.relay.offsets.EngineOffsets;
import app.platform.relay.outbox.application.OutboxTables;
import java.util.Properties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The outbox relay: one Debezium engine over every service's {@code outbox} table, routed by the outbox
 * {@code EventRouter} to {@code <aggregatetype>.events}, keyed by aggregate id, with the event type in the
 * {@code eventType} header. Only inserts are captured, so pruning the outbox never emits anything.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "relay.outbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class OutboxRelayConfiguration {

    private static final String ENGINE = "outbox-relay";
    /** Debezium's heartbeat topics ({@code __debezium-heartbeat.<topic prefix>}). */
    private static final String HEARTBEATS = "__debezium-heartbeat.";

    @Bean
    CaptureEngine outboxEngine(OutboxRelayProperties props, PostgresSource source, OutboxTables outboxTables,
                               EngineKafka kafka, EngineSettings settings, EngineLiveness liveness) {
        // the engine starts once every service's migrations created its outbox table; nothing follows its snapshot, and
        // every record is forwarded but the heartbeats (acknowledged, so the slot's position moves, never sent)
        return new CaptureEngine(ENGINE, () -> engineProperties(props, source),
                new KafkaForwarder(kafka::transactional, new EngineOffsets(ENGINE, props.slot()), () -> { },
                        topic -> topic.startsWith(HEARTBEATS)),
                () -> outboxTables.allExist(props.tables()),
                settings, liveness);
    }

    private static Properties engineProperties(OutboxRelayProperties props, PostgresSource source) {
        Properties p = source.engineProperties(ENGINE, props.slot(), props.publication(),
                props.flushIntervalMs());
        p.setProperty("table.include.list", String.join(",", props.tables()));
        p.setProperty("snapshot.mode", "initial");
        p.setProperty("skipped.operations", "u,d,t");
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("transforms", "outbox");
        p.setProperty("transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter");
        p.setProperty("transforms.outbox.table.field.event.id", "id");
        p.setProperty("transforms.outbox.table.field.event.key", "aggregateid");
        p.setProperty("transforms.outbox.table.field.event.payload", "payload");
        p.setProperty("transforms.outbox.route.by.field", "aggregatetype");
        p.setProperty("transforms.outbox.route.topic.replacement", "${routedByValue}.events");
        p.setProperty("transforms.outbox.table.fields.additional.placement",
                "type:header:eventType,correlation_id:header:correlationId");
        if (props.heartbeatMs() > 0) { // the router lets a heartbeat (no change envelope) through as it is
            p.setProperty("heartbeat.interval.ms", String.valueOf(props.heartbeatMs()));
            p.setProperty("heartbeat.action.query", "SELECT pg_logical_emit_message(false, 'platform-heartbeat', now()::text)");
            p.setProperty("message.prefix.exclude.list", ".*"); // the message moves the slot; no record comes of it
        }
        return p;
    }
}
