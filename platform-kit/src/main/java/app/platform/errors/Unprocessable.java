package app.platform.errors;

/** A well-formed request the current state cannot take (a reused idempotency key, a refund above what is left): 422. */
public class Unprocessable extends RuntimeException {

    public Unprocessable(String message) {
        super(message);
    }
}
