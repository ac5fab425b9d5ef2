package app.platform.billing.agreement.application;

import app.platform.crypto.Sha256;
import app.platform.errors.Conflict;
import app.platform.errors.InvalidInput;
import app.platform.errors.NotFound;
import app.platform.events.EventMetadata;
import app.platform.events.billing.AgreementAccepted;
import app.platform.outbox.ReactiveOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The terms: operators publish versioned texts, the newest is current; a member accepts the current version by
 * naming its version and the hash of its text (what they saw), with the time, address and user agent kept.
 * No charge is taken from a member who has not accepted the current version.
 */
@Service
public class Agreements {

    public record Terms(String version, String text, String hash, Instant publishedAt) {
    }

    public record Agreement(UUID id, UUID userId, String termsVersion, String termsHash, Instant acceptedAt,
                            String ipAddress, String userAgent) {
    }

    private final AgreementStore store;
    private final ReactiveOutbox outbox;
    private final Clock clock;

    public Agreements(AgreementStore store, ReactiveOutbox outbox, Clock clock) {
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Mono<Terms> current() {
        return store.current().switchIfEmpty(Mono.error(() -> new NotFound("terms")));
    }

    public Mono<Terms> publish(String version, String text) {
        if (version == null || !version.matches("[A-Za-z0-9._-]{1,32}")) {
            return Mono.error(new InvalidInput("version", "1 to 32 letters, digits, dots, dashes or underscores"));
        }
        if (text == null || text.isBlank()) {
            return Mono.error(new InvalidInput("text", "the terms need a text"));
        }
        Terms terms = new Terms(version, text, Sha256.hex(text), clock.instant());
        return store.publish(terms).flatMap(published -> published ? Mono.just(terms)
                : Mono.error(new Conflict("version " + version + " was published already")));
    }

    @Transactional
    public Mono<Agreement> accept(UUID userId, String version, String hash, String ip, String userAgent,
                                  EventMetadata metadata) {
        return current().flatMap(terms -> {
            if (!terms.version().equals(version)) {
                return Mono.error(new Conflict("version " + version + " is not the current terms (" + terms.version() + ")"));
            }
            if (!terms.hash().equals(hash)) {
                return Mono.error(new InvalidInput("hash", "not the hash of the current terms' text"));
            }
            Agreement agreement = new Agreement(UUID.randomUUID(), userId, version, hash, clock.instant(),
                    clip(ip, 64), clip(userAgent, 512));
            return store.insert(agreement).flatMap(inserted -> inserted
                    ? outbox.append(new AgreementAccepted(agreement.id(), userId, version, hash, agreement.acceptedAt()),
                    metadata).thenReturn(agreement)
                    : store.ofUser(userId).filter(a -> a.termsVersion().equals(version)).next());
        });
    }

    public Flux<Agreement> mine(UUID userId) {
        return store.ofUser(userId);
    }

    public Mono<Boolean> acceptedCurrent(UUID userId) {
        return store.acceptedCurrent(userId);
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
