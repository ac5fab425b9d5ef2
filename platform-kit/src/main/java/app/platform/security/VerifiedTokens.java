package app.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * A decoder that remembers each access token it verified for a while: the same token presented again (every request
 * of a session carries it) is neither parsed nor its signature checked again. Only tokens the decoder accepted are
 * kept, until they expire and never longer than {@code maxAge}, so a token the decoder would refuse later for a reason
 * other than time (its key withdrawn from identity's key set, which a token with a far expiry signed by a stolen key
 * would otherwise outlive) is refused within {@code maxAge}; at most {@code capacity} of them (when full, the lapsed
 * are dropped, and if none were, all). The checks that depend on time are its expiry (looked at on every use) and its
 * not-before, passed once already.
 */
final class VerifiedTokens implements ReactiveJwtDecoder {

    private record Verified(Jwt jwt, Instant until) {
    }

    private final ReactiveJwtDecoder decoder;
    private final int capacity;
    private final Duration maxAge;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    VerifiedTokens(ReactiveJwtDecoder decoder, int capacity, Duration maxAge, Clock clock) {
        this.decoder = decoder;
        this.capacity = capacity;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Verified known = verified.get(token);
        if (known != null) {
            if (current(known)) {
                return Mono.just(known.jwt());
            }
            verified.remove(token, known);
        }
        return decoder.decode(token).doOnNext(jwt -> {
            Instant now = clock.instant();
            Instant expires = jwt.getExpiresAt();
            if (expires == null || !now.isBefore(expires)) {
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
        });
    }

    private boolean current(Verified known) {
        return clock.instant().isBefore(known.until());
    }
}
