package app.platform.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * A decoder that remembers each access token it verified until the token expires: the same token presented again
 * (every request of a session carries it) is neither parsed nor its signature checked again. Only tokens the decoder
 * accepted are kept, and only while they are not expired; at most {@code capacity} of them (when full, the expired
 * are dropped, and if none were, all). What stays is what the decoder itself would decide for the token's lifetime:
 * the checks that depend on time are its expiry (looked at on every use) and its not-before, passed once already.
 */
final class VerifiedTokens implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder decoder;
    private final int capacity;
    private final Clock clock;
    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

    VerifiedTokens(ReactiveJwtDecoder decoder, int capacity, Clock clock) {
        this.decoder = decoder;
        this.capacity = capacity;
        this.clock = clock;
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Jwt known = verified.get(token);
        if (known != null) {
            if (unexpired(known)) {
                return Mono.just(known);
            }
            verified.remove(token, known);
        }
        return decoder.decode(token).doOnNext(jwt -> {
            if (unexpired(jwt)) {
                if (verified.size() >= capacity) {
                    verified.values().removeIf(kept -> !unexpired(kept));
                    if (verified.size() >= capacity) {
                        verified.clear();
                    }
                }
                verified.put(token, jwt);
            }
        });
    }

    private boolean unexpired(Jwt jwt) {
        Instant expires = jwt.getExpiresAt();
        return expires != null && clock.instant().isBefore(expires);
    }
}
