package app.platform.events.identity;

import java.time.Instant;
import java.util.UUID;

/** A passkey was deleted by its owner. */
public record PasskeyRemoved(UUID userId, String credentialId, Instant removedAt) implements IdentityUserEvent {

    public static final String TYPE = "PasskeyRemoved";

    @Override
    public String eventType() {
        return TYPE;
    }
}
