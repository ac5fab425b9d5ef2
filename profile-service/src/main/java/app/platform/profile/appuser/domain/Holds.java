package app.platform.profile.appuser.domain;

/**
 * What keeps an app user suspended: identity's ban, an operator's suspension (here, or the legacy app's own status),
 * or both. Lifting one leaves the other in force.
 */
public record Holds(boolean banned, boolean byOperator) {

    public static final Holds NONE = new Holds(false, false);

    public boolean any() {
        return banned || byOperator;
    }

    public Holds withBan(boolean banned) {
        return new Holds(banned, byOperator);
    }

    public Holds withOperatorSuspension(boolean byOperator) {
        return new Holds(banned, byOperator);
    }
}
