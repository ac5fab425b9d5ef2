package app.platform.identity.token;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code identity.keys.*}: the key-encryption key of the secrets at rest (32 random bytes, base64). */
@ConfigurationProperties("identity.keys")
record KeySettings(String encryptionKey) {

    @Override
    public String toString() {
        return "KeySettings[<redacted>]";
    }
}
