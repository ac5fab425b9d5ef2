package app.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * The access tokens a decoder verified, remembered for a while: the same token presented again (every request of a
 * session carries it) is neither parsed nor its signature checked again. Only tokens the decoder accepted are kept,
 * until they expire and never longer than {@code maxAge}, so a token the decoder would refuse later for a reason
 * other than time (its key withdrawn from identity's key set, which a token with a far expiry signed by a stolen key
 * would otherwise outlive) is refused within {@code maxAge}; at most {@code capacity} of them (when full, the lapsed
 * are dropped, and if none were, all). The checks that depend on time are its expiry (looked at on every use) and its
 * not-before, passed once already. The same memory in front of a reactive decoder (the gateway's and the services')
 * and a servlet one (identity's own API: an ES256 verification costs about 360 µs).
 */
public final class VerifiedTokens {

    /** How many verified tokens a decoder remembers (a token and its claims: about 2 KB each). */
    static final int CAPACITY = 4096;
    /**
     * How long at most a verified token is taken without asking the decoder again (which refuses it once its key is
     * withdrawn from identity's key set): within a token's lifetime (15 minutes for identity's), far shorter than a
     * forged one's.
     */
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    /**
     * A token bound to a key ({@code cnf}, RFC 7800: Spring's default validators match a certificate-bound one against
     * the request's client certificate) is checked with each request, never remembered: its check is the request's.
     */
    static final String CONFIRMATION = "cnf";

    private record Verified(Jwt jwt, Instant until) {
    }

    private final int capacity;
    private final Duration maxAge;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    VerifiedTokens(int capacity, Duration maxAge, Clock clock) {
        this.capacity = capacity;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** The decoder, remembering the tokens it verified ({@value #CAPACITY} at most, five minutes at most). */
    public static ReactiveJwtDecoder remembering(ReactiveJwtDecoder decoder) {
        return new VerifiedTokens(CAPACITY, MAX_AGE, Clock.systemUTC()).in(decoder);
    }

    /** The decoder, remembering the tokens it verified ({@value #CAPACITY} at most, five minutes at most). */
    public static JwtDecoder remembering(JwtDecoder decoder) {
        return new VerifiedTokens(CAPACITY, MAX_AGE, Clock.systemUTC()).in(decoder);
    }

    ReactiveJwtDecoder in(ReactiveJwtDecoder decoder) {
        return token -> {
            Jwt known = known(token);
            return known != null ? Mono.just(known) : decoder.decode(token).doOnNext(jwt -> remember(token, jwt));
        };
    }

    JwtDecoder in(JwtDecoder decoder) {
        return token -> {
            Jwt known = known(token);
            if (known != null) {
                return known;
            }
            Jwt jwt = decoder.decode(token);
            remember(token, jwt);
            return jwt;
        };
    }

    private Jwt known(String token) {
        Verified known = verified.get(token);
        if (known == null) {
            return null;
        }
        if (current(known)) {
            return known.jwt();
        }
        verified.remove(token, known);
        return null;
    }

    private void remember(String token, Jwt jwt) {
        Instant now = clock.instant();
        Instant expires = jwt.getExpiresAt();
        if (expires == null || !now.isBefore(expires) || jwt.hasClaim(CONFIRMATION)) {
            return;
        }
        Instant aged = now.plus(maxAge);
        if (verified.size() >= capacity) {
            verified.values().removeIf(kept -> !current(kept));
            if (verified.size() >= capacity) {
                verified.clear();
            }
        }
        verified.put(token, new Verified(jwt, expires.isBefore(aged) ? expires : aged));
    }

    private boolean current(Verified known) {
        return clock.instant().isBefore(known.until());
    }
}
