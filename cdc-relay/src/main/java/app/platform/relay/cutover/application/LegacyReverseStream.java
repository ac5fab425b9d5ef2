package app.platform.relay.cutover.application;

import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacyDatabaseUnreadable;
import java.util.List;

/**
 * Port: the failback's reverse stream in the legacy database (platform-kit's {@code ReverseStream}), which the
 * services' legacy writers follow, and their record of what they carried back.
 */
public interface LegacyReverseStream {

    /**
     * What the writers did with the platform's events, per service and event type: carried back, or not, with why.
     *
     * @param events how many events
     */
    record Carried(String service, String eventType, boolean carried, String why, long events) {
    }

    /**
     * Starts it: its tables and replication origin made (once), then marked running.
     *
     * @throws LegacyDatabaseUnreadable when the legacy database cannot be reached or refuses
     */
    void start(LegacyCaptureProperties capture);

    /** Stops it: the writers stop taking events. */
    void stop(LegacyCaptureProperties capture);

    /** The writers' record, empty before the stream ever started. */
    List<Carried> report(LegacyCaptureProperties capture);
}
