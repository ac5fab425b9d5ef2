package app.platform.identity.user.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Who asks for a sensitive change to their own account (a new password, closing it) proves again that it is them:
 * with the password when the account has one; an account without one (passkey or Google only) by a sign-in within
 * the last {@link #RECENT} five minutes, which the client gets by asking for a fresh one ({@code max_age=0}).
 */
public final class Reauthentication {

    public static final Duration RECENT = Duration.ofMinutes(5);

    public enum Outcome { CONFIRMED, WRONG_PASSWORD, SIGN_IN_AGAIN }

    private Reauthentication() {
    }

    /**
     * @param passwordMatches whether the password given is the account's; null when the account has none
     * @param signedInAt when the caller signed in (the token's {@code auth_time}); null if unknown
     */
    public static Outcome of(Boolean passwordMatches, Instant signedInAt, Instant now) {
        if (passwordMatches != null) {
            return passwordMatches ? Outcome.CONFIRMED : Outcome.WRONG_PASSWORD;
        }
        return signedInAt != null && !signedInAt.isBefore(now.minus(RECENT)) ? Outcome.CONFIRMED : Outcome.SIGN_IN_AGAIN;
    }
}
