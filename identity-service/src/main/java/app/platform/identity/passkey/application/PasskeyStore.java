package app.platform.identity.passkey.application;

import app.platform.identity.passkey.application.Passkeys.Passkey;
import java.util.List;
import java.util.UUID;

/** A port of {@link Passkeys}, implemented in {@code adapter.out}. */
public interface PasskeyStore {
    List<Passkey> list(UUID userId);

    boolean rename(UUID userId, String credentialId, String label);

    boolean delete(UUID userId, String credentialId);

    /** Removes every passkey of the user; returns their credential ids. */
    List<String> deleteAll(UUID userId);
}
