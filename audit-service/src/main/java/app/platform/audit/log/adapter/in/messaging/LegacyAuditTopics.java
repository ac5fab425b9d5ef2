package app.platform.audit.log.adapter.in.messaging;

import app.platform.audit.log.application.AppendToAuditLog;
import app.platform.audit.log.application.LegacyAuditRows;
import app.platform.events.EventJson;
import app.platform.events.consumer.ReactiveIdempotentConsumer;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** During the cutover: the legacy audit logs as cdc-relay captures them, each row audited once. */
@Component
class LegacyAuditTopics {

    private final ReactiveIdempotentConsumer idempotent;
    private final AppendToAuditLog append;

    LegacyAuditTopics(ReactiveIdempotentConsumer idempotent, AppendToAuditLog append) {
        this.idempotent = idempotent;
        this.append = append;
    }

    @KafkaListener(id = "legacy-audit-import", autoStartup = "${audit.legacy-import.enabled}",
            topics = {"${audit.legacy-import.topic-prefix}.public.system_audit_logs",
                    "${audit.legacy-import.topic-prefix}.public.user_audit_logs"})
    void on(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return; // a tombstone
        }
        String table = record.topic().endsWith(".user_audit_logs") ? LegacyAuditRows.USER : LegacyAuditRows.SYSTEM;
        LegacyAuditRows.of(table, EventJson.MAPPER.readTree(record.value()))
                .ifPresent(event -> idempotent.once(event, append::append).block(Duration.ofSeconds(30)));
    }
}
