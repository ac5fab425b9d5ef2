package app.platform.identity.token;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code identity.keys.*}: the key-encryption key of the secrets at rest (32 random bytes, base64), and how long a
 * rotated-in signing key is only published before it signs ({@code activation-delay}: longer than the replicas'
 * key reload, a minute, and the resource servers' JWKS caches, five minutes).
 */
@ConfigurationProperties("identity.keys")
public record KeySettings(String encryptionKey, @DefaultValue("10m") Duration activationDelay) {

    @Override
    public String toString() {
        return "KeySettings[<redacted>]";
    }
}
