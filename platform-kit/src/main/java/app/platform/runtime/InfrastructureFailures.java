package app.platform.runtime;

import java.sql.SQLException;
import java.util.Set;

/**
 * The one rule of what is the infrastructure's failure for a while (the database or a connection away, a role that may
 * not log in yet, a lock or a timeout that passes), not the request's or the record's: a consumer retries such a
 * record until it is applied (never dead-letters it), and an API answers 503 with {@code Retry-After} (never 500).
 */
public final class InfrastructureFailures {

    /**
     * The failures of the infrastructure, by class name (a class or any of its superclasses; R2DBC's and WebClient's
     * are not on every service's class path): a database, a connection or a service away for a while, a lock or a
     * timeout that passes.
     */
    private static final Set<String> TRANSIENT = Set.of(
            "org.springframework.dao.DataAccessResourceFailureException",
            "org.springframework.dao.TransientDataAccessException",
            "org.springframework.transaction.CannotCreateTransactionException",
            "io.r2dbc.spi.R2dbcTransientException", "io.r2dbc.spi.R2dbcNonTransientResourceException",
            "java.sql.SQLTransientException", "java.sql.SQLRecoverableException", "java.net.ConnectException",
            // a service called over HTTP away or restarting: no connection, or one it closed before answering
            // (identity's keys while it stops); an error answer is a WebClientResponseException, not this
            "org.springframework.web.reactive.function.client.WebClientRequestException",
            // a commit or a rollback that failed: only a connection that broke under it does that
            "org.springframework.transaction.TransactionSystemException");

    private InfrastructureFailures() {
    }

    /**
     * Whether a failure is the infrastructure's for a while. The first SQL state down the chain decides where there is
     * one (JDBC's or R2DBC's): class 08 (connection exception), 28 (the service's role may not log in: a role locked
     * or its password being rotated, which an operator puts right), 53 (insufficient resources: a disk full, too many
     * connections), 57P (the server shutting down or starting), 55000 (a database not accepting connections), a
     * serialization failure or a deadlock (40001, 40P01); any other state is the record's or the request's (a limit it
     * exceeds, a constraint), however Spring names it. Without one, a failure of {@link #TRANSIENT} (a connection that
     * could not be made) is.
     */
    public static boolean transientFailure(Throwable failure) {
        boolean resource = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String state = sqlState(t);
            if (state != null) {
                return state.startsWith("08") || state.startsWith("28") || state.startsWith("53")
                        || state.startsWith("57P") || state.equals("55000") || state.equals("40001")
                        || state.equals("40P01");
            }
            for (Class<?> c = t.getClass(); c != null && !resource; c = c.getSuperclass()) {
                resource = TRANSIENT.contains(c.getName());
            }
        }
        return resource;
    }

    /**
     * The failure's chain for a log line: each cause's type with its SQL state where it has one, and the message only
     * of what the platform's own code threw, unless it repeats its cause's (a driver's message may hold the values of
     * a row).
     */
    public static String describe(Throwable failure) {
        StringBuilder said = new StringBuilder();
        for (Throwable t = failure; t != null && said.length() < 500; t = t.getCause() == t ? null : t.getCause()) {
            said.append(said.isEmpty() ? "" : " <- ").append(t.getClass().getSimpleName());
            if (t.getMessage() != null && t.getStackTrace().length > 0
                    && t.getStackTrace()[0].getClassName().startsWith("app.platform.") && !repeatsItsCause(t)) {
                said.append(": ").append(t.getMessage());
            }
            String state = sqlState(t);
            if (state != null) {
                said.append(" (SQL state ").append(state).append(')');
            }
        }
        return said.toString();
    }

    /** A message that carries its cause's (a driver's, which may name a row's values). */
    private static boolean repeatsItsCause(Throwable t) {
        Throwable cause = t.getCause();
        return cause != null && cause.getMessage() != null && t.getMessage().contains(cause.getMessage());
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
}
