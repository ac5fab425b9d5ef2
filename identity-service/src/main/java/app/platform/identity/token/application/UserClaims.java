package app.platform.identity.token.application;

import java.util.Optional;
import java.util.UUID;

/** The persistence port of the tokens' claims: what they say about their user. */
public interface UserClaims {

    /** The user's own claims; the metadata as JSON text; {@code active}: neither banned nor deleted now. */
    record Profile(String email, boolean anonymous, String appMetadata, String userMetadata, boolean active) {
    }

    /** The organization the user picked, with their role in it. */
    record ActiveOrganization(UUID id, String role) {
    }

    Optional<Profile> of(UUID userId);

    /** Empty while none is picked (or the user is no member of it any more). */
    Optional<ActiveOrganization> activeOrganization(UUID userId);
}
