package app.platform.profile.appuser.domain;

import java.time.Instant;
import java.util.UUID;

/** The app's view of a person: one per identity user, created from identity events, never by hand. */
public record AppUser(UUID id, UUID authUserId, String email, boolean emailVerified, AppUserStatus status,
                      Instant createdAt) {

    /** The app user of a newly registered identity user; it keeps the identity user's id. */
    public static AppUser forNewIdentity(UUID authUserId, String email, boolean emailVerified, Instant now) {
        return new AppUser(authUserId, authUserId, email, emailVerified, AppUserStatus.initial(emailVerified), now);
    }
}
