package app.platform.identity.passkey.application;

import app.platform.errors.InvalidInput;
import app.platform.errors.NotFound;
import app.platform.events.EventMetadata;
import app.platform.events.identity.PasskeyRemoved;
import app.platform.outbox.JdbcOutbox;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * My passkeys: list, rename, delete. Registration and passkey sign-in are Spring Security's WebAuthn endpoints on
 * the hosted pages ({@code /webauthn/register}, {@code /login/webauthn}); they store through {@link PasskeyStore}.
 * Another user's passkey is not found, as an unknown one.
 */
@Service
public class Passkeys {

    public record Passkey(String id, String label, Instant createdAt, Instant lastUsedAt, long signatureCount,
                          boolean synced) {
    }

    private final PasskeyStore store;
    private final JdbcOutbox outbox;
    private final Clock clock;

    public Passkeys(PasskeyStore store, JdbcOutbox outbox, Clock clock) {
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
    }

    public List<Passkey> list(UUID userId) {
        return store.list(userId);
    }

    public void rename(UUID userId, String credentialId, String label) {
        if (label == null || label.isBlank() || label.length() > 100) {
            throw new InvalidInput("label", "Give the passkey a name of 1 to 100 characters.");
        }
        if (!store.rename(userId, credentialId, label.trim())) {
            throw new NotFound("passkey");
        }
    }

    @Transactional
    public void delete(UUID userId, String credentialId, EventMetadata metadata) {
        if (!store.delete(userId, credentialId)) {
            throw new NotFound("passkey");
        }
        outbox.append(new PasskeyRemoved(userId, credentialId, clock.instant()), metadata);
    }
}
