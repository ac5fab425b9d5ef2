package app.platform.legacy;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Why applying a legacy change failed, and whether trying again can help. Transient: the database or the connection
 * (SQLSTATE classes 08 connection, 40 rollback such as a deadlock or a serialization failure, 53 resources, 57
 * operator intervention, 58 system, and 55P03 lock not available), a time-out; those are retried for ever. Anything
 * else (a constraint, a value the target cannot hold, a value the translation cannot map) fails again however often
 * it is tried: after a few attempts the change is parked with its reason. The reason names the SQLSTATE and the
 * constraint, never a value (the database's detail would quote the row's personal data).
 */
final class ApplyFailures {

    private static final java.util.Set<String> TRANSIENT_CLASSES = java.util.Set.of("08", "28", "40", "53", "57", "58");
    private static final Pattern CONSTRAINT = Pattern.compile("constraint \"([A-Za-z0-9_]+)\"");

    private ApplyFailures() {
    }

    static boolean isTransient(Throwable failure, Function<Throwable, String> driverState) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof TimeoutException || t instanceof IOException) {
                return true;
            }
            String state = state(t, driverState);
            if (state != null && (state.length() == 5 && TRANSIENT_CLASSES.contains(state.substring(0, 2))
                    || state.equals("55P03"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** "could not be applied: SQLSTATE 23505 (constraint x)", or the failure's kind when no database said no. */
    static String reason(Throwable failure, Function<Throwable, String> driverState) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            String state = state(t, driverState);
            if (state != null) {
                Matcher constraint = CONSTRAINT.matcher(String.valueOf(t.getMessage()));
                return "could not be applied: SQLSTATE " + state
                        + (constraint.find() ? " (constraint " + constraint.group(1) + ")" : "");
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "could not be applied: " + root.getClass().getSimpleName();
    }

    private static String state(Throwable t, Function<Throwable, String> driverState) {
        return t instanceof SQLException sql && sql.getSQLState() != null ? sql.getSQLState() : driverState.apply(t);
    }
}
