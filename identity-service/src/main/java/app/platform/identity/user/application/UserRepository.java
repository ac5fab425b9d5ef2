package app.platform.identity.user.application;

import app.platform.identity.user.domain.EmailAddress;
import java.time.Instant;
import java.util.UUID;

/** The persistence port of users and their credentials. */
public interface UserRepository {

    boolean emailTaken(EmailAddress email);

    /** Inserts the user and its password credential; false if the e-mail was taken meanwhile. */
    boolean insertWithPassword(UUID id, EmailAddress email, String passwordHash, Instant now);
}
