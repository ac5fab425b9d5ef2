package app.platform.membership.kyc.application;

import app.platform.errors.InvalidInput;
import app.platform.events.EventMetadata;
import app.platform.events.membership.KycApproved;
import app.platform.events.membership.KycRejected;
import app.platform.events.membership.KycSubmitted;
import app.platform.outbox.ReactiveOutbox;
import app.platform.membership.kyc.domain.KycDocument;
import app.platform.membership.kyc.domain.KycStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Identity verification: the member submits documents (metadata and references), operators review. */
@Service
public class Verifications {

    /**
     * A verification; {@code missing} names what its documents lack by today's rules ({@code documents[0].country}),
     * e.g. imported legacy documents that never had a country: they are shown as stored, never refused on a read.
     */
    public record Verification(UUID userId, KycStatus status, List<KycDocument> documents, String reason,
                               Instant submittedAt, Instant reviewedAt, Instant expiresAt, List<String> missing) {

        public Verification {
            documents = documents == null ? List.of() : documents;
            missing = missing == null ? KycDocument.missing(status, documents) : missing;
        }

        public Verification(UUID userId, KycStatus status, List<KycDocument> documents, String reason,
                            Instant submittedAt, Instant reviewedAt, Instant expiresAt) {
            this(userId, status, documents, reason, submittedAt, reviewedAt, expiresAt, null);
        }
    }

    private final VerificationStore store;
    private final ReactiveOutbox outbox;
    private final Clock clock;

    public Verifications(VerificationStore store, ReactiveOutbox outbox, Clock clock) {
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Mono<Verification> mine(UUID userId) {
        Instant now = clock.instant();
        return store.find(userId).map(v -> asOf(v, now));
    }

    /** The verification with its status as of {@code now}: an approval past its expiry is expired. */
    private static Verification asOf(Verification v, Instant now) {
        return new Verification(v.userId(), v.status().at(v.expiresAt(), now), v.documents(), v.reason(),
                v.submittedAt(), v.reviewedAt(), v.expiresAt());
    }

    @Transactional
    public Mono<Verification> submit(UUID userId, List<KycDocument> documents, EventMetadata metadata) {
        if (documents == null || documents.isEmpty() || documents.size() > 5) {
            return Mono.error(new InvalidInput("documents", "Submit 1 to 5 documents."));
        }
        Instant now = clock.instant();
        return store.forUpdate(userId).flatMap(v -> {
            KycStatus to = v.status().at(v.expiresAt(), now).submit();
            return store.save(new Verification(userId, to, documents, null, now, null, null), null)
                    .then(outbox.append(new KycSubmitted(userId, documents.stream().map(KycDocument::type).toList(), now),
                            metadata));
        }).then(mine(userId));
    }

    @Transactional
    public Mono<Verification> startReview(UUID reviewer, UUID userId) {
        return store.forUpdate(userId)
                .flatMap(v -> store.save(new Verification(userId, v.status().startReview(), v.documents(), null,
                        v.submittedAt(), null, null), reviewer))
                .then(mine(userId));
    }

    @Transactional
    public Mono<Verification> approve(UUID reviewer, UUID userId, EventMetadata metadata) {
        Instant now = clock.instant();
        Instant expires = now.plus(Duration.ofDays(KycStatus.VALIDITY_DAYS));
        return store.forUpdate(userId)
                .flatMap(v -> store.save(new Verification(userId, v.status().approve(), v.documents(), null,
                        v.submittedAt(), now, expires), reviewer))
                .then(outbox.append(new KycApproved(userId, reviewer, now, expires), metadata))
                .then(mine(userId));
    }

    @Transactional
    public Mono<Verification> reject(UUID reviewer, UUID userId, String reason, EventMetadata metadata) {
        if (reason == null || !KycStatus.REJECTION_REASONS.contains(reason)) {
            return Mono.error(new InvalidInput("reason", "must be one of " + KycStatus.REJECTION_REASONS.stream().sorted().toList()));
        }
        Instant now = clock.instant();
        return store.forUpdate(userId)
                .flatMap(v -> store.save(new Verification(userId, v.status().reject(), v.documents(), reason,
                        v.submittedAt(), now, null), reviewer))
                .then(outbox.append(new KycRejected(userId, reviewer, reason, now), metadata))
                .then(mine(userId));
    }

    /** The verifications whose status is {@code status} now: expired approvals are listed as expired, not approved. */
    public Flux<Verification> withStatus(KycStatus status) {
        Instant now = clock.instant();
        Flux<Verification> stored = status == KycStatus.EXPIRED
                ? Flux.concat(store.withStatus(KycStatus.APPROVED), store.withStatus(KycStatus.EXPIRED))
                : store.withStatus(status);
        return stored.map(v -> asOf(v, now)).filter(v -> v.status() == status);
    }
}
