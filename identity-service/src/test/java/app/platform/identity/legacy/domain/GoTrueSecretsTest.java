package app.platform.identity.legacy.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class GoTrueSecretsTest {

    /** GoTrue's {@code crypto.NewEncryptedString}, written out: AES-256-GCM under HKDF-SHA256(key, info = row id). */
    static String encrypt(String keyId, byte[] key, UUID row, String plain) throws Exception {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(GoTrueSecrets.hkdf(key, row.toString()), "AES"),
                new GCMParameterSpec(128, nonce));
        byte[] data = aes.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        return "{\"key_id\":\"" + keyId + "\",\"alg\":\"aes-gcm-hkdf\",\"data\":\"" + Base64.getEncoder().encodeToString(data)
                + "\",\"nonce\":\"" + Base64.getEncoder().encodeToString(nonce) + "\"}";
    }

    @Test
    void hkdfIsRfc5869() throws Exception {
        // RFC 5869 test case 3 (SHA-256, no salt, no info), its first 32 bytes
        byte[] ikm = new byte[22];
        java.util.Arrays.fill(ikm, (byte) 0x0b);
        assertThat(java.util.HexFormat.of().formatHex(GoTrueSecrets.hkdf(ikm, "")))
                .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d");
    }

    @Test
    void anEncryptedColumnOpensWithItsKeyOnlyForItsOwnRow() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String keys = "old:" + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]) + ",k1:"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        UUID row = UUID.randomUUID();
        String sealed = encrypt("k1", key, row, "JBSWY3DPEHPK3PXP");
        assertThat(GoTrueSecrets.encrypted(sealed)).isTrue();
        assertThat(new GoTrueSecrets(keys).open(sealed, row)).contains("JBSWY3DPEHPK3PXP");
        assertThat(new GoTrueSecrets(keys).open(sealed, UUID.randomUUID())).as("another row's info").isEmpty();
        assertThat(new GoTrueSecrets("").open(sealed, row)).as("no key configured").isEmpty();
        assertThat(new GoTrueSecrets(keys).open("JBSWY3DPEHPK3PXP", row)).as("a plain value").contains("JBSWY3DPEHPK3PXP");
    }
}
