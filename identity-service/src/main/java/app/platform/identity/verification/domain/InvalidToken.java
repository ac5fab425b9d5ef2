package app.platform.identity.verification.domain;

/** Unknown, used or expired: the caller is not told which. */
public class InvalidToken extends RuntimeException {
    public InvalidToken() {
        super("the link is invalid or has expired");
    }
}
