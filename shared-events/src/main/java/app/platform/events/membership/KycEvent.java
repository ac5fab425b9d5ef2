package app.platform.events.membership;

import app.platform.events.DomainEvent;
import java.util.UUID;

/** An event of a member's identity verification: keyed by the member, on {@code membership.kyc.events}. */
public interface KycEvent extends DomainEvent {

    UUID userId();

    @Override
    default String aggregateType() {
        return "membership.kyc";
    }

    @Override
    default String aggregateId() {
        return userId().toString();
    }
}
