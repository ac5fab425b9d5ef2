package app.platform.identity.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

class PasswordsTest {

    static final String LONG = "Demo-password-3 is a passphrase far longer than bcrypt reads: seventy-two bytes and more!";
    final Passwords passwords = new Passwords();

    @Test
    void aSupabaseHashOfAPasswordOver72BytesVerifiesAndItsRehashToo() {
        // what GoTrue stored: bcrypt of the first 72 bytes, no {id} prefix
        String legacy = BCrypt.hashpw(Arrays.copyOf(LONG.getBytes(StandardCharsets.UTF_8), 72), BCrypt.gensalt("$2a", 10));
        assertThat(passwords.matches(LONG, legacy)).isTrue();
        assertThat(passwords.upgradeEncoding(legacy)).isTrue();

        String rehash = passwords.encode(LONG);
        assertThat(rehash).startsWith("{bcrypt}$2a$10$");
        assertThat(passwords.matches(LONG, rehash)).isTrue();
        assertThat(passwords.matches(LONG.substring(0, 71), rehash)).isFalse();
        assertThat(passwords.upgradeEncoding(rehash)).isFalse();
    }

    @Test
    void anOrdinaryPasswordIsHashedAsSpringDoes() {
        String hash = passwords.encode("a long enough password");
        assertThat(hash).startsWith("{bcrypt}");
        assertThat(passwords.matches("a long enough password", hash)).isTrue();
        assertThat(passwords.matches("another password", hash)).isFalse();
    }
}
