package app.platform.relay.legacy.application;

import java.util.List;
import java.util.Map;

/** Port: the captured tables' definitions, read from the legacy database's catalog. */
public interface LegacyCatalog {

    /**
     * Each captured table's columns by {@code schema.table}, as {@code name type[ not null], ...} in column order; a
     * table that does not exist is left out.
     *
     * @throws LegacyDatabaseUnreadable when the legacy database cannot be read
     */
    Map<String, String> columns(LegacyCaptureProperties capture);

    /**
     * {@code schema.table.column} of every generated column of the captured tables.
     *
     * @throws LegacyDatabaseUnreadable when the legacy database cannot be read
     */
    List<String> generatedColumns(LegacyCaptureProperties capture);

    /**
     * The legacy server's {@code server_version_num} (170006 for 17.6).
     *
     * @throws LegacyDatabaseUnreadable when the legacy database cannot be read
     */
    int serverVersion(LegacyCaptureProperties capture);

    /**
     * Makes sure the capture's signal table ({@link LegacyCaptureProperties#signalTable()}) can be used: its schema and
     * the table ({@code id varchar(64) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048)}, Debezium's
     * columns) created when absent, the role allowed to insert into it, and the table added to the capture's
     * publication when that exists without it (Debezium's {@code filtered} mode would add it too, but only a
     * publication the role may alter, and never in {@code disabled} mode).
     *
     * @throws LegacyDatabaseUnreadable when the legacy database cannot be reached, or refuses a step
     * @throws IllegalStateException    when the table exists and the role may not insert into it, or the name is not
     *                                  {@code schema.table}
     */
    void ensureSignalTable(LegacyCaptureProperties capture);
}
