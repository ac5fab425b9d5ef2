package app.platform.errors;

/** The request contradicts the current state (a duplicate, an illegal transition): 409. */
public class Conflict extends RuntimeException {

    public Conflict(String message) {
        super(message);
    }
}
