package app.platform.identity.legacy.application;

import app.platform.events.EventEnvelope;
import app.platform.failback.LegacyWriter;
import app.platform.events.identity.MemberInvited;
import app.platform.events.identity.MemberJoined;
import app.platform.events.identity.MemberRemoved;
import app.platform.events.identity.MemberRoleChanged;
import app.platform.events.identity.OrganizationCreated;
import app.platform.events.identity.PasskeyRegistered;
import app.platform.events.identity.PasskeyRemoved;
import app.platform.events.identity.PasswordChanged;
import app.platform.events.identity.PasswordResetRequested;
import app.platform.events.identity.SessionRevoked;
import app.platform.events.identity.TwoFactorDisabled;
import app.platform.events.identity.TwoFactorEnabled;
import app.platform.events.identity.UserBanned;
import app.platform.events.identity.UserDeleted;
import app.platform.events.identity.UserEmailChanged;
import app.platform.events.identity.UserEmailVerified;
import app.platform.events.identity.UserRegistered;
import app.platform.events.identity.UserSignInFailed;
import app.platform.events.identity.UserSignedIn;
import app.platform.events.identity.UserUnbanned;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Service;

/**
 * The reverse stream of identity (failback): each of its events carried back to GoTrue's tables, or said why not.
 * An event that changes a user writes the user as identity holds it now ({@link GoTrueRows#writeUser}): its
 * {@code auth.users} row, its identities and its TOTP factor (where the legacy database has {@code auth.mfa_factors}), so a later event repairs whatever an earlier one missed, and events of
 * one user arrive in order (the topic is keyed by user). What the legacy tables cannot hold is named per type
 * ({@link #NOT_CARRIED}, the README's list); events that came from the legacy database are already there.
 */
@Service
@ConditionalOnProperty(name = "platform.failback.enabled", havingValue = "true")
public class CarryBack {

    static final Set<String> USER_CHANGES = Set.of(UserRegistered.TYPE, UserEmailVerified.TYPE, UserEmailChanged.TYPE,
            PasswordChanged.TYPE, UserBanned.TYPE, UserUnbanned.TYPE, UserDeleted.TYPE, TwoFactorEnabled.TYPE,
            TwoFactorDisabled.TYPE);
    /** Why a TOTP change is not carried where the legacy database has no factors table. */
    static final String NO_FACTORS = "TOTP factors: the legacy database has no auth.mfa_factors to hold them; the user "
            + "enrols again after a failback";
    /** Every other identity event type, with why the legacy tables do not get it. */
    public static final Map<String, String> NOT_CARRIED = Map.ofEntries(
            Map.entry(PasskeyRegistered.TYPE, "passkeys: GoTrue has no passkeys (auth.mfa_factors' WebAuthn factors are "
                    + "second factors of another relying-party setup)"),
            Map.entry(PasskeyRemoved.TYPE, "passkeys: GoTrue has no passkeys"),
            Map.entry(SessionRevoked.TYPE, "platform sessions: GoTrue's sessions are its own; after a failback every "
                    + "platform session ends"),
            Map.entry(UserSignedIn.TYPE, "sign-in history: kept by the audit log, not by GoTrue's tables"),
            Map.entry(UserSignInFailed.TYPE, "sign-in history: kept by the audit log"),
            Map.entry(PasswordResetRequested.TYPE, "a pending reset: its link is identity's; the user asks GoTrue again"),
            Map.entry(OrganizationCreated.TYPE, "organizations: the legacy app has none"),
            Map.entry(MemberInvited.TYPE, "organizations: the legacy app has none"),
            Map.entry(MemberJoined.TYPE, "organizations: the legacy app has none"),
            Map.entry(MemberRoleChanged.TYPE, "organizations: the legacy app has none"),
            Map.entry(MemberRemoved.TYPE, "organizations: the legacy app has none"));

    private final GoTrueRows rows;

    public CarryBack(GoTrueRows rows) {
        this.rows = rows;
    }

    public void on(EventEnvelope event) {
        if (LegacyWriter.imported(event)
                || event.eventType().equals(UserRegistered.TYPE) && event.data().path("imported").asBoolean(false)) {
            rows.notCarried(event, LegacyWriter.IMPORTED);
        } else if ((event.eventType().equals(TwoFactorEnabled.TYPE) || event.eventType().equals(TwoFactorDisabled.TYPE))
                && !rows.holdsFactors()) {
            rows.notCarried(event, NO_FACTORS);
        } else if (USER_CHANGES.contains(event.eventType())) {
            rows.writeUser(event, UUID.fromString(event.aggregateId()));
        } else {
            rows.notCarried(event, NOT_CARRIED.getOrDefault(event.eventType(),
                    "an event type the reverse stream does not know"));
        }
    }
}
