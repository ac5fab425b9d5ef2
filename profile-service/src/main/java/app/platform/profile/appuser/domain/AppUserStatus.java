package app.platform.profile.appuser.domain;

/** The life of an app user: it follows identity events (verified: Active; banned: Suspended; closed: Closed). */
public enum AppUserStatus {
    Pending, Active, Suspended, Closed;

    /** A new app user is Active when its e-mail is already verified, Pending otherwise. */
    public static AppUserStatus initial(boolean emailVerified) {
        return emailVerified ? Active : Pending;
    }
}
