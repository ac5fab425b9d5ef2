package app.platform.membership.kyc.application;

import app.platform.membership.kyc.application.Verifications.Verification;
import app.platform.membership.kyc.domain.KycStatus;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A port of {@link Verifications}, implemented in {@code adapter.out}. */
public interface VerificationStore {
    /** The member's verification ({@code not_started} when there is none), locked for a change. */
    Mono<Verification> forUpdate(UUID userId);

    Mono<Verification> find(UUID userId);

    Mono<Void> save(Verification verification, UUID reviewer);

    Flux<Verification> withStatus(KycStatus status);
}
