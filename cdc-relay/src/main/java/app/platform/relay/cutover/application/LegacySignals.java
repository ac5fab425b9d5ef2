package app.platform.relay.cutover.application;

import app.platform.relay.legacy.application.LegacyCaptureProperties;
import app.platform.relay.legacy.application.LegacyDatabaseUnreadable;

/** Port: Debezium's signal table in the legacy database, which the running capture reads its signals from. */
public interface LegacySignals {

    /**
     * Signals an incremental snapshot of one captured table: a row {@code (id, 'execute-snapshot',
     * '{"data-collections": ["<schema.table>"], "type": "incremental"}')} in the capture's signal table.
     *
     * @param id    the signal's id
     * @param table {@code schema.table}, a captured table
     * @throws LegacyDatabaseUnreadable when the legacy database refuses it
     */
    void executeSnapshot(LegacyCaptureProperties capture, String id, String table);
}
