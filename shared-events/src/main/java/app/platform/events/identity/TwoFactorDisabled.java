package app.platform.events.identity;

import java.time.Instant;
import java.util.UUID;

/** TOTP two-factor sign-in was switched off after re-authentication. */
public record TwoFactorDisabled(UUID userId, String method, Instant disabledAt) implements IdentityUserEvent {

    public static final String TYPE = "TwoFactorDisabled";

    @Override
    public String eventType() {
        return TYPE;
    }
}
