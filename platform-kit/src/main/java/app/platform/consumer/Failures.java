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
     * Whether a failure is the infrastructure's for a while, not the record's. The first SQL state down the chain
     * decides where there is one (JDBC's or R2DBC's): class 08 (connection exception), 53 (insufficient resources: a
     * disk full, too many connections), 57P (the server shutting down or starting), 55000 (a database not accepting
     * connections), a serialization failure or a deadlock (40001, 40P01); any other state is the record's (a limit it exceeds, a constraint), however Spring
     * names it. Without one, a failure of {@link #TRANSIENT} (a connection that could not be made) is.
     */
    static boolean transientInfrastructure(Throwable failure) {
        boolean resource = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String state = sqlState(t);
            if (state != null) {
                return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                        || state.equals("55000") || state.equals("40001") || state.equals("40P01");
            }
            for (Class<?> c = t.getClass(); c != null && !resource; c = c.getSuperclass()) {
                resource = TRANSIENT.contains(c.getName());
            }
        }
        return resource;
    }

    /** The SQL state of a JDBC or an R2DBC exception, if it has one. */
    private static String sqlState(Throwable t) {
        if (t instanceof SQLException sql) {
            return sql.getSQLState();
        }
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals("io.r2dbc.spi.R2dbcException")) {
                try {
                    Object state = c.getMethod("getSqlState").invoke(t);
                    return state instanceof String s && !s.isBlank() ? s : null;
                } catch (ReflectiveOperationException e) {
                    return null;
                }
            }
        }
        return null;
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
