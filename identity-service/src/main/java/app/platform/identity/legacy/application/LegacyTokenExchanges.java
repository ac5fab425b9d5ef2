package app.platform.identity.legacy.application;

import java.util.UUID;

/** The persistence port of the legacy access tokens exchanged for a sign-in, by hash: each is accepted once. */
public interface LegacyTokenExchanges {

    /** Records the exchange of the token; false if it was exchanged before. */
    boolean firstExchange(String tokenHash, UUID userId);
}
