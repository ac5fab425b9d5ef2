package app.platform.membership.web;

import app.platform.events.EventMetadata;
import java.util.UUID;
import org.springframework.security.oauth2.jwt.Jwt;

/** The caller of the API: the member (the token's subject) and the metadata of the events they cause. */
public final class Caller {

    private Caller() {
    }

    public static UUID id(Jwt jwt) {
        return UUID.fromString(jwt.getSubject());
    }

    public static EventMetadata metadata(Jwt jwt) {
        return EventMetadata.ofUser(null, id(jwt));
    }
}
