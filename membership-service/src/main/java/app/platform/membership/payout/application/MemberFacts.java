package app.platform.membership.payout.application;

import app.platform.membership.payout.domain.Eligibility;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** What {@link Eligibility} decides on, read now. */
public interface MemberFacts {
    Mono<Eligibility.Facts> of(UUID userId);
}
