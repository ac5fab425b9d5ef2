package app.platform.security;

import java.time.Instant;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code platform.legacy-tokens.*}: the cutover's window in which a Supabase access token is exchanged once for a
 * platform sign-in, as identity and the gateway both apply it. {@code LEGACY_JWT_SECRET} (the project's JWT secret,
 * 32 characters or more) opens it; then {@code LEGACY_JWT_ISSUER} (the project's Auth URL, the tokens' {@code iss},
 * e.g. {@code https://<ref>.supabase.co/auth/v1}) and {@code LEGACY_TOKENS_UNTIL} (an ISO-8601 instant) are
 * required, so the window always closes and only that project's tokens fit. Without a secret it is closed.
 */
@ConfigurationProperties("platform.legacy-tokens")
public record LegacyTokenWindow(String jwtSecret, String issuer, Instant acceptUntil) {

    public LegacyTokenWindow {
        jwtSecret = jwtSecret == null ? "" : jwtSecret;
        issuer = issuer == null ? "" : issuer.trim();
        if (!jwtSecret.isEmpty()) {
            if (jwtSecret.length() < 32) {
                throw new IllegalArgumentException("LEGACY_JWT_SECRET must be the project's JWT secret (32 characters or more)");
            }
            if (issuer.isEmpty() || acceptUntil == null) {
                throw new IllegalArgumentException("with LEGACY_JWT_SECRET set, LEGACY_JWT_ISSUER (the legacy tokens' iss) "
                        + "and LEGACY_TOKENS_UNTIL (when the window closes, ISO-8601) are required");
            }
        }
    }

    /** A secret is set: the legacy tokens are checked against it (and refused once the window has closed). */
    public boolean configured() {
        return !jwtSecret.isEmpty();
    }

    public boolean open(Instant now) {
        return configured() && now.isBefore(acceptUntil);
    }

    @Override
    public String toString() {
        return "LegacyTokenWindow[jwtSecret=" + (jwtSecret.isEmpty() ? "" : "<redacted>") + ", issuer=" + issuer
                + ", acceptUntil=" + acceptUntil + "]";
    }
}
