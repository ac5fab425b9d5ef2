package app.platform.membership.legacy.application;

import app.platform.events.EventEnvelope;
import java.util.UUID;

/** The legacy app's membership tables, as membership's reverse stream writes them (each event once). */
public interface LegacyMemberships {

    /**
     * Writes the member's rows as membership holds them now: memberships, the verification, payouts and disputes
     * (those of legacy origin gone here removed there).
     */
    void writeUser(EventEnvelope event, UUID userId);

    /** Writes the whole queue as it stands now: every entry's position, the entries of members who left removed. */
    void writeQueue(EventEnvelope event);

    /** Records an event the legacy tables do not get, with why. */
    void notCarried(EventEnvelope event, String why);
}
