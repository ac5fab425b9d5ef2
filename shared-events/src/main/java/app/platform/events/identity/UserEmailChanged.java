package app.platform.events.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * The user changed their e-mail address, confirmed by a link mailed to the new one: it is the user's address, verified,
 * from {@code changedAt}.
 */
public record UserEmailChanged(UUID userId, String email, Instant changedAt) implements IdentityUserEvent {

    public static final String TYPE = "UserEmailChanged";

    @Override
    public String eventType() {
        return TYPE;
    }
}
