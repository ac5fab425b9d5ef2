package app.platform.billing.legacy.application;

import app.platform.events.EventEnvelope;
import java.util.UUID;

/** The legacy app's billing tables, as billing's reverse stream writes them (each event once). */
public interface LegacyBilling {

    /**
     * Writes the member's billing as billing holds it now: every subscription, payment and card (those no longer here
     * removed there, if billing imported or carried them).
     */
    void writeUser(EventEnvelope event, UUID userId);

    /** Records an event the legacy tables do not get, with why. */
    void notCarried(EventEnvelope event, String why);
}
