package app.platform.profile.legacy.application;

import app.platform.events.EventEnvelope;
import java.util.UUID;

/** The legacy app's user tables, as profile's reverse stream writes them (each event once). */
public interface LegacyAppUsers {

    /**
     * Writes the app user as profile holds it now: {@code public.users}, the profile, every contact and address
     * (those removed here removed there).
     */
    void writeUser(EventEnvelope event, UUID appUserId);

    /**
     * Whether the event is about an app user profile has, and profile's own consumer (another group of the same
     * topic) has not applied it yet.
     */
    boolean pendingHere(EventEnvelope event, UUID appUserId);

    /** Records an event the legacy tables do not get, with why. */
    void notCarried(EventEnvelope event, String why);
}
