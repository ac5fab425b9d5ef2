package app.platform.identity.mfa.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TotpTest {

    static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void rfc6238VectorsInSixDigits() {
        // RFC 6238 appendix B (SHA-1), the last six of the eight digits
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(59)))).isEqualTo("287082");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1111111109)))).isEqualTo("081804");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(2000000000)))).isEqualTo("279037");
    }

    @Test
    void oneStepOfDriftEitherWayAndNeverAStepAtOrBeforeTheLastUsed() {
        Instant now = Instant.ofEpochSecond(1111111109);
        long step = Totp.step(now);
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, step - 1), now, 0)).hasValue(step - 1);
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, step + 1), now, 0)).hasValue(step + 1);
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, step - 2), now, 0)).isEmpty();
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, step), now, step)).isEmpty();
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, step - 1), now, step)).isEmpty();
        assertThat(Totp.match(RFC_SECRET, "12a456", now, 0)).isEmpty();
        assertThat(Totp.match(RFC_SECRET, null, now, 0)).isEmpty();
    }

    @Test
    void base32AndTheUriAuthenticatorAppsRead() {
        assertThat(Totp.base32(RFC_SECRET)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Totp.uri("Platform", "ada@example.com", RFC_SECRET))
                .isEqualTo("otpauth://totp/Platform:ada%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                        + "&issuer=Platform&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void backupCodesAreTenDistinctAndTypedLoosely() {
        var codes = BackupCodes.generate();
        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        assertThat(BackupCodes.normalize(" ABCDE-fghjk ")).isEqualTo("abcdefghjk");
        assertThat(BackupCodes.looksLikeOne(codes.getFirst())).isTrue();
        assertThat(BackupCodes.looksLikeOne("123456")).isFalse();
    }
}
