package app.platform.identity.verification.domain;

import java.time.Duration;

/**
 * What a one-time token proves, how long it may be used, and how many may be mailed to one account in an hour
 * (more requests get the same polite answer and no mail: nobody can flood an inbox through us).
 */
public enum Purpose {
    EMAIL_VERIFICATION(Duration.ofHours(24), 3),
    PASSWORD_RESET(Duration.ofHours(1), 3),
    EMAIL_CHANGE(Duration.ofHours(24), 3);

    private final Duration lifetime;
    private final int mailsPerHour;

    Purpose(Duration lifetime, int mailsPerHour) {
        this.lifetime = lifetime;
        this.mailsPerHour = mailsPerHour;
    }

    public int mailsPerHour() {
        return mailsPerHour;
    }

    public Duration lifetime() {
        return lifetime;
    }
}
