package app.platform.errors;

/** Not found for this caller (someone else's id is not found either): 404. */
public class NotFound extends RuntimeException {

    public NotFound(String what) {
        super("no such " + what);
    }
}
