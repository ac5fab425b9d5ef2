package app.platform.profile.shared;

/** Not found for this caller (another user's id is not found either): 404. */
public class NotFound extends RuntimeException {

    public NotFound(String what) {
        super("no such " + what);
    }
}
