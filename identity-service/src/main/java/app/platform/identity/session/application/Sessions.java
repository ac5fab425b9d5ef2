package app.platform.identity.session.application;

import java.util.UUID;

/** The sessions port: a session is an OAuth2 authorization with its tokens. */
public interface Sessions {

    /** Revokes every session of the user: their refresh and access tokens stop working at once. */
    int revokeAll(UUID userId);
}
