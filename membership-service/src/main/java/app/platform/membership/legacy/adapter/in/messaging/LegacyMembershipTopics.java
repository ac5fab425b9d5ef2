package app.platform.membership.legacy.adapter.in.messaging;

import app.platform.legacy.LegacyChange;
import app.platform.legacy.ReactiveLegacyLedger;
import app.platform.membership.legacy.application.LegacyMembershipImport;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** During the cutover: the legacy membership tables (and the legacy users, to know who is who) from cdc-relay's capture. */
@Component
class LegacyMembershipTopics {

    private final LegacyMembershipImport importer;

    LegacyMembershipTopics(LegacyMembershipImport importer) {
        this.importer = importer;
    }

    @KafkaListener(id = "legacy-membership-import", autoStartup = "${membership.legacy-import.enabled}",
            topics = {"${membership.legacy-import.topic-prefix}.public.users", "${membership.legacy-import.topic-prefix}.public.user_memberships",
                    "${membership.legacy-import.topic-prefix}.public.membership_queue", "${membership.legacy-import.topic-prefix}.public.kyc_verification",
                    "${membership.legacy-import.topic-prefix}.public.payout_management", "${membership.legacy-import.topic-prefix}.public.disputes"})
    void on(String value) {
        if (value != null) {
            importer.handle(LegacyChange.parse(value)).block(ReactiveLegacyLedger.TIMEOUT);
        }
    }
}
