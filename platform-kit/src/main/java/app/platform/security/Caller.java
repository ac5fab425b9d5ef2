package app.platform.security;

import app.platform.events.EventMetadata;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.server.ResponseStatusException;

/** The caller of a reactive service's API: the user is the token's subject (the identity user id). */
public final class Caller {

    /** The header the gateway puts on every request. */
    public static final String CORRELATION_HEADER = "X-Correlation-Id";

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

    public static EventMetadata metadata(Jwt jwt, String correlationId) {
        return EventMetadata.ofUser(correlationId, id(jwt));
    }

    public static EventMetadata metadata(Jwt jwt) {
        return metadata(jwt, null);
    }
}
