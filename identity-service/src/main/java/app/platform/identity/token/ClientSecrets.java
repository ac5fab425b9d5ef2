package app.platform.identity.token;

import app.platform.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Client secrets are long random strings, not passwords people choose: a SHA-256 of one cannot be guessed back,
 * so a slow hash buys nothing and bcrypt on every token call halved sign-ins and refreshes (bench/identity.sh).
 * Stored as {@code {sha256}<hex>}; a configured {@code {noop}} secret matches and is upgraded to that form.
 * Spring's default would upgrade it to bcrypt and pay about 60 ms of CPU on each token request.
 */
public final class ClientSecrets implements PasswordEncoder {

    private static final String SHA256 = "{sha256}";
    private static final String NOOP = "{noop}";

    @Override
    public String encode(CharSequence secret) {
        return SHA256 + Sha256.hex(secret.toString());
    }

    @Override
    public boolean matches(CharSequence secret, String stored) {
        if (secret == null || stored == null) {
            return false;
        }
        byte[] expected;
        byte[] given;
        if (stored.startsWith(SHA256)) {
            expected = HexFormat.of().parseHex(stored.substring(SHA256.length()));
            given = Sha256.of(secret.toString());
        } else if (stored.startsWith(NOOP)) {
            expected = stored.substring(NOOP.length()).getBytes(StandardCharsets.UTF_8);
            given = secret.toString().getBytes(StandardCharsets.UTF_8);
        } else {
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }

    @Override
    public boolean upgradeEncoding(String stored) {
        return stored != null && !stored.startsWith(SHA256);
    }
}
