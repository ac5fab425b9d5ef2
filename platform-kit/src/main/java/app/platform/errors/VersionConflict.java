package app.platform.errors;

/** The If-Match version is not the current one: someone changed it meanwhile (412). */
public class VersionConflict extends RuntimeException {

    public VersionConflict() {
        super("It was changed meanwhile. Read it again and apply your change to the current version.");
    }
}
