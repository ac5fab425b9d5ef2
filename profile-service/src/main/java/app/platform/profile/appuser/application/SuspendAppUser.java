package app.platform.profile.appuser.application;

import app.platform.events.EventMetadata;
import app.platform.outbox.ReactiveOutbox;
import app.platform.events.profile.AppUserStatusChanged;
import app.platform.profile.appuser.domain.AppUser;
import app.platform.errors.NotFound;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Mono;

/**
 * An operator suspends an app user, or lifts their suspension (a closed one stays closed), with
 * {@code AppUserStatusChanged} when the status changes. The suspension is the operator's own hold: identity's ban and
 * its lifting leave it in force, and lifting it leaves a ban in force.
 */
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
        return hold(userId, true, "admin_suspended", metadata);
    }

    @Transactional
    public Mono<Void> unsuspend(UUID userId, EventMetadata metadata) {
        return hold(userId, false, "admin_unsuspended", metadata);
    }

    private Mono<Void> hold(UUID userId, boolean suspended, String reason, EventMetadata metadata) {
        return users.findForUpdate(userId).switchIfEmpty(Mono.error(() -> new NotFound("app user")))
                .map(AppUserRepository.Locked::user)
                .flatMap(from -> {
                    AppUser to = from.under(from.holds().withOperatorSuspension(suspended));
                    Mono<Void> save = users.updateStatus(from.id(), to.status(), to.emailVerified(), to.holds());
                    return to.status() == from.status() ? save : save.then(outbox.append(new AppUserStatusChanged(
                            from.id(), from.authUserId(), from.status().name(), to.status().name(), reason), metadata)).then();
                });
    }
}
