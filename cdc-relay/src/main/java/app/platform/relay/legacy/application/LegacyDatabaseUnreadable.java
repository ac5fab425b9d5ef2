package app.platform.relay.legacy.application;

/** The legacy database could not be read: unreachable, refused, or a query failed. */
public class LegacyDatabaseUnreadable extends IllegalStateException {

    private final String reason;

    public LegacyDatabaseUnreadable(Throwable cause) {
        super("the legacy database cannot be read: " + cause.getMessage(), cause);
        this.reason = cause.getMessage();
    }

    /** What the database or its driver said. */
    public String reason() {
        return reason;
    }
}
