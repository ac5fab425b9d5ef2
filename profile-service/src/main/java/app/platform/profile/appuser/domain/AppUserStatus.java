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

    /** A ban suspends anyone not closed. */
    public AppUserStatus afterBan() {
        return this == Closed ? Closed : Suspended;
    }

    /** Lifting a ban returns a suspended user to where verification puts them. */
    public AppUserStatus afterUnban(boolean emailVerified) {
        return this == Suspended ? initial(emailVerified) : this;
    }

    /** An operator's suspension holds for anyone not closed. */
    public AppUserStatus afterSuspension() {
        return afterBan();
    }

    /**
     * The status a legacy row of this user gives (the cutover, while the legacy app still runs): the legacy app's,
     * but closing is final, so a legacy change of an account closed here reopens nothing.
     */
    public AppUserStatus afterLegacyChange(AppUserStatus legacy) {
        return this == Closed ? Closed : legacy;
    }

    /** Closing is final. */
    public AppUserStatus afterClose() {
        return Closed;
    }
}
