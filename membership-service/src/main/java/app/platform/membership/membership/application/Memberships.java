package app.platform.membership.membership.application;

import app.platform.membership.membership.domain.Membership;
import java.util.UUID;
import reactor.core.publisher.Flux;

/** The persistence port of memberships. */
public interface Memberships {

    Flux<Membership> ofUser(UUID userId);
}
