package app.platform.identity.organization.domain;

import app.platform.errors.Conflict;
import app.platform.errors.Forbidden;
import java.util.Locale;

/**
 * A member's role and what it may do to others. Owners do everything; admins invite, promote and remove members
 * and admins but never touch owners or make one; members only leave. The last owner can neither leave nor be
 * demoted or removed: an organization always has an owner.
 */
public enum OrgRole {
    OWNER, ADMIN, MEMBER;

    /** Not allowed for this role; the API answers 403. */
    public static class NotAllowed extends Forbidden {
        public NotAllowed(String message) {
            super(message);
        }
    }

    /** The change would leave the organization without an owner; the API answers 409. */
    public static class LastOwner extends Conflict {
        public LastOwner() {
            super("The organization's last owner cannot leave, be removed or be demoted. Make someone else owner first.");
        }
    }

    public static OrgRole parse(String value) {
        try {
            return OrgRole.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("role must be owner, admin or member");
        }
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public void mayInvite(OrgRole invited) {
        if (this == MEMBER || (this == ADMIN && invited == OWNER)) {
            throw new NotAllowed("Your role cannot invite as " + invited.value() + ".");
        }
    }

    /** May this role change {@code target}'s role from {@code current} to {@code next}? */
    public void mayChange(OrgRole current, OrgRole next) {
        if (this == MEMBER || (this == ADMIN && (current == OWNER || next == OWNER))) {
            throw new NotAllowed("Your role cannot make this change.");
        }
    }

    public void mayRemove(OrgRole target) {
        if (this == MEMBER || (this == ADMIN && target == OWNER)) {
            throw new NotAllowed("Your role cannot remove this member.");
        }
    }

    /** Checked when an owner leaves, is removed or is demoted. */
    public static void keepsAnOwner(OrgRole leaving, long owners) {
        if (leaving == OWNER && owners <= 1) {
            throw new LastOwner();
        }
    }
}
