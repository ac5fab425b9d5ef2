package app.platform.identity.legacy.application;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * No forced re-login at the cutover: while the legacy project's JWT secret is configured
 * ({@code identity.legacy-tokens.jwt-secret}, and until {@code accept-until} if set), a user signed in to Supabase
 * hands in their Supabase access token once (HS256 under that secret, not expired, audience {@code authenticated})
 * and is signed in here as the same user (the imported id), provided they exist, are not banned and not deleted.
 * A token is accepted once: its hash is kept.
 */
@Service
public class LegacySessions {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final byte[] secret;
    private final Instant acceptUntil;

    public LegacySessions(JdbcClient jdbc, Clock clock, @Value("${identity.legacy-tokens.jwt-secret:}") String secret,
                          @Value("${identity.legacy-tokens.accept-until:}") String acceptUntil) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.acceptUntil = acceptUntil.isBlank() ? null : Instant.parse(acceptUntil);
    }

    /** The user a legacy access token signs in, once; empty when it is not one to accept (never says why). */
    @Transactional
    public Optional<UUID> exchange(String token) {
        Instant now = clock.instant();
        if (secret.length < 32 || (acceptUntil != null && now.isAfter(acceptUntil))) {
            return Optional.empty();
        }
        JWTClaimsSet claims;
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new MACVerifier(secret))) {
                return Optional.empty();
            }
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | JOSEException e) {
            return Optional.empty();
        }
        if (claims.getExpirationTime() == null || !claims.getExpirationTime().toInstant().isAfter(now)
                || claims.getAudience() == null || !claims.getAudience().contains("authenticated")
                || !"authenticated".equals(claims.getClaim("role"))) {
            return Optional.empty();
        }
        UUID user;
        try {
            user = UUID.fromString(claims.getSubject());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        boolean usable = jdbc.sql("""
                        SELECT count(*) FROM users WHERE id = :id AND deleted_at IS NULL
                            AND (banned_until IS NULL OR banned_until <= now())""")
                .param("id", user).query(Long.class).single() == 1;
        if (!usable) {
            return Optional.empty();
        }
        int first = jdbc.sql("INSERT INTO legacy_token_exchange (token_hash, user_id) VALUES (:hash, :user) ON CONFLICT DO NOTHING")
                .param("hash", sha256(token)).param("user", user).update();
        return first == 1 ? Optional.of(user) : Optional.empty();
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
