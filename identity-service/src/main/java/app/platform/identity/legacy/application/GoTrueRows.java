package app.platform.identity.legacy.application;

import app.platform.events.EventEnvelope;
import java.util.UUID;

/** GoTrue's tables in the legacy database, as identity's reverse stream writes them (each event once). */
public interface GoTrueRows {

    /** Writes the user's {@code auth.users} row, identities and TOTP factor as identity holds them now. */
    void writeUser(EventEnvelope event, UUID userId);

    /** Whether the legacy database has GoTrue's {@code auth.mfa_factors} (a Supabase project does). */
    boolean holdsFactors();

    /** Records an event the legacy tables do not get, with why. */
    void notCarried(EventEnvelope event, String why);
}
