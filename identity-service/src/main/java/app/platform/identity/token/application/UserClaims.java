package app.platform.identity.token.application;

import java.util.Optional;
import java.util.UUID;

/** The persistence port of the tokens' claims: what they say about their user. */
public interface UserClaims {

    /**
     * The user's own claims; the metadata as JSON text; {@code active}: neither banned nor deleted now; the organization
     * they picked, null while none is (or they are no member of it any more).
     */
    record Profile(String email, boolean anonymous, String appMetadata, String userMetadata, boolean active,
                   ActiveOrganization organization) {
    }

    /** The organization the user picked, with their role in it. */
    record ActiveOrganization(UUID id, String role) {
    }

    /** One read for every claim of a token response. */
    Optional<Profile> of(UUID userId);
}
