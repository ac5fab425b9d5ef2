package app.platform.profile.appuser.application;

import app.platform.events.EventMetadata;
import app.platform.outbox.ReactiveOutbox;
import app.platform.events.profile.AppUserStatusChanged;
import app.platform.profile.appuser.domain.AppUserStatus;
import app.platform.errors.NotFound;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Mono;

/** An operator suspends an app user (a closed one stays closed), with {@code AppUserStatusChanged}. */
@Service
public class SuspendAppUser {

    private final AppUserRepository users;
    private final ReactiveOutbox outbox;

    public SuspendAppUser(AppUserRepository users, ReactiveOutbox outbox) {
        this.users = users;
        this.outbox = outbox;
    }

    @Transactional
    public Mono<Void> suspend(UUID userId, EventMetadata metadata) {
        return users.findByAuthUserId(userId).switchIfEmpty(Mono.error(() -> new NotFound("app user")))
                .flatMap(view -> {
                    AppUserStatus from = view.user().status();
                    AppUserStatus to = from.afterSuspension();
                    return to == from ? Mono.empty() : users.updateStatus(view.user().id(), to, view.user().emailVerified())
                            .then(outbox.append(new AppUserStatusChanged(view.user().id(), view.user().authUserId(),
                                    from.name(), to.name(), "admin_suspended"), metadata)).then();
                });
    }
}
