package app.platform.relay.cutover.domain;

/**
 * One line of the preflight: what was checked, whether it passed, what was found and, when it failed, the fix (one
 * sentence: the SQL to run or the setting to change). An {@code error} that fails blocks the cutover; a
 * {@code warning} that fails is advice.
 *
 * @param severity {@link #ERROR} or {@link #WARNING}
 * @param fix      null when it passed
 */
public record PreflightCheck(String name, boolean passed, String severity, String found, String fix) {

    public static final String ERROR = "error";
    public static final String WARNING = "warning";

    static PreflightCheck pass(String name, String severity, String found) {
        return new PreflightCheck(name, true, severity, found, null);
    }

    static PreflightCheck fail(String name, String severity, String found, String fix) {
        return new PreflightCheck(name, false, severity, found, fix);
    }

    /** A failed error: the cutover must not start. */
    boolean blocking() {
        return !passed && ERROR.equals(severity);
    }
}
