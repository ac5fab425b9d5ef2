package app.platform.relay.cutover.application;

import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacyDatabaseUnreadable;
import java.util.List;

/** Port: the legacy capture's replication slot and publication, on the legacy database. */
public interface LegacyReplication {

    /** {@code lagBytes}: the WAL the slot holds behind the legacy database's current position; null when unknown. */
    record Slot(String name, boolean exists, boolean active, Long lagBytes) {
    }

    /** {@code tables}: {@code schema.table} of every table the publication covers, in order. */
    record Publication(String name, boolean exists, List<String> tables) {
    }

    record Replication(Slot slot, Publication publication) {
    }

    /**
     * The capture's slot and publication as the legacy database has them.
     *
     * @throws LegacyDatabaseUnreadable when the legacy database cannot be read
     */
    Replication read(LegacyCaptureProperties capture);

    /**
     * Drops the capture's slot, once the stopped engine let go of it, and its publication; either may be gone already.
     *
     * @throws IllegalStateException when they could not be dropped
     */
    void release(LegacyCaptureProperties capture);
}
