package app.platform.profile.appuser.application;

import app.platform.events.EventEnvelope;
import app.platform.events.EventMetadata;
import app.platform.events.identity.UserRegistered;
import app.platform.outbox.ReactiveOutbox;
import app.platform.events.profile.AppUserCreated;
import app.platform.profile.appuser.domain.AppUser;
import java.time.Clock;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Every identity user gets its app user: created from {@code UserRegistered}, with {@code AppUserCreated}. */
@Service
public class CreateAppUser {

    private final AppUserRepository users;
    private final ReactiveOutbox outbox;
    private final Clock clock;

    public CreateAppUser(AppUserRepository users, ReactiveOutbox outbox, Clock clock) {
        this.users = users;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Runs inside the caller's transaction (the idempotent consumer's). */
    public Mono<Void> on(EventEnvelope envelope) {
        UserRegistered registered = envelope.dataAs(UserRegistered.class);
        return create(AppUser.forNewIdentity(registered.userId(), registered.email(), registered.emailVerified(),
                clock.instant()), "registered", EventMetadata.causedBy(envelope, "profile-service")).then();
    }

    /** Creates the app user with its defaults and {@code AppUserCreated}; emits false if it existed already. */
    public Mono<Boolean> create(AppUser user, String reason, EventMetadata metadata) {
        return users.createWithDefaults(user)
                .flatMap(created -> created
                        ? outbox.append(new AppUserCreated(user.id(), user.authUserId(), user.status().name(), reason),
                                metadata).thenReturn(true)
                        : Mono.just(false));
    }
}
