package app.platform.membership.legacy.application;

import app.platform.events.EventEnvelope;
import app.platform.events.membership.DisputeOpened;
import app.platform.events.membership.DisputeResolved;
import app.platform.events.membership.KycApproved;
import app.platform.events.membership.KycRejected;
import app.platform.events.membership.KycSubmitted;
import app.platform.events.membership.MembershipActivated;
import app.platform.events.membership.MembershipCancelled;
import app.platform.events.membership.MembershipExpired;
import app.platform.events.membership.MembershipPaused;
import app.platform.events.membership.PayoutApproved;
import app.platform.events.membership.PayoutFailed;
import app.platform.events.membership.PayoutPaid;
import app.platform.events.membership.PayoutScheduled;
import app.platform.events.membership.QueueJoined;
import app.platform.events.membership.QueueLeft;
import app.platform.events.membership.QueuePositionChanged;
import app.platform.failback.LegacyWriter;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Service;

/**
 * The reverse stream of membership (failback): an event that changes a member's rows writes the member as membership
 * holds them now ({@link LegacyMemberships#writeUser}), so a later event repairs whatever an earlier one missed (a
 * review started, a dispute message: changes with no event of their own). A queue event writes the whole queue
 * ({@link LegacyMemberships#writeQueue}): a leave moves everyone behind up, with no event for them. The member is
 * the event's {@code userId} (a payout's or a dispute's event is keyed by its own id). What the legacy tables cannot
 * hold is named per type ({@link #NOT_CARRIED}); what came from the legacy database is already there.
 */
@Service
@ConditionalOnProperty(name = "platform.failback.enabled", havingValue = "true")
public class CarryBack {

    static final Set<String> USER_CHANGES = Set.of(MembershipActivated.TYPE, MembershipPaused.TYPE,
            MembershipCancelled.TYPE, MembershipExpired.TYPE, KycSubmitted.TYPE, KycApproved.TYPE, KycRejected.TYPE,
            PayoutScheduled.TYPE, PayoutApproved.TYPE, PayoutPaid.TYPE, PayoutFailed.TYPE, DisputeOpened.TYPE,
            DisputeResolved.TYPE);
    /** The queue's events: each rewrites every entry's position. */
    static final Set<String> QUEUE_CHANGES = Set.of(QueueJoined.TYPE, QueueLeft.TYPE, QueuePositionChanged.TYPE);
    /**
     * Every other membership event type, with why the legacy tables do not get it: none, each changes a row they have
     * (what a row loses on the way back, such as a dispute's resolution, is said where it is written).
     */
    public static final Map<String, String> NOT_CARRIED = Map.of();

    private final LegacyMemberships memberships;

    public CarryBack(LegacyMemberships memberships) {
        this.memberships = memberships;
    }

    public void on(EventEnvelope event) {
        if (LegacyWriter.imported(event)) {
            memberships.notCarried(event, LegacyWriter.IMPORTED);
        } else if (QUEUE_CHANGES.contains(event.eventType())) {
            memberships.writeQueue(event);
        } else if (USER_CHANGES.contains(event.eventType())) {
            memberships.writeUser(event, UUID.fromString(event.data().path("userId").asString()));
        } else {
            memberships.notCarried(event, NOT_CARRIED.getOrDefault(event.eventType(),
                    "an event type the reverse stream does not know"));
        }
    }
}
