package app.platform.events.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * TOTP two-factor sign-in was switched on (no secret or code travels); {@code imported}: carried over from Supabase
 * at the cutover (the user enrolled there).
 */
public record TwoFactorEnabled(UUID userId, String method, Instant enabledAt, boolean imported) implements IdentityUserEvent {

    public static final String TYPE = "TwoFactorEnabled";

    @Override
    public String eventType() {
        return TYPE;
    }
}
