package app.platform.billing.legacy.adapter.in.messaging;

import app.platform.billing.legacy.application.LegacyBillingImport;
import app.platform.consumer.EventConsumerAutoConfiguration;
import app.platform.legacy.ReactiveLegacyLedger;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * During the cutover, a polled batch per transaction: the legacy billing tables (and the legacy users, to know who is
 * who) from cdc-relay's capture, handed to the ledger with the importer's translation.
 */
@Component
class LegacyBillingTopics {

    private final ReactiveLegacyLedger ledger;
    private final LegacyBillingImport importer;

    LegacyBillingTopics(ReactiveLegacyLedger ledger, LegacyBillingImport importer) {
        this.ledger = ledger;
        this.importer = importer;
    }

    @KafkaListener(id = "legacy-billing-import", containerFactory = EventConsumerAutoConfiguration.RETRY_FOREVER, autoStartup = "${billing.legacy-import.enabled}", batch = "true",
            topics = {"${billing.legacy-import.topic-prefix}.public.users", "${billing.legacy-import.topic-prefix}.public.user_subscriptions",
                    "${billing.legacy-import.topic-prefix}.public.user_payments", "${billing.legacy-import.topic-prefix}.public.user_payment_methods"})
    void on(List<ConsumerRecord<String, String>> records) {
        ledger.handleBatch(records, importer::apply);
    }
}
