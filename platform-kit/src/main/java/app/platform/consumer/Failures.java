package app.platform.consumer;

import java.sql.SQLException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A failure said without what it carried: the exception types down the chain, an SQL state, and only the platform's own
 * messages (written without values; a driver's constraint message names the row's values, which must not reach the
 * logs).
 */
final class Failures {

    private static final Logger log = LoggerFactory.getLogger("app.platform.consumer.Retries");

    private Failures() {
    }

    /** Says a record's failure: the first, then every 10th (never silent, no flood). */
    static void logRetry(ConsumerRecord<?, ?> record, Exception failure, int attempt) {
        if (attempt == 1 || attempt % 10 == 0) {
            log.warn("{}-{}@{} failed (attempt {}), retried: {}", record.topic(), record.partition(), record.offset(),
                    attempt, describe(failure));
        }
    }

    static String describe(Throwable failure) {
        StringBuilder said = new StringBuilder();
        for (Throwable t = failure; t != null && said.length() < 500; t = t.getCause()) {
            said.append(said.isEmpty() ? "" : " <- ").append(t.getClass().getSimpleName());
            if (t.getMessage() != null && t.getStackTrace().length > 0
                    && t.getStackTrace()[0].getClassName().startsWith("app.platform.")) {
                said.append(": ").append(t.getMessage());
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                said.append(" (SQL state ").append(sql.getSQLState()).append(')');
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return said.toString();
    }
}
