package app.platform.events;

/** Aggregate types; each one routes to {@code <aggregateType>.events}. */
public final class Aggregates {

    public static final String IDENTITY_USER = "identity.user";
    public static final String IDENTITY_ORGANIZATION = "identity.organization";
    public static final String PROFILE_USER = "profile.user";

    private Aggregates() {
    }
}
