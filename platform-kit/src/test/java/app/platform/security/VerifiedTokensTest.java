package app.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

class VerifiedTokensTest {

    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    static final class Ticking extends Clock {
        Instant now = NOW;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /**
     * A decoder as the real one decides: each token valid for the minutes its name ends with from {@link #NOW},
     * refused once expired, "forged" always, and any token whose key was withdrawn.
     */
    static final class Counting implements ReactiveJwtDecoder {
        final List<String> decoded = new ArrayList<>();
        final Set<String> withdrawn = new HashSet<>();
        final Clock clock;

        Counting(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Mono<Jwt> decode(String token) {
            decoded.add(token);
            if (token.equals("forged") || withdrawn.contains(token)) {
                return Mono.error(new BadJwtException("bad signature"));
            }
            Instant expires = NOW.plus(Duration.ofMinutes(Long.parseLong(token.substring(token.lastIndexOf('-') + 1))));
            if (!clock.instant().isBefore(expires)) {
                return Mono.error(new BadJwtException("expired"));
            }
            Jwt.Builder jwt = Jwt.withTokenValue(token).header("alg", "RS256").subject("user").issuedAt(NOW)
                    .expiresAt(expires);
            if (token.startsWith("bound")) {
                jwt.claim("cnf", java.util.Map.of("x5t#S256", "thumbprint"));
            }
            return Mono.just(jwt.build());
        }
    }

    @Test
    void aTokenIsVerifiedOnceUntilItExpiresThenRefused() {
        Ticking clock = new Ticking();
        Counting decoder = new Counting(clock);
        ReactiveJwtDecoder tokens = new VerifiedTokens(10, MAX_AGE, clock).in(decoder);

        assertThat(tokens.decode("a-3").block().getSubject()).isEqualTo("user");
        clock.now = NOW.plus(Duration.ofMinutes(2));
        assertThat(tokens.decode("a-3").block().getTokenValue()).isEqualTo("a-3");
        assertThat(decoder.decoded).as("verified once while it lasts").containsExactly("a-3");

        clock.now = NOW.plus(Duration.ofMinutes(3));
        assertThatThrownBy(() -> tokens.decode("a-3").block()).as("at its expiry the decoder decides again, and refuses")
                .isInstanceOf(BadJwtException.class);
        assertThat(decoder.decoded).containsExactly("a-3", "a-3");
    }

    @Test
    void aLongLivedTokenIsAskedAboutAgainAfterTheMaximumAgeSoAWithdrawnKeyEndsIt() {
        Ticking clock = new Ticking();
        Counting decoder = new Counting(clock);
        ReactiveJwtDecoder tokens = new VerifiedTokens(10, MAX_AGE, clock).in(decoder);

        tokens.decode("forged-with-a-stolen-key-525600").block(); // a year
        decoder.withdrawn.add("forged-with-a-stolen-key-525600");
        clock.now = NOW.plus(MAX_AGE).minusSeconds(1);
        assertThat(tokens.decode("forged-with-a-stolen-key-525600").block()).as("remembered within the maximum age")
                .isNotNull();
        clock.now = NOW.plus(MAX_AGE);
        assertThatThrownBy(() -> tokens.decode("forged-with-a-stolen-key-525600").block())
                .as("its key withdrawn, refused once the maximum age is over").isInstanceOf(BadJwtException.class);
        assertThat(decoder.decoded).hasSize(2);
    }

    @Test
    void aRefusedTokenIsNeverRememberedAndTheCapacityHolds() {
        Ticking clock = new Ticking();
        Counting decoder = new Counting(clock);
        ReactiveJwtDecoder tokens = new VerifiedTokens(2, MAX_AGE, clock).in(decoder);

        assertThatThrownBy(() -> tokens.decode("forged").block()).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("forged").block()).isInstanceOf(BadJwtException.class);
        assertThat(decoder.decoded).containsExactly("forged", "forged");

        decoder.decoded.clear();
        tokens.decode("short-1").block();
        tokens.decode("long-60").block();
        clock.now = NOW.plus(Duration.ofMinutes(2));
        tokens.decode("third-60").block(); // full: the expired one makes room
        tokens.decode("long-60").block();
        tokens.decode("third-60").block();
        assertThat(decoder.decoded).as("the unexpired stay when an expired one makes room")
                .containsExactly("short-1", "long-60", "third-60");

        tokens.decode("fourth-60").block(); // full of unexpired tokens: all forgotten
        tokens.decode("long-60").block();
        assertThat(decoder.decoded).containsExactly("short-1", "long-60", "third-60", "fourth-60", "long-60");
    }

    @Test
    void aServletDecoderIsRememberedAlike() {
        Ticking clock = new Ticking();
        Counting counting = new Counting(clock);
        JwtDecoder tokens = new VerifiedTokens(10, MAX_AGE, clock).in((JwtDecoder) token -> counting.decode(token).block());

        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThat(tokens.decode("a-3").getSubject()).isEqualTo("user");
        clock.now = NOW.plus(Duration.ofMinutes(2));
        assertThat(tokens.decode("a-3").getTokenValue()).isEqualTo("a-3");
        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThat(counting.decoded).as("the accepted token verified once, the refused one every time")
                .containsExactly("forged", "a-3", "forged");
        tokens.decode("bound-to-a-certificate-10");
        tokens.decode("bound-to-a-certificate-10");
        assertThat(counting.decoded).as("a key-bound token is checked with each request")
                .endsWith("bound-to-a-certificate-10", "bound-to-a-certificate-10");
        clock.now = NOW.plus(Duration.ofMinutes(3));
        assertThatThrownBy(() -> tokens.decode("a-3")).isInstanceOf(BadJwtException.class);
    }
}
