package app.platform.events.identity;

import java.time.Instant;
import java.util.UUID;

/** The user signed in (method: password, google, passkey). */
public record UserSignedIn(UUID userId, String method, Instant signedInAt) implements IdentityUserEvent {

    public static final String TYPE = "UserSignedIn";

    @Override
    public String eventType() {
        return TYPE;
    }
}
