package app.platform.membership.legacy.adapter.in.messaging;

import app.platform.consumer.EventConsumerAutoConfiguration;
import app.platform.legacy.ReactiveLegacyLedger;
import app.platform.membership.legacy.application.LegacyMembershipImport;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * During the cutover, a polled batch per transaction: the legacy membership tables (and the legacy users, to know who
 * is who) from cdc-relay's capture, handed to the ledger with the importer's translation.
 */
@Component
class LegacyMembershipTopics {

    private final ReactiveLegacyLedger ledger;
    private final LegacyMembershipImport importer;

    LegacyMembershipTopics(ReactiveLegacyLedger ledger, LegacyMembershipImport importer) {
        this.ledger = ledger;
        this.importer = importer;
    }

    @KafkaListener(id = "legacy-membership-import", containerFactory = EventConsumerAutoConfiguration.RETRY_FOREVER, autoStartup = "${membership.legacy-import.enabled}", batch = "true",
            topics = {"${membership.legacy-import.topic-prefix}.public.users", "${membership.legacy-import.topic-prefix}.public.user_memberships",
                    "${membership.legacy-import.topic-prefix}.public.membership_queue", "${membership.legacy-import.topic-prefix}.public.kyc_verification",
                    "${membership.legacy-import.topic-prefix}.public.payout_management", "${membership.legacy-import.topic-prefix}.public.disputes"})
    void on(List<ConsumerRecord<String, String>> records) {
        ledger.handleBatch(records, importer::apply);
    }
}
