package app.platform.identity.legacy.application;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code identity.legacy-import.*}: the cutover's import. {@code decryption-keys} are the project's
 * {@code GOTRUE_SECURITY_DB_ENCRYPTION_DECRYPTION_KEYS} ({@code id:base64url,…}; empty: encrypted columns are reported,
 * not opened); {@code webauthn-rp-id} is its {@code GOTRUE_WEBAUTHN_RP_ID} (its WebAuthn factors come over only when
 * it is identity's own relying party).
 */
@ConfigurationProperties("identity.legacy-import")
public record LegacyImportSettings(boolean enabled, String topicPrefix, String decryptionKeys, String webauthnRpId) {

    public LegacyImportSettings {
        decryptionKeys = decryptionKeys == null ? "" : decryptionKeys.trim();
        webauthnRpId = webauthnRpId == null ? "" : webauthnRpId.trim();
    }
}
