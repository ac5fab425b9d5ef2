package app.platform.relay.legacy.application;

import app.platform.relay.legacy.domain.SlotState;

/** Port: the capture's replication slot, read from the legacy database. */
public interface LegacySlots {

    /**
     * The slot of the capture ({@link SlotState#MISSING} when there is none).
     *
     * @throws LegacyDatabaseUnreadable when the legacy database cannot be read
     */
    SlotState read(LegacyCaptureProperties capture);
}
