package app.platform.identity.legacy.adapter.in.messaging;

import app.platform.consumer.EventConsumerAutoConfiguration;
import app.platform.identity.legacy.application.LegacyImport;
import app.platform.legacy.JdbcLegacyLedger;
import app.platform.legacy.LegacyChange;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The legacy capture's changes of {@code auth.users}, {@code auth.identities}, {@code auth.sessions},
 * {@code auth.refresh_tokens} and {@code auth.mfa_factors}, while {@code identity.legacy-import}
 * is on (the cutover window), handed one at a time to the ledger with the importer's translation, each in its own
 * transaction. A change that fails for a reason that passes is retried until it is applied, one that cannot be applied
 * is parked by the ledger as a problem of its row; a malformed one goes to the topic's dead letters.
 */
@Component
class LegacyAuthTopics {

    private final JdbcLegacyLedger ledger;
    private final LegacyImport importer;

    LegacyAuthTopics(JdbcLegacyLedger ledger, LegacyImport importer) {
        this.ledger = ledger;
        this.importer = importer;
    }

    @KafkaListener(id = "legacy-auth-import", containerFactory = EventConsumerAutoConfiguration.RETRY_FOREVER, autoStartup = "${identity.legacy-import.enabled}",
            topics = {"${identity.legacy-import.topic-prefix}.auth.users", "${identity.legacy-import.topic-prefix}.auth.identities",
                    "${identity.legacy-import.topic-prefix}.auth.sessions", "${identity.legacy-import.topic-prefix}.auth.refresh_tokens",
                    "${identity.legacy-import.topic-prefix}.auth.mfa_factors"})
    void on(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return; // a tombstone
        }
        ledger.handle(LegacyChange.parse(record.value(), record.partition(), record.offset()), importer::apply);
    }
}
