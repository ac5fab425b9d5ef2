package app.platform.profile.appuser.application;

import app.platform.profile.appuser.domain.AppUser;
import app.platform.profile.appuser.domain.AppUserStatus;
import app.platform.profile.appuser.domain.Holds;
import java.util.UUID;
import reactor.core.publisher.Mono;

public interface AppUserRepository {

    /** Inserts the app user with an empty profile and default settings; emits false if one already existed. */
    Mono<Boolean> createWithDefaults(AppUser user);

    Mono<AppUserView> findByAuthUserId(UUID authUserId);

    /** The app user by its id (its identity user's), its row locked until the transaction ends. */
    Mono<Locked> findForUpdate(UUID appUserId);

    Mono<Void> updateStatus(UUID appUserId, AppUserStatus status, boolean emailVerified, Holds holds);

    /** The address identity now has for the user. */
    Mono<Void> updateEmail(UUID appUserId, String email);

    /**
     * Erases the personal data of a closing account: address and profile fields cleared, contacts and addresses
     * deleted, settings back to defaults; the users row stays as a tombstone ({@code Closed}, {@code erased_at}).
     */
    Mono<Void> erasePersonalData(UUID appUserId);

    /** Which of these identity user ids already have an app user. */
    reactor.core.publisher.Flux<UUID> existing(java.util.List<UUID> authUserIds);

    record AppUserView(AppUser user, String displayName, String locale, String timeZone) {
    }

    /** An app user read under its row's lock, and whether its personal data was erased here (closed here). */
    record Locked(AppUser user, boolean erased) {
    }
}
