package app.platform.events.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * A passkey was registered (its id and label only; no key material); {@code imported}: a WebAuthn factor carried
 * over from Supabase at the cutover.
 */
public record PasskeyRegistered(UUID userId, String credentialId, String label, Instant registeredAt, boolean imported) implements IdentityUserEvent {

    public static final String TYPE = "PasskeyRegistered";

    @Override
    public String eventType() {
        return TYPE;
    }
}
