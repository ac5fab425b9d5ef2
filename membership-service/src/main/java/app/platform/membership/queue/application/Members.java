package app.platform.membership.queue.application;

import app.platform.membership.membership.domain.MembershipStatus;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** What the queue knows of a member. */
public interface Members {
    /** The status of the member's live membership; empty when they have none. */
    Mono<MembershipStatus> liveStatus(UUID userId);
}
