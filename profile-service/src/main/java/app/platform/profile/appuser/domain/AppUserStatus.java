package app.platform.profile.appuser.domain;

/** The life of an app user: it follows identity events (verified: Active; banned: Suspended; closed: Closed). */
public enum AppUserStatus {
    Pending, Active, Suspended, Closed;

    /** The legacy app's value of the status (failback): its lower-case name, which the legacy import reads back. */
    public String legacyValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A new app user is Active when its e-mail is already verified, Pending otherwise. */
    public static AppUserStatus initial(boolean emailVerified) {
        return emailVerified ? Active : Pending;
    }

    /** Verifying the address activates a pending user; a suspended or closed one stays so. */
    public AppUserStatus afterEmailVerified() {
        return this == Pending ? Active : this;
    }

    /**
     * The status once the holds on the user are these: suspended while any holds (but closed stays closed); a
     * suspended user with none left goes back to where verification puts them.
     */
    public AppUserStatus under(Holds holds, boolean emailVerified) {
        if (this == Closed) {
            return Closed;
        }
        if (holds.any()) {
            return Suspended;
        }
        return this == Suspended ? initial(emailVerified) : this;
    }

    /** Closing is final. */
    public AppUserStatus afterClose() {
        return Closed;
    }
}
