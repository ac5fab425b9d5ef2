package app.platform.relay.legacy.application;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The capture's signal table (Debezium's {@code signal.data.collection}), through which a table is re-snapshotted:
 * made sure of at each attempt of the capture's engine. When it cannot be used (not configured, or the legacy
 * database refuses it), the capture runs without signals (a warning logged once per reason) and re-snapshots are
 * refused, saying why.
 */
@Service
public class LegacySignalTable {

    private static final Logger log = LoggerFactory.getLogger(LegacySignalTable.class);

    private final LegacyCatalog catalog;
    private volatile String unavailable = "the legacy capture has not started yet";
    private volatile String warned;

    public LegacySignalTable(LegacyCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Makes sure the signal table can be used, for an attempt of the capture's engine; never throws.
     *
     * @return its {@code schema.table}, for {@code signal.data.collection}; null: the capture runs without signals
     */
    public String ensure(LegacyCaptureProperties capture) {
        if (!capture.signals()) {
            unavailable = "no signal table is configured (relay.legacy.signal-table, LEGACY_SIGNAL_TABLE)";
            return null;
        }
        try {
            catalog.ensureSignalTable(capture);
            unavailable = null;
            warned = null;
            return capture.signalTable();
        } catch (RuntimeException e) {
            String reason = e instanceof LegacyDatabaseUnreadable unreadable ? unreadable.reason() : e.getMessage();
            unavailable = "the signal table " + capture.signalTable() + " cannot be used: " + reason;
            if (!Objects.equals(warned, reason)) {
                warned = reason;
                log.warn("{}; the capture runs without signals, and re-snapshots are refused (see the preflight's "
                        + "signal_table line)", unavailable);
            }
            return null;
        }
    }

    /** Null when a re-snapshot can be signalled (the running capture reads the signal table); otherwise why not. */
    public String unavailable() {
        return unavailable;
    }
}
