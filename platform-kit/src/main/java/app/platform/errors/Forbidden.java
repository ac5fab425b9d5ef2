package app.platform.errors;

/** Signed in, but this is not yours to do (a read-only setting, an operator's action): 403. */
public class Forbidden extends RuntimeException {

    public Forbidden(String message) {
        super(message);
    }
}
