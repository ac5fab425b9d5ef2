package app.platform.identity.web;

import app.platform.events.EventMetadata;
import java.util.UUID;
import org.springframework.security.oauth2.jwt.Jwt;

/** Who calls the JSON API: the user of the bearer token, and the metadata of the events they cause. */
public final class Caller {

    private Caller() {
    }

    public static UUID id(Jwt jwt) {
        return UUID.fromString(jwt.getSubject());
    }

    public static EventMetadata metadata(Jwt jwt) {
        return EventMetadata.ofUser(CorrelationIdFilter.current(), id(jwt));
    }
}
