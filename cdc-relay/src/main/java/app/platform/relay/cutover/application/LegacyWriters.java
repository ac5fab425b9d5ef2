package app.platform.relay.cutover.application;

import app.platform.relay.cutover.domain.Lsn;
import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacyDatabaseUnreadable;
import java.util.List;

/** Port: the legacy app's database roles, made read-only for the cutover's fence and writable again. */
public interface LegacyWriters {

    /**
     * @param roles         the roles made read-only (those of the configured ones the legacy database has)
     * @param sessionsEnded how many of their sessions were ended (they reconnect read-only)
     * @param fence         the legacy database's WAL position once no session of theirs could write
     */
    record Frozen(List<String> roles, int sessionsEnded, Lsn fence) {
    }

    /**
     * Makes the roles read-only in the legacy database ({@code default_transaction_read_only}), ends their sessions,
     * and takes the fence.
     *
     * @throws LegacyDatabaseUnreadable when the legacy database cannot be reached
     */
    Frozen freeze(LegacyCaptureProperties capture, List<String> roles);

    /** Makes the roles writable again. */
    void unfreeze(LegacyCaptureProperties capture, List<String> roles);
}
