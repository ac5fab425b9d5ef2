package app.platform.identity.legacy.application;

import app.platform.crypto.Sha256;
import app.platform.identity.user.application.UserRepository;
import app.platform.security.LegacyTokenWindow;
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
 * No forced re-login at the cutover: while the {@link LegacyTokenWindow} is open, a user signed in to Supabase hands
 * in their Supabase access token (HS256 under the project's secret, issued by the project's Auth ({@code iss}), not
 * expired, audience {@code authenticated}, with its {@code session_id}) and is signed in here as the same user (the
 * imported id), provided they exist, are not banned and not deleted. Each Supabase session is exchanged once: the
 * hash of {@code sub} and {@code session_id} is kept, so a second token of the same session (a refreshed one) is
 * refused too.
 */
@Service
public class LegacySessions {

    private final UserRepository users;
    private final LegacyTokenExchanges exchanges;
    private final Clock clock;
    private final LegacyTokenWindow window;
    private final byte[] secret;

    public LegacySessions(UserRepository users, LegacyTokenExchanges exchanges, Clock clock, LegacyTokenWindow window) {
        this.users = users;
        this.exchanges = exchanges;
        this.clock = clock;
        this.window = window;
        this.secret = window.jwtSecret().getBytes(StandardCharsets.UTF_8);
    }

    /** The user a legacy access token signs in, once; empty when it is not one to accept (never says why). */
    @Transactional
    public Optional<UUID> exchange(String token) {
        Instant now = clock.instant();
        if (!window.open(now)) {
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
                || !"authenticated".equals(claims.getClaim("role")) || !window.issuer().equals(claims.getIssuer())
                || !(claims.getClaim("session_id") instanceof String session) || session.isBlank()) {
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
        String sessionKey = Sha256.hex(user + "|" + claims.getClaim("session_id"));
        return exchanges.firstExchange(sessionKey, user) ? Optional.of(user) : Optional.empty();
    }
}
