package app.platform.identity.verification.domain;

import java.time.Duration;

/** What a one-time token proves, and how long it may be used. */
public enum Purpose {
    EMAIL_VERIFICATION(Duration.ofHours(24)),
    PASSWORD_RESET(Duration.ofHours(1));

    private final Duration lifetime;

    Purpose(Duration lifetime) {
        this.lifetime = lifetime;
    }

    public Duration lifetime() {
        return lifetime;
    }
}
