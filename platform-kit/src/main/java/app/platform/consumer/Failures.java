package app.platform.consumer;

import app.platform.runtime.InfrastructureFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A record's failure said without what it carried ({@link InfrastructureFailures#describe}). */
final class Failures {

    private static final Logger log = LoggerFactory.getLogger("app.platform.consumer.Retries");

    private Failures() {
    }

    /** Says a record's failure: the first, then every 10th (never silent, no flood). */
    static void logRetry(ConsumerRecord<?, ?> record, Exception failure, int attempt) {
        if (attempt == 1 || attempt % 10 == 0) {
            log.warn("{}-{}@{} failed (attempt {}), retried: {}", record.topic(), record.partition(), record.offset(),
                    attempt, InfrastructureFailures.describe(failure));
        }
    }
}
