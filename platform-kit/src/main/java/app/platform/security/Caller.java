package app.platform.security;

import app.platform.errors.Forbidden;
import app.platform.events.EventMetadata;
import java.util.UUID;
import org.springframework.security.oauth2.jwt.Jwt;

/** The caller of a service's API: the user is the token's subject (the identity user id). */
public final class Caller {

    private Caller() {
    }

    /**
     * The user id. A token that does not belong to a user (a service's client-credentials token, whose subject is
     * the client, or a token without a subject) is refused: {@link Forbidden}, a 403 problem.
     */
    public static UUID id(Jwt jwt) {
        String subject = jwt.getSubject();
        if (subject == null || !userId(subject)) {
            throw new Forbidden("This token does not belong to a user.");
        }
        return UUID.fromString(subject);
    }

    /**
     * Whether a subject is a user id as identity writes it: a UUID in its canonical form, 8-4-4-4-12 hexadecimal
     * digits of either case (read on every request: a loop, not a regular expression).
     */
    static boolean userId(String subject) {
        if (subject.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = subject.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
                    : c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The user as the actor; the outbox adds the request's correlation id. */
    public static EventMetadata metadata(Jwt jwt) {
        return EventMetadata.ofUser(null, id(jwt));
    }
}
