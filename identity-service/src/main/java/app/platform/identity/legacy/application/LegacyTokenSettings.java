package app.platform.identity.legacy.application;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code identity.legacy-tokens.*}: the legacy project's JWT secret (empty: legacy access tokens are not accepted),
 * and {@code accept-until}, an ISO-8601 instant that ends the window (empty: no end).
 */
@ConfigurationProperties("identity.legacy-tokens")
public record LegacyTokenSettings(String jwtSecret, String acceptUntil) {

    public LegacyTokenSettings {
        jwtSecret = jwtSecret == null ? "" : jwtSecret;
        acceptUntil = acceptUntil == null ? "" : acceptUntil;
    }

    @Override
    public String toString() {
        return "LegacyTokenSettings[jwtSecret=<redacted>, acceptUntil=" + acceptUntil + "]";
    }
}
