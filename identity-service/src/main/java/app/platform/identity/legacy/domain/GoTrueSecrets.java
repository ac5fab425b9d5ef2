package app.platform.identity.legacy.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * GoTrue's encrypted columns ({@code GOTRUE_SECURITY_DB_ENCRYPTION_*}: {@code auth.users.encrypted_password},
 * {@code auth.mfa_factors.secret}, {@code auth.sessions.refresh_token_hmac_key}) opened with the project's keys: the
 * stored text {@code {"key_id":…,"alg":"aes-gcm-hkdf","data":…,"nonce":…}} (standard base64), AES-256-GCM under
 * HKDF-SHA256(key, no salt, info = the row's id) with a 12-byte nonce and no associated data, as GoTrue's
 * {@code crypto.EncryptedString}. The keys are {@code GOTRUE_SECURITY_DB_ENCRYPTION_DECRYPTION_KEYS}' form,
 * {@code id:base64url,id2:base64url}.
 */
public final class GoTrueSecrets {

    private static final Pattern FIELD = Pattern.compile("\"(key_id|alg|data|nonce)\"\\s*:\\s*\"([^\"]*)\"");
    private final Map<String, byte[]> keys = new HashMap<>();

    /** @param decryptionKeys {@code id:key,…}; empty: none (every encrypted value stays closed) */
    public GoTrueSecrets(String decryptionKeys) {
        if (decryptionKeys == null || decryptionKeys.isBlank()) {
            return;
        }
        for (String entry : decryptionKeys.split(",")) {
            int colon = entry.indexOf(':');
            byte[] key = colon < 1 ? null : Base64.getUrlDecoder().decode(entry.substring(colon + 1).trim().replace("=", ""));
            if (key == null || key.length != 32) {
                throw new IllegalArgumentException("a GoTrue decryption key is id:base64url of 32 bytes");
            }
            keys.put(entry.substring(0, colon).trim(), key);
        }
    }

    /** Whether a column's value is GoTrue's encrypted form (plain values never start with '{'). */
    public static boolean encrypted(String value) {
        return value != null && value.startsWith("{");
    }

    /**
     * The plain value of a column of the row {@code rowId}: itself when not encrypted; opened when a configured key
     * opens it; empty when no key does (or the value is not one GoTrue wrote).
     */
    public Optional<String> open(String value, UUID rowId) {
        if (!encrypted(value)) {
            return Optional.ofNullable(value);
        }
        Map<String, String> fields = new HashMap<>();
        Matcher m = FIELD.matcher(value);
        while (m.find()) {
            fields.put(m.group(1), m.group(2));
        }
        byte[] key = keys.get(fields.get("key_id"));
        if (key == null || !"aes-gcm-hkdf".equals(fields.get("alg")) || fields.get("data") == null
                || fields.get("nonce") == null) {
            return Optional.empty();
        }
        try {
            byte[] nonce = Base64.getDecoder().decode(fields.get("nonce"));
            if (nonce.length != 12) {
                return Optional.empty();
            }
            Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(hkdf(key, rowId.toString()), "AES"),
                    new GCMParameterSpec(128, nonce));
            return Optional.of(new String(aes.doFinal(Base64.getDecoder().decode(fields.get("data"))),
                    StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** RFC 5869 with SHA-256, no salt (32 zero bytes), 32 bytes of output: one block. */
    static byte[] hkdf(byte[] key, String info) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        byte[] prk = mac.doFinal(key);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(info.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 1);
        return mac.doFinal();
    }
}
