package app.platform.audit.legacy.adapter.in.messaging;

import app.platform.audit.legacy.application.LegacyAuditImport;
import app.platform.consumer.EventConsumerAutoConfiguration;
import app.platform.legacy.ReactiveLegacyLedger;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * During the cutover, a polled batch per transaction: the legacy audit logs (and the legacy users, to know who is
 * who) as cdc-relay captures them, handed to the ledger with the importer's translation. A malformed record: the ones
 * before it are audited, then it goes to the dead-letter topic.
 */
@Component
class LegacyAuditTopics {

    private final ReactiveLegacyLedger ledger;
    private final LegacyAuditImport importer;

    LegacyAuditTopics(ReactiveLegacyLedger ledger, LegacyAuditImport importer) {
        this.ledger = ledger;
        this.importer = importer;
    }

    @KafkaListener(id = "legacy-audit-import", containerFactory = EventConsumerAutoConfiguration.RETRY_FOREVER, autoStartup = "${audit.legacy-import.enabled}", batch = "true",
            topics = {"${audit.legacy-import.topic-prefix}.public.users",
                    "${audit.legacy-import.topic-prefix}.public.system_audit_logs",
                    "${audit.legacy-import.topic-prefix}.public.user_audit_logs"})
    void on(List<ConsumerRecord<String, String>> records) {
        ledger.handleBatch(records, importer::apply);
    }
}
