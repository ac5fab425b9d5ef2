package app.platform.consumer;

import java.sql.SQLException;
import java.util.Set;
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

    /**
     * The failures of the infrastructure, by class name (a class or any of its superclasses; R2DBC's are not on every
     * service's class path): a database or a connection away for a while, a lock or a timeout that passes.
     */
    private static final Set<String> TRANSIENT = Set.of(
            "org.springframework.dao.DataAccessResourceFailureException",
            "org.springframework.dao.TransientDataAccessException",
            "org.springframework.transaction.CannotCreateTransactionException",
            "io.r2dbc.spi.R2dbcTransientException", "io.r2dbc.spi.R2dbcNonTransientResourceException",
            "java.sql.SQLTransientException", "java.sql.SQLRecoverableException", "java.net.ConnectException");

    private Failures() {
    }

    /**
     * Whether a failure is the infrastructure's for a while, not the record's: one of {@link #TRANSIENT} down the
     * chain, or an SQL state of class 08 (connection exception) or 57P (the server shutting down or starting).
     */
    static boolean transientInfrastructure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
                if (TRANSIENT.contains(c.getName())) {
                    return true;
                }
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
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
