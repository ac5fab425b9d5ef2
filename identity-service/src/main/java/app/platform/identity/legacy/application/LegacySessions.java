package app.platform.identity.legacy.application;

import app.platform.crypto.Sha256;
import app.platform.identity.user.application.UserRepository;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
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

    private final UserRepository users;
    private final LegacyTokenExchanges exchanges;
    private final Clock clock;
    private final byte[] secret;
    private final Instant acceptUntil;

    public LegacySessions(UserRepository users, LegacyTokenExchanges exchanges, Clock clock,
                          LegacyTokenSettings settings) {
        this.users = users;
        this.exchanges = exchanges;
        this.clock = clock;
        this.secret = settings.jwtSecret().getBytes(StandardCharsets.UTF_8);
        this.acceptUntil = settings.acceptUntil().isBlank() ? null : Instant.parse(settings.acceptUntil());
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
        if (!users.isActive(user)) {
            return Optional.empty();
        }
        return exchanges.firstExchange(Sha256.hex(token), user) ? Optional.of(user) : Optional.empty();
    }
}
