package app.platform.membership.membership.domain;

import java.time.Instant;
import java.util.UUID;

/** A member's membership of a plan; its lifecycle rules come with the membership feature. */
public record Membership(UUID id, UUID userId, String plan, String status, Instant startedAt, Instant endsAt) {
}
