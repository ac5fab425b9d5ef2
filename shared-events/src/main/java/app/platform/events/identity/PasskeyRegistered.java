package app.platform.events.identity;

import java.time.Instant;
import java.util.UUID;

/** A passkey was registered (its id and label only; no key material). */
public record PasskeyRegistered(UUID userId, String credentialId, String label, Instant registeredAt) implements IdentityUserEvent {

    public static final String TYPE = "PasskeyRegistered";

    @Override
    public String eventType() {
        return TYPE;
    }
}
