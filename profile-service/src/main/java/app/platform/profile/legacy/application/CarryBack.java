package app.platform.profile.legacy.application;

import app.platform.events.EventEnvelope;
import app.platform.events.Topics;
import app.platform.events.identity.UserEmailChanged;
import app.platform.events.identity.UserEmailVerified;
import app.platform.events.profile.AddressChanged;
import app.platform.events.profile.AppUserCreated;
import app.platform.events.profile.AppUserStatusChanged;
import app.platform.events.profile.ContactAdded;
import app.platform.events.profile.ContactChanged;
import app.platform.events.profile.ContactRemoved;
import app.platform.events.profile.PersonalDataErased;
import app.platform.events.profile.ProfileUpdated;
import app.platform.events.profile.SettingsChanged;
import app.platform.failback.FailbackSettings;
import app.platform.failback.LegacyWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Service;

/**
 * The reverse stream of profile (failback): an event that changes an app user writes the user as profile holds it
 * now ({@link LegacyAppUsers#writeUser}), so a later event repairs whatever an earlier one missed; identity's address
 * changes too, which profile follows without an event of its own (carried once profile's own consumer applied them,
 * or {@code platform.failback.parent-wait} after they happened).
 * What the legacy tables cannot hold is named per
 * type ({@link #NOT_CARRIED}); what came from the legacy database is already there.
 */
@Service
@ConditionalOnProperty(name = "platform.failback.enabled", havingValue = "true")
public class CarryBack {

    static final Set<String> USER_CHANGES = Set.of(AppUserCreated.TYPE, AppUserStatusChanged.TYPE, ProfileUpdated.TYPE,
            ContactAdded.TYPE, ContactChanged.TYPE, ContactRemoved.TYPE, AddressChanged.TYPE, PersonalDataErased.TYPE);
    /** Identity's events that change what profile holds (the app user's address and whether it is verified). */
    static final Set<String> IDENTITY_CHANGES = Set.of(UserEmailChanged.TYPE, UserEmailVerified.TYPE);
    /** Every other profile event type, with why the legacy tables do not get it. */
    public static final Map<String, String> NOT_CARRIED = Map.of(SettingsChanged.TYPE,
            "the six settings categories: the legacy app has no settings tables");

    private final LegacyAppUsers users;
    private final FailbackSettings settings;
    private final Clock clock;

    public CarryBack(LegacyAppUsers users, FailbackSettings settings, Clock clock) {
        this.users = users;
        this.settings = settings;
        this.clock = clock;
    }

    public void on(EventEnvelope event) {
        boolean identity = event.topic().equals(Topics.IDENTITY_USER);
        if (identity && !IDENTITY_CHANGES.contains(event.eventType())) {
            return; // identity's own reverse stream reports it
        }
        if (identity && event.occurredAt().isAfter(clock.instant().minus(settings.parentWait()))
                && users.pendingHere(event, UUID.fromString(event.aggregateId()))) {
            // profile's own consumer (another group) writes the address; read before it did, the stale one would be
            // carried and the event marked done: the listener tries again until profile has it (for parent-wait)
            throw new IllegalStateException("identity's " + event.eventType() + " " + event.eventId()
                    + " waits until profile has applied it");
        }
        if (LegacyWriter.imported(event)) {
            users.notCarried(event, LegacyWriter.IMPORTED);
        } else if (identity || USER_CHANGES.contains(event.eventType())) {
            users.writeUser(event, UUID.fromString(event.aggregateId()));
        } else {
            users.notCarried(event, NOT_CARRIED.getOrDefault(event.eventType(),
                    "an event type the reverse stream does not know"));
        }
    }
}
