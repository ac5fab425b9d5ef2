package app.platform.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/**
 * Supabase access tokens as a legacy project's GoTrue signs them (HS256 under the project's JWT secret, its Auth URL as
 * {@code iss}, audience and role {@code authenticated}, a {@code session_id}), and the settings that open the
 * platform's legacy-token window for them.
 */
public final class LegacyTokens {

    public static final String SECRET = "the-legacy-projects-jwt-secret-of-32-chars-or-more";
    public static final String ISSUER = "https://legacyref.supabase.co/auth/v1";
    /** The window's settings as Spring properties, for {@code @SpringBootTest(properties = …)}. */
    public static final String SECRET_PROPERTY = "platform.legacy-tokens.jwt-secret=" + SECRET;
    public static final String ISSUER_PROPERTY = "platform.legacy-tokens.issuer=" + ISSUER;
    public static final String UNTIL_PROPERTY = "platform.legacy-tokens.accept-until=2999-01-01T00:00:00Z";

    private LegacyTokens() {
    }

    /** {@code LEGACY_JWT_SECRET}, {@code LEGACY_JWT_ISSUER} and {@code LEGACY_TOKENS_UNTIL}: a window open for a day. */
    public static Map<String, String> environment() {
        return Map.of("LEGACY_JWT_SECRET", SECRET, "LEGACY_JWT_ISSUER", ISSUER,
                "LEGACY_TOKENS_UNTIL", Instant.now().plus(Duration.ofDays(1)).toString());
    }


    /** A token of the user's Supabase session {@code sessionId}, valid for {@code validFor} (negative: expired). */
    public static String accessToken(UUID user, UUID sessionId, Duration validFor) {
        return sign(SECRET, claims(user, sessionId, validFor).build());
    }

    /** The claims of {@link #accessToken}, to change one of them. */
    public static JWTClaimsSet.Builder claims(UUID user, UUID sessionId, Duration validFor) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject(user.toString()).audience("authenticated")
                .claim("role", "authenticated").claim("aal", "aal1").claim("session_id", sessionId.toString())
                .claim("email", "someone@legacy.example").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(validFor)));
    }

    public static String sign(String secret, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
