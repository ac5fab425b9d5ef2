package app.platform.identity.token;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCrypt;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Users' password hashes. New hashes are {@code {bcrypt}}-prefixed; Supabase's imported hashes ({@code $2a$},
 * {@code $2b$}, {@code $2y$}, any cost; or argon2 in PHC form, {@code $argon2id$v=19$m=…}, which GoTrue accepts too)
 * have no prefix, are matched as they are and rehashed at the first sign-in. bcrypt reads only the first 72 bytes of a password: a Supabase user's longer password was hashed as those
 * bytes, so its rehash is of those bytes too (Spring's bcrypt refuses to hash more, and the sign-in failed with a 500).
 * A new password is never that long ({@code PasswordPolicy}).
 */
final class Passwords implements PasswordEncoder {

    private static final int BCRYPT_BYTES = 72;
    private static final int STRENGTH = 10;
    private static final String ARGON2 = "$argon2";
    private final Argon2PasswordEncoder argon2 = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    private final DelegatingPasswordEncoder delegate =
            (DelegatingPasswordEncoder) PasswordEncoderFactories.createDelegatingPasswordEncoder();

    Passwords() {
        delegate.setDefaultPasswordEncoderForMatches(new BCryptPasswordEncoder(STRENGTH));
    }

    @Override
    public String encode(CharSequence raw) {
        byte[] bytes = raw.toString().getBytes(StandardCharsets.UTF_8);
        return bytes.length <= BCRYPT_BYTES ? delegate.encode(raw)
                : "{bcrypt}" + BCrypt.hashpw(Arrays.copyOf(bytes, BCRYPT_BYTES), BCrypt.gensalt(STRENGTH));
    }

    @Override
    public boolean matches(CharSequence raw, String encoded) {
        return encoded != null && encoded.startsWith(ARGON2) ? argon2.matches(raw, encoded) : delegate.matches(raw, encoded);
    }

    @Override
    public boolean upgradeEncoding(String encoded) {
        return encoded != null && encoded.startsWith(ARGON2) || delegate.upgradeEncoding(encoded);
    }
}
