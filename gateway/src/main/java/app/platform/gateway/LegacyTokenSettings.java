package app.platform.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code gateway.legacy-tokens.*}: the legacy project's JWT secret during the cutover's no-forced-re-login window
 * (empty, or shorter than 32 characters: the window is closed).
 */
@ConfigurationProperties("gateway.legacy-tokens")
record LegacyTokenSettings(String jwtSecret) {

    LegacyTokenSettings {
        jwtSecret = jwtSecret == null ? "" : jwtSecret;
    }

    @Override
    public String toString() {
        return "LegacyTokenSettings[jwtSecret=" + (jwtSecret.isEmpty() ? "" : "<redacted>") + "]";
    }
}
