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
}
