package app.platform.identity.legacy.application;

import app.platform.identity.legacy.domain.LegacyUser;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A port of {@link LegacyImport}, implemented in {@code adapter.out}. */
public interface LegacyUserStore {
    /** Inserts or updates; true when the user is new here. */
    boolean upsert(LegacyUser user);

    void setPasswordHash(UUID userId, String hash);

    /** Removes the user's password credential, if any. */
    void removePassword(UUID userId);

    void markDeleted(UUID userId, Instant at);

    /** Links a provider account; false if the user is not there yet (then it waits as pending). */
    boolean link(UUID userId, String provider, String subject);

    void pend(String provider, String subject, UUID userId);

    /** Unlinks a provider account (and forgets it if it was still pending). */
    void unlink(UUID userId, String provider, String subject);

    List<String[]> takePending(UUID userId);
}
