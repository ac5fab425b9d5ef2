package app.platform.identity.user.domain;

public class EmailAlreadyRegistered extends RuntimeException {
    public EmailAlreadyRegistered() {
        super("an account with this e-mail address already exists");
    }
}
