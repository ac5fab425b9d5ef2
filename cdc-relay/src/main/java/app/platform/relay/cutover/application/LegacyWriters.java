package app.platform.relay.cutover.application;

import app.platform.relay.cutover.domain.FrozenWriters;
import app.platform.relay.cutover.domain.Lsn;
import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacyDatabaseUnreadable;
import java.util.List;

/** Port: the legacy app's database roles, made read-only for the cutover's fence and writable again. */
public interface LegacyWriters {

    /**
     * @param writers       what was taken (the roles of the configured ones the legacy database has, the privileges)
     * @param sessionsEnded how many of their sessions were ended (they reconnect read-only)
     * @param fence         the legacy database's WAL position once no session of theirs could write
     */
    record Frozen(FrozenWriters writers, int sessionsEnded, Lsn fence) {
    }

    /**
     * Makes the app roles read-only in the legacy database ({@code default_transaction_read_only}), revokes the API
     * roles' write privileges on the captured tables, ends both's sessions (waiting for them to end), and takes the
     * fence.
     *
     * @throws LegacyDatabaseUnreadable when the legacy database cannot be reached
     */
    Frozen freeze(LegacyCaptureProperties capture, List<String> appRoles, List<String> apiRoles);

    /** Gives back what {@code freeze} took, and ends the roles' sessions, which reconnect writable. */
    void unfreeze(LegacyCaptureProperties capture, FrozenWriters writers);
}
