package app.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

class VerifiedTokensTest {

    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    /** A decoder that accepts every token but "forged", each valid for the minutes its name ends with. */
    static final class Counting implements ReactiveJwtDecoder {
        final List<String> decoded = new ArrayList<>();

        @Override
        public Mono<Jwt> decode(String token) {
            decoded.add(token);
            if (token.equals("forged")) {
                return Mono.error(new BadJwtException("bad signature"));
            }
            long minutes = Long.parseLong(token.substring(token.lastIndexOf('-') + 1));
            return Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").subject("user")
                    .issuedAt(NOW).expiresAt(NOW.plus(Duration.ofMinutes(minutes))).build());
        }
    }

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

    @Test
    void aTokenIsVerifiedOnceUntilItExpiresThenAgain() {
        Counting decoder = new Counting();
        Ticking clock = new Ticking();
        VerifiedTokens tokens = new VerifiedTokens(decoder, 10, clock);

        assertThat(tokens.decode("a-15").block().getSubject()).isEqualTo("user");
        assertThat(tokens.decode("a-15").block().getTokenValue()).isEqualTo("a-15");
        assertThat(decoder.decoded).as("verified once while it lasts").containsExactly("a-15");

        clock.now = NOW.plus(Duration.ofMinutes(15));
        tokens.decode("a-15").block();
        assertThat(decoder.decoded).as("at its expiry the decoder decides again (and refuses it, there)")
                .containsExactly("a-15", "a-15");
    }

    @Test
    void aRefusedTokenIsNeverRememberedAndTheCapacityHolds() {
        Counting decoder = new Counting();
        Ticking clock = new Ticking();
        VerifiedTokens tokens = new VerifiedTokens(decoder, 2, clock);

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
}
