package app.platform.profile.legacy.adapter.in.messaging;

import app.platform.consumer.EventConsumerAutoConfiguration;
import app.platform.legacy.ReactiveLegacyLedger;
import app.platform.profile.legacy.application.LegacyProfileImport;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * During the cutover, a polled batch per transaction: the legacy users, profiles, contacts and addresses as cdc-relay
 * captures them, handed to the ledger with the importer's translation.
 */
@Component
class LegacyProfileTopics {

    private final ReactiveLegacyLedger ledger;
    private final LegacyProfileImport importer;

    LegacyProfileTopics(ReactiveLegacyLedger ledger, LegacyProfileImport importer) {
        this.ledger = ledger;
        this.importer = importer;
    }

    @KafkaListener(id = "legacy-profile-import", containerFactory = EventConsumerAutoConfiguration.RETRY_FOREVER, autoStartup = "${profile.legacy-import.enabled}", batch = "true",
            topics = {"${profile.legacy-import.topic-prefix}.public.users", "${profile.legacy-import.topic-prefix}.public.user_profiles",
                    "${profile.legacy-import.topic-prefix}.public.user_contacts", "${profile.legacy-import.topic-prefix}.public.user_addresses"})
    void on(List<ConsumerRecord<String, String>> records) {
        ledger.handleBatch(records, importer::apply);
    }
}
