package app.platform.relay.cutover.application;

import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacyDatabaseUnreadable;
import java.util.List;

/** Port: the legacy capture's replication slot and publication, on the legacy database. */
public interface LegacyReplication {

    /**
     * @param lagBytes      the WAL between the slot's confirmed position and the legacy database's current one
     * @param retainedBytes the WAL the slot keeps on the legacy database's disk (from its restart position)
     * @param confirmedLsn  the slot's {@code confirmed_flush_lsn}: everything before it reached Kafka
     * @param walStatus     PostgreSQL's {@code wal_status}: reserved, extended, unreserved or lost
     */
    record Slot(String name, boolean exists, boolean active, Long lagBytes, Long retainedBytes, String confirmedLsn,
                String walStatus) {

        public static Slot absent(String name) {
            return new Slot(name, false, false, null, null, null, null);
        }
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
