package app.platform.identity.user.application;

import app.platform.errors.InvalidInput;
import app.platform.identity.user.domain.Reauthentication;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** Applies {@link Reauthentication} for the account's commands: a wrong password is a 400, a stale sign-in a 401. */
@Component
public class Reauthenticate {

    /** The account has no password and its sign-in is older than {@link Reauthentication#RECENT}: sign in again. */
    public static class SignInAgain extends RuntimeException {
        public SignInAgain() {
            super("Sign in again to confirm it is you (a sign-in within the last five minutes).");
        }
    }

    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final Clock clock;

    public Reauthenticate(UserRepository users, PasswordEncoder passwords, Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.clock = clock;
    }

    public void confirm(UUID userId, String password, Instant signedInAt) {
        Boolean matches = users.passwordHashOf(userId)
                .map(hash -> password != null && passwords.matches(password, hash)).orElse(null);
        switch (Reauthentication.of(matches, signedInAt, clock.instant())) {
            case CONFIRMED -> { }
            case WRONG_PASSWORD -> throw new InvalidInput("password", "The password is not correct.");
            case SIGN_IN_AGAIN -> throw new SignInAgain();
        }
    }
}
