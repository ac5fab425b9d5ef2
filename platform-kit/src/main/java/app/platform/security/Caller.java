package app.platform.security;

import app.platform.errors.Forbidden;
import app.platform.events.EventMetadata;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.security.oauth2.jwt.Jwt;

/** The caller of a service's API: the user is the token's subject (the identity user id). */
public final class Caller {

    /** A user id as identity writes it in {@code sub}: a UUID in its canonical form. */
    private static final Pattern USER_ID =
            Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

    private Caller() {
    }

    /**
     * The user id. A token that does not belong to a user (a service's client-credentials token, whose subject is
     * the client, or a token without a subject) is refused: {@link Forbidden}, a 403 problem.
     */
    public static UUID id(Jwt jwt) {
        String subject = jwt.getSubject();
        if (subject == null || !USER_ID.matcher(subject).matches()) {
            throw new Forbidden("This token does not belong to a user.");
        }
        return UUID.fromString(subject);
    }

    /** The user as the actor; the outbox adds the request's correlation id. */
    public static EventMetadata metadata(Jwt jwt) {
        return EventMetadata.ofUser(null, id(jwt));
    }
}
