package app.platform.membership.legacy.adapter.in.messaging;

import app.platform.membership.legacy.application.LegacyMembershipImport;
import app.platform.consumer.EventConsumerAutoConfiguration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * During the cutover, a polled batch per transaction: the legacy membership tables (and the legacy users, to know who
 * is who) from cdc-relay's capture.
 */
@Component
class LegacyMembershipTopics {

    private final LegacyMembershipImport importer;

    LegacyMembershipTopics(LegacyMembershipImport importer) {
        this.importer = importer;
    }

    @KafkaListener(id = "legacy-membership-import", containerFactory = EventConsumerAutoConfiguration.RETRY_FOREVER, autoStartup = "${membership.legacy-import.enabled}", batch = "true",
            topics = {"${membership.legacy-import.topic-prefix}.public.users", "${membership.legacy-import.topic-prefix}.public.user_memberships",
                    "${membership.legacy-import.topic-prefix}.public.membership_queue", "${membership.legacy-import.topic-prefix}.public.kyc_verification",
                    "${membership.legacy-import.topic-prefix}.public.payout_management", "${membership.legacy-import.topic-prefix}.public.disputes"})
    void on(java.util.List<String> values) {
        importer.handleBatch(values);
    }
}
