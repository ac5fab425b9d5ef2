package app.platform.profile.web;

import app.platform.events.EventMetadata;
import app.platform.security.Caller;
import java.util.UUID;
import org.springframework.security.oauth2.jwt.Jwt;

/** The caller of {@code /api/profile/me/**}: the app user id is the identity user id (the token's subject). */
public final class Me {

    private Me() {
    }

    public static UUID id(Jwt jwt) {
        return Caller.id(jwt);
    }

    public static EventMetadata metadata(Jwt jwt) {
        return Caller.metadata(jwt);
    }

    /** The strong ETag of a version. */
    public static String etag(int version) {
        return "\"" + version + "\"";
    }

    /** The version an If-Match names; null when absent; a malformed one matches nothing (-1). */
    public static Integer ifMatch(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(header.trim().replace("W/", "").replace("\"", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
