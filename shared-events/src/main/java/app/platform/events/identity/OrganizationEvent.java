package app.platform.events.identity;

import app.platform.events.Aggregates;
import app.platform.events.DomainEvent;
import java.util.UUID;

/** An event of the organization aggregate: keyed by the organization id, on {@code identity.organization.events}. */
public interface OrganizationEvent extends DomainEvent {

    UUID organizationId();

    @Override
    default String aggregateType() {
        return Aggregates.IDENTITY_ORGANIZATION;
    }

    @Override
    default String aggregateId() {
        return organizationId().toString();
    }
}
