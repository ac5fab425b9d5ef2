package app.platform.profile.appuser.application;

import app.platform.profile.appuser.domain.AppUser;
import app.platform.profile.appuser.domain.AppUserStatus;
import java.util.UUID;
import reactor.core.publisher.Mono;

public interface AppUserRepository {

    /** Inserts the app user with an empty profile and default settings; emits false if one already existed. */
    Mono<Boolean> createWithDefaults(AppUser user);

    Mono<AppUserView> findByAuthUserId(UUID authUserId);

    Mono<Void> updateStatus(UUID appUserId, AppUserStatus status, boolean emailVerified);

    record AppUserView(AppUser user, String displayName, String locale, String timeZone) {
    }
}
