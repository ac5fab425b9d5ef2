package app.platform.profile.appuser.application;

import app.platform.events.EventEnvelope;
import app.platform.events.EventMetadata;
import app.platform.events.identity.UserBanned;
import app.platform.events.identity.UserEmailChanged;
import app.platform.events.identity.UserEmailVerified;
import app.platform.events.identity.UserUnbanned;
import app.platform.outbox.ReactiveOutbox;
import app.platform.events.profile.AppUserStatusChanged;
import app.platform.profile.appuser.domain.AppUser;
import app.platform.profile.appuser.domain.AppUserStatus;
import app.platform.profile.appuser.domain.Holds;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The app user's status follows identity: verified → Active, banned → Suspended, unbanned → back unless an
 * operator's suspension still holds ({@link Holds}). A changed
 * address, confirmed from itself, is kept and counts as verified; the contacts stay as they are (the user's own).
 */
@Service
public class FollowIdentityStatus {

    private static final Logger log = LoggerFactory.getLogger(FollowIdentityStatus.class);
    private final AppUserRepository users;
    private final ReactiveOutbox outbox;

    public FollowIdentityStatus(AppUserRepository users, ReactiveOutbox outbox) {
        this.users = users;
        this.outbox = outbox;
    }

    /** Runs inside the caller's transaction (the idempotent consumer's). */
    public Mono<Void> on(EventEnvelope event) {
        UUID authUserId = UUID.fromString(event.aggregateId());
        // the row locked: an operator's suspension or an import changing its holds meanwhile is not written over
        return users.findForUpdate(authUserId)
                .switchIfEmpty(Mono.fromRunnable(() -> log.warn("{} for an identity user with no app user yet",
                        event.eventType())))
                .flatMap(locked -> apply(locked.user(), event));
    }

    private Mono<Void> apply(AppUser user, EventEnvelope event) {
        AppUserStatus from = user.status();
        if (from == AppUserStatus.Closed) {
            return Mono.empty(); // its personal data is erased: a new address of the identity user is not kept again
        }
        boolean changed = UserEmailChanged.TYPE.equals(event.eventType());
        boolean verified = user.emailVerified() || changed || UserEmailVerified.TYPE.equals(event.eventType());
        Holds holds = switch (event.eventType()) {
            case UserBanned.TYPE -> user.holds().withBan(true);
            case UserUnbanned.TYPE -> user.holds().withBan(false);
            default -> user.holds();
        };
        AppUserStatus to = switch (event.eventType()) {
            case UserEmailVerified.TYPE, UserEmailChanged.TYPE -> from.afterEmailVerified();
            case UserBanned.TYPE, UserUnbanned.TYPE -> from.under(holds, verified);
            default -> from;
        };
        String reason = switch (event.eventType()) {
            case UserEmailVerified.TYPE, UserEmailChanged.TYPE -> "email_verified";
            case UserBanned.TYPE -> "banned";
            default -> "unbanned";
        };
        Mono<Void> save = users.updateStatus(user.id(), to, verified, holds).then(changed
                ? users.updateEmail(user.id(), event.dataAs(UserEmailChanged.class).email()) : Mono.empty());
        if (to == from) {
            return save;
        }
        return save.then(outbox.append(new AppUserStatusChanged(user.id(), user.authUserId(), from.name(), to.name(),
                reason), EventMetadata.causedBy(event, "profile-service"))).then();
    }
}
