package app.platform.profile.appuser.domain;

import java.time.Instant;
import java.util.UUID;

/** The app's view of a person: one per identity user, created from identity events, never by hand. */
public record AppUser(UUID id, UUID authUserId, String email, boolean emailVerified, AppUserStatus status,
                      Holds holds, Instant createdAt) {

    /** The app user of a newly registered identity user; it keeps the identity user's id. */
    public static AppUser forNewIdentity(UUID authUserId, String email, boolean emailVerified, Instant now) {
        return new AppUser(authUserId, authUserId, email, emailVerified, AppUserStatus.initial(emailVerified),
                Holds.NONE, now);
    }

    /**
     * This user as a legacy row of it says (the cutover, while the legacy app still runs): its status, address (a
     * missing one keeps ours) and verification; the legacy app's own suspension is an operator's, and identity's ban
     * holds whatever the row says. An account closed here ({@code erasedHere}: its personal data erased) is final and
     * stays as it is; one the legacy app closed follows the legacy app.
     */
    public AppUser afterLegacyChange(AppUser legacy, boolean erasedHere) {
        if (erasedHere) {
            return this;
        }
        Holds kept = holds.withOperatorSuspension(legacy.status() == AppUserStatus.Suspended);
        return new AppUser(id, authUserId, legacy.email() == null ? email : legacy.email(), legacy.emailVerified(),
                legacy.status().under(kept, legacy.emailVerified()), kept, createdAt);
    }

    /** The same user under these holds (the status follows them). */
    public AppUser under(Holds holds) {
        return new AppUser(id, authUserId, email, emailVerified, status.under(holds, emailVerified), holds, createdAt);
    }
}
