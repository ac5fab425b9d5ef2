package app.platform.profile.legacy.adapter.in.messaging;

import app.platform.profile.legacy.application.LegacyProfileImport;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * During the cutover, a polled batch per transaction: the legacy users, profiles, contacts and addresses as cdc-relay
 * captures them.
 */
@Component
class LegacyProfileTopics {

    private final LegacyProfileImport importer;

    LegacyProfileTopics(LegacyProfileImport importer) {
        this.importer = importer;
    }

    @KafkaListener(id = "legacy-profile-import", autoStartup = "${profile.legacy-import.enabled}", batch = "true",
            topics = {"${profile.legacy-import.topic-prefix}.public.users", "${profile.legacy-import.topic-prefix}.public.user_profiles",
                    "${profile.legacy-import.topic-prefix}.public.user_contacts", "${profile.legacy-import.topic-prefix}.public.user_addresses"})
    void on(java.util.List<String> values) {
        importer.handleBatch(values);
    }
}
