package app.platform.identity.legacy.application;

import java.util.UUID;

/** The persistence port of the legacy sessions exchanged for a sign-in, by the hash of user and session: each once. */
public interface LegacyTokenExchanges {

    /** Records the exchange of the session; false if it was exchanged before. */
    boolean firstExchange(String sessionHash, UUID userId);
}
