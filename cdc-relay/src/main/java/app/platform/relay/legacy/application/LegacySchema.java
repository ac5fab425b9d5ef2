package app.platform.relay.legacy.application;

import app.platform.relay.legacy.domain.SchemaChange;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * DDL on the legacy side is not replicated: the captured tables' columns (name and type, in order) are recorded
 * when the capture starts, and every later look compares them, naming each table whose columns changed.
 */
@Service
public class LegacySchema {

    private static final Logger log = LoggerFactory.getLogger(LegacySchema.class);

    private final LegacyCatalog catalog;
    private final RecordedSchema recorded;

    public LegacySchema(LegacyCatalog catalog, RecordedSchema recorded) {
        this.catalog = catalog;
        this.recorded = recorded;
    }

    /**
     * Records the columns of the tables not recorded yet (the first sight is the baseline).
     *
     * @throws LegacyDatabaseUnreadable when the legacy database cannot be read
     */
    public void record(LegacyCaptureProperties capture) {
        catalog.columns(capture).forEach(recorded::recordIfAbsent);
    }

    /**
     * The captured tables whose columns changed since they were recorded (a dropped table shows as no columns);
     * none while the legacy database cannot be read.
     */
    public List<SchemaChange> changes(LegacyCaptureProperties capture) {
        Map<String, String> now;
        try {
            now = catalog.columns(capture);
        } catch (LegacyDatabaseUnreadable e) {
            return List.of();
        }
        List<SchemaChange> changes = SchemaChange.between(recorded.all(), now);
        if (!changes.isEmpty()) {
            log.warn("DDL changed on the legacy side since the capture began: {}",
                    changes.stream().map(SchemaChange::table).toList());
        }
        return changes;
    }
}
