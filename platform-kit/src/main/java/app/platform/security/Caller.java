package app.platform.security;

import app.platform.events.EventMetadata;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.server.ResponseStatusException;

/** The caller of a service's API: the user is the token's subject (the identity user id). */
public final class Caller {

    private Caller() {
    }

    /** The user id; 403 when the token's subject is not a user (a service's client-credentials token). */
    public static UUID id(Jwt jwt) {
        try {
            return UUID.fromString(jwt.getSubject());
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "the token's subject is not a user");
        }
    }

    /** The user as the actor; the outbox adds the request's correlation id. */
    public static EventMetadata metadata(Jwt jwt) {
        return EventMetadata.ofUser(null, id(jwt));
    }
}
